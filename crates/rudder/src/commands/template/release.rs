//! The release name and namespace, resolved as `helm template` resolves them.

use anyhow::{bail, Result};

use super::args::TemplateArgs;

/// The name `helm template` uses when none is given (also with `--generate-name`).
const DEFAULT_RELEASE_NAME: &str = "release-name";

/// (release name, chart reference) from the positional arguments and naming flags.
pub fn name_and_chart(args: &TemplateArgs) -> Result<(String, String)> {
    match args.args.as_slice() {
        [] => bail!("\"rudder template\" requires at least 1 argument"),
        [name, chart] => {
            if args.generate_name {
                bail!("cannot set --generate-name and also specify a name");
            }
            if args.name_template.is_some() {
                bail!("cannot set --name-template and also specify a name");
            }
            Ok((name.clone(), chart.clone()))
        }
        [chart] => {
            let name = match &args.name_template {
                Some(t) => render_name_template(t)?,
                None => DEFAULT_RELEASE_NAME.to_string(),
            };
            Ok((name, chart.clone()))
        }
        [_, _, rest @ ..] => bail!(
            "expected at most two arguments, unexpected arguments: {}",
            rest.join(", ")
        ),
    }
}

/// `--name-template` is a Go template rendered with the function library and no data.
fn render_name_template(text: &str) -> Result<String> {
    let funcs = std::rc::Rc::new(rudder_funcs::helm_funcs());
    let mut set = rudder_gotmpl::Templates::new("name-template", funcs);
    set.parse("name-template", text)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    set.execute(
        "name-template",
        &rudder_gotmpl::Value::Nil,
        &rudder_gotmpl::ExecOptions::default(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The pattern helm quotes in its message (a DNS-1123 subdomain).
const RELEASE_NAME_PATTERN: &str =
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// Whether `name` matches [`RELEASE_NAME_PATTERN`]: dot-separated labels of `[a-z0-9-]` that
/// neither start nor end with `-`.
fn is_dns_subdomain(name: &str) -> bool {
    name.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

/// helm's release name check; the error is helm's reason, which the caller logs and wraps in
/// `release name check failed: ...` as helm does.
pub fn validate_release_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 53 || !is_dns_subdomain(name) {
        return Err(format!(
            "release name {name:?}: invalid release name, must match regex {RELEASE_NAME_PATTERN} and the length must not be longer than 53"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_are_checked_like_helm() {
        assert!(validate_release_name("release-name").is_ok());
        assert!(validate_release_name("a.b-c").is_ok());
        let err = validate_release_name("BadName").unwrap_err();
        assert_eq!(
            err,
            r#"release name "BadName": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"#
        );
        assert!(validate_release_name(&"a".repeat(54)).is_err());
    }
}

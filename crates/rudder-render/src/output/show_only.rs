//! `--show-only/-s`: re-split the final text and keep the documents from the given templates.

use std::sync::LazyLock;

use regex::Regex;

use super::split::split_documents;
use crate::error::RenderError;

static SOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"# Source: [^/]+/(.+)").expect("valid regex"));

/// Filters the full output text by template path patterns (shell globs where `*` does not cross
/// `/`), in pattern order; the error is helm's for a pattern that matches nothing.
pub fn show_only(text: &str, patterns: &[String]) -> Result<String, RenderError> {
    let docs = split_documents(text);
    let mut out = String::new();
    for pattern in patterns {
        let pattern = pattern.replace('\\', "/");
        let mut found = false;
        for doc in &docs {
            let Some(caps) = SOURCE.captures(doc) else {
                continue;
            };
            if rudder_gocompat::path_match::path_match(&pattern, &caps[1]) {
                out.push_str("---\n");
                out.push_str(doc);
                out.push('\n');
                found = true;
            }
        }
        if !found {
            return Err(RenderError::ShowOnly { pattern });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\n# Source: t/templates/a.yaml\na: 1\n---\n# Source: t/templates/sub/b.yaml\nb: 2\n---\n# Source: t/charts/s/templates/c.yaml\nc: 3\n";

    #[test]
    fn selects_by_pattern_in_pattern_order() {
        let out = show_only(
            TEXT,
            &["templates/sub/b.yaml".into(), "templates/a.yaml".into()],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\n# Source: t/templates/sub/b.yaml\nb: 2\n---\n# Source: t/templates/a.yaml\na: 1\n"
        );
        let out = show_only(TEXT, &["templates/*".into()]).unwrap();
        assert_eq!(out, "---\n# Source: t/templates/a.yaml\na: 1\n");
        let out = show_only(TEXT, &["charts/s/templates/[a-c].yaml".into()]).unwrap();
        assert_eq!(out, "---\n# Source: t/charts/s/templates/c.yaml\nc: 3\n");
    }

    #[test]
    fn unmatched_pattern_is_helms_error() {
        assert_eq!(
            show_only(TEXT, &["templates/nope.yaml".into()])
                .unwrap_err()
                .to_string(),
            "could not find template templates/nope.yaml in chart"
        );
    }
}

//! Chart.yaml: helm's `rules.Chartfile`. The file is read three ways, as helm does: into the
//! metadata struct (sigs.k8s.io/yaml: scalars bound for strings become strings), strictly
//! (unknown fields), and as a generic map (to see the YAML types of `version`/`appVersion`).

use rudder_gotmpl::{Map, Value};
use rudder_yaml::DocError;

use crate::validators::{is_email, is_request_url, is_url};
use crate::{Linter, Severity};
use rudder_chart::Helm;

const FILE: &str = "Chart.yaml";

/// The metadata fields the rules read, as Go's struct holds them.
#[derive(Debug, Default)]
struct Chartfile {
    name: String,
    api_version: String,
    version: String,
    icon: String,
    chart_type: String,
    sources: Vec<String>,
    maintainers: Vec<Option<Maintainer>>,
    has_dependencies: bool,
}

#[derive(Debug, Default)]
struct Maintainer {
    name: String,
    email: String,
    url: String,
}

/// `helm` 3 has neither the strict-parse nor the SemVerV2 warning (both new in helm 4).
pub fn check(linter: &mut Linter, helm: Helm) {
    use Severity::*;
    let path = linter.chart_dir.join(FILE);
    let is_dir = path.is_dir();
    linter.check(
        "chart-yaml-directory",
        Error,
        FILE,
        if is_dir {
            Err("should be a file, not a directory".into())
        } else {
            Ok(())
        },
    );
    let raw = match super::read_file(&path) {
        Ok(bytes) => rudder_gotmpl::gostr::from_bytes(&bytes).into_owned(),
        Err(e) => {
            linter.check("chart-yaml-syntax", Error, FILE, Err(unparsable(&e)));
            return;
        }
    };
    let (fields, chart) = match load(&raw, helm) {
        Ok(loaded) => loaded,
        Err(e) => {
            linter.check(
                "chart-yaml-syntax",
                Error,
                FILE,
                Err(unparsable(&e.to_string())),
            );
            return;
        }
    };
    if !helm.is_v3() {
        linter.check(
            "chart-yaml-strict",
            Warning,
            FILE,
            strict(&raw, &fields)
                .map_err(|e| format!("failed to strictly parse chart metadata file\n\t{e}")),
        );
    }
    linter.check("chart-name", Error, FILE, name(&chart));
    linter.check("chart-api-version", Error, FILE, api_version(&chart));
    linter.check(
        "chart-version-type",
        Error,
        FILE,
        string_typed(&fields, "version"),
    );
    linter.check("chart-version", Error, FILE, version(&chart));
    linter.check(
        "chart-app-version-type",
        Error,
        FILE,
        string_typed(&fields, "appVersion"),
    );
    linter.check("chart-maintainers", Error, FILE, maintainers(&chart));
    linter.check("chart-sources", Error, FILE, sources(&chart));
    linter.check(
        "chart-icon",
        Info,
        FILE,
        if chart.icon.is_empty() {
            Err("icon is recommended".into())
        } else {
            Ok(())
        },
    );
    linter.check("chart-icon-url", Error, FILE, icon_url(&chart));
    linter.check(
        "chart-type",
        Error,
        FILE,
        only_in_v2(&chart, !chart.chart_type.is_empty(), |v| {
            format!("chart type is not valid in apiVersion '{v}'. It is valid in apiVersion 'v2'")
        }),
    );
    linter.check("chart-dependencies", Error, FILE, only_in_v2(&chart, chart.has_dependencies, |v| {
        format!("dependencies are not valid in the Chart file with apiVersion '{v}'. They are valid in apiVersion 'v2'")
    }));
    if helm.is_v3() {
        return;
    }
    linter.check(
        "chart-version-semver2",
        Warning,
        FILE,
        if is_strict_semver(&chart.version) {
            Ok(())
        } else {
            Err(format!(
                "version '{}' is not a valid SemVerV2",
                chart.version
            ))
        },
    );
}

fn unparsable(e: &str) -> String {
    format!("unable to parse YAML\n\t{e}")
}

/// `yaml.Unmarshal` into `chart.Metadata`: the document's fields and the struct's view.
fn load(text: &str, helm: Helm) -> Result<(Map, Chartfile), DocError> {
    let package = helm.chart_package();
    let fields = match rudder_yaml::parse_document(text)? {
        Value::Map(m) => m.borrow().clone(),
        Value::Nil => Map::new(),
        other => {
            let into = format!("Go value of type {package}.Metadata");
            return Err(rudder_yaml::decode_error(&other, &into));
        }
    };
    let mut chart = Chartfile::default();
    let mut keys: Vec<&String> = fields.keys().collect();
    keys.sort();
    for key in keys {
        let value = &fields[key.as_str()];
        let field = |name: &str| json_name_eq(key, name);
        if field("name") {
            chart.name = string(value, "name")?;
        } else if field("apiVersion") {
            chart.api_version = string(value, "apiVersion")?;
        } else if field("version") {
            chart.version = string(value, "version")?;
        } else if field("icon") {
            chart.icon = string(value, "icon")?;
        } else if field("type") {
            chart.chart_type = string(value, "type")?;
        } else if field("sources") {
            chart.sources = strings(value, "sources")?;
        } else if field("maintainers") {
            chart.maintainers = maintainer_list(value, package)?;
        } else if field("dependencies") {
            chart.has_dependencies = value.as_list().is_some_and(|l| !l.items.is_empty());
        } else if [
            "home",
            "description",
            "condition",
            "tags",
            "appVersion",
            "kubeVersion",
        ]
        .iter()
        .any(|f| field(f))
        {
            string(value, key)?;
        }
    }
    Ok((fields, chart))
}

fn json_name_eq(key: &str, name: &str) -> bool {
    key.eq_ignore_ascii_case(name)
}

fn mismatch(found: &Value, field: &str, go_type: &str) -> DocError {
    rudder_yaml::decode_error(
        found,
        &format!("Go struct field Metadata.{field} of type {go_type}"),
    )
}

/// A `string` field: scalars are strings after the conversion; null leaves it empty.
fn string(value: &Value, field: &str) -> Result<String, DocError> {
    match value {
        Value::Nil => Ok(String::new()),
        Value::List(_) | Value::Map(_) => Err(mismatch(value, field, "string")),
        Value::String(s) => Ok(s.to_string()),
        other => Ok(rudder_gotmpl::fmt::format_v(other)),
    }
}

fn strings(value: &Value, field: &str) -> Result<Vec<String>, DocError> {
    match value {
        Value::Nil => Ok(Vec::new()),
        Value::List(l) => l.items.iter().map(|v| string(v, field)).collect(),
        other => Err(mismatch(other, field, "[]string")),
    }
}

fn maintainer_list(value: &Value, package: &str) -> Result<Vec<Option<Maintainer>>, DocError> {
    let items = match value {
        Value::Nil => return Ok(Vec::new()),
        Value::List(l) => l.items.clone(),
        other => {
            let list = format!("[]*{package}.Maintainer");
            return Err(mismatch(other, "maintainers", &list));
        }
    };
    items
        .iter()
        .map(|item| match item {
            Value::Nil => Ok(None),
            Value::Map(m) => {
                let m = m.borrow();
                let get = |name: &str| {
                    m.iter()
                        .find(|(k, _)| json_name_eq(k, name))
                        .map_or(Ok(String::new()), |(_, v)| {
                            string(v, &format!("maintainers.{name}"))
                        })
                };
                Ok(Some(Maintainer {
                    name: get("name")?,
                    email: get("email")?,
                    url: get("url")?,
                }))
            }
            other => Err(mismatch(
                other,
                "maintainers",
                &format!("{package}.Maintainer"),
            )),
        })
        .collect()
}

/// `yaml.UnmarshalStrict`: repeated keys, then the first field (in JSON key order) the struct
/// does not have.
fn strict(raw: &str, fields: &Map) -> Result<(), String> {
    if let Some(e) = rudder_yaml::read::duplicate_keys(raw) {
        return Err(format!("error converting YAML to JSON: {e}"));
    }
    match rudder_chart::strict_fields::unknown_metadata_field(fields, &[]) {
        Some(field) => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: unknown field {}",
            rudder_gotmpl::fmt::quote(&field)
        )),
        None => Ok(()),
    }
}

/// `%T` of a generically decoded YAML value.
fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Nil => "<nil>",
        Value::Bool(_) => "bool",
        Value::String(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
        _ => "float64",
    }
}

fn string_typed(fields: &Map, key: &str) -> Result<(), String> {
    match fields.get(key) {
        Some(value) if !matches!(value, Value::String(_)) => Err(format!(
            "{key} should be of type string but it's of type {}",
            go_type(value)
        )),
        _ => Ok(()),
    }
}

fn name(chart: &Chartfile) -> Result<(), String> {
    if chart.name.is_empty() {
        return Err("name is required".into());
    }
    let base = rudder_gocompat::path::base(&chart.name);
    if base != chart.name {
        return Err(format!(
            "chart name {} is invalid",
            rudder_gotmpl::fmt::quote(&chart.name)
        ));
    }
    Ok(())
}

fn api_version(chart: &Chartfile) -> Result<(), String> {
    const RULE: &str = "The value must be either \"v1\" or \"v2\"";
    match chart.api_version.as_str() {
        "" => Err(format!("apiVersion is required. {RULE}")),
        "v1" | "v2" => Ok(()),
        other => Err(format!("apiVersion '{other}' is not valid. {RULE}")),
    }
}

fn version(chart: &Chartfile) -> Result<(), String> {
    use rudder_gocompat::semver::Version;
    if chart.version.is_empty() {
        return Err("version is required".into());
    }
    let Some(v) = Version::parse(&chart.version) else {
        return Err(format!("version '{}' is not a valid SemVer", chart.version));
    };
    let floor = Version::parse("0.0.0-0").expect("a version");
    if v.compare(&floor).is_le() {
        return Err(format!(
            "version {} is less than or equal to 0.0.0-0",
            chart.version
        ));
    }
    Ok(())
}

fn maintainers(chart: &Chartfile) -> Result<(), String> {
    for maintainer in &chart.maintainers {
        let Some(m) = maintainer else {
            return Err("a maintainer entry is empty".into());
        };
        if m.name.is_empty() {
            return Err("each maintainer requires a name".into());
        } else if !m.email.is_empty() && !is_email(&m.email) {
            return Err(format!(
                "invalid email '{}' for maintainer '{}'",
                m.email, m.name
            ));
        } else if !m.url.is_empty() && !is_url(&m.url) {
            return Err(format!(
                "invalid url '{}' for maintainer '{}'",
                m.url, m.name
            ));
        }
    }
    Ok(())
}

fn sources(chart: &Chartfile) -> Result<(), String> {
    match chart
        .sources
        .iter()
        .find(|s| s.is_empty() || !is_request_url(s))
    {
        Some(bad) => Err(format!("invalid source URL '{bad}'")),
        None => Ok(()),
    }
}

fn icon_url(chart: &Chartfile) -> Result<(), String> {
    if !chart.icon.is_empty() && !is_request_url(&chart.icon) {
        return Err(format!("invalid icon URL '{}'", chart.icon));
    }
    Ok(())
}

fn only_in_v2(
    chart: &Chartfile,
    present: bool,
    message: impl Fn(&str) -> String,
) -> Result<(), String> {
    if present && chart.api_version != "v2" {
        return Err(message(&chart.api_version));
    }
    Ok(())
}

/// Masterminds' `StrictNewVersion`: exactly `MAJOR.MINOR.PATCH`, no `v`, no leading zeros,
/// then optional pre-release and build identifiers.
fn is_strict_semver(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let number = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let identifier =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|id| identifier(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || number(id)))
        })
        && build.is_none_or(|b| b.split('.').all(identifier))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_semver() {
        for ok in ["1.2.3", "0.0.0", "1.0.0-rc.1+build.5", "1.0.0-0a"] {
            assert!(is_strict_semver(ok), "{ok}");
        }
        for bad in [
            "", "1.2", "v1.2.3", "01.2.3", "1.0.0-01", "1.0.0+", "1.2.3.4",
        ] {
            assert!(!is_strict_semver(bad), "{bad}");
        }
    }
}

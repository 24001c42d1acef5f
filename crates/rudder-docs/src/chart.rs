//! The chart metadata helm-docs shows: Chart.yaml fields as their YAML text (yaml.v3 decodes
//! any scalar into a string field as written) and the dependencies, sorted by repository/name.

use std::path::Path;

use rudder_gotmpl::{Map, Value};

use crate::tree::{self, Kind, Node};
use crate::Error;

/// Reads a YAML file with CRLF line ends turned into LF, as helm-docs does.
pub fn read_yaml(path: &Path) -> Result<Option<Node>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let text = text.replace("\r\n", "\n");
    tree::parse(&text).map_err(|message| Error::Yaml {
        path: path.display().to_string(),
        message,
    })
}

fn text(node: Option<&Node>, key: &str) -> String {
    node.and_then(|n| n.get(key))
        .and_then(|v| match &v.kind {
            Kind::Scalar { text, tag } if *tag != tree::ScalarTag::Null => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

fn items<'n>(node: Option<&'n Node>, key: &str) -> &'n [Node] {
    match node.and_then(|n| n.get(key)).map(|v| &v.kind) {
        Some(Kind::Sequence(items)) => items,
        _ => &[],
    }
}

fn fields(node: Option<&Node>, names: &[(&str, &str)]) -> Map {
    names
        .iter()
        .map(|(field, key)| (field.to_string(), Value::string(text(node, key))))
        .collect()
}

/// The `ChartMeta` and `Dependencies` fields of helm-docs' template data.
pub fn metadata(dir: &Path) -> Result<Map, Error> {
    let chart = read_yaml(&dir.join("Chart.yaml"))?;
    let chart = chart.as_ref();
    let mut data = fields(
        chart,
        &[
            ("ApiVersion", "apiVersion"),
            ("AppVersion", "appVersion"),
            ("KubeVersion", "kubeVersion"),
            ("Name", "name"),
            ("Description", "description"),
            ("Version", "version"),
            ("Home", "home"),
            ("Type", "type"),
            ("Engine", "engine"),
        ],
    );
    data.insert(
        "Deprecated".into(),
        Value::Bool(text(chart, "deprecated") == "true"),
    );
    let sources = items(chart, "sources")
        .iter()
        .filter_map(|s| s.scalar_text())
        .map(Value::str)
        .collect();
    data.insert("Sources".into(), Value::list(sources));
    let maintainers = items(chart, "maintainers")
        .iter()
        .map(|m| Value::map(fields(Some(m), &[("Email", "email"), ("Name", "name"), ("Url", "url")])))
        .collect();
    data.insert("Maintainers".into(), Value::list(maintainers));

    // Charts of apiVersion v1 list dependencies in requirements.yaml, when there is one.
    let requirements;
    let deps_source = if text(chart, "apiVersion") == "v1" {
        let path = dir.join("requirements.yaml");
        requirements = if path.exists() { read_yaml(&path)? } else { None };
        requirements.as_ref()
    } else {
        chart
    };
    let mut deps: Vec<Map> = items(deps_source, "dependencies")
        .iter()
        .map(|d| {
            fields(
                Some(d),
                &[
                    ("Name", "name"),
                    ("Version", "version"),
                    ("Repository", "repository"),
                    ("Alias", "alias"),
                ],
            )
        })
        .collect();
    let sort_key = |m: &Map| {
        let get = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        format!("{}/{}", get("Repository"), get("Name"))
    };
    deps.sort_by_key(sort_key);
    data.insert(
        "Dependencies".into(),
        Value::list(deps.into_iter().map(Value::map).collect()),
    );
    Ok(data)
}

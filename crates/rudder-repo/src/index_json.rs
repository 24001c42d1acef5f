//! `helm repo index --json`: the index as Go's `json.MarshalIndent(index, "", "  ")` writes it.
//! Unlike the YAML (which goes through a map, so keys are sorted), Go's JSON keeps its structs'
//! field order: `IndexFile`, then each `ChartVersion` (its `Metadata` first), `Maintainer`,
//! `Dependency`; maps (entries, annotations) are sorted; strings are HTML-escaped.

use rudder_chart::strict_fields::{DEPENDENCY_FIELDS, MAINTAINER_FIELDS, METADATA_FIELDS};
use rudder_gotmpl::{Map, Value};

use crate::index::VERSION_EXTRA_FIELDS;

/// Dependency fields Go writes even when empty (no `omitempty`).
const DEPENDENCY_ALWAYS: &[&str] = &["name", "repository"];

fn leaf(v: &Value) -> Result<String, String> {
    rudder_yaml::to_json(v)
}

/// A struct: `fields` in `order`, those in `always` even when absent (as `""`).
fn object(
    fields: &Map,
    order: &[&str],
    always: &[&str],
    nested: &Nested,
) -> Result<String, String> {
    let mut parts = Vec::new();
    for key in order {
        let text = match fields.get(*key) {
            Some(v) => match nested(key) {
                Some((inner, inner_always)) => list_of_objects(v, inner, inner_always)?,
                None => leaf(v)?,
            },
            None if always.contains(key) => "\"\"".into(),
            None => continue,
        };
        parts.push(format!("{}:{text}", leaf(&Value::str(key))?));
    }
    Ok(format!("{{{}}}", parts.join(",")))
}

type Nested = dyn Fn(&str) -> Option<(&'static [&'static str], &'static [&'static str])>;

fn list_of_objects(v: &Value, order: &[&str], always: &[&str]) -> Result<String, String> {
    let Some(list) = v.as_list() else {
        return leaf(v);
    };
    let items = list
        .items
        .iter()
        .map(|item| match item.as_map() {
            Some(m) => object(&m.borrow(), order, always, &|_| None),
            None => leaf(item),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(format!("[{}]", items.join(",")))
}

/// One chart version's JSON object.
pub(crate) fn version_object(fields: &Map) -> Result<String, String> {
    let order: Vec<&str> = METADATA_FIELDS
        .iter()
        .chain(VERSION_EXTRA_FIELDS)
        .copied()
        .collect();
    object(fields, &order, &[], &|key| match key {
        "maintainers" => Some((MAINTAINER_FIELDS, &[])),
        "dependencies" => Some((DEPENDENCY_FIELDS, DEPENDENCY_ALWAYS)),
        _ => None,
    })
}

/// The whole index: `serverInfo` (if any), `apiVersion`, `generated`, `entries`,
/// `annotations` (if any), indented as `MarshalIndent` does.
pub(crate) fn index_json(
    api_version: &str,
    generated: &str,
    entries: &[(String, Vec<String>)],
    server_info: Option<&Value>,
    annotations: Option<&Value>,
) -> Result<String, String> {
    let mut parts = Vec::new();
    if let Some(info) = server_info.filter(|v| v.as_map().is_some_and(|m| !m.borrow().is_empty())) {
        parts.push(format!("\"serverInfo\":{}", leaf(info)?));
    }
    parts.push(format!(
        "\"apiVersion\":{}",
        leaf(&Value::str(api_version))?
    ));
    parts.push(format!("\"generated\":{}", leaf(&Value::str(generated))?));
    let entries: Vec<String> = entries
        .iter()
        .map(|(name, versions)| {
            Ok(format!(
                "{}:[{}]",
                leaf(&Value::str(name))?,
                versions.join(",")
            ))
        })
        .collect::<Result<_, String>>()?;
    parts.push(format!("\"entries\":{{{}}}", entries.join(",")));
    if let Some(a) = annotations.filter(|v| v.as_map().is_some_and(|m| !m.borrow().is_empty())) {
        parts.push(format!("\"annotations\":{}", leaf(a)?));
    }
    Ok(indent(&format!("{{{}}}", parts.join(","))))
}

/// Go's `json.Indent(dst, src, "", "  ")` on compact JSON: one value per line, `": "` after
/// keys, empty objects and arrays kept as `{}` and `[]`.
fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_as_go() {
        assert_eq!(
            indent(r#"{"a":[],"b":{},"c":[1,{"d":"x,:{"}]}"#),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"x,:{\"\n    }\n  ]\n}"
        );
    }

    #[test]
    fn struct_order_and_always_present_fields() {
        let doc = rudder_yaml::parse_document(
            "version: 1.0.0\nname: a\nurls: [u]\ndependencies:\n  - version: 1\n    name: d\n",
        )
        .unwrap();
        let fields = doc.as_map().unwrap().borrow().clone();
        assert_eq!(
            version_object(&fields).unwrap(),
            r#"{"name":"a","version":"1.0.0","dependencies":[{"name":"d","version":1,"repository":""}],"urls":["u"]}"#
        );
    }
}

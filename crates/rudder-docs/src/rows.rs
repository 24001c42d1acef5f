//! The values table: one row per documented key, built as helm-docs walks values.yaml. A key
//! with a description is documented whole (its default is its JSON) and its children only
//! where they have descriptions of their own; undescribed leaves are documented until an
//! ancestor has been.

use std::collections::HashMap;

use crate::comment::{node_description, Description};
use crate::json::Json;
use crate::tree::{go_parse_float, parse_int, Kind, Node, ScalarTag};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub key: String,
    pub value_type: String,
    pub notation_type: String,
    pub auto_default: String,
    pub default: String,
    pub auto_description: String,
    pub description: String,
    pub section: String,
    pub column: usize,
    pub line: usize,
    /// The dependency (alias or name, dotted for nested ones) a row comes from, if any.
    pub dependency: String,
    pub is_global: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RowError {
    #[error("failed to marshal default value for {0} to json: json: unsupported value")]
    Json(String),
    #[error("{0}: a value with a custom tag (helm-docs: invalid node type received)")]
    Tag(String),
    #[error("values file must resolve to a map")]
    NotAMap,
}

/// Rows for the values tree `root`, unsorted; `source` is the values file's text.
pub fn rows(
    root: &Node,
    keyed: &HashMap<String, Description>,
    source: &str,
) -> Result<Vec<Row>, RowError> {
    if !matches!(root.kind, Kind::Mapping(_)) {
        return Err(RowError::NotAMap);
    }
    let walk = Walk {
        keyed,
        lines: source.split('\n').collect(),
    };
    let mut out = Vec::new();
    walk.field("", None, root, true, &mut out)?;
    Ok(out)
}

/// A value as helm-docs hands it to `createValueRow`.
enum Decoded {
    Nil,
    Plain(Json),
    /// Text for a `@notationType`, printed as it is.
    Text(String),
}

struct Walk<'d> {
    keyed: &'d HashMap<String, Description>,
    lines: Vec<&'d str>,
}

impl Walk<'_> {
    fn field(
        &self,
        prefix: &str,
        key: Option<&Node>,
        value: &Node,
        leaves: bool,
        out: &mut Vec<Row>,
    ) -> Result<(), RowError> {
        let auto = key.map_or_else(Description::default, |k| node_description(&k.head_comment));
        let described = self.keyed.get(prefix);
        let documented = leaves || described.is_some() || !auto.description.is_empty();
        let (column, line) = key.map_or((0, 0), |k| (k.column, k.line));
        let cell = |decoded: Decoded| row(prefix, decoded, described, &auto, column, line);
        match &value.kind {
            Kind::Scalar { text, tag } => {
                if !documented {
                    return Ok(());
                }
                let decoded = match tag {
                    ScalarTag::Null => Decoded::Nil,
                    ScalarTag::Str if !auto.notation_type.is_empty() => {
                        Decoded::Text(self.notation(&auto, value))
                    }
                    ScalarTag::Other => return Err(RowError::Tag(prefix.to_string())),
                    _ => Decoded::Plain(scalar_json(text, *tag)),
                };
                out.push(cell(decoded)?);
                Ok(())
            }
            Kind::Mapping(_) | Kind::Sequence(_) => {
                let empty = match &value.kind {
                    Kind::Mapping(e) => e.is_empty(),
                    Kind::Sequence(i) => i.is_empty(),
                    Kind::Scalar { .. } => false,
                };
                if empty {
                    // An empty top-level mapping is an empty values file.
                    if documented && key.is_some() {
                        out.push(cell(Decoded::Plain(to_json(value)))?);
                    }
                    return Ok(());
                }
                let mut leaves = leaves;
                if described.is_some() || !auto.description.is_empty() {
                    let decoded = if described.is_some() || auto.notation_type.is_empty() {
                        Decoded::Plain(to_json(value))
                    } else {
                        Decoded::Text(self.notation(&auto, value))
                    };
                    out.push(cell(decoded)?);
                    leaves = false;
                }
                self.children(prefix, value, leaves, out)
            }
        }
    }

    fn children(
        &self,
        prefix: &str,
        value: &Node,
        leaves: bool,
        out: &mut Vec<Row>,
    ) -> Result<(), RowError> {
        match &value.kind {
            Kind::Mapping(entries) => {
                for (k, v) in entries {
                    let next = child_key(prefix, k.scalar_text().unwrap_or_default());
                    self.field(&next, Some(k), v, leaves, out)?;
                }
            }
            Kind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.field(&format!("{prefix}[{i}]"), Some(item), item, leaves, out)?;
                }
            }
            Kind::Scalar { .. } => {}
        }
        Ok(())
    }

    /// The default shown for a `@notationType`: for `yaml`, the value as YAML (its source
    /// text, dedented); for any other notation, a scalar's text (collections have none).
    fn notation(&self, auto: &Description, value: &Node) -> String {
        if auto.notation_type != "yaml" {
            return value.scalar_text().unwrap_or_default().to_string();
        }
        if let Some(text) = value.scalar_text() {
            return format!("{text}\n");
        }
        let indent = value.column - 1;
        // The end mark is the next token's: the node's text ends on the line before.
        let last = value
            .end_line
            .saturating_sub(1)
            .max(value.line)
            .min(self.lines.len());
        let mut lines: Vec<&str> = self.lines[value.line - 1..last].to_vec();
        while lines
            .last()
            .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            lines.pop();
        }
        lines
            .iter()
            .map(|l| format!("{}\n", l.get(indent..).unwrap_or(l.trim_start())))
            .collect()
    }
}

/// `prefix.name`, quoting names with dots or spaces.
pub(crate) fn child_key(prefix: &str, name: &str) -> String {
    let name = if name.contains('.') || name.contains(' ') {
        format!("\"{name}\"")
    } else {
        name.to_string()
    };
    if prefix.is_empty() {
        name
    } else {
        format!("{prefix}.{name}")
    }
}

fn scalar_json(text: &str, tag: ScalarTag) -> Json {
    let plain = || text.replace('_', "");
    match tag {
        ScalarTag::Null | ScalarTag::Other => Json::Null,
        ScalarTag::Bool => Json::Bool(matches!(text, "true" | "True" | "TRUE")),
        ScalarTag::Int => parse_int(&plain()).map_or(Json::Int(0), Json::Int),
        ScalarTag::Float => Json::Float(go_parse_float(&plain()).unwrap_or(0.0)),
        ScalarTag::Str | ScalarTag::Timestamp => Json::Str(text.to_string()),
    }
}

/// A subtree as `json.Marshal` sees it after helm-docs' conversion.
pub(crate) fn to_json(node: &Node) -> Json {
    match &node.kind {
        Kind::Scalar { text, tag } => scalar_json(text, *tag),
        Kind::Sequence(items) => Json::List(items.iter().map(to_json).collect()),
        Kind::Mapping(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.scalar_text().unwrap_or_default().to_string(), to_json(v)))
                .collect(),
        ),
    }
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "",
        Json::Bool(_) => "bool",
        Json::Int(_) => "int",
        Json::Float(_) => "float",
        Json::Str(_) => "string",
        Json::List(_) => "list",
        Json::Object(_) => "object",
    }
}

fn first<'a>(candidates: &[&'a str]) -> &'a str {
    candidates
        .iter()
        .copied()
        .find(|s| !s.is_empty())
        .unwrap_or("")
}

/// helm-docs' `createValueRow` (and `parseNilValueType` for nil values).
fn row(
    key: &str,
    value: Decoded,
    described: Option<&Description>,
    auto: &Description,
    column: usize,
    line: usize,
) -> Result<Row, RowError> {
    let own = described.cloned().unwrap_or_default();
    let (value_type, default, description) = match value {
        Decoded::Nil => {
            let t = first(&[&own.value_type, &auto.value_type, "string"]);
            let default = if own.default.is_empty() && auto.default.is_empty() {
                "`nil`".to_string()
            } else {
                own.default.clone()
            };
            let description = first(&[&own.description, &auto.description]);
            (t, default, description.to_string())
        }
        Decoded::Plain(json) => {
            let t = first(&[
                &own.value_type,
                &auto.value_type,
                &auto.notation_type,
                type_name(&json),
            ]);
            let mut default = own.default.clone();
            if default.is_empty() && auto.default.is_empty() {
                default = match auto.notation_type.is_empty() {
                    true => {
                        let encoded = json
                            .encode()
                            .ok_or_else(|| RowError::Json(key.to_string()))?;
                        format!("`{encoded}`")
                    }
                    // helm-docs prints the value with Go's `%s`, meant for strings.
                    false => json.go_s(),
                };
            }
            (t, default, own.description.clone())
        }
        Decoded::Text(text) => {
            let t = first(&[
                &own.value_type,
                &auto.value_type,
                &auto.notation_type,
                "string",
            ]);
            let mut default = own.default.clone();
            if default.is_empty() && auto.default.is_empty() {
                default = text;
            }
            (t, default, own.description.clone())
        }
    };
    Ok(Row {
        key: key.to_string(),
        value_type: value_type.to_string(),
        notation_type: auto.notation_type.clone(),
        auto_default: auto.default.clone(),
        default,
        auto_description: auto.description.clone(),
        description,
        section: first(&[&own.section, &auto.section]).to_string(),
        column,
        line,
        ..Row::default()
    })
}

/// Drops every node whose head comment says `@ignore` (a mapping entry goes with its value).
pub fn remove_ignored(node: &mut Node) {
    let ignored = |n: &Node| n.head_comment.contains("@ignore");
    match &mut node.kind {
        Kind::Mapping(entries) => {
            entries.retain(|(k, _)| !ignored(k));
            for (_, v) in entries.iter_mut() {
                remove_ignored(v);
            }
        }
        Kind::Sequence(items) => {
            items.retain(|i| !ignored(i));
            items.iter_mut().for_each(remove_ignored);
        }
        Kind::Scalar { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::parse;

    fn table(text: &str) -> Vec<(String, String, String, String)> {
        let root = parse(text).unwrap().unwrap();
        rows(&root, &HashMap::new(), text)
            .unwrap()
            .into_iter()
            .map(|r| {
                let d = if r.description.is_empty() {
                    r.auto_description
                } else {
                    r.description
                };
                (r.key, r.value_type, r.default, d)
            })
            .collect()
    }

    fn t(k: &str, ty: &str, def: &str, d: &str) -> (String, String, String, String) {
        (k.into(), ty.into(), def.into(), d.into())
    }

    #[test]
    fn undescribed_leaves_are_documented_until_an_ancestor_is() {
        let got =
            table("a:\n  b: 1\n  c: [x]\n# -- all of d\nd:\n  e: 1.5\n  # -- f too\n  f: null\n");
        assert_eq!(
            got,
            vec![
                t("a.b", "int", "`1`", ""),
                t("a.c[0]", "string", "`\"x\"`", ""),
                t("d", "object", "`{\"e\":1.5,\"f\":null}`", "all of d"),
                t("d.f", "string", "`nil`", "f too"),
            ]
        );
    }

    #[test]
    fn keys_with_dots_are_quoted_and_empty_collections_shown() {
        let got = table("x.y: {}\nz: []\n");
        assert_eq!(
            got,
            vec![
                t("\"x.y\"", "object", "`{}`", ""),
                t("z", "list", "`[]`", "")
            ]
        );
    }

    #[test]
    fn yaml_notation_shows_the_source() {
        let got =
            table("# -- (map) labels\n# @notationType -- yaml\nl:\n  a: \"x\"\n  b: 1\n\nz: 1\n");
        assert_eq!(got[0], t("l", "map", "a: \"x\"\nb: 1\n", "labels"));
    }

    #[test]
    fn custom_tags_fail_as_helm_docs_does() {
        let root = parse("a: !vault secret\n").unwrap().unwrap();
        assert!(rows(&root, &HashMap::new(), "").is_err());
    }

    #[test]
    fn ignored_keys_are_dropped() {
        let mut root = parse("a: 1\n# @ignored\nb: 2\n").unwrap().unwrap();
        remove_ignored(&mut root);
        assert_eq!(root.get("b"), None);
    }
}

//! Reading YAML the way helm does: go-yaml v2 parsing and YAML 1.1 resolution, then a JSON
//! round trip (sigs.k8s.io/yaml), so every number becomes a float64 and every key a string.

mod head;
mod json;
mod resolve;
mod tree;

use std::rc::Rc;

use rudder_gotmpl::{Map, Value};
use yaml_rust2::scanner::TScalarStyle;

pub use head::{parse_manifest_head, ManifestHead};
pub use json::parse_json;
pub use resolve::{resolve_plain, Scalar};
pub use tree::ReadError;
use tree::YNode;

/// A YAML load failure; `Display` is helm's text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct YamlError(pub String);

const TO_JSON: &str = "error converting YAML to JSON: ";

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A values file (values.yaml, `-f`): every document, deep-merged in order (helm 4); an empty
/// file is an empty map.
pub fn parse_values(text: &str) -> Result<Value, YamlError> {
    let fail = |e: String| YamlError(format!("cannot unmarshal yaml document: {e}"));
    let docs =
        tree::parse_documents(strip_bom(text)).map_err(|e| fail(format!("{TO_JSON}{}", e.text)))?;
    let mut merged = Map::new();
    for doc in docs.into_iter().flatten() {
        let v = to_value(&doc).map_err(|e| fail(format!("{TO_JSON}{}", e.text)))?;
        match v {
            Value::Map(m) => deep_merge(&mut merged, &m.borrow()),
            Value::Nil => {}
            other => {
                return Err(fail(format!(
                    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    json_kind(&other)
                )))
            }
        }
    }
    Ok(Value::map(merged))
}

/// Merges `src` into `dst`: maps merge recursively, anything else replaces.
fn deep_merge(dst: &mut Map, src: &Map) {
    for (k, v) in src {
        match (dst.get(k), v) {
            (Some(Value::Map(d)), Value::Map(s)) => {
                let mut d = d.borrow().clone();
                deep_merge(&mut d, &s.borrow());
                dst.insert(k.clone(), Value::map(d));
            }
            _ => {
                dst.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The JSON type name Go's decoder reports for a value.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::List(_) => "array",
        Value::Map(_) => "object",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Nil => "null",
        _ => "number",
    }
}

/// The first document of `text` through YAML → JSON → `interface{}` (`Nil` when empty).
pub fn parse_document(text: &str) -> Result<Value, YamlError> {
    let docs = tree::parse_documents(strip_bom(text))
        .map_err(|e| YamlError(format!("{TO_JSON}{}", e.text)))?;
    match docs.into_iter().next().flatten() {
        Some(doc) => to_value(&doc).map_err(|e| YamlError(format!("{TO_JSON}{}", e.text))),
        None => Ok(Value::Nil),
    }
}

fn error_map(msg: String) -> Value {
    let mut m = Map::new();
    m.insert("Error".into(), Value::string(msg));
    Value::map(m)
}

/// Helm's `fromYaml`: a map, or `{"Error": message}`.
pub fn from_yaml(text: &str) -> Value {
    match parse_document(text) {
        Ok(Value::Map(m)) => Value::Map(m),
        Ok(Value::Nil) => Value::empty_map(),
        Ok(other) => error_map(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => error_map(e.0),
    }
}

/// Helm's `fromYamlArray`: a list, or a one-element list holding the message.
pub fn from_yaml_array(text: &str) -> Value {
    match parse_document(text) {
        Ok(Value::List(l)) => Value::List(l),
        Ok(Value::Nil) => Value::list(Vec::new()),
        Ok(other) => Value::list(vec![Value::string(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => Value::list(vec![Value::string(e.0)]),
    }
}

/// Helm's `fromJson`: a map, or `{"Error": message}`.
pub fn from_json(text: &str) -> Value {
    match parse_json(text) {
        Ok(Value::Map(m)) => Value::Map(m),
        Ok(Value::Nil) => Value::empty_map(),
        Ok(other) => error_map(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => error_map(e),
    }
}

/// Helm's `fromJsonArray`: a list, or a one-element list holding the message.
pub fn from_json_array(text: &str) -> Value {
    match parse_json(text) {
        Ok(Value::List(l)) => Value::List(l),
        Ok(Value::Nil) => Value::list(Vec::new()),
        Ok(other) => Value::list(vec![Value::string(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => Value::list(vec![Value::string(e)]),
    }
}

/// A node as Go sees it after YAML → JSON → `interface{}`.
fn to_value(node: &YNode) -> Result<Value, ReadError> {
    Ok(match node {
        YNode::Scalar {
            value, style, tag, ..
        } => scalar_value(resolve::resolve(value, *style, tag.as_deref()))?,
        YNode::Seq(items) => Value::list(
            items
                .iter()
                .map(|i| to_value(i))
                .collect::<Result<_, _>>()?,
        ),
        YNode::Map(pairs) => {
            let mut m = Map::new();
            merge_pairs(&mut m, pairs)?;
            Value::map(m)
        }
    })
}

fn merge_pairs(m: &mut Map, pairs: &[(Rc<YNode>, Rc<YNode>)]) -> Result<(), ReadError> {
    for (k, v) in pairs {
        if is_merge_key(k) {
            merge_into(m, v)?;
            continue;
        }
        m.insert(key_string(k)?, to_value(v)?);
    }
    Ok(())
}

fn is_merge_key(k: &YNode) -> bool {
    matches!(k, YNode::Scalar { value, style: TScalarStyle::Plain, tag: None, .. } if value == "<<")
}

fn merge_into(m: &mut Map, v: &YNode) -> Result<(), ReadError> {
    let line = node_line(v);
    match v {
        YNode::Map(pairs) => merge_pairs(m, pairs),
        YNode::Seq(items) => {
            for item in items.iter().rev() {
                match item.as_ref() {
                    YNode::Map(pairs) => merge_pairs(m, pairs)?,
                    _ => {
                        return Err(ReadError::at(
                            line,
                            "map merge requires map or sequence of maps as the value",
                        ))
                    }
                }
            }
            Ok(())
        }
        _ => Err(ReadError::at(
            line,
            "map merge requires map or sequence of maps as the value",
        )),
    }
}

fn node_line(n: &YNode) -> usize {
    match n {
        YNode::Scalar { line, .. } => *line,
        YNode::Seq(items) => items.first().map(|i| node_line(i)).unwrap_or(1),
        YNode::Map(pairs) => pairs.first().map(|(k, _)| node_line(k)).unwrap_or(1),
    }
}

fn scalar_value(s: Scalar) -> Result<Value, ReadError> {
    Ok(match s {
        Scalar::Null => Value::Nil,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Float(i as f64),
        Scalar::Uint(u) => Value::Float(u as f64),
        Scalar::Float(f) => {
            if f.is_nan() {
                return Err(ReadError::json("json: unsupported value: NaN"));
            }
            if f.is_infinite() {
                return Err(ReadError::json(format!(
                    "json: unsupported value: {}",
                    if f > 0.0 { "+Inf" } else { "-Inf" }
                )));
            }
            Value::Float(f)
        }
        Scalar::Str(s) => Value::string(s),
        Scalar::Merge => Value::str("<<"),
    })
}

/// sigs.k8s.io/yaml's key conversion to JSON object keys.
fn key_string(k: &YNode) -> Result<String, ReadError> {
    match k {
        YNode::Scalar {
            value,
            style,
            tag,
            line,
        } => Ok(match resolve::resolve(value, *style, tag.as_deref()) {
            Scalar::Str(s) => s,
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Uint(u) => u.to_string(),
            Scalar::Float(f) => rudder_gotmpl::fmt::format_float(f as f32 as f64, b'g', -1, 32),
            Scalar::Merge => "<<".into(),
            Scalar::Null => {
                return Err(ReadError::json(format!(
                    "unsupported map key of type: %!s(<nil>), key: %!v(<nil>) (line {line})"
                )))
            }
        }),
        _ => Err(ReadError::at(node_line(k), "invalid map key")),
    }
}

#[cfg(test)]
mod tests;

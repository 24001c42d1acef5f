//! Reading YAML the way helm does: go-yaml v2 parsing and YAML 1.1 resolution, then a JSON
//! round trip (sigs.k8s.io/yaml), so every number becomes a float64 and every key a string.

mod go_repr;
mod head;
mod json;
mod libyaml;
mod resolve;
mod shape;
mod tree;

use std::rc::Rc;

use rudder_gotmpl::{Map, Value};

pub use head::{parse_manifest_head, ManifestHead};
pub use json::parse_json;
pub use resolve::{resolve_plain, Scalar};
pub(crate) use shape::is_base60_float;
pub use tree::ReadError;
use tree::YNode;
pub(crate) use tree::MAX_DEPTH;

/// A YAML load failure; `Display` is helm's text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct YamlError(pub String);

const TO_JSON: &str = "error converting YAML to JSON: ";

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A values file (values.yaml, `-f`): split into documents as helm 4 does (Kubernetes' YAML
/// reader), each read as one document and deep-merged in order; an empty file is an empty map.
pub fn parse_values(text: &str) -> Result<Value, YamlError> {
    let fail = |e: String| YamlError(format!("cannot unmarshal yaml document: {e}"));
    let chunks = split_documents(strip_bom(text))
        .map_err(|e| YamlError(format!("error reading yaml document: {e}")))?;
    let mut merged = Map::new();
    for chunk in chunks {
        let doc =
            tree::parse_first_document(&chunk).map_err(|e| fail(format!("{TO_JSON}{}", e.text)))?;
        let Some(doc) = doc else { continue };
        let v = to_value(&doc).map_err(|e| fail(format!("{TO_JSON}{}", e.text)))?;
        match v {
            // The first document is taken as it is (nothing to merge it into).
            Value::Map(m) if merged.is_empty() => merged = m.take(),
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

/// Kubernetes' `YAMLReader`: lines (CRLF read as LF) are cut at lines starting with `---`,
/// which may only be followed by spaces or a comment; a leading separator stays in the
/// first document.
fn split_documents(text: &str) -> Result<Vec<String>, String> {
    let mut docs = Vec::new();
    let mut buf = String::new();
    for raw in text.split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                return Err(format!("invalid Yaml document separator: {rest}"));
            }
            if !buf.is_empty() {
                docs.push(std::mem::take(&mut buf));
                continue;
            }
        }
        buf.push_str(line);
        buf.push('\n');
    }
    if !buf.is_empty() {
        docs.push(buf);
    }
    Ok(docs)
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
    let doc = tree::parse_first_document(strip_bom(text))
        .map_err(|e| YamlError(format!("{TO_JSON}{}", e.text)))?;
    match doc {
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
            value, plain, tag, ..
        } => scalar_value(
            resolve::resolve(value, *plain, tag.as_deref()).map_err(ReadError::plain)?,
        )?,
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
        m.insert(key_string(k, v)?, to_value(v)?);
    }
    Ok(())
}

fn is_merge_key(k: &YNode) -> bool {
    matches!(k, YNode::Scalar { value, plain: true, tag: None, .. } if value == "<<")
}

const MERGE_NEEDS_MAPS: &str = "map merge requires map or sequence of maps as the value";

fn merge_into(m: &mut Map, v: &YNode) -> Result<(), ReadError> {
    match v {
        YNode::Map(pairs) => merge_pairs(m, pairs),
        YNode::Seq(items) => {
            for item in items.iter().rev() {
                match item.as_ref() {
                    YNode::Map(pairs) => merge_pairs(m, pairs)?,
                    _ => return Err(ReadError::plain(MERGE_NEEDS_MAPS)),
                }
            }
            Ok(())
        }
        _ => Err(ReadError::plain(MERGE_NEEDS_MAPS)),
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

/// sigs.k8s.io/yaml's key conversion to JSON object keys (`value` is printed in errors).
fn key_string(k: &YNode, value: &YNode) -> Result<String, ReadError> {
    let YNode::Scalar {
        value: text,
        plain,
        tag,
        ..
    } = k
    else {
        return Err(ReadError::plain(format!(
            "invalid map key: {}",
            go_repr::sharp_v(k)
        )));
    };
    Ok(
        match resolve::resolve(text, *plain, tag.as_deref()).map_err(ReadError::plain)? {
            Scalar::Str(s) => s,
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Uint(u) => u.to_string(),
            Scalar::Float(f) if f.is_nan() => ".nan".into(),
            Scalar::Float(f) if f.is_infinite() => if f > 0.0 { ".inf" } else { "-.inf" }.into(),
            Scalar::Float(f) => rudder_gotmpl::fmt::format_float(f as f32 as f64, b'g', -1, 32),
            Scalar::Merge => "<<".into(),
            Scalar::Null => {
                return Err(ReadError::json(format!(
                    "unsupported map key of type: %!s(<nil>), key: <nil>, value: {}",
                    go_repr::sharp_v(value)
                )))
            }
        },
    )
}

#[cfg(test)]
mod tests;

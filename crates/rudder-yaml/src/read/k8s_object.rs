//! What `helm lint` reads of each rendered document (its rules' `k8sYamlStruct`): apiVersion,
//! kind, and metadata's name and namespace, through Kubernetes' `YAMLOrJSONDecoder`.
//!
//! A text starting with `{` is a JSON stream; anything else is split into YAML documents at
//! `---` lines, each read with sigs.k8s.io/yaml (YAML → JSON with scalars bound for the struct's
//! string fields made strings, then a case-insensitive decode).

use std::rc::Rc;

use rudder_gotmpl::Value;

use super::error::DocError;
use super::head::{fields, scalar, set_string, unmarshal};
use super::tree::{parse_first_document, YNode};
use super::{check_json, GoScalar, GoStruct, Target};

/// The fields helm lint reads of an object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct K8sObject {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

const K8S_OBJECT: Target = Target::Struct(&[
    ("apiVersion", Target::Str),
    ("Kind", Target::Str),
    ("Metadata", Target::Struct(METADATA)),
]);
const METADATA: &[(&str, Target)] = &[("Namespace", Target::Str), ("Name", Target::Str)];

/// Why a document could not be read: a YAML document (sigs.k8s.io/yaml's error), the JSON
/// stream (Go's `encoding/json` error), or a `---` line with text after it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ObjectError {
    #[error(transparent)]
    Yaml(#[from] DocError),
    #[error("{0}")]
    Json(String),
    #[error("invalid Yaml document separator: {0}")]
    Separator(String),
}

/// Each document of `text` in order (`None` for an empty one), up to and including the first
/// that cannot be read: the decoder stops there.
/// `into` is helm lint's struct, which errors name.
pub fn read_k8s_objects(text: &str, into: GoStruct) -> Vec<Result<Option<K8sObject>, ObjectError>> {
    if text.trim_start().starts_with('{') {
        return vec![json_object(text, into)];
    }
    let documents = match super::split_documents(text) {
        Ok(documents) => documents,
        Err(super::YamlError::Separator { rest, .. }) => {
            return vec![Err(ObjectError::Separator(rest))]
        }
        Err(other) => return vec![Err(ObjectError::Json(other.to_string()))],
    };
    let mut out = Vec::with_capacity(documents.len());
    for (_, document) in documents {
        let read = yaml_object(&document, into).map_err(ObjectError::from);
        let failed = read.is_err();
        out.push(read);
        if failed {
            break;
        }
    }
    out
}

fn yaml_object(document: &str, into: GoStruct) -> Result<Option<K8sObject>, DocError> {
    let Some(root) = parse_first_document(document).map_err(DocError::from)? else {
        return Ok(None);
    };
    check_json(&root, K8S_OBJECT).map_err(DocError::from)?;
    decode(&root, into)
}

fn decode(root: &Rc<YNode>, into: GoStruct) -> Result<Option<K8sObject>, DocError> {
    let pairs = match root.as_ref() {
        YNode::Map(pairs) => pairs,
        YNode::Seq(_) => return Err(unmarshal("array", into.value_type())),
        YNode::Scalar { .. } => {
            return match scalar(root)? {
                GoScalar::Null => Ok(None),
                other => Err(unmarshal(other.json_kind(), into.value_type())),
            }
        }
    };
    let mut object = K8sObject::default();
    for (field, value) in fields(pairs, &["apiVersion", "Kind", "Metadata"])? {
        match field {
            0 => set_string(&mut object.api_version, value, &into.field("apiVersion"))?,
            1 => set_string(&mut object.kind, value, &into.field("Kind"))?,
            _ => decode_metadata(&mut object, value, into)?,
        }
    }
    Ok(Some(object))
}

fn decode_metadata(object: &mut K8sObject, value: &YNode, into: GoStruct) -> Result<(), DocError> {
    let kind = match value {
        YNode::Map(pairs) => {
            for (field, value) in fields(pairs, &["Namespace", "Name"])? {
                let target = match field {
                    0 => &mut object.namespace,
                    _ => &mut object.name,
                };
                let path = ["Metadata.Namespace", "Metadata.Name"];
                set_string(target, value, &into.field(path[field]))?;
            }
            return Ok(());
        }
        YNode::Seq(_) => "array",
        YNode::Scalar { .. } => match scalar(value)? {
            GoScalar::Null => return Ok(()),
            other => other.json_kind(),
        },
    };
    Err(unmarshal(
        kind,
        format!(
            "Go struct field {} of type {}.k8sYamlMetadata",
            into.field("Metadata"),
            into.package
        ),
    ))
}

/// A JSON text: Go's decoder straight into the struct (no YAML conversion, so no scalar
/// becomes a string).
fn json_object(text: &str, into: GoStruct) -> Result<Option<K8sObject>, ObjectError> {
    let value = super::parse_json(text).map_err(ObjectError::Json)?;
    let Value::Map(map) = value else {
        return match value {
            Value::Nil => Ok(None),
            other => Err(ObjectError::Json(format!(
                "json: cannot unmarshal {} into {}",
                super::json_kind(&other),
                into.value_type()
            ))),
        };
    };
    let map = map.borrow();
    let mut object = K8sObject::default();
    let string = |v: &Value, field: &str| match v {
        Value::String(s) => Ok(s.to_string()),
        Value::Nil => Ok(String::new()),
        other => Err(ObjectError::Json(format!(
            "json: cannot unmarshal {} into Go struct field {} of type string",
            super::json_kind(other),
            into.field(field)
        ))),
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    for key in keys {
        let v = &map[key.as_str()];
        if super::json_name_eq(key, "apiVersion") {
            object.api_version = string(v, "apiVersion")?;
        } else if super::json_name_eq(key, "kind") {
            object.kind = string(v, "Kind")?;
        } else if super::json_name_eq(key, "metadata") {
            if let Value::Map(m) = v {
                for (k, v) in m.borrow().iter() {
                    if super::json_name_eq(k, "name") {
                        object.name = string(v, "Metadata.Name")?;
                    } else if super::json_name_eq(k, "namespace") {
                        object.namespace = string(v, "Metadata.Namespace")?;
                    }
                }
            }
        }
    }
    Ok(Some(object))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<Option<K8sObject>, String>> {
        let helm4 = GoStruct {
            package: "rules",
            name: "k8sYamlStruct",
        };
        read_k8s_objects(text, helm4)
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }

    #[test]
    fn documents_in_order_until_the_first_failure() {
        let objects =
            read("kind: A\nmetadata:\n  name: 12\n---\n# empty\n---\nkind: [x]\n---\nkind: C\n");
        assert_eq!(objects.len(), 3);
        let first = objects[0].clone().unwrap().unwrap();
        assert_eq!((first.kind.as_str(), first.name.as_str()), ("A", "12"));
        assert_eq!(objects[1], Ok(None));
        assert_eq!(
            objects[2],
            Err("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field k8sYamlStruct.Kind of type string".into())
        );
    }

    #[test]
    fn json_text_is_decoded_as_json() {
        let objects = read(r#"{"apiVersion": "v1", "KIND": "Secret", "metadata": {"name": "s"}}"#);
        let object = objects[0].clone().unwrap().unwrap();
        assert_eq!(
            (object.kind.as_str(), object.name.as_str()),
            ("Secret", "s")
        );
    }
}

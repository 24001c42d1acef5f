//! What helm reads of each rendered document (`releaseutil.SimpleHead`): kind and annotations.

use std::collections::BTreeMap;

use super::tree::{parse_first_document, YNode};

/// The head of a manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManifestHead {
    pub kind: String,
    pub api_version: String,
    pub name: String,
    /// `metadata.annotations`, if present.
    pub annotations: Option<BTreeMap<String, String>>,
}

const METADATA_TYPE: &str = "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";

/// Reads a document's head; the error is helm's text after `YAML parse error on <file>: `.
pub fn parse_manifest_head(doc: &str) -> Result<ManifestHead, String> {
    let root = parse_first_document(doc)
        .map_err(|e| format!("error converting YAML to JSON: {}", e.text))?;
    let Some(root) = root else {
        return Ok(ManifestHead::default());
    };
    let unmarshal = |what: &str, into: &str| {
        format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {what} into {into}")
    };
    let YNode::Map(pairs) = root.as_ref() else {
        return match root.as_ref() {
            YNode::Seq(_) => Err(unmarshal("array", "Go value of type util.SimpleHead")),
            YNode::Scalar {
                value, plain, tag, ..
            } => match scalar_kind(value, *plain, tag.as_deref())? {
                None => Ok(ManifestHead::default()),
                Some(kind) => Err(unmarshal(kind, "Go value of type util.SimpleHead")),
            },
            YNode::Map(_) => unreachable!("handled above"),
        };
    };
    let mut head = ManifestHead::default();
    for (k, v) in pairs {
        let YNode::Scalar { value: key, .. } = k.as_ref() else {
            continue;
        };
        match key.as_str() {
            "kind" => head.kind = string_field(v, "SimpleHead.kind")?,
            "apiVersion" => head.api_version = string_field(v, "SimpleHead.apiVersion")?,
            "metadata" => match v.as_ref() {
                YNode::Map(meta) => {
                    for (mk, mv) in meta {
                        let YNode::Scalar { value: mkey, .. } = mk.as_ref() else {
                            continue;
                        };
                        match mkey.as_str() {
                            "name" => head.name = string_field(mv, "SimpleHead.metadata.name")?,
                            "annotations" => head.annotations = annotations(mv)?,
                            _ => {}
                        }
                    }
                }
                YNode::Scalar {
                    value, plain, tag, ..
                } => {
                    if let Some(kind) = scalar_kind(value, *plain, tag.as_deref())? {
                        return Err(unmarshal(
                            kind,
                            &format!("Go struct field SimpleHead.metadata of type {METADATA_TYPE}"),
                        ));
                    }
                }
                YNode::Seq(_) => {
                    return Err(unmarshal(
                        "array",
                        &format!("Go struct field SimpleHead.metadata of type {METADATA_TYPE}"),
                    ))
                }
            },
            _ => {}
        }
    }
    Ok(head)
}

/// The JSON kind of a scalar, `None` for null.
fn scalar_kind(
    value: &str,
    plain: bool,
    tag: Option<&str>,
) -> Result<Option<&'static str>, String> {
    let scalar = super::resolve::resolve(value, plain, tag)
        .map_err(|e| format!("error converting YAML to JSON: yaml: {e}"))?;
    Ok(match scalar {
        super::Scalar::Null => None,
        super::Scalar::Bool(_) => Some("bool"),
        super::Scalar::Int(_) | super::Scalar::Uint(_) | super::Scalar::Float(_) => Some("number"),
        _ => Some("string"),
    })
}

/// A string field: scalars are taken as written (sigs.k8s.io/yaml converts by target type).
fn string_field(v: &YNode, field: &str) -> Result<String, String> {
    match v {
        YNode::Scalar { value, plain, tag, .. } => {
            if scalar_kind(value, *plain, tag.as_deref())?.is_none() {
                return Ok(String::new());
            }
            Ok(value.clone())
        }
        YNode::Seq(_) => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field {field} of type string"
        )),
        YNode::Map(_) => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go struct field {field} of type string"
        )),
    }
}

fn annotations(v: &YNode) -> Result<Option<BTreeMap<String, String>>, String> {
    match v {
        YNode::Map(pairs) => {
            let mut m = BTreeMap::new();
            for (k, val) in pairs {
                let YNode::Scalar { value: key, .. } = k.as_ref() else { continue };
                m.insert(key.clone(), string_field(val, "SimpleHead.metadata.annotations")?);
            }
            Ok(Some(m))
        }
        YNode::Scalar { value, plain, tag, .. } if scalar_kind(value, *plain, tag.as_deref())?.is_none() => Ok(None),
        _ => Err("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal into Go struct field SimpleHead.metadata.annotations of type map[string]string".into()),
    }
}

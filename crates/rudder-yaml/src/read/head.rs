//! What helm reads of each rendered document (`releaseutil.SimpleHead`): kind and annotations.
//!
//! helm reads the head with sigs.k8s.io/yaml's `Unmarshal`, so the whole document goes through
//! YAML → JSON first (see `check_json`: a NaN or a null key anywhere fails the render), with
//! scalars bound for the head's string fields turned into strings. The JSON is then decoded
//! into the struct: keys match fields case-insensitively, in sorted key order, and the first
//! value of the wrong type is the error.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::error::DocError;
use super::tree::{parse_first_document, YNode};
use super::{check_json, for_each_entry, json_name_eq, node_scalar, GoScalar, GoStruct, Target};

/// The head of a manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManifestHead {
    pub kind: String,
    pub api_version: String,
    pub name: String,
    /// `metadata.annotations`, if present.
    pub annotations: Option<BTreeMap<String, String>>,
}

/// `SimpleHead`'s fields, for the conversion.
pub(super) const SIMPLE_HEAD: Target = Target::Struct(&[
    ("apiVersion", Target::Str),
    ("kind", Target::Str),
    ("metadata", Target::Struct(METADATA)),
]);
const METADATA: &[(&str, Target)] = &[
    ("name", Target::Str),
    ("annotations", Target::Map(&Target::Str)),
];

pub(super) const METADATA_TYPE: &str = "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";

/// Reads a document's head; the error's text is helm's after `YAML parse error on <file>: `.
/// Most documents take the fast block reader, which keeps only the head's nodes.
/// `into` is helm's `SimpleHead` type, which errors name.
pub fn parse_manifest_head(doc: &str, into: GoStruct) -> Result<ManifestHead, DocError> {
    match super::block::head_tree(doc, SIMPLE_HEAD) {
        Some(root) => head_of_tree(root, into),
        None => head_of_tree(parse_first_document(doc).map_err(DocError::from)?, into),
    }
}

/// The head of a document's node tree (`None` for an empty document).
pub(super) fn head_of_tree(
    root: Option<Rc<YNode>>,
    into: GoStruct,
) -> Result<ManifestHead, DocError> {
    let Some(root) = root else {
        return Ok(ManifestHead::default());
    };
    check_json(&root, SIMPLE_HEAD).map_err(DocError::from)?;
    decode_head(&root, into)
}

/// `json: cannot unmarshal <what> into <into>`.
pub(super) fn unmarshal(found: &'static str, into: impl Into<String>) -> DocError {
    DocError::Decode {
        found,
        into: into.into(),
    }
}

pub(super) fn scalar(node: &YNode) -> Result<GoScalar<'_>, DocError> {
    match node_scalar(node) {
        Some(s) => s.map_err(DocError::from),
        None => Ok(GoScalar::Null),
    }
}

/// Go's decoding of the (checked) document into `SimpleHead`. The first value of the wrong
/// type in JSON order is the error; values after it no longer matter.
fn decode_head(root: &YNode, into: GoStruct) -> Result<ManifestHead, DocError> {
    let mut head = ManifestHead::default();
    let pairs = match root {
        YNode::Map(pairs) => pairs,
        YNode::Seq(_) => return Err(unmarshal("array", into.value_type())),
        YNode::Scalar { .. } => {
            return match scalar(root)? {
                GoScalar::Null => Ok(head),
                other => Err(unmarshal(other.json_kind(), into.value_type())),
            }
        }
    };
    for (field, value) in fields(pairs, &["apiVersion", "kind", "metadata"])? {
        match field {
            0 => set_string(&mut head.api_version, value, &into.field("apiVersion"))?,
            1 => set_string(&mut head.kind, value, &into.field("kind"))?,
            _ => decode_metadata(&mut head, value, into)?,
        }
    }
    Ok(head)
}

/// `metadata` is a pointer: null resets it, a mapping fills the fields it names.
fn decode_metadata(head: &mut ManifestHead, value: &YNode, into: GoStruct) -> Result<(), DocError> {
    let kind = match value {
        YNode::Map(pairs) => {
            for (field, value) in fields(pairs, &["name", "annotations"])? {
                match field {
                    0 => set_string(&mut head.name, value, ".metadata.name")?,
                    _ => decode_annotations(&mut head.annotations, value)?,
                }
            }
            return Ok(());
        }
        YNode::Seq(_) => "array",
        YNode::Scalar { .. } => match scalar(value)? {
            GoScalar::Null => {
                head.name.clear();
                head.annotations = None;
                return Ok(());
            }
            other => other.json_kind(),
        },
    };
    Err(unmarshal(
        kind,
        format!(
            "Go struct field {} of type {METADATA_TYPE}",
            into.field("metadata")
        ),
    ))
}

/// A `map[string]string`: null resets it, a mapping adds its entries (keys in sorted order).
fn decode_annotations(
    annotations: &mut Option<BTreeMap<String, String>>,
    value: &YNode,
) -> Result<(), DocError> {
    let kind = match value {
        YNode::Map(pairs) => {
            // Keys in sorted order, a repeated key's last value.
            let mut sorted = BTreeMap::new();
            for_each_entry(pairs, &mut |entry| {
                if let Ok(key) = entry.key {
                    sorted.insert(key, entry.value);
                }
            })
            .map_err(DocError::from)?;
            let map = annotations.get_or_insert_with(BTreeMap::new);
            for (key, value) in sorted {
                // A null element is stored as "".
                let mut text = String::new();
                set_string(&mut text, value, ".metadata.annotations")?;
                map.insert(key.into_owned(), text);
            }
            return Ok(());
        }
        YNode::Seq(_) => "array",
        YNode::Scalar { .. } => match scalar(value)? {
            GoScalar::Null => {
                *annotations = None;
                return Ok(());
            }
            other => other.json_kind(),
        },
    };
    Err(unmarshal(
        kind,
        "Go struct field .metadata.annotations of type map[string]string",
    ))
}

/// A `string` field: scalars were converted to strings, null leaves the field as it is.
pub(super) fn set_string(field: &mut String, value: &YNode, path: &str) -> Result<(), DocError> {
    let kind = match value {
        YNode::Scalar { .. } => {
            if let Some(text) = scalar(value)?.into_json_string() {
                *field = text.into_owned();
            }
            return Ok(());
        }
        YNode::Seq(_) => "array",
        YNode::Map(_) => "object",
    };
    Err(unmarshal(
        kind,
        format!("Go struct field {path} of type string"),
    ))
}

/// The entries of a mapping that set one of the struct fields `names` (by index), in the
/// order Go's decoder meets them: JSON keys sorted, so `Kind` comes before `kind`.
pub(super) fn fields<'a>(
    pairs: &'a [(Rc<YNode>, Rc<YNode>)],
    names: &[&str],
) -> Result<Vec<(usize, &'a YNode)>, DocError> {
    let mut found: Vec<(Cow<'a, str>, usize, &'a YNode)> = Vec::new();
    for_each_entry(pairs, &mut |entry| {
        let Ok(key) = entry.key else { return };
        if let Some(field) = names.iter().position(|name| json_name_eq(&key, name)) {
            // A repeated key: its last value replaces the earlier ones.
            found.retain(|(k, ..)| *k != key);
            found.push((key, field, entry.value));
        }
    })
    .map_err(DocError::from)?;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found
        .into_iter()
        .map(|(_, field, value)| (field, value))
        .collect())
}

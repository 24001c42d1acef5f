//! Reading YAML the way helm does: go-yaml v2 parsing and YAML 1.1 resolution, then a JSON
//! round trip (sigs.k8s.io/yaml), so every number becomes a float64 and every key a string.

mod block;
mod error;
pub use block::differential as block_reader_differential;
mod go_repr;
mod go_struct;
mod head;
mod json;
mod json_scan;
mod k8s_object;
// Drives unsafe-libyaml's C-style API; its events also serve rudder-docs' Bitnami reader.
#[allow(unsafe_code)]
pub mod libyaml;
mod locate;
mod resolve;
mod shape;
mod strict;
mod tree;

use std::borrow::Cow;
use std::rc::Rc;

use rudder_gotmpl::{Map, SliceType, Value};

pub use error::{DocError, YamlError};
pub use go_struct::GoStruct;
pub use head::{parse_manifest_head, ManifestHead};
pub use json::parse_json;
pub use k8s_object::{read_k8s_objects, K8sObject, ObjectError};
pub use locate::{locate, Step};
pub(crate) use resolve::go_std_base64;
pub use resolve::{resolve_plain, Scalar};
pub(crate) use shape::{is_base60_float, is_go_yaml_timestamp};
pub use strict::duplicate_keys;
use tree::YNode;
pub(crate) use tree::MAX_DEPTH;
pub use tree::{ReadError, Stage};

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A values file (values.yaml, `-f`): split into documents as helm 4 does (Kubernetes' YAML
/// reader), each read as one document and deep-merged in order; an empty file is an empty map.
pub fn parse_values(text: &str) -> Result<Value, YamlError> {
    let mut merged = Map::new();
    for (first_line, chunk) in split_documents(strip_bom(text))? {
        let fail = |source| YamlError::ValuesDocument { first_line, source };
        let doc = read_tree(&chunk).map_err(|e| fail(e.into()))?;
        let Some(doc) = doc else { continue };
        let v = to_value(&doc).map_err(|e| fail(e.into()))?;
        match v {
            // The first document is taken as it is (nothing to merge it into).
            Value::Map(m) if merged.is_empty() => merged = m.take(),
            Value::Map(m) => deep_merge(&mut merged, &m.borrow()),
            Value::Nil => {}
            other => return Err(fail(decode_error(&other, GO_MAP))),
        }
    }
    Ok(Value::map(merged))
}

/// A values file as helm 3 reads it (sigs.k8s.io/yaml's `Unmarshal` into a map): the first
/// document only, its failure unwrapped; an empty file is an empty map.
pub fn parse_values_document(text: &str) -> Result<Value, YamlError> {
    let fail = YamlError::Document;
    let Some(doc) = read_tree(strip_bom(text)).map_err(|e| fail(e.into()))? else {
        return Ok(Value::empty_map());
    };
    match to_value(&doc).map_err(|e| fail(e.into()))? {
        v @ Value::Map(_) => Ok(v),
        Value::Nil => Ok(Value::empty_map()),
        other => Err(fail(decode_error(&other, GO_MAP))),
    }
}

/// The first document's node tree: from the fast block reader when the text is within its
/// subset, else from the full reader.
fn read_tree(text: &str) -> Result<Option<Rc<YNode>>, ReadError> {
    block::full_tree(text).map_or_else(|| tree::parse_first_document(text), Ok)
}

/// Kubernetes' `YAMLReader`: lines (CRLF read as LF) are cut at lines starting with `---`,
/// which may only be followed by spaces or a comment; a leading separator stays in the
/// first document. Each document comes with the line of the file it starts at.
pub fn split_documents(text: &str) -> Result<Vec<(usize, String)>, YamlError> {
    let mut docs = Vec::new();
    let mut buf = String::new();
    let mut first_line = 1;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                return Err(YamlError::Separator {
                    line: index + 1,
                    rest: rest.to_string(),
                });
            }
            if !buf.is_empty() {
                docs.push((first_line, std::mem::take(&mut buf)));
                continue;
            }
        }
        if buf.is_empty() {
            first_line = index + 1;
        }
        buf.push_str(line);
        buf.push('\n');
    }
    if !buf.is_empty() {
        docs.push((first_line, buf));
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

const GO_MAP: &str = "Go value of type map[string]interface {}";

/// Decoding `found` into the Go type `into` failed.
pub fn decode_error(found: &Value, into: &str) -> DocError {
    DocError::Decode {
        found: json_kind(found),
        into: into.to_string(),
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
pub fn parse_document(text: &str) -> Result<Value, DocError> {
    match read_tree(strip_bom(text))? {
        Some(doc) => Ok(to_value(&doc)?),
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
        Ok(other) => error_map(decode_error(&other, GO_MAP).to_string()),
        Err(e) => error_map(e.to_string()),
    }
}

/// Helm's `fromYamlArray`: a list, or a one-element list holding the message.
pub fn from_yaml_array(text: &str) -> Value {
    match parse_document(text) {
        Ok(Value::List(l)) => Value::List(l),
        Ok(Value::Nil) => Value::list(Vec::new()),
        Ok(other) => Value::list(vec![Value::string(
            decode_error(&other, "Go value of type []interface {}").to_string(),
        )]),
        Err(e) => Value::list(vec![Value::string(e.to_string())]),
    }
}

/// Helm's `fromJson`: a map, or `{"Error": message}` (added to what was decoded).
pub fn from_json(text: &str) -> Value {
    match json::decode_json(text) {
        Ok(json::Decoded {
            value: Value::Map(m),
            error,
            ..
        }) => {
            if let Some(e) = error {
                m.borrow_mut().insert("Error".into(), Value::string(e));
            }
            Value::Map(m)
        }
        // JSON null unmarshalled into a map makes it nil.
        Ok(json::Decoded { kind: "null", .. }) => Value::nil_map(None),
        Ok(json::Decoded { kind, .. }) => error_map(type_error(kind, GO_MAP)),
        Err(e) => error_map(e),
    }
}

/// Helm's `fromJsonArray`: a list, or a one-element list holding the message.
pub fn from_json_array(text: &str) -> Value {
    let into = "Go value of type []interface {}";
    let message = |e: String| Value::list(vec![Value::string(e)]);
    match json::decode_json(text) {
        Ok(json::Decoded {
            value: Value::List(l),
            error,
            ..
        }) => error.map_or(Value::List(l), message),
        Ok(json::Decoded { kind: "null", .. }) => Value::nil_list(SliceType::Any),
        Ok(json::Decoded { kind, .. }) => message(type_error(kind, into)),
        Err(e) => message(e),
    }
}

fn type_error(kind: &str, into: &str) -> String {
    format!("json: cannot unmarshal {kind} into {into}")
}

// go-yaml v2 decoding into `interface{}`, sigs.k8s.io/yaml's conversion to JSON-able values
// and `json.Marshal`, in the order Go meets their errors: go-yaml's (document order), then the
// conversion's (a null or uint64 map key), then json.Marshal's (the first NaN or infinity in
// sorted-key order). Values files and manifest heads share it; only the target differs.

/// A scalar as go-yaml decodes it into `interface{}` (timestamps stay strings).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GoScalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(Cow<'a, str>),
}

impl<'a> GoScalar<'a> {
    /// The JSON type name Go's decoder reports for it.
    pub(crate) fn json_kind(&self) -> &'static str {
        match self {
            GoScalar::Null => "null",
            GoScalar::Bool(_) => "bool",
            GoScalar::Int(_) | GoScalar::Uint(_) | GoScalar::Float(_) => "number",
            GoScalar::Str(_) => "string",
        }
    }

    /// `json.Marshal`'s text for a float JSON cannot hold.
    fn non_finite(&self) -> Option<&'static str> {
        match self {
            GoScalar::Float(f) if f.is_nan() => Some("NaN"),
            GoScalar::Float(f) if f.is_infinite() => Some(if *f > 0.0 { "+Inf" } else { "-Inf" }),
            _ => None,
        }
    }

    /// What sigs.k8s.io/yaml makes of it for a `string` target: numbers and bools become
    /// text (floats through float32), a null stays null (`None`).
    pub(crate) fn into_json_string(self) -> Option<Cow<'a, str>> {
        Some(match self {
            GoScalar::Null => return None,
            GoScalar::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            GoScalar::Int(i) => Cow::Owned(i.to_string()),
            GoScalar::Uint(u) => Cow::Owned(u.to_string()),
            GoScalar::Float(f) => Cow::Owned(format_float32(f)),
            GoScalar::Str(s) => s,
        })
    }
}

/// An untagged plain scalar that no YAML 1.1 rule reads as anything but a string (the common
/// case, answered without copying it).
pub(crate) fn plainly_string(s: &str) -> bool {
    match s.as_bytes() {
        [] => false,
        // The words for booleans and null are at most five letters long.
        [b, ..] if b.is_ascii_alphabetic() => s.len() > 5 || !b"yYnNtTfFoO".contains(b),
        [b, ..] => !b"~<.+-0123456789".contains(b),
    }
}

/// `.1e400`: `resolve` reads it as an infinity, but Go's `ParseFloat` fails on it, so go-yaml
/// keeps the text as a string.
fn dot_float_overflows(value: &str) -> bool {
    value.starts_with('.')
        && value.len() > 1
        && value[1..]
            .bytes()
            .all(|c| c.is_ascii_digit() || b"eE+-".contains(&c))
        && value.parse::<f64>().is_ok_and(|f| !f.is_finite())
}

/// Resolves a scalar node as go-yaml does; an explicit tag the text does not fit is its error
/// (the text after `yaml: `).
pub(crate) fn go_scalar<'a>(
    value: &'a str,
    plain: bool,
    tag: Option<&str>,
) -> Result<GoScalar<'a>, String> {
    if tag.is_none() && (!plain || plainly_string(value)) {
        return Ok(GoScalar::Str(Cow::Borrowed(value)));
    }
    let resolving = matches!(
        tag,
        None | Some("!!bool" | "!!int" | "!!float" | "!!timestamp")
    );
    if resolving && (plain || tag.is_some()) && dot_float_overflows(value) {
        return match tag {
            None => Ok(GoScalar::Str(Cow::Borrowed(value))),
            Some(t) => Err(format!("cannot decode !!str `{value}` as a {t}")),
        };
    }
    Ok(match resolve::resolve(value, plain, tag)? {
        Scalar::Null => GoScalar::Null,
        Scalar::Bool(b) => GoScalar::Bool(b),
        Scalar::Int(i) => GoScalar::Int(i),
        Scalar::Uint(u) => GoScalar::Uint(u),
        Scalar::Float(f) => GoScalar::Float(f),
        Scalar::Str(s) => GoScalar::Str(Cow::Owned(s)),
        Scalar::Merge => GoScalar::Str(Cow::Borrowed("<<")),
    })
}

/// A scalar node resolved (`None` for a collection).
fn node_scalar(node: &YNode) -> Option<Result<GoScalar<'_>, ReadError>> {
    match node {
        YNode::Scalar { value, plain, tag } => {
            Some(go_scalar(value, *plain, tag.as_deref()).map_err(ReadError::plain))
        }
        _ => None,
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`, as sigs.k8s.io/yaml turns floats into text.
pub(crate) fn format_float32(f: f64) -> String {
    rudder_gotmpl::fmt::format_float(f, b'g', -1, 32)
}

/// A map key sigs.k8s.io/yaml cannot turn into a JSON object key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum BadKey {
    Null,
    /// go-yaml decodes integers beyond int64 as uint64, which the conversion lacks a case for.
    Uint(u64),
}

/// sigs.k8s.io/yaml's JSON object key for a decoded map key.
pub(crate) fn json_key(key: GoScalar<'_>) -> Result<Cow<'_, str>, BadKey> {
    Ok(match key {
        GoScalar::Str(s) => s,
        GoScalar::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
        GoScalar::Int(i) => Cow::Owned(i.to_string()),
        GoScalar::Float(f) => Cow::Owned(match format_float32(f).as_str() {
            "+Inf" => ".inf".into(),
            "-Inf" => "-.inf".into(),
            "NaN" => ".nan".into(),
            other => other.into(),
        }),
        GoScalar::Uint(u) => return Err(BadKey::Uint(u)),
        GoScalar::Null => return Err(BadKey::Null),
    })
}

/// The conversion's error for a bad key (`value` is printed the way Go's `%#v` shows it).
fn bad_key_error(bad: &BadKey, value: &YNode) -> ReadError {
    let (kind, key) = match bad {
        BadKey::Null => ("%!s(<nil>)".to_string(), "<nil>".to_string()),
        BadKey::Uint(u) => ("uint64".to_string(), format!("{u:#x}")),
    };
    ReadError::json(format!(
        "unsupported map key of type: {kind}, key: {key}, value: {}",
        go_repr::sharp_v(value)
    ))
}

/// The Go type a node is decoded into, as far as sigs.k8s.io/yaml's conversion cares: scalars
/// bound for a `string` become strings, and struct fields are found by their JSON names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Target {
    /// `interface{}`, or any value no field takes: nothing is converted.
    Any,
    /// `string`.
    Str,
    /// `map[string]T`.
    Map(&'static Target),
    /// A struct: its fields' JSON names and types.
    Struct(&'static [(&'static str, Target)]),
}

impl Target {
    /// The target of the value under JSON key `key` of a mapping bound for `self`.
    pub(crate) fn child(self, key: &str) -> Target {
        match self {
            Target::Map(elem) => *elem,
            Target::Struct(fields) => fields
                .iter()
                .find(|(name, _)| json_name_eq(key, name))
                .map_or(Target::Any, |(_, t)| *t),
            Target::Any | Target::Str => Target::Any,
        }
    }
}

/// Whether a JSON key names a struct field for Go's decoders: case-insensitively, with the
/// Kelvin sign standing for `k` and the long s for `s` (`field.equalFold`).
pub(crate) fn json_name_eq(key: &str, name: &str) -> bool {
    let mut chars = key.chars();
    for n in name.chars() {
        let folded = match chars.next() {
            Some('\u{212a}') => 'k',
            Some('\u{17f}') => 's',
            Some(c) => c.to_ascii_lowercase(),
            None => return false,
        };
        if folded != n.to_ascii_lowercase() {
            return false;
        }
    }
    chars.next().is_none()
}

/// go-yaml's merge key: a plain `<<`, or one tagged `!!merge`.
fn is_merge_key(k: &YNode) -> bool {
    match k {
        YNode::Scalar { value, plain, tag } if value == "<<" => match tag.as_deref() {
            None => *plain,
            Some(tag) => tag == "!!merge",
        },
        _ => false,
    }
}

const MERGE_NEEDS_MAPS: &str = "map merge requires map or sequence of maps as the value";

/// Checks a document the way sigs.k8s.io/yaml's `Unmarshal` reads it towards `target`, up to
/// the JSON text: every error Go would report before decoding that JSON.
pub(crate) fn check_json(node: &YNode, target: Target) -> Result<(), ReadError> {
    // One pass in document order finds go-yaml's errors and anything the later steps could
    // refuse, counting every entry (also those a repeated key replaces): a superset. Only then
    // is the document read again with repeated keys resolved.
    if !decode_pass(node, target)? {
        return Ok(());
    }
    match marshal_pass(node, target)? {
        Some(value) => Err(ReadError::json(format!("json: unsupported value: {value}"))),
        None => Ok(()),
    }
}

/// go-yaml's decoding errors, in document order; whether a bad key or a float JSON cannot hold
/// (outside a string target) was seen.
fn decode_pass(node: &YNode, target: Target) -> Result<bool, ReadError> {
    Ok(match node {
        YNode::Scalar { value, plain, tag } => {
            if target == Target::Str {
                if tag.is_some() {
                    go_scalar(value, *plain, tag.as_deref()).map_err(ReadError::plain)?;
                }
                false
            } else if tag.is_none() {
                // Untagged scalars always decode; only a few short plain ones are not finite.
                *plain
                    && value.len() <= 5
                    && value.starts_with(['.', '+', '-'])
                    && go_scalar(value, true, None).is_ok_and(|s| s.non_finite().is_some())
            } else {
                go_scalar(value, *plain, tag.as_deref())
                    .map_err(ReadError::plain)?
                    .non_finite()
                    .is_some()
            }
        }
        YNode::Seq(items) => {
            let mut seen = false;
            for item in items {
                seen |= decode_pass(item, Target::Any)?;
            }
            seen
        }
        YNode::Map(pairs) => decode_pairs(pairs, target)?,
    })
}

fn decode_pairs(pairs: &[(Rc<YNode>, Rc<YNode>)], target: Target) -> Result<bool, ReadError> {
    let mut seen = false;
    for (k, v) in pairs {
        if is_merge_key(k) {
            seen |= decode_merge(v, target)?;
            continue;
        }
        let Some(key) = node_scalar(k) else {
            // go-yaml decodes the key before refusing it.
            decode_pass(k, Target::Any)?;
            return Err(ReadError::plain(format!(
                "invalid map key: {}",
                go_repr::sharp_v(k)
            )));
        };
        let child = match json_key(key?) {
            Ok(name) => target.child(&name),
            Err(_) => {
                seen = true;
                Target::Any
            }
        };
        seen |= decode_pass(v, child)?;
    }
    Ok(seen)
}

/// A merge (`<<`) value: a mapping, or a sequence of them read from the last.
fn decode_merge(v: &YNode, target: Target) -> Result<bool, ReadError> {
    match v {
        YNode::Map(pairs) => decode_pairs(pairs, target),
        YNode::Seq(items) => {
            let mut seen = false;
            for item in items.iter().rev() {
                let YNode::Map(pairs) = item.as_ref() else {
                    return Err(ReadError::plain(MERGE_NEEDS_MAPS));
                };
                seen |= decode_pairs(pairs, target)?;
            }
            Ok(seen)
        }
        YNode::Scalar { .. } => Err(ReadError::plain(MERGE_NEEDS_MAPS)),
    }
}

/// After a clean decoding pass: the conversion's first bad key (in document order; Go's map
/// order is random), else the first float `json.Marshal` cannot write, keys sorted.
fn marshal_pass(node: &YNode, target: Target) -> Result<Option<&'static str>, ReadError> {
    Ok(match node {
        YNode::Scalar { .. } if target == Target::Str => None,
        YNode::Scalar { .. } => node_scalar(node).transpose()?.and_then(|s| s.non_finite()),
        YNode::Seq(items) => {
            let mut first = None;
            for item in items {
                let found = marshal_pass(item, Target::Any)?;
                first = first.or(found);
            }
            first
        }
        YNode::Map(pairs) => {
            let mut first: Option<(Cow<str>, &'static str)> = None;
            for entry in entries(pairs)? {
                let key = entry.key.map_err(|bad| bad_key_error(&bad, entry.value))?;
                if let Some(found) = marshal_pass(entry.value, target.child(&key))? {
                    if first.as_ref().is_none_or(|(k, _)| key < *k) {
                        first = Some((key, found));
                    }
                }
            }
            first.map(|(_, found)| found)
        }
    })
}

/// One entry of a decoded mapping.
pub(crate) struct Entry<'a> {
    /// Its JSON key.
    pub key: Result<Cow<'a, str>, BadKey>,
    pub value: &'a YNode,
}

/// Calls `f` with a mapping's entries in the order go-yaml sets them: merged mappings spliced
/// in where their `<<` stands (the earlier of a merged sequence last). An entry replaces any
/// earlier one with the same key.
pub(crate) fn for_each_entry<'a>(
    pairs: &'a [(Rc<YNode>, Rc<YNode>)],
    f: &mut dyn FnMut(Entry<'a>),
) -> Result<(), ReadError> {
    for (k, v) in pairs {
        if is_merge_key(k) {
            match v.as_ref() {
                YNode::Map(merged) => for_each_entry(merged, f)?,
                YNode::Seq(items) => {
                    for item in items.iter().rev() {
                        if let YNode::Map(merged) = item.as_ref() {
                            for_each_entry(merged, f)?;
                        }
                    }
                }
                YNode::Scalar { .. } => {}
            }
            continue;
        }
        // Collection keys are go-yaml's error (see `decode_pass`).
        if let Some(key) = node_scalar(k) {
            f(Entry {
                key: json_key(key?),
                value: v,
            });
        }
    }
    Ok(())
}

/// The entries a mapping decodes to, in the order they were set, each key's last only. Keys
/// Go tells apart but that convert to the same text (`1` and `"1"`) are kept in random order
/// by Go: here the last wins too. `-0.0` and `0.0` are one key to Go (the last text stays).
pub(crate) fn entries(pairs: &[(Rc<YNode>, Rc<YNode>)]) -> Result<Vec<Entry<'_>>, ReadError> {
    let mut all = Vec::with_capacity(pairs.len());
    for_each_entry(pairs, &mut |entry| all.push(entry))?;
    let mut seen = foldhash::HashSet::default();
    let mut kept: Vec<Entry<'_>> = all
        .into_iter()
        .rev()
        .filter(|e| match &e.key {
            Ok(name) if name == "-0" => seen.insert(Ok(Cow::Borrowed("0"))),
            Ok(name) => seen.insert(Ok(name.clone())),
            Err(bad) => seen.insert(Err(bad.clone())),
        })
        .collect();
    kept.reverse();
    Ok(kept)
}

/// A node as Go sees it after YAML → JSON → `interface{}`.
fn to_value(node: &YNode) -> Result<Value, ReadError> {
    check_json(node, Target::Any)?;
    build_value(node)
}

/// The value of a checked node.
fn build_value(node: &YNode) -> Result<Value, ReadError> {
    Ok(match node {
        YNode::Scalar { value, plain, tag } => {
            match go_scalar(value, *plain, tag.as_deref()).map_err(ReadError::plain)? {
                GoScalar::Null => Value::Nil,
                GoScalar::Bool(b) => Value::Bool(b),
                GoScalar::Int(i) => Value::Float(i as f64),
                GoScalar::Uint(u) => Value::Float(u as f64),
                GoScalar::Float(f) => Value::Float(f),
                GoScalar::Str(s) => Value::str(&s),
            }
        }
        YNode::Seq(items) => Value::list(
            items
                .iter()
                .map(|i| build_value(i))
                .collect::<Result<_, _>>()?,
        ),
        YNode::Map(pairs) => {
            let mut m = Map::new();
            let set = |m: &mut Map, key: Result<Cow<str>, BadKey>, v: &YNode| {
                let key = key.map_err(|bad| bad_key_error(&bad, v))?;
                m.insert(key.into_owned(), build_value(v)?);
                Ok::<_, ReadError>(())
            };
            if pairs.iter().any(|(k, _)| is_merge_key(k)) {
                for entry in entries(pairs)? {
                    set(&mut m, entry.key, entry.value)?;
                }
            } else {
                // Filled from the end, so that a repeated key's earlier values are never built.
                for (k, v) in pairs.iter().rev() {
                    let Some(key) = node_scalar(k) else { continue };
                    let key = json_key(key?);
                    let set_later = |name: &str| match name {
                        "0" | "-0" => m.contains_key("0") || m.contains_key("-0"),
                        _ => m.contains_key(name),
                    };
                    if matches!(&key, Ok(name) if set_later(name)) {
                        continue;
                    }
                    set(&mut m, key, v)?;
                }
            }
            Value::map(m)
        }
    })
}

#[cfg(test)]
mod tests;

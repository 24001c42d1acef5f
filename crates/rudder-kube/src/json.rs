//! JSON values for the validator: manifests read as kubeconform reads them (YAML to JSON, every
//! number a float64), and the schema rewrites the bundled and CRD schemas need.

use std::collections::BTreeMap;

use rudder_gotmpl::Value as Doc;
use rudder_jsonschema::{Number, Value};

/// A document read from YAML or JSON as the JSON value the validator checks.
pub fn from_doc(v: &Doc) -> Value {
    match v {
        Doc::Nil | Doc::Complex(..) | Doc::Object(_) => Value::Null,
        Doc::Bool(b) => Value::Bool(*b),
        Doc::Int(i) | Doc::Int64(i) => Value::Number(Number::from_i64(*i)),
        Doc::Uint64(u) => Value::Number(Number::from_u64(*u)),
        Doc::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Doc::String(s) => Value::String(s.to_string()),
        Doc::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
        Doc::List(l) => Value::Array(l.items.iter().map(from_doc).collect()),
        Doc::Map(m) => Value::Object(
            m.borrow()
                .iter()
                .map(|(k, v)| (k.clone(), from_doc(v)))
                .collect(),
        ),
    }
}

/// A string field of an object.
pub fn str_at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

/// The `$defs` names that `$ref`s of the form `...#/$defs/NAME` in `v` point to.
pub fn definition_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => {
                        if let Some((_, name)) = r.split_once("#/$defs/") {
                            out.push(name.to_string());
                        }
                    }
                    _ => definition_refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| definition_refs(x, out)),
        _ => {}
    }
}

/// kubernetes-validate's strict schemas, derived from the lax ones: `additionalProperties:
/// false` wherever `properties` is and `additionalProperties` is not (checked against every
/// strict file of the package), and at the root of a per-kind schema.
pub fn strict(v: &mut Value, root: bool) {
    match v {
        Value::Object(o) => {
            let add =
                (root || o.contains_key("properties")) && !o.contains_key("additionalProperties");
            for x in o.values_mut() {
                strict(x, false);
            }
            if add {
                o.insert("additionalProperties".into(), Value::Bool(false));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| strict(x, false)),
        _ => {}
    }
}

/// An object from string keys and values.
pub fn object(entries: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Value {
        rudder_jsonschema::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn strict_closes_objects_with_properties_and_the_root() {
        let mut v = parse(
            r#"{"properties":{"a":{"type":"object"},"b":{"properties":{}},"c":{"properties":{},"additionalProperties":true}}}"#,
        );
        strict(&mut v, true);
        assert_eq!(
            v,
            parse(
                r#"{"additionalProperties":false,"properties":{"a":{"type":"object"},"b":{"properties":{},"additionalProperties":false},"c":{"properties":{},"additionalProperties":true}}}"#
            )
        );
        let mut leaf = parse(r#"{"type":"object"}"#);
        strict(&mut leaf, true);
        assert_eq!(
            leaf,
            parse(r#"{"type":"object","additionalProperties":false}"#)
        );
    }

    #[test]
    fn refs_to_definitions() {
        let mut out = Vec::new();
        definition_refs(
            &parse(
                r##"{"properties":{"a":{"$ref":"/api/_definitions.json#/$defs/x.Y"},"b":{"items":{"$ref":"#/$defs/z"}}}}"##,
            ),
            &mut out,
        );
        assert_eq!(out, ["x.Y", "z"]);
    }
}

//! kyaml's JSON form of a lone resource whose path annotation names a `.json` file
//! (`ByteWriter.Write` through `RNode.MarshalJSON`): the resource written as YAML, that text
//! decoded by yaml.v3 into a `map[string]interface{}`, and that encoded by encoding/json's
//! `Encoder` indented by two spaces (so a line break ends it).
//!
//! The YAML round trip matters: a plain scalar the emitter has to quote (a timestamp with
//! `:` in a flow sequence) reads back as a string.

use std::cmp::Ordering;
use std::rc::Rc;

use rudder_gotmpl::fmt::go_syntax_elem;
use rudder_gotmpl::{Object, Value};

use super::v3::{decode_first, decode_string_map, Encoder, GoValue, Node};

/// The stack the decoding and encoding run on, both recursive: documents nest 10,000 levels
/// (the parser's limit) and aliases can deepen them up to the decoder's limit.
const STACK: usize = 512 << 20;

/// The JSON text of `resource` (a document), or the error helm reports after its wrapping.
pub fn write_json(resource: &Node) -> Result<String, String> {
    rudder_gotmpl::stack::on_new_stack(STACK, || marshal(resource))
}

fn marshal(resource: &Node) -> Result<String, String> {
    let mut encoder = Encoder::default();
    let decoded = encoder.encode(resource, true).and_then(|()| {
        let text = encoder.finish();
        match decode_first(&text)? {
            Some(document) => decode_string_map(&document, &|key| go_syntax(key)),
            None => Ok(GoValue::StrMap(Default::default())),
        }
    });
    let json = decoded.and_then(|value| crate::to_pretty_json(&to_value(value)));
    match json {
        Ok(json) => Ok(json + "\n"),
        Err(e) => Err(format!(
            "json: error calling MarshalJSON for type *yaml.RNode: {e}"
        )),
    }
}

/// Go's `%#v` of a map or slice key (yaml.v3's "invalid map key").
fn go_syntax(key: &GoValue) -> String {
    rudder_gotmpl::fmt::sprintf("%#v", &[to_value(key.clone())])
}

/// The value as encoding/json sees it: a time as its `MarshalJSON` text, a
/// `map[interface{}]interface{}` as the type it refuses.
fn to_value(v: GoValue) -> Value {
    match v {
        GoValue::Nil => Value::Nil,
        GoValue::Bool(b) => Value::Bool(b),
        GoValue::Int(i) => Value::Int(i),
        GoValue::Uint(u) => Value::Uint64(u),
        GoValue::Float(f) => Value::Float(f),
        GoValue::Str(s) => Value::string(s),
        GoValue::Time(t) => match t.rfc3339() {
            Ok(text) => Value::string(text),
            Err(e) => Value::Object(Rc::new(Unencodable {
                type_name: "time.Time",
                error: format!("json: error calling MarshalJSON for type time.Time: {e}"),
                entries: Vec::new(),
            })),
        },
        GoValue::List(items) => Value::list(items.into_iter().map(to_value).collect()),
        GoValue::StrMap(m) => Value::map(m.into_iter().map(|(k, v)| (k, to_value(v))).collect()),
        GoValue::AnyMap(entries) => Value::Object(Rc::new(Unencodable {
            type_name: "map[interface {}]interface {}",
            error: "json: unsupported type: map[interface {}]interface {}".to_string(),
            entries: entries
                .into_iter()
                .map(|(k, v)| (to_value(k), to_value(v)))
                .collect(),
        })),
    }
}

/// A value encoding/json refuses, with its error; a map's entries for its `%#v`.
#[derive(Debug)]
struct Unencodable {
    type_name: &'static str,
    error: String,
    entries: Vec<(Value, Value)>,
}

/// fmt's order of two keys of a `map[interface{}]interface{}`: nil first, then by value
/// among keys of one type (Go orders keys of different types by their type's address, which
/// no run fixes; they keep their order here).
fn key_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Nil, Value::Nil) => Ordering::Equal,
        (Value::Nil, _) => Ordering::Less,
        (_, Value::Nil) => Ordering::Greater,
        (Value::Int(a), Value::Int(b)) => a.cmp(b),
        (Value::Uint64(a), Value::Uint64(b)) => a.cmp(b),
        (Value::Float(a), Value::Float(b)) => match (a.is_nan(), b.is_nan()) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
        },
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::String(a), Value::String(b)) => {
            rudder_gotmpl::gostr::to_bytes(a).cmp(&rudder_gotmpl::gostr::to_bytes(b))
        }
        _ => Ordering::Equal,
    }
}

impl Object for Unencodable {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn format_v(&self) -> String {
        self.type_name.to_string()
    }

    fn go_syntax(&self) -> String {
        let mut entries: Vec<&(Value, Value)> = self.entries.iter().collect();
        entries.sort_by(|a, b| key_order(&a.0, &b.0));
        let items: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}:{}", go_syntax_elem(k), go_syntax_elem(v)))
            .collect();
        format!("{}{{{}}}", self.type_name, items.join(", "))
    }

    fn json_error(&self) -> Option<String> {
        Some(self.error.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Result<String, String> {
        write_json(&decode_first(text).unwrap().unwrap())
    }

    #[test]
    fn sorted_indented_html_escaped() {
        assert_eq!(
            json("b: [1, 1.0, 1e21, '<&>']\na: {}\nc: 2001-12-14\n").unwrap(),
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    1,\n    1e+21,\n    \"\\u003c\\u0026\\u003e\"\n  ],\n  \"c\": \"2001-12-14T00:00:00Z\"\n}\n"
        );
    }

    #[test]
    fn a_flow_timestamp_comes_back_a_string() {
        assert_eq!(
            json("t: [2001-12-14T21:59:43.10+05:60]\n").unwrap(),
            "{\n  \"t\": [\n    \"2001-12-14T21:59:43.10+05:60\"\n  ]\n}\n"
        );
    }

    #[test]
    fn errors_as_kyaml_wraps_them() {
        let wrapped = |e: &str| {
            Err(format!(
                "json: error calling MarshalJSON for type *yaml.RNode: {e}"
            ))
        };
        assert_eq!(
            json("a: {1: x}\nb: .inf\n"),
            wrapped("json: unsupported type: map[interface {}]interface {}")
        );
        assert_eq!(
            json("a: .inf\nb: {1: x}\n"),
            wrapped("json: unsupported value: +Inf")
        );
        assert_eq!(
            json("t: 2001-12-14T21:59:43+24:00\n"),
            wrapped("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: timezone hour outside of range [0,23]")
        );
        assert_eq!(
            json("m:\n  ? {a: b}\n  : c\n"),
            wrapped("yaml: invalid map key: map[string]interface {}{\"a\":\"b\"}")
        );
        assert_eq!(
            json("m:\n  ? [{1: a, 0: b}, ~]\n  : c\n"),
            wrapped("yaml: invalid map key: []interface {}{map[interface {}]interface {}{0:\"b\", 1:\"a\"}, interface {}(nil)}")
        );
    }

    #[test]
    fn aliases_cannot_deepen_a_document_without_bound() {
        let level = 10_000;
        let mut text = format!("a0: &a0 {}{}\n", "[".repeat(level), "]".repeat(level));
        for i in 1..12 {
            let nested = format!("{}*a{}{}", "[".repeat(level), i - 1, "]".repeat(level));
            text.push_str(&format!("a{i}: &a{i} {nested}\n"));
        }
        let e = json(&text).unwrap_err();
        assert!(e.ends_with("yaml: exceeded max depth of 100000"), "{e}");
    }

    #[test]
    fn deep_documents_do_not_overflow() {
        let depth = 10_000;
        let text = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        assert!(json(&text).unwrap().len() > depth);
    }
}

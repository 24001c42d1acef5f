//! What each `@schema` keyword means. Standard JSON Schema keywords go into the key's schema
//! as written; the tools' own ones are understood:
//!
//! - `required: true` (both tools) puts the key in its parent's `required`; dadav's list
//!   form (`required: [a, b]`) is the object's own `required`;
//! - `hidden` drops the key from the schema, `skipProperties` its `properties`,
//!   `mergeProperties` merges its properties into `additionalProperties`, `nullable` adds
//!   `null` to its type (losisin's);
//! - `item`, `itemEnum`, `itemPattern`, `itemRef`, `itemRequired`, `itemProperties` set the
//!   keyword (`type`, `enum`, ...) of the list's `items` (losisin's).
//!
//! A keyword given twice for one key (in either syntax, or one in each), a keyword neither
//! tool knows, or a value of the wrong shape is an error at the line it was written on: an
//! annotation that silently does nothing would let a chart think it is validated.

use std::collections::HashMap;

use super::annotation::{Entry, Problem, Written};
use crate::json::Json;
use crate::tree;

/// The JSON types a `type` may name.
const TYPES: [&str; 7] = [
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// A key's annotations, understood.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Keywords {
    /// Schema keywords in the order written.
    pub schema: Vec<(String, Json)>,
    /// Keywords of the list's `items`, in the order written.
    pub items: Vec<(String, Json)>,
    pub required_by_parent: bool,
    pub hidden: bool,
    pub skip_properties: bool,
    pub merge_properties: bool,
    pub nullable: bool,
}

impl Keywords {
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.schema.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// How a keyword's value is read and checked.
#[derive(Clone, Copy)]
enum Shape {
    /// One of [`TYPES`] or a list of them.
    Types,
    /// `true`/`false` (inline: an empty value is `true`).
    Flag,
    /// Text as written.
    Text,
    Number,
    /// A non-negative integer.
    Count,
    /// A list (inline: YAML `[...]` or comma-separated items).
    List,
    /// A list of key names.
    Names,
    /// A schema: an object or a boolean (inline: an empty value is `true`).
    Schema,
    /// An object (a map of schemas, or of lists of names).
    Object,
    /// A list of schemas.
    Schemas,
    /// `true`/`false` or a list of key names (`required`).
    FlagOrNames,
    /// Any value.
    Any,
}

/// The place a keyword's value goes.
#[derive(Clone, Copy)]
enum Target {
    Schema,
    Items(&'static str),
    Required,
    Hidden,
    SkipProperties,
    MergeProperties,
    Nullable,
}

fn known(key: &str) -> Option<(Shape, Target)> {
    use Shape::*;
    let schema = |shape| Some((shape, Target::Schema));
    match key {
        "type" => schema(Types),
        "title" | "description" | "pattern" | "format" | "$ref" | "$id" | "$comment"
        | "$anchor" | "contentEncoding" | "contentMediaType" => schema(Text),
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            schema(Number)
        }
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties"
        | "minContains" | "maxContains" => schema(Count),
        "uniqueItems" | "readOnly" | "writeOnly" | "deprecated" => schema(Flag),
        "enum" | "examples" => schema(List),
        "additionalProperties"
        | "unevaluatedProperties"
        | "items"
        | "contains"
        | "propertyNames"
        | "not"
        | "if"
        | "then"
        | "else"
        | "additionalItems"
        | "unevaluatedItems" => schema(Schema),
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
        | "dependentRequired" | "dependencies" => schema(Object),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => schema(Schemas),
        "default" | "const" => schema(Any),
        "required" => Some((FlagOrNames, Target::Required)),
        "hidden" => Some((Flag, Target::Hidden)),
        "skipProperties" => Some((Flag, Target::SkipProperties)),
        "mergeProperties" => Some((Flag, Target::MergeProperties)),
        "nullable" => Some((Flag, Target::Nullable)),
        "item" => Some((Types, Target::Items("type"))),
        "itemEnum" => Some((List, Target::Items("enum"))),
        "itemPattern" => Some((Text, Target::Items("pattern"))),
        "itemRef" => Some((Text, Target::Items("$ref"))),
        "itemRequired" => Some((Names, Target::Items("required"))),
        "itemProperties" => Some((Object, Target::Items("properties"))),
        k if k.starts_with("x-") => schema(Any),
        _ => None,
    }
}

/// Reads an inline value as YAML (`{a: 1}`, `[x]`, `10`).
fn yaml(text: &str) -> Result<Json, String> {
    match tree::parse(text) {
        Ok(Some(node)) => Ok(crate::rows::to_json(&node)),
        Ok(None) => Err("missing value".into()),
        Err(e) => Err(format!("{text:?} is not YAML: {e}")),
    }
}

/// A YAML scalar read back as the text it was (`null`, `1`, `true`), for lists of names.
fn as_name(item: Json) -> Json {
    match item {
        Json::Null => Json::Str("null".into()),
        Json::Bool(b) => Json::Str(b.to_string()),
        Json::Int(i) => Json::Str(i.to_string()),
        Json::Float(f) => Json::Str(rudder_gotmpl::fmt::format_float_v(f)),
        other => other,
    }
}

/// losisin's lists: YAML when the text starts with `[`, else comma-separated items
/// (`null` is null, quotes are removed); with `names` every item is text.
fn inline_list(text: &str, names: bool) -> Result<Json, String> {
    if text.starts_with('[') {
        match yaml(text) {
            Ok(Json::List(items)) if names => {
                return Ok(Json::List(items.into_iter().map(as_name).collect()))
            }
            Ok(list @ Json::List(_)) => return Ok(list),
            _ => {}
        }
    }
    let body = text
        .strip_prefix('[')
        .map_or(text, |t| t.trim_end_matches(']'));
    let items = body
        .split(',')
        .map(|item| match item.trim() {
            "null" if !names => Json::Null,
            item => Json::Str(item.trim_matches('"').to_string()),
        })
        .collect();
    Ok(Json::List(items))
}

/// The value as written, read for its shape.
fn read(shape: Shape, written: &Written) -> Result<Json, String> {
    let text = match written {
        Written::Block(value) => return Ok(value.clone()),
        Written::Inline(text) => text.as_str(),
    };
    match shape {
        Shape::Text => Ok(Json::Str(text.to_string())),
        Shape::Flag | Shape::Schema | Shape::FlagOrNames if text.is_empty() => Ok(Json::Bool(true)),
        Shape::FlagOrNames if text != "true" && text != "false" => inline_list(text, true),
        Shape::Types | Shape::Names => inline_list(text, true).map(|list| match list {
            Json::List(mut one) if one.len() == 1 && matches!(shape, Shape::Types) => one.remove(0),
            other => other,
        }),
        Shape::List => inline_list(text, false),
        _ => yaml(text),
    }
}

/// dadav's blocks are YAML, where `type: null` is a null, not the name `"null"`: in a
/// schema-valued keyword, a `type` naming null (alone or in a list) is read as the name.
/// Data keywords (`default`, `const`, `enum`, `examples`) are left as written.
fn null_type_names(value: Json) -> Json {
    let name = |t: Json| match t {
        Json::Null => Json::Str("null".into()),
        other => other,
    };
    match value {
        Json::Object(entries) => Json::Object(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "type" => match v {
                            Json::List(items) => Json::List(items.into_iter().map(name).collect()),
                            one => name(one),
                        },
                        "default" | "const" | "enum" | "examples" => v,
                        _ => null_type_names(v),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Json::List(items) => Json::List(items.into_iter().map(null_type_names).collect()),
        other => other,
    }
}

/// The value of a one-entry object.
fn unwrap_one(object: Json) -> Json {
    match object {
        Json::Object(mut one) if one.len() == 1 => one.remove(0).1,
        other => other,
    }
}

/// Checks a value against its shape.
fn check(shape: Shape, value: &Json) -> Result<(), String> {
    let names = |items: &[Json]| items.iter().all(|i| matches!(i, Json::Str(_)));
    let ok = match (shape, value) {
        (Shape::Types, Json::Str(t)) => TYPES.contains(&t.as_str()),
        (Shape::Types, Json::List(items)) => items
            .iter()
            .all(|i| matches!(i, Json::Str(t) if TYPES.contains(&t.as_str()))),
        (Shape::Flag, Json::Bool(_)) => true,
        (Shape::Text, Json::Str(_)) => true,
        (Shape::Number, Json::Int(_) | Json::Float(_)) => true,
        (Shape::Count, Json::Int(n)) => *n >= 0,
        (Shape::List, Json::List(_)) => true,
        (Shape::Names | Shape::FlagOrNames, Json::List(items)) => names(items),
        (Shape::FlagOrNames, Json::Bool(_)) => true,
        (Shape::Schema, Json::Bool(_) | Json::Object(_)) => true,
        (Shape::Object, Json::Object(_)) => true,
        (Shape::Schemas, Json::List(items)) => items
            .iter()
            .all(|i| matches!(i, Json::Bool(_) | Json::Object(_))),
        (Shape::Any, _) => true,
        _ => false,
    };
    if ok {
        return Ok(());
    }
    Err(match shape {
        Shape::Types => format!("must be one of {} or a list of them", TYPES.join(", ")),
        Shape::Flag => "must be true or false".into(),
        Shape::Text => "must be a string".into(),
        Shape::Number => "must be a number".into(),
        Shape::Count => "must be a non-negative integer".into(),
        Shape::List => "must be a list".into(),
        Shape::Names => "must be a list of key names".into(),
        Shape::Schema => "must be a schema (an object) or true/false".into(),
        Shape::Object => "must be an object".into(),
        Shape::Schemas => "must be a list of schemas".into(),
        Shape::FlagOrNames => "must be true, false or a list of key names".into(),
        Shape::Any => String::new(),
    })
}

/// Understands a key's entries (see the module's doc for the rules).
pub fn interpret(entries: &[Entry]) -> Result<Keywords, Problem> {
    let mut out = Keywords::default();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        let key = entry.key.as_str();
        let fail = |message: String| Problem::new(entry.line, message);
        if let Some(first) = seen.insert(key, entry.line) {
            return Err(fail(format!(
                "@schema keyword {key:?} is given twice for this key (lines {first} and {})",
                entry.line
            )));
        }
        let Some((shape, target)) = known(key) else {
            return Err(fail(format!("unknown @schema keyword {key:?}")));
        };
        let value = read(shape, &entry.written).map_err(|e| fail(format!("{key}: {e}")))?;
        let value = match shape {
            // The keyword's own value goes through as a `type` key's, or a schema's would.
            Shape::Types => unwrap_one(null_type_names(Json::Object(vec![("type".into(), value)]))),
            Shape::Schema | Shape::Schemas | Shape::Object => null_type_names(value),
            _ => value,
        };
        check(shape, &value).map_err(|e| fail(format!("{key}: {e}")))?;
        // losisin's tool leaves out `default: null` written inline (its Go field is empty).
        if key == "default" && value == Json::Null && matches!(entry.written, Written::Inline(_)) {
            continue;
        }
        let flag = matches!(value, Json::Bool(true));
        match target {
            Target::Schema => out.schema.push((key.to_string(), value)),
            Target::Items(name) => out.items.push((name.to_string(), value)),
            Target::Required => match value {
                Json::Bool(b) => out.required_by_parent = b,
                list => out.schema.push(("required".into(), list)),
            },
            Target::Hidden => out.hidden = flag,
            Target::SkipProperties => out.skip_properties = flag,
            Target::MergeProperties => out.merge_properties = flag,
            Target::Nullable => out.nullable = flag,
        }
    }
    if let Some(item) = out.items.first() {
        if out.get("items").is_some() {
            let line = entries
                .iter()
                .find(|e| e.key.starts_with("item"))
                .map_or(0, |e| e.line);
            return Err(Problem::new(
                line,
                format!(
                    "items and {} both describe the list's items: use one",
                    item.0
                ),
            ));
        }
    }
    if out.merge_properties && out.get("additionalProperties").is_some() {
        let line = entries
            .iter()
            .find(|e| e.key == "mergeProperties")
            .map_or(0, |e| e.line);
        return Err(Problem::new(
            line,
            "mergeProperties and additionalProperties both set additionalProperties: use one",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(key: &str, value: &str) -> Entry {
        Entry {
            key: key.into(),
            written: Written::Inline(value.into()),
            line: 3,
        }
    }

    #[test]
    fn inline_values_are_read_by_keyword() {
        let k = interpret(&[
            inline("type", "[integer, null]"),
            inline("enum", "a, \"b\", null"),
            inline("pattern", "^[a-z]+:x$"),
            inline("minimum", "1.5"),
            inline("required", ""),
            inline("item", "string"),
            inline("additionalProperties", "{type: string}"),
        ])
        .unwrap();
        let s = |v: &str| Json::Str(v.into());
        assert_eq!(
            k.schema,
            [
                ("type".into(), Json::List(vec![s("integer"), s("null")])),
                ("enum".into(), Json::List(vec![s("a"), s("b"), Json::Null])),
                ("pattern".into(), s("^[a-z]+:x$")),
                ("minimum".into(), Json::Float(1.5)),
                (
                    "additionalProperties".into(),
                    Json::Object(vec![("type".into(), s("string"))])
                ),
            ]
        );
        assert!(k.required_by_parent);
        assert_eq!(k.items, [("type".into(), s("string"))]);
    }

    #[test]
    fn yaml_null_types_name_null() {
        let block = |key: &str, value: Json| Entry {
            key: key.into(),
            written: Written::Block(value),
            line: 1,
        };
        let s = |v: &str| Json::Str(v.into());
        let any_of = Json::List(vec![
            Json::Object(vec![("type".into(), Json::Null)]),
            Json::Object(vec![(
                "default".into(),
                Json::Object(vec![("type".into(), Json::Null)]),
            )]),
        ]);
        let k = interpret(&[
            block("type", Json::List(vec![s("string"), Json::Null])),
            block("anyOf", any_of),
        ])
        .unwrap();
        assert_eq!(k.schema[0].1, Json::List(vec![s("string"), s("null")]));
        assert_eq!(
            k.schema[1].1,
            Json::List(vec![
                Json::Object(vec![("type".into(), s("null"))]),
                Json::Object(vec![(
                    "default".into(),
                    Json::Object(vec![("type".into(), Json::Null)])
                )]),
            ])
        );
    }

    #[test]
    fn twice_unknown_and_misshapen_keywords_are_errors() {
        let twice = interpret(&[inline("type", "string"), inline("type", "integer")]);
        assert!(twice.unwrap_err().message.contains("given twice"));
        let unknown = interpret(&[inline("maximun", "3")]).unwrap_err();
        assert_eq!(unknown.message, "unknown @schema keyword \"maximun\"");
        let bad = interpret(&[inline("type", "str")]).unwrap_err();
        assert!(bad.message.starts_with("type: must be one of"));
        let negative = interpret(&[inline("maxLength", "-1")]).unwrap_err();
        assert_eq!(
            negative.message,
            "maxLength: must be a non-negative integer"
        );
    }
}

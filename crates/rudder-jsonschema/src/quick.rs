//! A fast, conservative meta-schema check: `true` only for schemas that every meta-schema
//! keyword rule surely accepts. Typical chart schemas pass it, so their compile needs no
//! meta-schema at all; anything it is unsure of goes through full meta-validation, which alone
//! decides (and words) failures.

use crate::draft::Draft;
use crate::json::Value;
use crate::schema::Registry;

/// Deeper schemas are left to the full check.
const MAX_DEPTH: usize = 64;

pub fn surely_valid(reg: &Registry, v: &Value, draft: Draft) -> bool {
    Check { reg, draft }.schema(v, 0, true)
}

struct Check<'r> {
    reg: &'r Registry,
    draft: Draft,
}

fn non_negative_integer(v: &Value) -> bool {
    matches!(v, Value::Number(n) if n.is_integer() && *n >= crate::number::Number::from_i64(0))
}

fn unique(items: &[Value]) -> bool {
    items
        .iter()
        .enumerate()
        .all(|(i, a)| items[..i].iter().all(|b| !a.equals(b)))
}

fn unique_strings(v: &Value) -> bool {
    matches!(v, Value::Array(a) if a.iter().all(|s| matches!(s, Value::String(_))) && unique(a))
}

/// A `uri-reference` Go's `url.Parse` surely accepts.
fn plain_reference(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#@!$&'()*+,;=".contains(&b))
        && crate::url::go_parse_error(s).is_none()
}

/// An anchor name every draft's pattern accepts.
fn plain_anchor(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || b"-._".contains(&c))
}

impl Check<'_> {
    fn schema(&self, v: &Value, depth: usize, root: bool) -> bool {
        let obj = match v {
            Value::Bool(_) => return self.draft >= Draft::D6,
            Value::Object(o) => o,
            _ => return false,
        };
        if depth > MAX_DEPTH {
            return false;
        }
        let d = depth + 1;
        let schemas = |v: &Value| match v {
            Value::Array(a) => !a.is_empty() && a.iter().all(|s| self.schema(s, d, false)),
            _ => false,
        };
        let schema_map = |v: &Value| match v {
            Value::Object(m) => m.values().all(|s| self.schema(s, d, false)),
            _ => false,
        };
        let d4 = self.draft == Draft::D4;
        obj.iter().all(|(k, val)| match k.as_str() {
            "type" => match val {
                Value::String(s) => is_type(s),
                Value::Array(a) => {
                    !a.is_empty() && unique(a) && a.iter().all(|t| t.as_str().is_some_and(is_type))
                }
                _ => false,
            },
            "properties" | "definitions" | "$defs" | "dependentSchemas" => schema_map(val),
            "patternProperties" => {
                schema_map(val)
                    && val
                        .as_object()
                        .is_some_and(|m| m.keys().all(|p| self.reg.regex(p).is_ok()))
            }
            "required" => {
                unique_strings(val) && !(d4 && matches!(val, Value::Array(a) if a.is_empty()))
            }
            "enum" => matches!(val, Value::Array(a) if !a.is_empty() && unique(a)),
            "const" | "default" => true,
            "items" => match val {
                Value::Array(_) => self.draft < Draft::D2020 && schemas(val),
                _ => self.schema(val, d, false),
            },
            "prefixItems" => schemas(val),
            // Draft 4 has no boolean schemas but allows booleans here.
            "additionalProperties" | "additionalItems" if d4 && matches!(val, Value::Bool(_)) => {
                true
            }
            "additionalProperties"
            | "additionalItems"
            | "not"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "contentSchema" => self.schema(val, d, false),
            "allOf" | "anyOf" | "oneOf" => schemas(val),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" | "minContains" | "maxContains" => non_negative_integer(val),
            "minimum" | "maximum" => matches!(val, Value::Number(_)),
            "exclusiveMinimum" | "exclusiveMaximum" if d4 => {
                let bound = if k == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                matches!(val, Value::Bool(_)) && obj.contains_key(bound)
            }
            "exclusiveMinimum" | "exclusiveMaximum" => matches!(val, Value::Number(_)),
            "multipleOf" => {
                matches!(val, Value::Number(n) if *n > crate::number::Number::from_i64(0))
            }
            "uniqueItems" | "readOnly" | "writeOnly" | "deprecated" => {
                matches!(val, Value::Bool(_))
            }
            "pattern" => val.as_str().is_some_and(|p| self.reg.regex(p).is_ok()),
            "format" | "title" | "description" | "$comment" | "contentEncoding"
            | "contentMediaType" => matches!(val, Value::String(_)),
            "examples" => matches!(val, Value::Array(_)),
            "dependencies" => match val {
                Value::Object(m) => m.values().all(|dep| match dep {
                    // Draft 4's string arrays need an item.
                    Value::Array(a) => unique_strings(dep) && !(d4 && a.is_empty()),
                    _ => self.schema(dep, d, false),
                }),
                _ => false,
            },
            "dependentRequired" => match val {
                Value::Object(m) => m.values().all(unique_strings),
                _ => false,
            },
            "$ref" => val.as_str().is_some_and(plain_reference),
            // Only the root may name its draft (it chose `self.draft`).
            "$schema" => root && val.as_str().and_then(Draft::from_url).is_some(),
            // Ids: a reference with no fragment (an empty one is allowed).
            "$id" => val.as_str().is_some_and(|id| {
                plain_reference(id) && id.find('#').is_none_or(|i| i == id.len() - 1)
            }),
            "id" => !d4 || matches!(val, Value::String(_)),
            "$anchor" | "$dynamicAnchor" => val.as_str().is_some_and(plain_anchor),
            "$dynamicRef" | "$recursiveRef" => val.as_str().is_some_and(plain_reference),
            "$recursiveAnchor" => matches!(val, Value::Bool(_)),
            "$vocabulary" => false,
            // Any other keyword is unconstrained by every meta-schema.
            _ => true,
        })
    }
}

fn is_type(s: &str) -> bool {
    matches!(
        s,
        "array" | "boolean" | "integer" | "null" | "number" | "object" | "string"
    )
}

//! `values.schema.json` validation with helm 4's messages (santhosh-tekuri/jsonschema's
//! wording): every chart is checked against its own values section.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use rudder_gotmpl::{fmt, Value};
use serde_json::Value as Json;

use crate::{Chart, ChartError};

/// A template value as JSON (floats that are whole numbers become JSON integers, as Go's
/// JSON encoding prints them).
pub fn to_json(v: &Value) -> Json {
    match v {
        // Values come from YAML and flags, which have no complex numbers.
        Value::Nil | Value::Complex(..) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) | Value::Int64(i) => Json::from(*i),
        Value::Uint64(u) => Json::from(*u),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                Json::from(*f as i64)
            } else {
                serde_json::Number::from_f64(*f)
                    .map(Json::Number)
                    .unwrap_or(Json::Null)
            }
        }
        Value::String(s) => Json::String(s.to_string()),
        Value::Bytes(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Value::List(l) => Json::Array(l.items.iter().map(to_json).collect()),
        Value::Map(m) => Json::Object(
            m.borrow()
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
        Value::Object(o) => o.to_plain().map(|p| to_json(&p)).unwrap_or(Json::Null),
    }
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn num(v: &Json) -> String {
    match v {
        Json::Number(n) => n
            .as_i64()
            .map(|i| i.to_string())
            .unwrap_or_else(|| n.as_f64().map(fmt::format_float_v).unwrap_or_default()),
        other => other.to_string(),
    }
}

fn quoted(v: &Json) -> String {
    match v {
        Json::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

fn type_name(t: &jsonschema::JsonType) -> String {
    format!("{t}")
}

/// One error line as santhosh-tekuri words it.
fn message(kind: &ValidationErrorKind, instance: &Json) -> String {
    let len = |v: &Json| match v {
        Json::String(s) => s.chars().count(),
        Json::Array(a) => a.len(),
        Json::Object(o) => o.len(),
        _ => 0,
    };
    match kind {
        ValidationErrorKind::Type { kind } => {
            let want = match kind {
                TypeKind::Single(t) => type_name(t),
                TypeKind::Multiple(ts) => ts
                    .iter()
                    .map(|t| type_name(&t))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("got {}, want {want}", json_kind(instance))
        }
        ValidationErrorKind::Required { property } => {
            format!("missing property {}", quoted(property))
        }
        ValidationErrorKind::MinLength { limit } => {
            format!("minLength: got {}, want {limit}", len(instance))
        }
        ValidationErrorKind::MaxLength { limit } => {
            format!("maxLength: got {}, want {limit}", len(instance))
        }
        ValidationErrorKind::MinItems { limit } => {
            format!("minItems: got {}, want {limit}", len(instance))
        }
        ValidationErrorKind::MaxItems { limit } => {
            format!("maxItems: got {}, want {limit}", len(instance))
        }
        ValidationErrorKind::MinProperties { limit } => {
            format!("minProperties: got {}, want {limit}", len(instance))
        }
        ValidationErrorKind::MaxProperties { limit } => {
            format!("maxProperties: got {}, want {limit}", len(instance))
        }
        ValidationErrorKind::Minimum { limit } => {
            format!("minimum: got {}, want {}", num(instance), num(limit))
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("maximum: got {}, want {}", num(instance), num(limit))
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => format!(
            "exclusiveMinimum: got {}, want {}",
            num(instance),
            num(limit)
        ),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!(
            "exclusiveMaximum: got {}, want {}",
            num(instance),
            num(limit)
        ),
        ValidationErrorKind::MultipleOf { multiple_of, .. } => {
            format!(
                "multipleOf: got {}, want {}",
                num(instance),
                num(&serde_json::json!(multiple_of))
            )
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!("{} does not match pattern '{pattern}'", quoted(instance))
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(quoted).collect())
                .unwrap_or_default();
            format!("value must be one of {}", opts.join(", "))
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!("value must be {}", quoted(expected_value))
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let names: Vec<String> = unexpected.iter().map(|u| format!("'{u}'")).collect();
            format!("additional properties {} not allowed", names.join(", "))
        }
        other => format!("{other:?}"),
    }
}

/// Validates the chart tree's coalesced `values`; the error is helm's report.
pub fn validate(chart: &Chart, values: &Value) -> Result<(), ChartError> {
    let mut report = String::new();
    check(chart, values, &mut report)?;
    if report.is_empty() {
        return Ok(());
    }
    Err(ChartError(format!(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n{report}"
    )))
}

fn check(chart: &Chart, values: &Value, report: &mut String) -> Result<(), ChartError> {
    if let Some(schema) = &chart.schema {
        let schema: Json = serde_json::from_slice(schema).map_err(|e| {
            ChartError(format!(
                "unable to parse values.schema.json for {}: {e}",
                chart.name()
            ))
        })?;
        let validator = jsonschema::validator_for(&schema).map_err(|e| {
            ChartError(format!(
                "unable to compile values.schema.json for {}: {e}",
                chart.name()
            ))
        })?;
        let instance = to_json(values);
        let lines: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| {
                format!(
                    "- at '{}': {}",
                    e.instance_path(),
                    message(e.kind(), e.instance())
                )
            })
            .collect();
        if !lines.is_empty() {
            report.push_str(&format!("{}:\n{}\n", chart.name(), lines.join("\n")));
        }
    }
    for sub in &chart.dependencies {
        if let Some(v) = values
            .as_map()
            .and_then(|m| m.borrow().get(sub.name()).cloned())
        {
            check(sub, &v, report)?;
        }
    }
    Ok(())
}

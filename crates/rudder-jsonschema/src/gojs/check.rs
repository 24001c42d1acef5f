//! gojsonschema's validation walk (`validateRecursive` and its helpers): the same checks in the
//! same order, and the same score, which picks the `anyOf`/`oneOf`/`contains` branch whose
//! errors are reported.

use std::cell::Cell;
use std::collections::HashMap;

use super::formats;
use super::schema::{Dependency, Extra, Id, Schemas, Sub};
use super::text::{big_float, go_json};
use super::ResultError;
use crate::json::Value;

/// Nesting beyond this is a reference loop that never reads the value: gojsonschema recurses
/// until Go's stack overflows (helm 3 crashes); rudder stops with an error instead.
const MAX_DEPTH: usize = 128;

/// The errors of `doc` against the compiled schema, in gojsonschema's order.
pub fn validate(schemas: &Schemas, doc: &Value) -> Result<Vec<ResultError>, String> {
    let mut result = Outcome::default();
    let walk = Walk {
        schemas,
        depth: Cell::new(0),
        overflow: Cell::new(false),
    };
    walk.recursive(0, doc, &mut result, "(root)");
    if walk.overflow.get() {
        return Err("fatal error: stack overflow".into());
    }
    Ok(result.errors)
}

#[derive(Default)]
struct Outcome {
    errors: Vec<ResultError>,
    score: i64,
}

impl Outcome {
    fn valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// `addInternalError`: an error at `context`; it costs 2, for a net -1 with the +1 its
    /// check adds on return.
    fn add(&mut self, context: &str, description: String) {
        let field = context
            .strip_prefix("(root).")
            .unwrap_or(context)
            .to_string();
        self.errors.push(ResultError { field, description });
        self.score -= 2;
    }

    fn merge(&mut self, other: Outcome) {
        self.errors.extend(other.errors);
        self.score += other.score;
    }
}

/// The field of a context, as gojsonschema's `{{.field}}` prints it in messages.
fn field(context: &str) -> &str {
    context.strip_prefix("(root).").unwrap_or(context)
}

struct Walk<'s> {
    schemas: &'s Schemas,
    depth: Cell<usize>,
    overflow: Cell<bool>,
}

/// The type name gojsonschema gives a value (integral numbers are `integer`).
fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_integer() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Walk<'_> {
    fn sub(&self, id: Id) -> &Sub {
        &self.schemas.subs[id]
    }

    /// `subValidateWithContext`: a fresh result for one branch.
    fn branch(&self, id: Id, v: &Value, context: &str) -> Outcome {
        let mut out = Outcome::default();
        self.recursive(id, v, &mut out, context);
        out
    }

    fn recursive(&self, id: Id, v: &Value, out: &mut Outcome, context: &str) {
        if self.overflow.get() || self.depth.get() >= MAX_DEPTH {
            self.overflow.set(true);
            return;
        }
        self.depth.set(self.depth.get() + 1);
        self.recursive_at(id, v, out, context);
        self.depth.set(self.depth.get() - 1);
    }

    fn recursive_at(&self, id: Id, v: &Value, out: &mut Outcome, context: &str) {
        let s = self.sub(id);
        if let Some(pass) = s.pass {
            if !pass {
                out.add(context, "False always fails validation".into());
            }
            return;
        }
        if let Some(target) = s.ref_schema {
            return self.recursive(target, v, out, context);
        }
        let given = type_of(v);
        let accepted = s
            .types
            .iter()
            .any(|t| t == given || (t == "number" && given == "integer"));
        if !s.types.is_empty() && !accepted {
            let expected = match s.types.len() {
                1 => s.types[0].clone(),
                _ => format!("[{}]", s.types.join(",")),
            };
            out.add(
                context,
                format!("Invalid type. Expected: {expected}, given: {given}"),
            );
            return;
        }
        self.applicators(s, v, out, context);
        match v {
            Value::Null => self.common(s, v, out, context),
            Value::Array(items) => {
                self.array(s, items, out, context);
                self.common(s, v, out, context);
            }
            Value::Object(map) => {
                self.object(s, map, out, context);
                self.common(s, v, out, context);
                for (name, child) in &s.properties {
                    if let Some(value) = map.get(name) {
                        self.recursive(*child, value, out, &format!("{context}.{name}"));
                    }
                }
            }
            _ => {
                self.number(s, v, out, context);
                self.common(s, v, out, context);
                self.string(s, v, out, context);
            }
        }
        out.score += 1;
    }

    /// `validateSchema`: anyOf, oneOf, allOf, not, dependencies, if/then/else.
    fn applicators(&self, s: &Sub, v: &Value, out: &mut Outcome, context: &str) {
        if !s.any_of.is_empty() {
            let mut best: Option<Outcome> = None;
            let mut matched = false;
            for &branch in &s.any_of {
                let r = self.branch(branch, v, context);
                if r.valid() {
                    matched = true;
                    break;
                }
                if best.as_ref().is_none_or(|b| r.score > b.score) {
                    best = Some(r);
                }
            }
            if !matched {
                out.add(context, "Must validate at least one schema (anyOf)".into());
                if let Some(best) = best {
                    out.merge(best);
                }
            }
        }
        if !s.one_of.is_empty() {
            let mut best: Option<Outcome> = None;
            let mut matched = 0;
            for &branch in &s.one_of {
                let r = self.branch(branch, v, context);
                if r.valid() {
                    matched += 1;
                } else if matched == 0 && best.as_ref().is_none_or(|b| r.score > b.score) {
                    best = Some(r);
                }
            }
            if matched != 1 {
                out.add(
                    context,
                    "Must validate one and only one schema (oneOf)".into(),
                );
                if let (0, Some(best)) = (matched, best) {
                    out.merge(best);
                }
            }
        }
        if !s.all_of.is_empty() {
            let mut matched = 0;
            for &branch in &s.all_of {
                let r = self.branch(branch, v, context);
                if r.valid() {
                    matched += 1;
                }
                out.merge(r);
            }
            if matched != s.all_of.len() {
                out.add(context, "Must validate all the schemas (allOf)".into());
            }
        }
        if let Some(not) = s.not {
            if self.branch(not, v, context).valid() {
                out.add(context, "Must not validate the schema (not)".into());
            }
        }
        if let Value::Object(map) = v {
            for (key, dep) in &s.dependencies {
                if !map.contains_key(key) {
                    continue;
                }
                match dep {
                    Dependency::Properties(names) => {
                        for name in names.iter().filter(|n| !map.contains_key(*n)) {
                            out.add(context, format!("Has a dependency on {name}"));
                        }
                    }
                    Dependency::Schema(dep) => self.recursive(*dep, v, out, context),
                }
            }
        }
        if let Some(cond) = s.if_ {
            let valid = self.branch(cond, v, context).valid();
            let (branch, text) = if valid {
                (s.then, "Must validate \"then\" as \"if\" was valid")
            } else {
                (s.else_, "Must validate \"else\" as \"if\" was not valid")
            };
            if let Some(branch) = branch {
                let r = self.branch(branch, v, context);
                if !r.valid() {
                    out.add(context, text.into());
                    out.merge(r);
                }
            }
        }
        out.score += 1;
    }

    /// `validateCommon`: const and enum, compared as Go's JSON text.
    fn common(&self, s: &Sub, v: &Value, out: &mut Outcome, context: &str) {
        if s.constant.is_some() || !s.enumeration.is_empty() {
            let text = go_json(v);
            if let Some(c) = &s.constant {
                if *c != text {
                    out.add(context, format!("{} does not match: {c}", field(context)));
                }
            }
            if !s.enumeration.is_empty() && !s.enumeration.contains(&text) {
                out.add(
                    context,
                    format!(
                        "{} must be one of the following: {}",
                        field(context),
                        s.enumeration.join(", ")
                    ),
                );
            }
        }
        out.score += 1;
    }

    fn array(&self, s: &Sub, items: &[Value], out: &mut Outcome, context: &str) {
        let at = |i: usize| format!("{context}.{i}");
        if s.items_single {
            for (i, item) in items.iter().enumerate() {
                out.merge(self.branch(s.items[0], item, &at(i)));
            }
        } else if !s.items.is_empty() {
            for (i, (&schema, item)) in s.items.iter().zip(items).enumerate() {
                out.merge(self.branch(schema, item, &at(i)));
            }
            if s.items.len() < items.len() {
                match s.additional_items {
                    Some(Extra::Allowed(false)) => {
                        out.add(context, "No additional items allowed on array".into())
                    }
                    Some(Extra::Schema(extra)) => {
                        for (i, item) in items.iter().enumerate().skip(s.items.len()) {
                            out.merge(self.branch(extra, item, &at(i)));
                        }
                    }
                    _ => {}
                }
            }
        }
        let len = items.len() as i64;
        if let Some(min) = s.min_items.filter(|&m| len < m) {
            out.add(context, format!("Array must have at least {min} items"));
        }
        if let Some(max) = s.max_items.filter(|&m| len > m) {
            out.add(context, format!("Array must have at most {max} items"));
        }
        if s.unique_items {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (j, item) in items.iter().enumerate() {
                let text = go_json(item);
                if let Some(i) = seen.get(&text) {
                    out.add(context, format!("array items[{i},{j}] must be unique"));
                }
                seen.insert(text, j);
            }
        }
        if let Some(contains) = s.contains {
            let mut best: Option<Outcome> = None;
            let mut matched = false;
            for (i, item) in items.iter().enumerate() {
                let r = self.branch(contains, item, &at(i));
                if r.valid() {
                    matched = true;
                    break;
                }
                if best.as_ref().is_none_or(|b| r.score > b.score) {
                    best = Some(r);
                }
            }
            if !matched {
                out.add(context, "At least one of the items must match".into());
                if let Some(best) = best {
                    out.merge(best);
                }
            }
        }
        out.score += 1;
    }

    fn object(
        &self,
        s: &Sub,
        map: &std::collections::BTreeMap<String, Value>,
        out: &mut Outcome,
        context: &str,
    ) {
        let len = map.len() as i64;
        if let Some(min) = s.min_properties.filter(|&m| len < m) {
            out.add(context, format!("Must have at least {min} properties"));
        }
        if let Some(max) = s.max_properties.filter(|&m| len > m) {
            out.add(context, format!("Must have at most {max} properties"));
        }
        for name in &s.required {
            if map.contains_key(name) {
                out.score += 1;
            } else {
                out.add(context, format!("{name} is required"));
            }
        }
        for (key, value) in map {
            let declared = s.properties.iter().any(|(p, _)| p == key);
            let mut patterned = false;
            for (re, schema) in &s.pattern_properties {
                if re.is_match(key) {
                    patterned = true;
                    out.merge(self.branch(*schema, value, &format!("{context}.{key}")));
                }
            }
            if patterned {
                out.score += 1;
            }
            if declared || patterned {
                continue;
            }
            match s.additional_properties {
                Some(Extra::Allowed(false)) => {
                    out.add(context, format!("Additional property {key} is not allowed"))
                }
                Some(Extra::Schema(extra)) => {
                    out.merge(self.branch(extra, value, &format!("{context}.{key}")))
                }
                _ => {}
            }
        }
        if let Some(names) = s.property_names {
            for key in map.keys() {
                let r = self.branch(names, &Value::String(key.clone()), context);
                if !r.valid() {
                    out.add(
                        context,
                        format!("Property name of \"{key}\" does not match"),
                    );
                    out.merge(r);
                }
            }
        }
        out.score += 1;
    }

    fn string(&self, s: &Sub, v: &Value, out: &mut Outcome, context: &str) {
        let Value::String(text) = v else {
            return;
        };
        let len = text.chars().count() as i64;
        if let Some(min) = s.min_length.filter(|&m| len < m) {
            out.add(
                context,
                format!("String length must be greater than or equal to {min}"),
            );
        }
        if let Some(max) = s.max_length.filter(|&m| len > m) {
            out.add(
                context,
                format!("String length must be less than or equal to {max}"),
            );
        }
        if let Some((source, re)) = &s.pattern {
            if !re.is_match(text) {
                out.add(context, format!("Does not match pattern '{source}'"));
            }
        }
        if let Some(format) = &s.format {
            if !formats::is_format(format, Some(text)) {
                out.add(context, format!("Does not match format '{format}'"));
            }
        }
        out.score += 1;
    }

    fn number(&self, s: &Sub, v: &Value, out: &mut Outcome, context: &str) {
        let Value::Number(n) = v else {
            return;
        };
        if let Some(m) = &s.multiple_of {
            if !n.is_multiple_of(m) {
                out.add(context, format!("Must be a multiple of {}", big_float(m)));
            }
        }
        if let Some(max) = s.maximum.as_ref().filter(|max| n > *max) {
            out.add(
                context,
                format!("Must be less than or equal to {}", big_float(max)),
            );
        }
        if let Some(max) = s.exclusive_maximum.as_ref().filter(|max| n >= *max) {
            out.add(context, format!("Must be less than {}", big_float(max)));
        }
        if let Some(min) = s.minimum.as_ref().filter(|min| n < *min) {
            out.add(
                context,
                format!("Must be greater than or equal to {}", big_float(min)),
            );
        }
        if let Some(min) = s.exclusive_minimum.as_ref().filter(|min| n <= *min) {
            out.add(context, format!("Must be greater than {}", big_float(min)));
        }
        if let Some(format) = &s.format {
            // The format checkers take strings only: a number fails any format they know.
            if !formats::is_format(format, None) {
                out.add(context, format!("Does not match format '{format}'"));
            }
        }
        out.score += 1;
    }
}

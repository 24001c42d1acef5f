//! gojsonschema's schema parse (`Schema.parseSchema`): the keywords it reads, in its order,
//! with its errors; `$ref`s resolved while parsing, each distinct reference parsed once.

use std::collections::HashMap;
use std::rc::Rc;

use regex::Regex;

use super::refs::{detect_draft, Pool};
use super::text::go_json;
use crate::compile::Loader;
use crate::json::Value;
use crate::number::Number;

/// The drafts gojsonschema tells apart; a schema naming none is read as `Hybrid` (every
/// keyword of drafts 4 to 7, `exclusiveMinimum` either form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Draft {
    D4,
    D6,
    D7,
    Hybrid,
}

impl Draft {
    pub fn from_url(url: &str) -> Option<Draft> {
        match url {
            "http://json-schema.org/draft-04/schema" => Some(Draft::D4),
            "http://json-schema.org/draft-06/schema" => Some(Draft::D6),
            "http://json-schema.org/draft-07/schema" => Some(Draft::D7),
            _ => None,
        }
    }

    /// The meta-schema gojsonschema serves itself for a draft's URL.
    pub fn meta_url(url: &str) -> Option<Value> {
        Draft::from_url(url)?;
        crate::draft::meta_document(url).map(|d| (*d).clone())
    }
}

pub type Id = usize;

/// `additionalProperties` / `additionalItems`.
#[derive(Clone, Copy)]
pub enum Extra {
    Allowed(bool),
    Schema(Id),
}

pub enum Dependency {
    Properties(Vec<String>),
    Schema(Id),
}

/// One parsed (sub)schema, gojsonschema's `subSchema`.
#[derive(Default)]
pub struct Sub {
    draft: Option<Draft>,
    pub pass: Option<bool>,
    pub ref_schema: Option<Id>,
    pub types: Vec<String>,
    pub properties: Vec<(String, Id)>,
    pub additional_properties: Option<Extra>,
    pub pattern_properties: Vec<(Rc<Regex>, Id)>,
    pub property_names: Option<Id>,
    pub dependencies: Vec<(String, Dependency)>,
    pub items: Vec<Id>,
    pub items_single: bool,
    pub additional_items: Option<Extra>,
    pub multiple_of: Option<Number>,
    pub minimum: Option<Number>,
    pub exclusive_minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub exclusive_maximum: Option<Number>,
    pub min_length: Option<i64>,
    pub max_length: Option<i64>,
    pub pattern: Option<(String, Rc<Regex>)>,
    pub format: Option<String>,
    pub min_properties: Option<i64>,
    pub max_properties: Option<i64>,
    pub required: Vec<String>,
    pub min_items: Option<i64>,
    pub max_items: Option<i64>,
    pub unique_items: bool,
    pub contains: Option<Id>,
    pub constant: Option<String>,
    pub enumeration: Vec<String>,
    pub one_of: Vec<Id>,
    pub any_of: Vec<Id>,
    pub all_of: Vec<Id>,
    pub not: Option<Id>,
    pub if_: Option<Id>,
    pub then: Option<Id>,
    pub else_: Option<Id>,
}

/// All subschemas of a compiled schema; the root is `subs[0]`.
pub struct Schemas {
    pub subs: Vec<Sub>,
}

struct Parser<'l> {
    subs: Vec<Sub>,
    pool: Pool<'l>,
    /// `referencePool`: each reference's schema, registered before it is parsed.
    refs: HashMap<String, Id>,
}

/// gojsonschema's `Invalid type. Expected: X, given: KEY` parse error.
fn invalid_type(expected: &str, key: &str) -> String {
    format!("Invalid type. Expected: {expected}, given: {key}")
}

/// `mustBeInteger`: an integral number whose text `strconv.ParseInt` reads.
fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) if n.is_integer() => n.text().parse().ok(),
        _ => None,
    }
}

impl Schemas {
    /// `SchemaLoader.Compile` of a bytes-loaded root document.
    pub fn compile(root: Value, loader: &dyn Loader) -> Result<Schemas, String> {
        let mut pool = Pool::new(loader);
        let root = pool.register(root, "")?;
        let draft = detect_draft(&root)?.unwrap_or(Draft::Hybrid);
        let mut p = Parser {
            subs: vec![Sub {
                draft: Some(draft),
                ..Sub::default()
            }],
            pool,
            refs: HashMap::new(),
        };
        p.parse(&root, 0)?;
        Ok(Schemas { subs: p.subs })
    }
}

impl Parser<'_> {
    /// A new subschema below `parent` (inheriting its draft), parsed from `doc`.
    fn child(&mut self, doc: &Value, parent: Id) -> Result<Id, String> {
        let id = self.subs.len();
        self.subs.push(Sub {
            draft: self.subs[parent].draft,
            ..Sub::default()
        });
        self.parse(doc, id)?;
        Ok(id)
    }

    /// Children of a keyword that takes a schema or a boolean (gojsonschema checks the kind
    /// before parsing, and draft 4 then refuses the boolean).
    fn schema_or_bool(
        &mut self,
        doc: &Value,
        parent: Id,
        bad: impl FnOnce() -> String,
    ) -> Result<Id, String> {
        match doc {
            Value::Object(_) | Value::Bool(_) => self.child(doc, parent),
            _ => Err(bad()),
        }
    }

    fn parse(&mut self, doc: &Value, at: Id) -> Result<(), String> {
        let draft = self.subs[at].draft.unwrap_or(Draft::Hybrid);
        if let (true, Value::Bool(b)) = (draft >= Draft::D6, doc) {
            self.subs[at].pass = Some(*b);
            return Ok(());
        }
        let Value::Object(m) = doc else {
            return Err("Expected: valid schema, given: Invalid JSON".into());
        };
        let id_key = match draft {
            Draft::D4 => "id",
            Draft::Hybrid if m.contains_key("id") => "id",
            _ => "$id",
        };
        match m.get(id_key) {
            Some(Value::String(s)) => {
                if let Some(e) = crate::url::go_parse_error(s) {
                    return Err(e);
                }
            }
            Some(_) => return Err(invalid_type("string", id_key)),
            None => {}
        }
        match m.get("definitions") {
            None => {}
            Some(Value::Object(defs)) => {
                for def in defs.values() {
                    self.schema_or_bool(def, at, || {
                        invalid_type("array of schemas", "definitions")
                    })?;
                }
            }
            // gojsonschema asserts a map here and panics; helm recovers the panic.
            Some(Value::Bool(_)) => {
                return Err("unable to validate schema: interface conversion: interface {} is bool, not map[string]interface {}".into())
            }
            Some(_) => return Err(invalid_type("array of schemas", "definitions")),
        }
        for key in ["title", "description"] {
            if m.get(key).is_some_and(|v| v.as_str().is_none()) {
                return Err(invalid_type("string", key));
            }
        }
        match m.get("$ref") {
            None => {}
            Some(Value::String(r)) => {
                if let Some(e) = crate::url::go_parse_error(r) {
                    return Err(e);
                }
                match self.refs.get(r.as_str()) {
                    Some(&target) => self.subs[at].ref_schema = Some(target),
                    None => return self.parse_reference(r, at),
                }
            }
            Some(_) => return Err(invalid_type("string", "$ref")),
        }
        self.parse_type(m.get("type"), at)?;
        if let Some(props) = m.get("properties") {
            let Value::Object(props) = props else {
                return Err("properties must be of type object".into());
            };
            for (k, v) in props {
                let child = self.child(v, at)?;
                self.subs[at].properties.push((k.clone(), child));
            }
        }
        if let Some(ap) = m.get("additionalProperties") {
            let extra = self.extra(ap, at, "additionalProperties")?;
            self.subs[at].additional_properties = Some(extra);
        }
        match m.get("patternProperties") {
            None => {}
            Some(Value::Object(pp)) => {
                for (k, v) in pp {
                    let re = rudder_gocompat::regexp::go_compile(k)
                        .map_err(|_| format!("Invalid regex pattern '{k}'"))?;
                    let child = self.child(v, at)?;
                    self.subs[at].pattern_properties.push((re, child));
                }
            }
            Some(_) => return Err(invalid_type("valid schema", "patternProperties")),
        }
        if draft >= Draft::D6 {
            if let Some(pn) = m.get("propertyNames") {
                let child = self
                    .schema_or_bool(pn, at, || invalid_type("valid schema", "patternProperties"))?;
                self.subs[at].property_names = Some(child);
            }
        }
        if let Some(deps) = m.get("dependencies") {
            self.parse_dependencies(deps, at)?;
        }
        self.parse_items(m, at)?;
        self.parse_numbers(m, at, draft)?;
        self.parse_strings(m, at)?;
        self.parse_objects(m, at)?;
        self.parse_arrays(m, at, draft)?;
        self.parse_applicators(m, at, draft)
    }

    /// `parseReference`: the referenced document, parsed as a new subschema that every later
    /// use of the same reference shares.
    fn parse_reference(&mut self, reference: &str, at: Id) -> Result<(), String> {
        let id = self.subs.len();
        self.subs.push(Sub::default());
        self.refs.insert(reference.to_string(), id);
        let (doc, draft) = self.pool.get(reference)?;
        self.subs[id].draft = draft.or(self.subs[at].draft);
        if !matches!(doc, Value::Object(_) | Value::Bool(_)) {
            return Err("valid schema must be of type object".into());
        }
        self.parse(&doc, id)?;
        self.subs[at].ref_schema = Some(id);
        Ok(())
    }

    fn parse_type(&mut self, ty: Option<&Value>, at: Id) -> Result<(), String> {
        let bad = || invalid_type("string/array of strings", "type");
        let names: Vec<&str> = match ty {
            None => return Ok(()),
            Some(Value::String(s)) => vec![s],
            Some(Value::Array(items)) => {
                let mut names = Vec::new();
                for item in items {
                    names.push(item.as_str().ok_or_else(bad)?);
                }
                names
            }
            Some(_) => return Err(bad()),
        };
        const JSON_TYPES: [&str; 7] = [
            "array", "boolean", "integer", "number", "null", "object", "string",
        ];
        for name in names {
            if !JSON_TYPES.contains(&name) {
                return Err(format!(
                    "has a primitive type that is NOT VALID -- given: /{name}/ Expected valid values are:[{}]",
                    JSON_TYPES.join(" ")
                ));
            }
            let types = &mut self.subs[at].types;
            if types.iter().any(|t| t == name) {
                return Err(format!("{name} type is duplicated"));
            }
            types.push(name.to_string());
        }
        Ok(())
    }

    fn extra(&mut self, v: &Value, at: Id, key: &str) -> Result<Extra, String> {
        match v {
            Value::Bool(b) => Ok(Extra::Allowed(*b)),
            Value::Object(_) => Ok(Extra::Schema(self.child(v, at)?)),
            _ => Err(invalid_type("boolean/valid schema", key)),
        }
    }

    fn parse_dependencies(&mut self, deps: &Value, at: Id) -> Result<(), String> {
        let Value::Object(deps) = deps else {
            return Err("dependencies must be of type object".into());
        };
        let bad = || "dependency must be of type schema or array of strings".to_string();
        for (k, v) in deps {
            let dep = match v {
                Value::Array(items) => {
                    let mut names = Vec::new();
                    for item in items {
                        names.push(item.as_str().ok_or_else(bad)?.to_string());
                    }
                    // gojsonschema records a dependency only once it has a property.
                    if names.is_empty() {
                        continue;
                    }
                    Dependency::Properties(names)
                }
                Value::Object(_) | Value::Bool(_) => Dependency::Schema(self.child(v, at)?),
                _ => return Err(bad()),
            };
            self.subs[at].dependencies.push((k.clone(), dep));
        }
        Ok(())
    }

    fn parse_items(&mut self, m: &ObjectMap, at: Id) -> Result<(), String> {
        let bad = || invalid_type("valid schema/array of schemas", "items");
        match m.get("items") {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let child = self.schema_or_bool(item, at, bad)?;
                    self.subs[at].items.push(child);
                }
            }
            Some(item @ (Value::Object(_) | Value::Bool(_))) => {
                let child = self.child(item, at)?;
                self.subs[at].items.push(child);
                self.subs[at].items_single = true;
            }
            Some(_) => return Err(bad()),
        }
        if let Some(ai) = m.get("additionalItems") {
            let extra = self.extra(ai, at, "additionalItems")?;
            self.subs[at].additional_items = Some(extra);
        }
        Ok(())
    }

    fn parse_numbers(&mut self, m: &ObjectMap, at: Id, draft: Draft) -> Result<(), String> {
        let number = |v: &Value| match v {
            Value::Number(n) => Some(n.clone()),
            _ => None,
        };
        if let Some(v) = m.get("multipleOf") {
            let n = number(v).ok_or_else(|| invalid_type("number", "multipleOf"))?;
            if n.is_zero() || n.is_negative() {
                return Err("multipleOf must be strictly greater than 0".into());
            }
            self.subs[at].multiple_of = Some(n);
        }
        for (key, exclusive) in [
            ("minimum", "exclusiveMinimum"),
            ("maximum", "exclusiveMaximum"),
        ] {
            let mut limit = match m.get(key) {
                Some(v) => Some(number(v).ok_or_else(|| format!("{key} must be of a number"))?),
                None => None,
            };
            let mut exclusive_limit = None;
            if let Some(v) = m.get(exclusive) {
                let without = || format!("{exclusive} cannot be used without {key}");
                match (draft, v) {
                    (Draft::D4 | Draft::Hybrid, Value::Bool(b)) => {
                        if limit.is_none() {
                            return Err(without());
                        }
                        if *b {
                            exclusive_limit = limit.take();
                        }
                    }
                    (Draft::D4, _) => return Err(invalid_type("boolean", exclusive)),
                    (_, Value::Number(n)) => exclusive_limit = Some(n.clone()),
                    (Draft::Hybrid, _) => return Err(invalid_type("boolean/number", exclusive)),
                    _ => return Err(invalid_type("number", exclusive)),
                }
            }
            let sub = &mut self.subs[at];
            if key == "minimum" {
                sub.minimum = limit;
                sub.exclusive_minimum = exclusive_limit;
            } else {
                sub.maximum = limit;
                sub.exclusive_maximum = exclusive_limit;
            }
        }
        Ok(())
    }

    fn parse_strings(&mut self, m: &ObjectMap, at: Id) -> Result<(), String> {
        let min = count(m, "minLength")?;
        let max = count(m, "maxLength")?;
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                return Err("minLength cannot be greater than maxLength".into());
            }
        }
        let sub = &mut self.subs[at];
        sub.min_length = min;
        sub.max_length = max;
        match m.get("pattern") {
            None => {}
            Some(Value::String(p)) => {
                let re = rudder_gocompat::regexp::go_compile(p)
                    .map_err(|_| "pattern must be a valid regex".to_string())?;
                sub.pattern = Some((p.clone(), re));
            }
            Some(_) => return Err("pattern must be of a string".into()),
        }
        match m.get("format") {
            None => {}
            Some(Value::String(f)) => sub.format = Some(f.clone()),
            Some(_) => return Err("format must be of type string".into()),
        }
        Ok(())
    }

    fn parse_objects(&mut self, m: &ObjectMap, at: Id) -> Result<(), String> {
        let min = count(m, "minProperties")?;
        let max = count(m, "maxProperties")?;
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                return Err("minProperties cannot be greater than maxProperties".into());
            }
        }
        let sub = &mut self.subs[at];
        sub.min_properties = min;
        sub.max_properties = max;
        match m.get("required") {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let name = item
                        .as_str()
                        .ok_or_else(|| "required items must be string".to_string())?;
                    if sub.required.iter().any(|r| r == name) {
                        return Err("required items must be unique".into());
                    }
                    sub.required.push(name.to_string());
                }
            }
            Some(_) => return Err("required must be of an array".into()),
        }
        Ok(())
    }

    fn parse_arrays(&mut self, m: &ObjectMap, at: Id, draft: Draft) -> Result<(), String> {
        let min = count(m, "minItems")?;
        let max = count(m, "maxItems")?;
        let sub = &mut self.subs[at];
        sub.min_items = min;
        sub.max_items = max;
        match m.get("uniqueItems") {
            None => {}
            Some(Value::Bool(b)) => sub.unique_items = *b,
            Some(_) => return Err("uniqueItems must be of a boolean".into()),
        }
        if draft >= Draft::D6 {
            if let Some(c) = m.get("contains") {
                let child = self.child(c, at)?;
                self.subs[at].contains = Some(child);
            }
            if let Some(c) = m.get("const") {
                self.subs[at].constant = Some(go_json(c));
            }
        }
        match m.get("enum") {
            None => {}
            Some(Value::Array(items)) => {
                let sub = &mut self.subs[at];
                for item in items {
                    let text = go_json(item);
                    if sub.enumeration.contains(&text) {
                        return Err("enum items must be unique".into());
                    }
                    sub.enumeration.push(text);
                }
            }
            Some(_) => return Err("enum must be of an array".into()),
        }
        Ok(())
    }

    fn parse_applicators(&mut self, m: &ObjectMap, at: Id, draft: Draft) -> Result<(), String> {
        // gojsonschema names allOf's error after anyOf.
        for (key, named) in [("oneOf", "oneOf"), ("anyOf", "anyOf"), ("allOf", "anyOf")] {
            match m.get(key) {
                None => {}
                Some(Value::Array(items)) => {
                    for item in items {
                        let child = self.child(item, at)?;
                        let sub = &mut self.subs[at];
                        match key {
                            "oneOf" => sub.one_of.push(child),
                            "anyOf" => sub.any_of.push(child),
                            _ => sub.all_of.push(child),
                        }
                    }
                }
                Some(_) => return Err(format!("{named} must be of an array")),
            }
        }
        let mut keys = vec!["not"];
        if draft >= Draft::D7 {
            keys.extend(["if", "then", "else"]);
        }
        for key in keys {
            if let Some(v) = m.get(key) {
                let child = self.schema_or_bool(v, at, || format!("{key} must be of an object"))?;
                let sub = &mut self.subs[at];
                *match key {
                    "not" => &mut sub.not,
                    "if" => &mut sub.if_,
                    "then" => &mut sub.then,
                    _ => &mut sub.else_,
                } = Some(child);
            }
        }
        Ok(())
    }
}

type ObjectMap = std::collections::BTreeMap<String, Value>;

/// A non-negative integer keyword (`minLength`, `maxItems`, ...) with gojsonschema's errors.
fn count(m: &ObjectMap, key: &str) -> Result<Option<i64>, String> {
    let Some(v) = m.get(key) else {
        return Ok(None);
    };
    let n = integer(v).ok_or_else(|| format!("{key} must be of an integer"))?;
    if n < 0 {
        return Err(format!("{key} must be greater than or equal to 0"));
    }
    Ok(Some(n))
}

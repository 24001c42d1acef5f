//! A subschema being interpreted: its JSON, where it sits, and the resource (draft, base URI)
//! it belongs to.

use crate::draft::Draft;
use crate::json::Value;
use crate::number::Number;
use crate::registry::{Doc, Resource};
use crate::url;

/// Every keyword the interpreter reads has a slot; a node fills them once when created.
const KEYWORD_COUNT: usize = 48;

fn slot(name: &str) -> Option<usize> {
    Some(match name {
        "$ref" => 0,
        "$recursiveRef" => 1,
        "$recursiveAnchor" => 2,
        "$dynamicRef" => 3,
        "$dynamicAnchor" => 4,
        "type" => 5,
        "const" => 6,
        "enum" => 7,
        "format" => 8,
        "properties" => 9,
        "patternProperties" => 10,
        "additionalProperties" => 11,
        "dependencies" => 12,
        "dependentSchemas" => 13,
        "dependentRequired" => 14,
        "propertyNames" => 15,
        "required" => 16,
        "minProperties" => 17,
        "maxProperties" => 18,
        "items" => 19,
        "prefixItems" => 20,
        "additionalItems" => 21,
        "contains" => 22,
        "minContains" => 23,
        "maxContains" => 24,
        "minItems" => 25,
        "maxItems" => 26,
        "uniqueItems" => 27,
        "unevaluatedProperties" => 28,
        "unevaluatedItems" => 29,
        "minLength" => 30,
        "maxLength" => 31,
        "pattern" => 32,
        "minimum" => 33,
        "maximum" => 34,
        "exclusiveMinimum" => 35,
        "exclusiveMaximum" => 36,
        "multipleOf" => 37,
        "not" => 38,
        "allOf" => 39,
        "anyOf" => 40,
        "oneOf" => 41,
        "if" => 42,
        "then" => 43,
        "else" => 44,
        "definitions" => 45,
        "$defs" => 46,
        "contentSchema" => 47,
        _ => return None,
    })
}

#[derive(Clone)]
pub struct Node<'r> {
    pub doc_ix: usize,
    pub doc: &'r Doc,
    pub ptr: String,
    pub v: &'r Value,
    pub res: &'r Resource,
    kws: [Option<&'r Value>; KEYWORD_COUNT],
}

impl<'r> Node<'r> {
    pub fn new(doc_ix: usize, doc: &'r Doc, ptr: String, v: &'r Value, res: &'r Resource) -> Self {
        let mut kws = [None; KEYWORD_COUNT];
        if let Value::Object(o) = v {
            // Before draft 2019, `$ref` hides every sibling keyword.
            let only_ref = res.draft < Draft::D2019 && o.contains_key("$ref");
            for (k, val) in o {
                if let Some(i) = slot(k).filter(|&i| !only_ref || i == 0) {
                    kws[i] = Some(val);
                }
            }
        }
        Node {
            doc_ix,
            doc,
            ptr,
            v,
            res,
            kws,
        }
    }

    pub fn draft(&self) -> Draft {
        self.res.draft
    }

    /// A keyword's value.
    pub fn kw(&self, name: &str) -> Option<&'r Value> {
        self.kws[slot(name)?]
    }

    pub fn num(&self, name: &str) -> Option<&'r Number> {
        match self.kw(name)? {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// A non-negative integer keyword (`minLength`, ...).
    pub fn count(&self, name: &str) -> Option<usize> {
        self.num(name)
            .filter(|n| n.is_integer())
            .map(|n| n.to_usize().unwrap_or(usize::MAX))
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.kw(name), Some(Value::Bool(true)))
    }

    /// String items of an array keyword (`required`, ...), others skipped.
    pub fn strings(&self, name: &str) -> Option<Vec<&'r str>> {
        match self.kw(name)? {
            Value::Array(a) => Some(a.iter().filter_map(Value::as_str).collect()),
            _ => None,
        }
    }

    /// The subschema at a relative pointer (keyword, then map key or index).
    pub fn child(&self, v: &'r Value, toks: &[&str]) -> Node<'r> {
        let mut ptr = self.ptr.clone();
        for t in toks {
            ptr.push('/');
            ptr.push_str(&url::escape(t));
        }
        // Only subschemas with an id start a resource.
        let has_id = v.get("$id").or_else(|| v.get("id")).is_some();
        let res = has_id
            .then(|| self.doc.resources.get(&ptr))
            .flatten()
            .unwrap_or(self.res);
        Node::new(self.doc_ix, self.doc, ptr, v, res)
    }

    /// The subschema under a keyword (`not`, `items`, ...).
    pub fn sub(&self, name: &str) -> Option<Node<'r>> {
        self.kw(name).map(|v| self.child(v, &[name]))
    }

    /// The subschemas of a list keyword (`allOf`, ...).
    pub fn list(&self, name: &str) -> Vec<Node<'r>> {
        match self.kw(name) {
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| self.child(v, &[name, &i.to_string()]))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn location(&self) -> String {
        url::location(&self.doc.url, &self.ptr)
    }

    /// Whether `additionalProperties` covers every property (then nothing is left unevaluated).
    pub fn all_props_evaluated(&self) -> bool {
        self.kw("additionalProperties").is_some()
    }

    /// Whether every item is evaluated, and how many leading items are.
    pub fn items_evaluated(&self) -> (bool, usize) {
        if self.draft() < Draft::D2020 {
            match self.kw("items") {
                Some(Value::Array(a)) => (self.kw("additionalItems").is_some(), a.len()),
                Some(_) => (true, 0),
                None => (false, 0),
            }
        } else {
            let prefix = match self.kw("prefixItems") {
                Some(Value::Array(a)) => a.len(),
                _ => 0,
            };
            (self.kw("items").is_some(), prefix)
        }
    }
}

//! Loaded documents and the resources in them (subschemas with their own `$id`), with their
//! anchors: what `$ref` resolution needs.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::draft::{Draft, Shape};
use crate::error::CompileError;
use crate::json::Value;
use crate::url::{self, location};

/// A schema resource: the subschema at `ptr` whose base URI is `id`.
#[derive(Clone, Debug)]
pub struct Resource {
    pub ptr: String,
    pub id: String,
    pub draft: Draft,
    pub anchors: HashMap<String, String>,
    pub dynamic_anchors: Vec<String>,
}

/// One document, by the URL it was loaded from.
#[derive(Clone)]
pub struct Doc {
    pub url: String,
    pub value: Arc<Value>,
    pub resources: HashMap<String, Resource>,
    /// A meta-schema (validated with every format asserted).
    pub meta: bool,
    /// Pointers whose subschemas have been scanned for resources.
    processed: HashSet<String>,
}

impl Doc {
    /// The resource a pointer belongs to: the nearest enclosing one.
    pub fn resource(&self, ptr: &str) -> &Resource {
        let mut p = ptr;
        loop {
            if let Some(r) = self.resources.get(p) {
                return r;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return &self.resources[""],
            }
        }
    }

    pub fn is_processed(&self, ptr: &str) -> bool {
        self.processed.contains(ptr)
    }
}

/// Follows a JSON pointer; `Err(true)` for a malformed one, `Err(false)` for a missing target.
pub fn lookup<'v>(mut v: &'v Value, ptr: &str) -> Result<&'v Value, bool> {
    for tok in ptr.split('/').skip(1) {
        let tok = url::unescape(tok).ok_or(true)?;
        v = match v {
            Value::Object(o) => o.get(&tok).ok_or(false)?,
            Value::Array(a) => {
                let i: usize = tok.parse().map_err(|_| false)?;
                a.get(i).ok_or(false)?
            }
            _ => return Err(false),
        };
    }
    Ok(v)
}

/// The draft a schema object declares through `$schema`, following custom meta-schemas.
pub type DraftOf<'a> = dyn FnMut(&str, &str) -> Result<Draft, CompileError> + 'a;

impl Doc {
    pub fn new(url: &str, value: Arc<Value>) -> Doc {
        Doc {
            url: url.to_string(),
            value,
            resources: HashMap::new(),
            meta: false,
            processed: HashSet::new(),
        }
    }

    /// Scans the subschema at `ptr` (and below) for resources and anchors.
    pub fn collect(
        &mut self,
        ptr: &str,
        base: &str,
        fallback: Draft,
        draft_of: &mut DraftOf<'_>,
    ) -> Result<(), CompileError> {
        let value = self.value.clone();
        let v = lookup(&value, ptr)
            .map_err(|_| CompileError::PointerNotFound(location(&self.url, ptr)))?;
        self.collect_at(v, ptr, base.to_string(), fallback, draft_of)
    }

    fn collect_at(
        &mut self,
        v: &Value,
        ptr: &str,
        mut base: String,
        fallback: Draft,
        draft_of: &mut DraftOf<'_>,
    ) -> Result<(), CompileError> {
        if self.processed.contains(ptr) {
            return Ok(());
        }
        let Value::Object(obj) = v else {
            if ptr.is_empty() {
                self.resources
                    .insert(String::new(), resource(ptr, &base, fallback));
            }
            self.processed.insert(ptr.to_string());
            return Ok(());
        };
        let declared = match obj.get("$schema").and_then(Value::as_str) {
            Some(s) => Some(draft_of(s, &location(&self.url, ptr))?),
            None => None,
        };
        let mut draft = declared.unwrap_or(fallback);
        let mut id = draft.id_of(v);
        let mut has_schema = declared.is_some();
        if id.is_none() && !ptr.is_empty() {
            draft = fallback;
            has_schema = false;
            id = draft.id_of(v);
        }
        let new_resource = match id {
            Some(id) => {
                if url::go_parse_error(id).is_some() {
                    return Err(CompileError::ParseId(location(&self.url, ptr)));
                }
                base = url::join(&base, id);
                true
            }
            None => ptr.is_empty(),
        };
        if new_resource {
            let existing = self.resources.values().find(|r| r.id == base);
            match existing {
                Some(r) if r.ptr != ptr => {
                    return Err(CompileError::DuplicateId {
                        id: base,
                        url: self.url.clone(),
                        ptr1: ptr.to_string(),
                        ptr2: r.ptr.clone(),
                    })
                }
                Some(_) => {}
                None => {
                    let d = if has_schema { draft } else { fallback };
                    self.resources
                        .insert(ptr.to_string(), resource(ptr, &base, d));
                }
            }
        }
        let res_ptr = self
            .resources
            .values()
            .find(|r| r.id == base)
            .map(|r| r.ptr.clone())
            .unwrap_or_default();
        self.collect_anchors(v, ptr, &res_ptr)?;
        let res_draft = self.resources[&res_ptr].draft;
        for (kw, shape) in draft.subschema_keywords() {
            let Some(sub) = obj.get(*kw) else { continue };
            let p = url::push(ptr, kw);
            match (shape, sub) {
                (Shape::Map, Value::Object(m)) => {
                    for (k, s) in m {
                        self.collect_at(s, &url::push(&p, k), base.clone(), res_draft, draft_of)?;
                    }
                }
                (Shape::List | Shape::OneOrList, Value::Array(a)) => {
                    for (i, s) in a.iter().enumerate() {
                        self.collect_at(s, &format!("{p}/{i}"), base.clone(), res_draft, draft_of)?;
                    }
                }
                (Shape::One | Shape::OneOrList, _) => {
                    self.collect_at(sub, &p, base.clone(), res_draft, draft_of)?;
                }
                _ => {}
            }
        }
        self.processed.insert(ptr.to_string());
        Ok(())
    }

    fn collect_anchors(&mut self, v: &Value, ptr: &str, res_ptr: &str) -> Result<(), CompileError> {
        let draft = self.resources[res_ptr].draft;
        let mut found = Vec::new();
        if draft < Draft::D2019 {
            if v.get("$ref").is_some() {
                return Ok(());
            }
            if let Some(id) = v.get(draft.id_keyword()).and_then(Value::as_str) {
                let frag = url::path_unescape(url::split(id).1)
                    .map_err(|_| CompileError::ParseAnchor(location(&self.url, ptr)))?;
                if !frag.is_empty() && !frag.starts_with('/') {
                    found.push((frag, false));
                }
            }
        } else {
            if let Some(a) = v.get("$anchor").and_then(Value::as_str) {
                found.push((a.to_string(), false));
            }
            if draft >= Draft::D2020 {
                if let Some(a) = v.get("$dynamicAnchor").and_then(Value::as_str) {
                    found.push((a.to_string(), true));
                }
            }
        }
        let url = self.url.clone();
        let res = self.resources.get_mut(res_ptr).expect("resource");
        for (anchor, dynamic) in found {
            match res.anchors.get(&anchor) {
                Some(p1) if p1 != ptr => {
                    return Err(CompileError::DuplicateAnchor {
                        anchor,
                        url,
                        ptr1: p1.clone(),
                        ptr2: ptr.to_string(),
                    })
                }
                _ => {
                    res.anchors.insert(anchor.clone(), ptr.to_string());
                }
            }
            if dynamic {
                res.dynamic_anchors.push(anchor);
            }
        }
        Ok(())
    }
}

fn resource(ptr: &str, id: &str, draft: Draft) -> Resource {
    Resource {
        ptr: ptr.to_string(),
        id: id.to_string(),
        draft,
        anchors: HashMap::new(),
        dynamic_anchors: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn resources_and_anchors() {
        let v = parse(
            br##"{"$id":"http://x.org/root.json","$defs":{"a":{"$id":"a.json","$anchor":"here"},"b":{"$anchor":"top"}}}"##,
        )
        .unwrap();
        let mut doc = Doc::new("file:///s.json", Arc::new(v));
        doc.collect("", "file:///s.json", Draft::D2020, &mut |_, _| {
            Ok(Draft::D2020)
        })
        .unwrap();
        assert_eq!(doc.resources[""].id, "http://x.org/root.json");
        assert_eq!(doc.resources["/$defs/a"].id, "http://x.org/a.json");
        assert_eq!(doc.resources["/$defs/a"].anchors["here"], "/$defs/a");
        assert_eq!(doc.resources[""].anchors["top"], "/$defs/b");
        assert_eq!(doc.resource("/$defs/a/x").ptr, "/$defs/a");
        assert!(lookup(&doc.value, "/$defs/a~2").unwrap_err());
    }
}

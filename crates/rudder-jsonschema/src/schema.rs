//! The loaded documents with their caches, and the compiled schema that validates values.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use regex::Regex;

use crate::draft::Draft;
use crate::error::CompileError;
use crate::json::Value;
use crate::node::Node;
use crate::output::ValidationError;
use crate::registry::{lookup, Doc};
use crate::url::{self, location};
use crate::validate::validate_root;

/// A reference keyword of one schema object (by address).
type RefKey = (usize, &'static str);

/// All loaded documents, with caches filled as validation needs them.
pub struct Registry {
    pub(crate) docs: Vec<Arc<Doc>>,
    pub(crate) by_url: HashMap<String, usize>,
    regexes: RefCell<HashMap<String, Result<Rc<Regex>, String>>>,
    refs: RefCell<HashMap<RefKey, Option<(usize, String)>>>,
    /// Subschema applications left for one validation: hostile schemas can make the work
    /// exponential (as in Go); past this budget the rest is not checked.
    pub(crate) fuel: Cell<u64>,
}

pub(crate) const FUEL: u64 = 5_000_000;

pub(crate) enum Resolved {
    Found(usize, String),
    /// In a document not loaded yet.
    Missing(String),
}

impl Registry {
    pub(crate) fn new() -> Registry {
        Registry {
            docs: Vec::new(),
            by_url: HashMap::new(),
            regexes: RefCell::default(),
            refs: RefCell::default(),
            fuel: Cell::new(FUEL),
        }
    }

    /// Takes one step of the validation budget; `false` once it is spent.
    pub fn spend(&self) -> bool {
        let left = self.fuel.get();
        self.fuel.set(left.saturating_sub(1));
        left > 0
    }

    /// A compiled (cached) Go regexp.
    pub fn regex(&self, pattern: &str) -> Result<Rc<Regex>, String> {
        if let Some(r) = self.regexes.borrow().get(pattern) {
            return r.clone();
        }
        let r = rudder_gocompat::regexp::go_compile(pattern);
        self.regexes
            .borrow_mut()
            .insert(pattern.to_string(), r.clone());
        r
    }

    pub(crate) fn node(&self, ix: usize, ptr: &str) -> Option<Node<'_>> {
        let doc = &self.docs[ix];
        let v = lookup(&doc.value, ptr).ok()?;
        Some(Node::new(ix, doc, ptr.to_string(), v, doc.resource(ptr)))
    }

    /// Where a reference keyword of `node` points (resolved once, then cached).
    pub fn ref_target<'r>(&'r self, node: &Node<'r>, kw: &'static str) -> Option<Node<'r>> {
        let reference = node.kw(kw)?.as_str()?;
        let key = (node.v as *const Value as usize, kw);
        let cached = self.refs.borrow().get(&key).cloned();
        let target = match cached {
            Some(t) => t,
            None => {
                let t = match self.resolve(node, reference) {
                    Ok(Resolved::Found(ix, ptr)) => Some((ix, ptr)),
                    _ => None,
                };
                self.refs.borrow_mut().insert(key, t.clone());
                t
            }
        };
        let (ix, ptr) = target?;
        self.node(ix, &ptr)
    }

    /// The subschema a `$dynamicAnchor` names in the resource of `node`.
    pub fn dynamic_anchor<'r>(&'r self, node: &Node<'r>, name: &str) -> Option<Node<'r>> {
        let res = node.res;
        if res.draft < Draft::D2020 || !res.dynamic_anchors.iter().any(|a| a == name) {
            return None;
        }
        self.node(node.doc_ix, res.anchors.get(name)?)
    }

    pub(crate) fn resolve(
        &self,
        node: &Node<'_>,
        reference: &str,
    ) -> Result<Resolved, CompileError> {
        let (u, frag) = url::split(reference);
        let frag = url::path_unescape(frag).map_err(|err| CompileError::ParseUrl {
            url: reference.to_string(),
            err,
        })?;
        if let Some(err) = url::go_parse_error(u) {
            return Err(CompileError::ParseUrl {
                url: u.to_string(),
                err,
            });
        }
        let target = url::join(&node.res.id, u);
        let doc = node.doc;
        let local = if target == doc.url {
            Some(&doc.resources[""])
        } else {
            doc.resources.values().find(|r| r.id == target)
        };
        if let Some(res) = local {
            return self.in_resource(node.doc_ix, &frag, &res.ptr, &res.id);
        }
        match self.by_url.get(&target) {
            Some(&ix) => self.in_resource(ix, &frag, "", &self.docs[ix].resources[""].id),
            None => Ok(Resolved::Missing(target)),
        }
    }

    /// A fragment (pointer or anchor) inside the resource at `res_ptr` of document `ix`.
    fn in_resource(
        &self,
        ix: usize,
        frag: &str,
        res_ptr: &str,
        res_id: &str,
    ) -> Result<Resolved, CompileError> {
        let doc = &self.docs[ix];
        let ptr = if frag.is_empty() || frag.starts_with('/') {
            format!("{res_ptr}{frag}")
        } else {
            match doc.resources[res_ptr].anchors.get(frag) {
                Some(p) => p.clone(),
                None => {
                    return Err(CompileError::AnchorNotFound {
                        url: doc.url.clone(),
                        reference: location(res_id, frag),
                    })
                }
            }
        };
        match lookup(&doc.value, &ptr) {
            Ok(_) => Ok(Resolved::Found(ix, ptr)),
            Err(true) => Err(CompileError::InvalidPointer(location(&doc.url, &ptr))),
            Err(false) => Err(CompileError::PointerNotFound(location(&doc.url, &ptr))),
        }
    }
}

/// A compiled schema, ready to validate values.
pub struct Schema {
    pub(crate) reg: Registry,
    pub(crate) root: usize,
}

impl Schema {
    /// Validates `v`; the error prints as santhosh-tekuri's `ValidationError` does.
    pub fn validate(&self, v: &Value) -> Result<(), ValidationError> {
        self.reg.fuel.set(FUEL);
        match self.reg.node(self.root, "") {
            Some(node) => validate_root(&self.reg, node, v),
            None => Ok(()),
        }
    }
}

//! Compiling: loading the documents a schema needs, checking them against their meta-schemas,
//! resolving every reachable reference and pattern once, so validation cannot fail to.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use crate::draft::{meta_document, Draft, Shape};
use crate::error::CompileError;
use crate::json::Value;
use crate::node::Node;
use crate::registry::{lookup, Doc};
use crate::schema::{Registry, Resolved, Schema, FUEL};
use crate::url::{self, location};
use crate::validate::validate_root;

/// Fetches documents that `$ref`s (or `$schema`s) name outside the schema itself.
pub trait Loader {
    /// The document at `url`; the error text is shown after `failing loading "url": `.
    fn load(&self, url: &str) -> Result<Value, String>;
}

/// A meta-schema document, scanned once per process.
fn meta_doc(url: &str) -> Option<Arc<Doc>> {
    static DOCS: Mutex<Vec<Arc<Doc>>> = Mutex::new(Vec::new());
    let mut docs = DOCS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(d) = docs.iter().find(|d| d.url == url) {
        return Some(d.clone());
    }
    let value = meta_document(url)?;
    let mut doc = Doc::new(url, value);
    doc.meta = true;
    let draft = Draft::from_url(url).unwrap_or(Draft::D2020);
    // Meta-schemas name only known drafts in `$schema`.
    let mut draft_of = |s: &str, _: &str| Ok(Draft::from_url(s).unwrap_or(draft));
    doc.collect("", url, draft, &mut draft_of).ok()?;
    let doc = Arc::new(doc);
    docs.push(doc.clone());
    Some(doc)
}

/// Compiles `doc`, known by `url`, fetching other documents with `loader`.
pub fn compile(url: &str, doc: Value, loader: &dyn Loader) -> Result<Schema, CompileError> {
    let mut c = Compiler {
        reg: Registry::new(),
        loader,
    };
    let root = c.add_root(url, doc)?;
    c.walk(root)?;
    Ok(Schema { reg: c.reg, root })
}

struct Compiler<'l> {
    reg: Registry,
    loader: &'l dyn Loader,
}

impl Compiler<'_> {
    fn load(&self, url: &str) -> Result<Value, CompileError> {
        if let Some(v) = meta_document(url) {
            return Ok((*v).clone());
        }
        self.loader.load(url).map_err(|err| CompileError::Load {
            url: url.to_string(),
            err,
        })
    }

    /// The draft a `$schema` value selects, following custom meta-schemas to a known draft.
    fn draft_of(
        &self,
        doc_url: &str,
        schema: &str,
        at: &str,
        seen: &mut HashSet<String>,
    ) -> Result<Draft, CompileError> {
        if let Some(d) = Draft::from_url(schema) {
            return Ok(d);
        }
        let meta = url::split(schema).0.to_string();
        if at.is_empty() && meta == doc_url {
            return Err(CompileError::UnsupportedDraft(meta));
        }
        if !seen.insert(meta.clone()) {
            return Err(CompileError::MetaSchemaCycle(meta));
        }
        let doc = self.load(&meta)?;
        match doc.get("$schema").and_then(Value::as_str) {
            Some(s) => self.draft_of(&meta, s, "", seen),
            None => Ok(Draft::D2020),
        }
    }

    fn push(&mut self, doc: Arc<Doc>) -> usize {
        let ix = self.reg.docs.len();
        self.reg.by_url.insert(doc.url.clone(), ix);
        self.reg.docs.push(doc);
        ix
    }

    fn add_root(&mut self, url: &str, value: Value) -> Result<usize, CompileError> {
        if let Some(meta) = meta_doc(url) {
            return Ok(self.push(meta));
        }
        let mut doc = Doc::new(url, Arc::new(value));
        let this = &*self;
        let mut draft_of = |s: &str, loc: &str| {
            let at = url::split(loc).1;
            this.draft_of(url, s, at, &mut HashSet::new())
        };
        doc.collect("", url, Draft::D2020, &mut draft_of)?;
        let draft = doc.resource("").draft;
        let surely = crate::quick::surely_valid(&self.reg, &doc.value, draft);
        let ix = self.push(Arc::new(doc));
        if !surely {
            self.meta_validate(ix, "")?;
        }
        Ok(ix)
    }

    fn ensure_meta(&mut self, draft: Draft) {
        for u in draft.meta_urls() {
            if !self.reg.by_url.contains_key(*u) {
                if let Some(doc) = meta_doc(u) {
                    self.push(doc);
                }
            }
        }
    }

    /// Checks the subschema at `ptr` of document `ix` against its draft's meta-schema.
    fn meta_validate(&mut self, ix: usize, ptr: &str) -> Result<(), CompileError> {
        let draft = self.reg.docs[ix].resource(ptr).draft;
        self.ensure_meta(draft);
        let meta_ix = self.reg.by_url[draft.url()];
        let doc = &self.reg.docs[ix];
        let (Some(meta), Ok(v)) = (self.reg.node(meta_ix, ""), lookup(&doc.value, ptr)) else {
            return Ok(());
        };
        self.reg.fuel.set(FUEL);
        validate_root(&self.reg, meta, v).map_err(|err| CompileError::Meta {
            url: location(&doc.url, ptr),
            err: Box::new(err),
        })
    }

    /// A referenced location outside the scanned subschemas is scanned and meta-checked first.
    fn ensure_subschema(&mut self, ix: usize, ptr: &str) -> Result<(), CompileError> {
        let doc = &self.reg.docs[ix];
        if doc.is_processed(ptr) {
            return Ok(());
        }
        let res = doc.resource(ptr);
        let (base, fallback, url) = (res.id.clone(), res.draft, doc.url.clone());
        let mut doc = (*self.reg.docs[ix]).clone();
        let this = &*self;
        let mut draft_of = |s: &str, loc: &str| {
            let at = url::split(loc).1;
            this.draft_of(&url, s, at, &mut HashSet::new())
        };
        doc.collect(ptr, &base, fallback, &mut draft_of)?;
        self.reg.docs[ix] = Arc::new(doc);
        self.meta_validate(ix, ptr)
    }

    /// Resolves a reference, loading its document when needed.
    fn resolve(
        &mut self,
        ix: usize,
        ptr: &str,
        reference: &str,
    ) -> Result<(usize, String), CompileError> {
        loop {
            let Some(node) = self.reg.node(ix, ptr) else {
                return Err(CompileError::PointerNotFound(location(
                    &self.reg.docs[ix].url,
                    ptr,
                )));
            };
            match self.reg.resolve(&node, reference)? {
                Resolved::Found(i, p) => return Ok((i, p)),
                Resolved::Missing(u) => {
                    let v = self.load(&u)?;
                    self.add_root(&u, v)?;
                }
            }
        }
    }

    /// Visits every subschema reachable from the root, resolving references and compiling
    /// patterns, in santhosh-tekuri's order so the first error is the same.
    fn walk(&mut self, root: usize) -> Result<(), CompileError> {
        let mut queue = VecDeque::from([(root, String::new())]);
        let mut seen: HashSet<(usize, String)> = queue.iter().cloned().collect();
        while let Some((ix, ptr)) = queue.pop_front() {
            self.ensure_subschema(ix, &ptr)?;
            let mut next = Vec::new();
            let refs = {
                let Some(node) = self.reg.node(ix, &ptr) else {
                    continue;
                };
                let draft = node.draft();
                let mut refs = Vec::new();
                for kw in ["$ref", "$recursiveRef", "$dynamicRef"] {
                    let allowed = match kw {
                        "$ref" => true,
                        "$recursiveRef" => draft >= Draft::D2019,
                        _ => draft >= Draft::D2020,
                    };
                    if let Some(r) = node.kw(kw).and_then(Value::as_str).filter(|_| allowed) {
                        refs.push(r.to_string());
                    }
                }
                self.check_patterns(&node)?;
                subschemas(&node, &mut next);
                refs
            };
            for r in refs {
                next.push(self.resolve(ix, &ptr, &r)?);
            }
            for n in next {
                if seen.insert(n.clone()) {
                    queue.push_back(n);
                }
            }
        }
        Ok(())
    }

    fn check_patterns(&self, node: &Node<'_>) -> Result<(), CompileError> {
        let bad = |kw: &str, regex: &str, err: String| CompileError::InvalidRegex {
            url: location(&node.doc.url, &url::push(&node.ptr, kw)),
            regex: regex.to_string(),
            err,
        };
        if let Some(Value::Object(m)) = node.kw("patternProperties") {
            for p in m.keys() {
                self.reg
                    .regex(p)
                    .map_err(|e| bad("patternProperties", p, e))?;
            }
        }
        if let Some(p) = node.kw("pattern").and_then(Value::as_str) {
            self.reg.regex(p).map_err(|e| bad("pattern", p, e))?;
        }
        Ok(())
    }
}

/// The subschemas santhosh-tekuri compiles under `node` (not `$defs`: only what is used).
fn subschemas(node: &Node<'_>, out: &mut Vec<(usize, String)>) {
    let draft = node.draft();
    for (kw, shape) in draft.subschema_keywords() {
        let skip = match *kw {
            "definitions" | "$defs" | "contentSchema" => true,
            "additionalItems" => {
                draft >= Draft::D2020 || !matches!(node.kw("items"), Some(Value::Array(_)))
            }
            _ => false,
        };
        let Some(v) = node.kw(kw).filter(|_| !skip) else {
            continue;
        };
        let at = |p: String| (node.doc_ix, p);
        let base = url::push(&node.ptr, kw);
        match (shape, v) {
            (Shape::Map, Value::Object(m)) => {
                for (k, s) in m {
                    if matches!(s, Value::Object(_) | Value::Bool(_)) {
                        out.push(at(url::push(&base, k)));
                    }
                }
            }
            (Shape::List | Shape::OneOrList, Value::Array(a))
                if draft < Draft::D2020 || *kw != "items" =>
            {
                out.extend((0..a.len()).map(|i| at(format!("{base}/{i}"))));
            }
            (Shape::One | Shape::OneOrList, _) => out.push(at(base)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    struct NoLoader;

    impl Loader for NoLoader {
        fn load(&self, _: &str) -> Result<Value, String> {
            Err("offline".into())
        }
    }

    /// Whether the full meta-schema check accepts `schema` (JSON text).
    pub fn full_meta_ok(schema: &str) -> bool {
        let mut c = Compiler {
            reg: Registry::new(),
            loader: &NoLoader,
        };
        let doc = Doc::new(
            "file:///s.json",
            Arc::new(parse(schema.as_bytes()).unwrap()),
        );
        let mut doc = doc;
        let mut draft_of = |s: &str, _: &str| Ok(Draft::from_url(s).unwrap_or(Draft::D2020));
        if doc
            .collect("", "file:///s.json", Draft::D2020, &mut draft_of)
            .is_err()
        {
            return false;
        }
        let ix = c.push(Arc::new(doc));
        c.meta_validate(ix, "").is_ok()
    }

    /// The fast check never accepts what the meta-schemas reject.
    #[test]
    fn quick_check_is_conservative() {
        let d4 = r#""$schema":"http://json-schema.org/draft-04/schema#""#;
        let d7 = r#""$schema":"http://json-schema.org/draft-07/schema#""#;
        let schemas = [
            r#"{"type":"object","properties":{"a":{"type":"string","minLength":1}},"required":["a"]}"#.to_string(),
            r#"{"properties":{"a":{"type":"strin"}}}"#.into(),
            r#"{"items":[{}]}"#.into(),
            r#"{"enum":[]}"#.into(),
            r#"{"$ref":"http://[x"}"#.into(),
            r#"{"$ref":"1a:b"}"#.into(),
            r##"{"$ref":"#/$defs/a","$defs":{"a":true}}"##.into(),
            r#"{"patternProperties":{"(":{}}}"#.into(),
            r#"{"pattern":"a{2,1}"}"#.into(),
            r#"{"multipleOf":0}"#.into(),
            format!(r#"{{{d4},"dependencies":{{"a":[]}}}}"#),
            format!(r#"{{{d4},"required":[]}}"#),
            format!(r#"{{{d4},"properties":{{"a":true}}}}"#),
            format!(r#"{{{d4},"exclusiveMinimum":true}}"#),
            format!(r#"{{{d4},"additionalProperties":false,"additionalItems":true}}"#),
            format!(r#"{{{d4},"additionalProperties":false,"additionalItems":true}}"#),
            format!(r#"{{{d7},"items":[],"examples":"x"}}"#),
            format!(r#"{{{d7},"enum":[1,1.0]}}"#),
            format!(r#"{{{d7},"type":["string","string"]}}"#),
            r#"{"$id":"http://x.test/a#frag"}"#.into(),
            r#"{"$id":"http://x.test/a#","$defs":{"a":{"$anchor":"ok-1.x","$dynamicAnchor":"n"}}}"#.into(),
            r#"{"$defs":{"a":{"$anchor":"1bad"}}}"#.into(),
            r#"{"$defs":{"a":{"$anchor":"a:b"}}}"#.into(),
            format!(r#"{{{d7},"$id":"x.json","$defs":{{"a":{{"$anchor":"_x"}}}}}}"#),
        ];
        let mut accepted = 0;
        for s in &schemas {
            let v = parse(s.as_bytes()).unwrap();
            let draft = v
                .get("$schema")
                .and_then(Value::as_str)
                .and_then(Draft::from_url)
                .unwrap_or(Draft::D2020);
            if crate::quick::surely_valid(&Registry::new(), &v, draft) {
                accepted += 1;
                assert!(full_meta_ok(s), "fast check accepted {s}");
            }
        }
        assert!(accepted >= 2);
    }
}

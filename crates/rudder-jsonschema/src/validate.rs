//! The interpreter: applies a subschema to a value in santhosh-tekuri's order, collecting its
//! error tree and the properties/items left unevaluated.

use std::collections::BTreeSet;

use crate::draft::Draft;
use crate::json::Value;
use crate::node::Node;
use crate::output::{Kind, ValidationError};
use crate::registry::lookup;
use crate::schema::Registry;
use crate::url;

/// The instance location as a linked list (materialised only for errors).
pub struct Loc<'a> {
    tok: Option<String>,
    parent: Option<&'a Loc<'a>>,
}

impl Loc<'_> {
    pub const ROOT: Loc<'static> = Loc {
        tok: None,
        parent: None,
    };

    fn tokens(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = Some(self);
        while let Some(l) = cur {
            if let Some(t) = &l.tok {
                out.push(t.clone());
            }
            cur = l.parent;
        }
        out.reverse();
        out
    }
}

/// The dynamic scope: the chain of subschemas applied to reach this one.
pub struct Scope<'s, 'r> {
    node: Node<'r>,
    ref_kw: &'static str,
    /// Which value is validated: equal ids mean the same instance (for cycle detection).
    vid: usize,
    parent: Option<&'s Scope<'s, 'r>>,
}

impl Scope<'_, '_> {
    /// The keyword path from the root scope, used in reference-cycle errors.
    fn kw_loc(&self) -> String {
        let mut loc = String::new();
        let mut sc = self;
        while let Some(parent) = sc.parent {
            if sc.ref_kw.is_empty() {
                let cur = sc.node.location();
                let up = parent.node.location();
                loc = format!("{}{loc}", cur.get(up.len()..).unwrap_or(""));
            } else {
                loc = format!("/{}{loc}", url::escape(sc.ref_kw));
            }
            sc = parent;
        }
        loc
    }
}

/// Properties and items not evaluated yet (for `unevaluated*`); `None` when nobody needs them.
#[derive(Default)]
pub struct Uneval<'i> {
    props: Option<BTreeSet<&'i str>>,
    items: Option<BTreeSet<usize>>,
}

impl<'i> Uneval<'i> {
    fn from(v: &'i Value, node: &Node<'_>, caller_needs: bool) -> Uneval<'i> {
        let mut u = Uneval::default();
        match v {
            Value::Object(o)
                if !node.all_props_evaluated()
                    && (caller_needs || node.kw("unevaluatedProperties").is_some()) =>
            {
                u.props = Some(o.keys().map(String::as_str).collect());
            }
            Value::Array(a) => {
                let (all, n) = node.items_evaluated();
                if !all && (caller_needs || node.kw("unevaluatedItems").is_some()) && n < a.len() {
                    u.items = Some((n..a.len()).collect());
                }
            }
            _ => {}
        }
        u
    }

    fn is_empty(&self) -> bool {
        self.props.as_ref().is_none_or(BTreeSet::is_empty)
            && self.items.as_ref().is_none_or(BTreeSet::is_empty)
    }

    /// Keeps only what `other` left unevaluated too.
    fn merge(&mut self, other: &Uneval<'i>) {
        if let Some(p) = &mut self.props {
            p.retain(|k| other.props.as_ref().is_some_and(|o| o.contains(k)));
        }
        if let Some(i) = &mut self.items {
            i.retain(|k| other.items.as_ref().is_some_and(|o| o.contains(k)));
        }
    }
}

/// Applies `node` to `v` as a fresh validation (new scope, location `''`) and wraps failures
/// in the report's root error.
pub fn validate_root(reg: &Registry, node: Node<'_>, v: &Value) -> Result<(), ValidationError> {
    let scope = Scope {
        node: node.clone(),
        ref_kw: "",
        vid: 0,
        parent: None,
    };
    let uneval = Uneval::from(v, &node, false);
    let mut f = Frame {
        reg,
        node: node.clone(),
        v,
        loc: &Loc::ROOT,
        scope: &scope,
        uneval,
        errors: Vec::new(),
        bool_result: false,
        depth: 0,
    };
    match f.run() {
        Ok(_) => Ok(()),
        Err(e) => Err(ValidationError {
            kind: Box::new(Kind::Schema(node.location())),
            instance_location: Vec::new(),
            causes: match *e.kind {
                Kind::Group => e.causes,
                _ => vec![e],
            },
        }),
    }
}

pub struct Frame<'a, 'r, 'i> {
    pub reg: &'r Registry,
    pub node: Node<'r>,
    pub v: &'i Value,
    pub loc: &'a Loc<'a>,
    pub scope: &'a Scope<'a, 'r>,
    pub uneval: Uneval<'i>,
    pub errors: Vec<ValidationError>,
    /// Only pass/fail matters (inside `not`, `if`, ...): stop at the first error.
    pub bool_result: bool,
    depth: usize,
}

/// Nesting beyond this is not descended into. JSON nests at most 10000 deep, so only absurd
/// reference chains reach it; it bounds the native stack (a few KiB a level) where Go's grows.
const MAX_DEPTH: usize = 50_000;

impl<'a, 'r, 'i> Frame<'a, 'r, 'i> {
    pub fn error(&self, kind: Kind) -> ValidationError {
        ValidationError {
            kind: Box::new(kind),
            instance_location: self.loc.tokens(),
            causes: Vec::new(),
        }
    }

    pub fn add(&mut self, kind: Kind) {
        let e = self.error(kind);
        self.errors.push(e);
    }

    pub fn add_with(&mut self, causes: Vec<ValidationError>, kind: Kind) {
        let mut e = self.error(kind);
        e.causes = causes;
        self.errors.push(e);
    }

    pub fn add_result(&mut self, r: Result<(), ValidationError>) {
        if let Err(e) = r {
            self.errors.push(e);
        }
    }

    fn run(&mut self) -> Result<Uneval<'i>, ValidationError> {
        if self.depth > MAX_DEPTH || !self.reg.spend() {
            return Ok(std::mem::take(&mut self.uneval));
        }
        let node = self.node.clone();
        match node.v {
            Value::Bool(true) => return Ok(std::mem::take(&mut self.uneval)),
            Value::Bool(false) => return Err(self.error(Kind::FalseSchema)),
            Value::Object(o) if !o.is_empty() => {}
            _ => return Ok(std::mem::take(&mut self.uneval)),
        }
        if let Some(prev) = self.cycle() {
            return Err(self.error(Kind::RefCycle {
                url: node.location(),
                loc1: self.scope.kw_loc(),
                loc2: prev.kw_loc(),
            }));
        }
        if let Some(k) = self.type_check() {
            return Err(self.error(k));
        }
        if let Some(want) = node.kw("const").filter(|_| node.draft() >= Draft::D6) {
            if !self.v.equals(want) {
                return Err(self.error(Kind::Const(want.clone())));
            }
        }
        if let Some(Value::Array(items)) = node.kw("enum") {
            if !items.iter().any(|w| self.v.equals(w)) {
                return Err(self.error(Kind::Enum(items.clone())));
            }
        }
        if let Some(k) = self.format_check() {
            return Err(self.error(k));
        }
        if let Some(target) = self.reg.ref_target(&node, "$ref") {
            let r = self.validate_ref(target, "$ref");
            if node.draft() < Draft::D2019 {
                return r.map(|_| std::mem::take(&mut self.uneval));
            }
            self.add_result(r);
        }
        match self.v {
            Value::Object(o) => self.object(o),
            Value::Array(a) => self.array(a),
            Value::String(s) => self.string(s),
            Value::Number(n) => self.number(n),
            _ => {}
        }
        if self.errors.is_empty() || !self.bool_result {
            if node.draft() >= Draft::D2019 {
                self.dynamic_refs();
            }
            self.conditionals();
            if node.draft() >= Draft::D2019 {
                self.unevaluated();
            }
        }
        match self.errors.len() {
            0 => Ok(std::mem::take(&mut self.uneval)),
            1 => Err(self.errors.pop().expect("one error")),
            _ => {
                let causes = std::mem::take(&mut self.errors);
                let mut e = self.error(Kind::Group);
                e.causes = causes;
                Err(e)
            }
        }
    }

    /// An earlier scope applying the same subschema to the same value: an endless `$ref` loop.
    fn cycle(&self) -> Option<&'a Scope<'a, 'r>> {
        let mut sc = self.scope.parent;
        while let Some(s) = sc {
            if s.vid != self.scope.vid {
                break;
            }
            if std::ptr::eq(s.node.v, self.scope.node.v) {
                return Some(s);
            }
            sc = s.parent;
        }
        None
    }

    fn type_check(&self) -> Option<Kind> {
        const ORDER: [&str; 7] = [
            "null", "boolean", "number", "integer", "string", "array", "object",
        ];
        let names: Vec<&str> = match self.node.kw("type")? {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => return None,
        };
        let want: Vec<&'static str> = ORDER
            .iter()
            .copied()
            .filter(|t| names.contains(t))
            .collect();
        if want.is_empty() {
            return None;
        }
        let got = self.v.type_name();
        let integer = matches!(self.v, Value::Number(n) if n.is_integer());
        if want.contains(&got) || (got == "number" && integer && want.contains(&"integer")) {
            return None;
        }
        Some(Kind::Type { got, want })
    }

    fn format_check(&self) -> Option<Kind> {
        let name = self.node.kw("format")?.as_str()?;
        let asserted = self.node.doc.meta || self.node.draft() < Draft::D2019;
        if !asserted {
            return None;
        }
        let Value::String(s) = self.v else {
            return None;
        };
        let err = if name == "regex" {
            self.reg.regex(s).err()?
        } else {
            crate::format::check(name, s)?
        };
        Some(Kind::Format {
            got: self.v.clone(),
            want: name.to_string(),
            err,
        })
    }

    /// Applies `node` to the same value (`allOf`, `$ref`, ...); on success its unevaluated
    /// sets narrow ours.
    pub fn apply(
        &mut self,
        node: Node<'r>,
        ref_kw: &'static str,
        bool_result: bool,
    ) -> Result<(), ValidationError> {
        let scope = Scope {
            node: node.clone(),
            ref_kw,
            vid: self.scope.vid,
            parent: Some(self.scope),
        };
        let uneval = Uneval::from(self.v, &node, !self.uneval.is_empty());
        let mut sub = Frame {
            reg: self.reg,
            node,
            v: self.v,
            loc: self.loc,
            scope: &scope,
            uneval,
            errors: Vec::new(),
            bool_result: self.bool_result || bool_result,
            depth: self.depth + 1,
        };
        let u = sub.run()?;
        self.uneval.merge(&u);
        Ok(())
    }

    /// Applies `node` to a child value (`properties`, `items`, ...).
    pub fn apply_to(&self, node: Node<'r>, v: &Value, tok: String) -> Result<(), ValidationError> {
        let loc = Loc {
            tok: Some(tok),
            parent: Some(self.loc),
        };
        let scope = Scope {
            node: node.clone(),
            ref_kw: "",
            vid: self.scope.vid + 1,
            parent: Some(self.scope),
        };
        let uneval = Uneval::from(v, &node, false);
        let mut sub = Frame {
            reg: self.reg,
            node,
            v,
            loc: &loc,
            scope: &scope,
            uneval,
            errors: Vec::new(),
            bool_result: self.bool_result,
            depth: self.depth + 1,
        };
        sub.run().map(|_| ())
    }

    fn validate_ref(&mut self, target: Node<'r>, kw: &'static str) -> Result<(), ValidationError> {
        let Err(e) = self.apply(target, kw, false) else {
            return Ok(());
        };
        let mut r = self.error(Kind::Reference);
        r.causes = match *e.kind {
            Kind::Group => e.causes,
            _ => vec![e],
        };
        Err(r)
    }

    fn dynamic_refs(&mut self) {
        let node = self.node.clone();
        if let Some(mut target) = self.reg.ref_target(&node, "$recursiveRef") {
            if target.flag("$recursiveAnchor") {
                let mut sc = Some(self.scope);
                while let Some(s) = sc {
                    if lookup(&s.node.doc.value, &s.node.res.ptr)
                        .is_ok_and(|r| r.get("$recursiveAnchor") == Some(&Value::Bool(true)))
                    {
                        target = s.node.clone();
                    }
                    sc = s.parent;
                }
            }
            let r = self.validate_ref(target, "$recursiveRef");
            self.add_result(r);
        }
        if node.draft() < Draft::D2020 {
            return;
        }
        if let Some(mut target) = self.reg.ref_target(&node, "$dynamicRef") {
            let reference = node.kw("$dynamicRef").and_then(Value::as_str).unwrap_or("");
            let anchor = url::path_unescape(url::split(reference).1).unwrap_or_default();
            if !anchor.is_empty()
                && !anchor.starts_with('/')
                && target.kw("$dynamicAnchor").and_then(Value::as_str) == Some(&anchor)
            {
                let mut sc = Some(self.scope);
                while let Some(s) = sc {
                    if let Some(n) = self.reg.dynamic_anchor(&s.node, &anchor) {
                        target = n;
                    }
                    sc = s.parent;
                }
            }
            let r = self.validate_ref(target, "$dynamicRef");
            self.add_result(r);
        }
    }

    fn conditionals(&mut self) {
        let node = self.node.clone();
        if let Some(not) = node.sub("not") {
            if self.apply(not, "", true).is_ok() {
                self.add(Kind::Not);
            }
        }
        let all = node.list("allOf");
        if !all.is_empty() {
            let mut errs = Vec::new();
            for s in all {
                if let Err(e) = self.apply(s, "", false) {
                    errs.push(e);
                    if self.bool_result {
                        break;
                    }
                }
            }
            if !errs.is_empty() {
                self.add_with(errs, Kind::AllOf);
            }
        }
        let any = node.list("anyOf");
        if !any.is_empty() {
            let mut errs = Vec::new();
            let mut matched = false;
            for s in any {
                match self.apply(s, "", false) {
                    Err(e) => errs.push(e),
                    Ok(()) => {
                        matched = true;
                        // Later subschemas still count for unevaluated*.
                        if self.uneval.is_empty() {
                            break;
                        }
                    }
                }
            }
            if !matched {
                self.add_with(errs, Kind::AnyOf);
            }
        }
        let one = node.list("oneOf");
        if !one.is_empty() {
            let mut errs = Vec::new();
            let mut matched = None;
            for (i, s) in one.into_iter().enumerate() {
                match self.apply(s, "", matched.is_some()) {
                    Err(e) => {
                        if matched.is_none() {
                            errs.push(e);
                        }
                    }
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            self.add(Kind::OneOf(Some((first, i))));
                            break;
                        }
                    },
                }
            }
            if matched.is_none() {
                self.add_with(errs, Kind::OneOf(None));
            }
        }
        if node.draft() >= Draft::D7 {
            if let Some(cond) = node.sub("if") {
                let b = cond.v.clone();
                if self.apply(cond, "", true).is_ok() {
                    if let Some(then) = node.sub("then").filter(|_| b != Value::Bool(false)) {
                        let r = self.apply(then, "", false);
                        self.add_result(r);
                    }
                } else if let Some(els) = node.sub("else").filter(|_| b != Value::Bool(true)) {
                    let r = self.apply(els, "", false);
                    self.add_result(r);
                }
            }
        }
    }

    fn unevaluated(&mut self) {
        let node = self.node.clone();
        if let (Value::Object(o), Some(s)) = (self.v, node.sub("unevaluatedProperties")) {
            let names: Vec<&str> = self.uneval.props.take().into_iter().flatten().collect();
            for name in names {
                if let Some(pv) = o.get(name) {
                    let r = self.apply_to(s.clone(), pv, name.to_string());
                    self.add_result(r);
                }
            }
        }
        if let (Value::Array(a), Some(s)) = (self.v, node.sub("unevaluatedItems")) {
            let ixs: Vec<usize> = self.uneval.items.take().into_iter().flatten().collect();
            for i in ixs {
                let r = self.apply_to(s.clone(), &a[i], i.to_string());
                self.add_result(r);
            }
        }
    }

    /// Marks a property evaluated.
    pub fn evaluated_prop(&mut self, name: &str) {
        if let Some(p) = &mut self.uneval.props {
            p.remove(name);
        }
    }

    /// Marks an item evaluated.
    pub fn evaluated_item(&mut self, i: usize) {
        if let Some(p) = &mut self.uneval.items {
            p.remove(&i);
        }
    }
}

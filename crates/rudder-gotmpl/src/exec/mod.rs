//! Executing parsed templates with Go's semantics.
//!
//! Values carry one extra fact Go's reflection has: whether a nil came out of an `interface{}`
//! slot (a map element, a list element) or is an "invalid" value (the nil result of a
//! pipeline). Field access on the first is an error, on the second it quietly yields nil.

mod builtins;
mod compare;
mod convert;
#[cfg(test)]
mod tests;
pub mod trace;

use std::cell::Cell;
use std::rc::Rc;

use rudder_report::Location;

use crate::error::{Error, ExecError};
use crate::func::{Func, FuncBody, FuncError, Ty};
use crate::parse::ast::{Arg, Branch, CommandNode, ListNode, Name, Node, Number, PipeNode};
use crate::parse::Tree;
use crate::templates::Templates;
use crate::value::Value;

pub use builtins::is_builtin;
use trace::Origin;

/// Go's limit on nested `{{template}}` calls.
pub const MAX_EXEC_DEPTH: usize = 100_000;

/// Most executions a function may nest inside each other (`include` in `include`, `tpl` in
/// `tpl`). Each level's error embeds the text of the one below, so error memory grows with the
/// square of the depth; helm itself stops `include` at 1001 levels of one name and crashes on
/// runaway `tpl`.
pub const MAX_NESTED_EXECUTIONS: usize = 1500;

/// Bytes of produced text that cost one step of the budget.
const BYTES_PER_STEP: usize = 64;
/// Collection elements a function result may hold per step of the budget.
const ITEMS_PER_STEP: usize = 8;

/// Options of one execution.
#[derive(Clone, Debug, Default)]
pub struct ExecOptions {
    /// Stop with an error after this many evaluation steps (a fuel limit for untrusted input).
    /// Producing large values also costs fuel: a step per 64 bytes of function results and
    /// output, or per 8 elements of a returned list or map.
    pub max_steps: Option<u64>,
}

/// A value and whether it sits in an `interface{}` slot (see the module docs).
#[derive(Clone, Debug)]
struct Ev {
    v: Value,
    iface: bool,
}

impl Ev {
    fn concrete(v: Value) -> Ev {
        Ev { v, iface: false }
    }
    fn slot(v: Value) -> Ev {
        Ev { v, iface: true }
    }
}

/// The node an error is reported at.
#[derive(Clone, Copy)]
enum At<'a> {
    None,
    Arg(&'a Arg),
    Cmd(&'a CommandNode),
    Pipe(&'a PipeNode),
    Template(usize, &'a str, Option<&'a PipeNode>),
}

/// What a walk step asks of its enclosing `range`.
enum Flow {
    Normal,
    Break,
    Continue,
}

type R<T> = Result<T, Error>;

/// What a function body sees of the running execution (for helm's `include` and `tpl`).
pub struct Context<'a> {
    set: &'a Templates,
    budget: &'a Cell<u64>,
    nesting: &'a Cell<usize>,
    /// The name of the template being executed.
    pub template_name: &'a str,
}

impl Context<'_> {
    /// Executes template `name` of the running set with `data` (Go's `ExecuteTemplate`).
    pub fn execute_template(&mut self, name: &str, data: &Value) -> Result<String, Error> {
        self.nested(|ctx| execute_in(ctx.set, name, data, ctx.budget, ctx.nesting))
    }

    /// Runs a nested execution, refusing to go deeper than [`MAX_NESTED_EXECUTIONS`].
    fn nested(&mut self, run: impl FnOnce(&mut Self) -> R<String>) -> R<String> {
        let depth = self.nesting.get();
        if depth >= MAX_NESTED_EXECUTIONS {
            return Err(Error::TooDeep {
                limit: MAX_NESTED_EXECUTIONS,
            });
        }
        self.nesting.set(depth + 1);
        let result = run(self);
        self.nesting.set(depth);
        result
    }

    /// Parses `text` as template `name` into a copy of the running set and executes it
    /// (helm's `tpl`): every definition of the set is visible, the set itself is unchanged.
    pub fn parse_and_execute(
        &mut self,
        name: &str,
        text: &str,
        data: &Value,
    ) -> Result<String, Error> {
        let mut copy = self.set.clone();
        // The parsed template runs, even where the set keeps an earlier one of the same name
        // (an empty text does not replace a definition).
        let tree = copy.parse_tree(name, Rc::from(text), None)?;
        self.nested(|ctx| run_tree(&copy, &tree, data, ctx.budget, ctx.nesting))
    }
}

/// Executes template `name` of `set`.
pub fn execute(set: &Templates, name: &str, data: &Value, opts: &ExecOptions) -> R<String> {
    let budget = Cell::new(opts.max_steps.unwrap_or(u64::MAX));
    execute_in(set, name, data, &budget, &Cell::new(0))
}

/// `execute`, also returning what was written before a failure: Go's `Execute` has already
/// written it to its writer, and some callers (helm-docs) keep it.
pub fn execute_partial(
    set: &Templates,
    name: &str,
    data: &Value,
    opts: &ExecOptions,
) -> (String, R<()>) {
    let budget = Cell::new(opts.max_steps.unwrap_or(u64::MAX));
    match set.tree(name) {
        Some(tree) => {
            let (out, _, result) = run_tree_partial(set, tree, data, &budget, &Cell::new(0), false);
            (out, result)
        }
        None => (String::new(), Err(no_template(set, name))),
    }
}

/// `execute`, also returning where each part of the output came from (see [`trace`]).
pub fn execute_traced(
    set: &Templates,
    name: &str,
    data: &Value,
    opts: &ExecOptions,
) -> R<(String, Vec<Origin>)> {
    let budget = Cell::new(opts.max_steps.unwrap_or(u64::MAX));
    let Some(tree) = set.tree(name) else {
        return Err(no_template(set, name));
    };
    let (out, origins, result) = run_tree_partial(set, tree, data, &budget, &Cell::new(0), true);
    result.map(|_| (out, origins))
}

fn no_template(set: &Templates, name: &str) -> Error {
    Error::NoTemplate {
        name: name.to_string(),
        set: set.name().to_string(),
    }
}

fn execute_in(
    set: &Templates,
    name: &str,
    data: &Value,
    budget: &Cell<u64>,
    nesting: &Cell<usize>,
) -> R<String> {
    let Some(tree) = set.tree(name) else {
        return Err(no_template(set, name));
    };
    run_tree(set, tree, data, budget, nesting)
}

fn run_tree(
    set: &Templates,
    tree: &Tree,
    data: &Value,
    budget: &Cell<u64>,
    nesting: &Cell<usize>,
) -> R<String> {
    let (out, _, result) = run_tree_partial(set, tree, data, budget, nesting, false);
    result.map(|_| out)
}

/// Runs `tree`; returns its output, where the output came from when `trace` (else empty),
/// and whether it failed.
fn run_tree_partial(
    set: &Templates,
    tree: &Tree,
    data: &Value,
    budget: &Cell<u64>,
    nesting: &Cell<usize>,
    trace: bool,
) -> (String, Vec<Origin>, R<()>) {
    let mut state = State {
        set,
        tree,
        vars: vec![("$".to_string(), Ev::concrete(data.clone()))],
        depth: 0,
        out: String::new(),
        origins: trace.then(Vec::new),
        budget,
        nesting,
        at: At::None,
    };
    let result = state.walk_list(&Ev::concrete(data.clone()), &tree.root);
    let origins = state.origins.unwrap_or_default();
    (state.out, origins, result.map(|_| ()))
}

struct State<'a> {
    set: &'a Templates,
    tree: &'a Tree,
    vars: Vec<(String, Ev)>,
    depth: usize,
    out: String,
    /// Where the output came from, when asked.
    origins: Option<Vec<Origin>>,
    budget: &'a Cell<u64>,
    nesting: &'a Cell<usize>,
    at: At<'a>,
}

impl<'a> State<'a> {
    fn at(&mut self, at: At<'a>) {
        self.at = at;
    }

    fn step(&mut self) -> R<()> {
        self.charge(1)
    }

    /// Spends `cost` units of the step budget.
    fn charge(&mut self, cost: u64) -> R<()> {
        if cost == 0 {
            return Ok(());
        }
        let left = self.budget.get();
        if left < cost {
            self.budget.set(0);
            return self.error("execution step budget exhausted");
        }
        self.budget.set(left - cost);
        Ok(())
    }

    /// Charges for the size of a value a function made or the output written, so a budget
    /// bounds memory too (repeated doubling of a string would otherwise take little fuel).
    fn charge_size(&mut self, v: &Value) -> R<()> {
        let units = match v {
            Value::String(s) => s.len() / BYTES_PER_STEP,
            Value::Bytes(b) => b.len() / BYTES_PER_STEP,
            Value::List(l) => l.items.len() / ITEMS_PER_STEP,
            Value::Map(m) => m.borrow().len() / ITEMS_PER_STEP,
            _ => 0,
        };
        self.charge(units as u64)
    }

    /// Go's `state.errorf` at the current node.
    fn error<T>(&self, message: impl Into<String>) -> R<T> {
        Err(self.make_error(message.into(), None))
    }

    fn make_error(&self, message: String, cause: Option<Rc<FuncError>>) -> Error {
        let (pos, context) = match self.at {
            At::None => (None, None),
            At::Arg(a) => (Some(a.pos()), Some(a.to_string())),
            At::Cmd(c) => (Some(c.pos), Some(c.to_string())),
            At::Pipe(p) => (Some(p.pos), Some(p.to_string())),
            At::Template(pos, name, pipe) => {
                let mut s = format!("{{{{template {}", crate::fmt::quote(name));
                if let Some(p) = pipe {
                    s.push(' ');
                    s.push_str(&p.to_string());
                }
                s.push_str("}}");
                (Some(pos), Some(s))
            }
        };
        let location = pos.map(|pos| {
            let text = &self.tree.text[..pos.min(self.tree.text.len())];
            let line = 1 + text.matches('\n').count();
            let col = match text.rfind('\n') {
                Some(i) => pos - i - 1,
                None => pos,
            };
            Location::new(&*self.tree.parse_name, line, Some(col))
        });
        Error::Exec(Box::new(ExecError {
            template: self.tree.name.clone(),
            location,
            context,
            message,
            cause,
        }))
    }

    // ----- statements -----

    fn walk_list(&mut self, dot: &Ev, list: &'a ListNode) -> R<Flow> {
        for node in &list.nodes {
            match self.walk(dot, node)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Ev, node: &'a Node) -> R<Flow> {
        crate::stack::grow(|| self.walk_node(dot, node))
            .unwrap_or_else(|_| self.error(crate::stack::EXHAUSTED))
    }

    fn walk_node(&mut self, dot: &Ev, node: &'a Node) -> R<Flow> {
        self.step()?;
        match node {
            Node::Text { pos, len } => {
                self.record_origin(*pos as usize, true);
                self.out
                    .push_str(crate::parse::ast::text_of(&self.tree.text, *pos, *len));
            }
            Node::Action(pipe) => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.record_origin(pipe.pos, false);
                    let before = self.out.len();
                    match &v {
                        Value::Nil => self.out.push_str("<no value>"),
                        Value::Object(o) => self.out.push_str(&o.format_v()),
                        v => self.out.push_str(&crate::fmt::format_v(v)),
                    }
                    self.charge(((self.out.len() - before) / BYTES_PER_STEP) as u64)?;
                }
            }
            Node::If(b) => return self.walk_if_or_with(dot, b, false),
            Node::With(b) => return self.walk_if_or_with(dot, b, true),
            Node::Range(b) => return self.walk_range(dot, b),
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
            Node::Template(t) => self.walk_template(dot, t.pos, &t.name, t.pipe.as_ref())?,
        }
        Ok(Flow::Normal)
    }

    /// Notes that what is written next comes from `pos` of the running template.
    fn record_origin(&mut self, pos: usize, verbatim: bool) {
        if let Some(origins) = &mut self.origins {
            origins.push(Origin {
                offset: self.out.len(),
                template: self.tree.parse_name.clone(),
                source: self.tree.text.clone(),
                pos,
                verbatim,
            });
        }
    }

    fn walk_if_or_with(&mut self, dot: &Ev, b: &'a Branch, with: bool) -> R<Flow> {
        let mark = self.vars.len();
        let v = self.eval_pipeline(dot, &b.pipe)?;
        let flow = if v.truthy() {
            if with {
                self.walk_list(&Ev::concrete(v), &b.list)
            } else {
                self.walk_list(dot, &b.list)
            }
        } else if let Some(e) = &b.else_list {
            self.walk_list(dot, e)
        } else {
            Ok(Flow::Normal)
        };
        self.vars.truncate(mark);
        flow
    }

    fn walk_range(&mut self, dot: &Ev, b: &'a Branch) -> R<Flow> {
        let mark = self.vars.len();
        let v = self.eval_pipeline(dot, &b.pipe)?;
        let body_mark = self.vars.len();
        let items: Vec<(Value, Ev)> = match &v {
            Value::List(l) => l
                .items
                .iter()
                .enumerate()
                .map(|(i, x)| (Value::Int(i as i64), Ev::slot(x.clone())))
                .collect(),
            Value::Bytes(bytes) => bytes
                .iter()
                .enumerate()
                .map(|(i, x)| (Value::Int(i as i64), Ev::concrete(Value::Int(*x as i64))))
                .collect(),
            Value::Map(m) => m
                .borrow()
                .iter()
                .map(|(k, x)| (Value::str(k), Ev::slot(x.clone())))
                .collect(),
            Value::Object(o) => match o.to_plain() {
                Some(Value::List(l)) => l
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (Value::Int(i as i64), Ev::concrete(x.clone())))
                    .collect(),
                Some(Value::Map(m)) => m
                    .borrow()
                    .iter()
                    .map(|(k, x)| (Value::str(k), Ev::concrete(x.clone())))
                    .collect(),
                _ => {
                    return self.error(format!(
                        "range can't iterate over {}",
                        crate::fmt::format_v(&v)
                    ))
                }
            },
            Value::Nil => Vec::new(),
            Value::Int(_) | Value::Int64(_) | Value::Uint64(_) => {
                return self.range_int(dot, b, &v, mark, body_mark);
            }
            other => {
                return self.error(format!(
                    "range can't iterate over {}",
                    crate::fmt::format_v(other)
                ))
            }
        };
        if items.is_empty() {
            let flow = self.walk_range_else(dot, b);
            self.vars.truncate(mark);
            return flow;
        }
        for (index, elem) in items {
            if self.range_iteration(b, body_mark, index, elem)? {
                break;
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    /// Ranging over an integer counts lazily: `range 1000000000` must not build a list first.
    fn range_int(
        &mut self,
        dot: &Ev,
        b: &'a Branch,
        v: &Value,
        mark: usize,
        body_mark: usize,
    ) -> R<Flow> {
        let (count, make): (u64, fn(u64) -> Value) = match *v {
            Value::Int(n) => (n.max(0) as u64, |i| Value::Int(i as i64)),
            Value::Int64(n) => (n.max(0) as u64, |i| Value::Int64(i as i64)),
            Value::Uint64(n) => (n, Value::Uint64),
            _ => (0, Value::Uint64),
        };
        if b.pipe.decl.len() > 1 {
            return self.error(format!(
                "can't use {} to iterate over more than one variable",
                crate::fmt::format_v(v)
            ));
        }
        if count == 0 {
            let flow = self.walk_range_else(dot, b);
            self.vars.truncate(mark);
            return flow;
        }
        for i in 0..count {
            if self.range_iteration(b, body_mark, make(i), Ev::concrete(make(i)))? {
                break;
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    /// The else branch of a range. As in Go, a `{{break}}` there is absorbed by this range
    /// while a `{{continue}}` continues the enclosing one (helm: `{{ range list 1 2 }}{{ range
    /// list }}{{ else }}{{ break }}{{ end }}{{ . }}{{ end }}` prints `12`).
    fn walk_range_else(&mut self, dot: &Ev, b: &'a Branch) -> R<Flow> {
        match &b.else_list {
            Some(e) => match self.walk_list(dot, e)? {
                Flow::Break => Ok(Flow::Normal),
                flow => Ok(flow),
            },
            None => Ok(Flow::Normal),
        }
    }

    /// One pass of a range body with its variables set; true if it hit `{{break}}`.
    fn range_iteration(
        &mut self,
        b: &'a Branch,
        body_mark: usize,
        index: Value,
        elem: Ev,
    ) -> R<bool> {
        let decl = &b.pipe.decl;
        if !decl.is_empty() {
            if b.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(&decl[0], Ev::concrete(index))?;
                    self.set_var(&decl[1], elem.clone())?;
                } else {
                    self.set_var(&decl[0], elem.clone())?;
                }
            } else {
                let n = self.vars.len();
                self.vars[n - 1].1 = elem.clone();
                if decl.len() > 1 {
                    self.vars[n - 2].1 = Ev::concrete(index);
                }
            }
        }
        let result = self.walk_list(&elem, &b.list);
        self.vars.truncate(body_mark);
        Ok(matches!(result?, Flow::Break))
    }

    fn walk_template(
        &mut self,
        dot: &Ev,
        pos: usize,
        name: &'a str,
        pipe: Option<&'a PipeNode>,
    ) -> R<()> {
        self.at(At::Template(pos, name, pipe));
        let Some(tree) = self.set.tree(name) else {
            return self.error(format!("template {} not defined", crate::fmt::quote(name)));
        };
        if self.depth >= MAX_EXEC_DEPTH {
            return self.error(format!(
                "exceeded maximum template depth ({MAX_EXEC_DEPTH})"
            ));
        }
        let data = match pipe {
            Some(p) => Ev::concrete(self.eval_pipeline(dot, p)?),
            None => Ev::concrete(Value::Nil),
        };
        let _ = dot;
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".to_string(), data.clone())]);
        let saved_tree = std::mem::replace(&mut self.tree, tree);
        let saved_at = self.at;
        self.depth += 1;
        let result = self.walk_list(&data, &tree.root);
        self.depth -= 1;
        self.tree = saved_tree;
        self.vars = saved_vars;
        self.at = saved_at;
        result.map(|_| ())
    }

    // ----- variables -----

    fn set_var(&mut self, name: &str, v: Ev) -> R<()> {
        for (n, slot) in self.vars.iter_mut().rev() {
            if n == name {
                *slot = v;
                return Ok(());
            }
        }
        self.error(format!("undefined variable: {name}"))
    }

    fn var(&self, name: &str) -> R<Ev> {
        for (n, v) in self.vars.iter().rev() {
            if n == name {
                return Ok(v.clone());
            }
        }
        self.error(format!("undefined variable: {name}"))
    }

    // ----- expressions -----

    fn eval_pipeline(&mut self, dot: &Ev, pipe: &'a PipeNode) -> R<Value> {
        crate::stack::grow(|| self.eval_pipeline_here(dot, pipe))
            .unwrap_or_else(|_| self.error(crate::stack::EXHAUSTED))
    }

    fn eval_pipeline_here(&mut self, dot: &Ev, pipe: &'a PipeNode) -> R<Value> {
        self.at(At::Pipe(pipe));
        let mut value: Option<Ev> = None;
        for cmd in &pipe.cmds {
            self.step()?;
            let v = self.eval_command(dot, cmd, value.take())?;
            // Go digs a value out of its interface{} slot after every command.
            value = Some(Ev::concrete(v.v));
        }
        let value = value.map(|e| e.v).unwrap_or_default();
        for name in &pipe.decl {
            if pipe.is_assign {
                self.set_var(name, Ev::concrete(value.clone()))?;
            } else {
                self.vars.push((name.clone(), Ev::concrete(value.clone())));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], has_final: bool) -> R<()> {
        if args.len() > 1 || has_final {
            return self.error(format!("can't give argument to non-function {}", args[0]));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Ev, cmd: &'a CommandNode, fin: Option<Ev>) -> R<Ev> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { ident, .. } => {
                self.at(At::Arg(first));
                return self.eval_field_chain(dot, dot.clone(), ident, &cmd.args, fin);
            }
            Arg::Chain { node, fields, .. } => {
                return self.eval_chain(dot, first, node, fields, &cmd.args, fin)
            }
            Arg::Identifier { name, .. } => {
                return self.eval_function(dot, first, name, Some(cmd), &cmd.args, fin)
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, fin.is_some())?;
                return Ok(Ev::concrete(self.eval_pipeline(dot, p)?));
            }
            Arg::Variable { ident, .. } => {
                return self.eval_variable(dot, first, ident, &cmd.args, fin)
            }
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(&cmd.args, fin.is_some())?;
        Ok(Ev::concrete(match first {
            Arg::Bool(_, b) => Value::Bool(*b),
            Arg::Dot(_) => return Ok(dot.clone()),
            Arg::Nil(_) => return self.error("nil is not a command"),
            Arg::Number(_, n) => self.ideal_constant(n)?,
            Arg::String { text, .. } => Value::String(text.clone()),
            _ => {
                return self.error(format!(
                    "can't evaluate command {}",
                    crate::fmt::quote(&first.to_string())
                ))
            }
        }))
    }

    fn ideal_constant(&self, n: &Number) -> R<Value> {
        if let Some((re, im)) = n.complex {
            return Ok(Value::Complex(re, im));
        }
        let is_hex_int = {
            let t = n.text.trim_start_matches(['+', '-']).to_ascii_lowercase();
            t.starts_with("0x") && !t.contains('p')
        };
        let is_rune = n.text.starts_with('\'');
        if n.float.is_some()
            && !is_hex_int
            && !is_rune
            && n.text.contains(['.', 'e', 'E', 'p', 'P'])
        {
            return Ok(Value::Float(n.float.unwrap_or_default()));
        }
        if let Some(i) = n.int {
            return Ok(Value::Int(i));
        }
        if n.uint.is_some() {
            return self.error(format!("{} overflows int", n.text));
        }
        Ok(Value::Nil)
    }

    fn eval_variable(
        &mut self,
        dot: &Ev,
        node: &'a Arg,
        ident: &'a [Name],
        args: &'a [Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        self.at(At::Arg(node));
        let v = self.var(&ident[0])?;
        if ident.len() == 1 {
            self.not_a_function(args, fin.is_some())?;
            return Ok(v);
        }
        self.eval_field_chain(dot, v, &ident[1..], args, fin)
    }

    fn eval_chain(
        &mut self,
        dot: &Ev,
        chain: &'a Arg,
        node: &'a Arg,
        fields: &'a [Name],
        args: &'a [Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        self.at(At::Arg(chain));
        if matches!(node, Arg::Nil(_)) {
            return self.error(format!("indirection through explicit nil in {chain}"));
        }
        let receiver = self.eval_arg_untyped(dot, node)?;
        self.eval_field_chain(dot, receiver, fields, args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Ev,
        mut receiver: Ev,
        ident: &'a [Name],
        args: &'a [Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        let n = ident.len();
        for name in &ident[..n - 1] {
            receiver = self.eval_field(dot, name, &[], None, receiver)?;
        }
        self.eval_field(dot, &ident[n - 1], args, fin, receiver)
    }

    fn eval_field(
        &mut self,
        dot: &Ev,
        name: &str,
        args: &'a [Arg],
        fin: Option<Ev>,
        receiver: Ev,
    ) -> R<Ev> {
        let has_args = args.len() > 1 || fin.is_some();
        let type_name = |r: &Ev| {
            if r.iface {
                "interface {}".to_string()
            } else {
                r.v.go_type()
            }
        };
        match &receiver.v {
            Value::Nil if !receiver.iface => Ok(Ev::concrete(Value::Nil)),
            Value::Nil => self.error(format!("nil pointer evaluating interface {{}}.{name}")),
            Value::Object(o) => {
                if let Some(params) = o.method_params(name) {
                    let at = self.at;
                    let argv = self.method_args(dot, name, params, args, fin)?;
                    return match o.call_method(name, &argv) {
                        Some(result) => self.method_result(at, name, result),
                        None => self.error(format!(
                            "can't evaluate field {name} in type {}",
                            type_name(&receiver)
                        )),
                    };
                }
                match o.field(name) {
                    Some(_) if has_args && o.is_struct_field(name) => self.error(format!(
                        "{name} has arguments but cannot be invoked as function"
                    )),
                    Some(v) => {
                        if has_args {
                            let got = args.len().saturating_sub(1) + fin.is_some() as usize;
                            return self.error(format!(
                                "wrong number of args for {name}: want 0 got {got}"
                            ));
                        }
                        Ok(Ev::concrete(v))
                    }
                    None => self.error(format!(
                        "can't evaluate field {name} in type {}",
                        type_name(&receiver)
                    )),
                }
            }
            Value::Map(m) => {
                if let Some((named, params)) =
                    m.named().and_then(|t| Some((t, t.method_params(name)?)))
                {
                    let at = self.at;
                    let argv = self.method_args(dot, name, params, args, fin)?;
                    let result = named.call_method(m, name, &argv);
                    return self.method_result(at, name, result);
                }
                if has_args {
                    return self.error(format!("{name} is not a method but has arguments"));
                }
                Ok(Ev::slot(m.borrow().get(name).cloned().unwrap_or_default()))
            }
            _ => self.error(format!(
                "can't evaluate field {name} in type {}",
                type_name(&receiver)
            )),
        }
    }

    /// A host method's result; an error is reported at the field node, as a function error
    /// (one-line form).
    fn method_result(&mut self, at: At<'a>, name: &str, result: Result<Value, String>) -> R<Ev> {
        match result {
            Ok(v) => Ok(Ev::concrete(v)),
            Err(e) => {
                self.at = at;
                let message = format!("error calling {name}: {e}");
                Err(self.make_error(message, Some(Rc::new(FuncError::new(e)))))
            }
        }
    }

    fn method_args(
        &mut self,
        dot: &Ev,
        name: &str,
        params: &[Ty],
        args: &'a [Arg],
        fin: Option<Ev>,
    ) -> R<Vec<Value>> {
        let given = args.len().saturating_sub(1) + fin.is_some() as usize;
        if given != params.len() {
            return self.error(format!(
                "wrong number of args for {name}: want {} got {given}",
                params.len()
            ));
        }
        let mut argv = Vec::with_capacity(given);
        for (i, arg) in args.iter().skip(1).enumerate() {
            argv.push(self.eval_arg(dot, params[i], arg)?);
        }
        if let Some(f) = fin {
            argv.push(self.convert(params[given - 1], f)?);
        }
        Ok(argv)
    }

    fn eval_function(
        &mut self,
        dot: &Ev,
        node: &'a Arg,
        name: &str,
        cmd: Option<&'a CommandNode>,
        args: &'a [Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        self.at(At::Arg(node));
        let (func, builtin) = match self.set.funcs().get(name) {
            Some(f) => (f.clone(), false),
            None => match builtins::get(name) {
                Some(f) => (f, true),
                None => {
                    return self.error(format!(
                        "{} is not a defined function",
                        crate::fmt::quote(name)
                    ))
                }
            },
        };
        self.eval_call(dot, &func, builtin, cmd, name, args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_call(
        &mut self,
        dot: &Ev,
        func: &Func,
        builtin: bool,
        cmd: Option<&'a CommandNode>,
        name: &str,
        args: &'a [Arg],
        fin: Option<Ev>,
    ) -> R<Ev> {
        let args = if args.is_empty() { args } else { &args[1..] };
        let num_in = args.len() + fin.is_some() as usize;
        let num_fixed = func.params.len();
        if func.variadic.is_some() {
            if num_in < num_fixed {
                return self.error(format!(
                    "wrong number of args for {name}: want at least {num_fixed} got {}",
                    args.len()
                ));
            }
        } else if num_in != num_fixed {
            return self.error(format!(
                "wrong number of args for {name}: want {num_fixed} got {num_in}"
            ));
        }
        if builtin && (name == "and" || name == "or") {
            let want = name == "or";
            let mut v = Value::Nil;
            for arg in args {
                v = self.eval_arg(dot, Ty::Any, arg)?;
                if v.truthy() == want {
                    return Ok(Ev::concrete(v));
                }
            }
            if let Some(f) = fin {
                v = f.v;
            }
            return Ok(Ev::concrete(v));
        }
        if builtin && name == "call" {
            let f = self.eval_arg(dot, Ty::Any, &args[0])?;
            let message = if f.is_nil() {
                "call of nil".to_string()
            } else {
                format!("non-function {} of type {}", args[0], f.go_type())
            };
            if let Some(c) = cmd {
                self.at(At::Cmd(c));
            }
            let cause = Rc::new(FuncError::new(message.clone()));
            return Err(self.make_error(format!("error calling call: {message}"), Some(cause)));
        }
        let param = |i: usize| {
            func.params
                .get(i)
                .copied()
                .or(func.variadic)
                .unwrap_or(Ty::Any)
        };
        let mut argv = Vec::with_capacity(num_in);
        if builtin && name == "len" {
            // Go's `len` takes a reflect.Value: a nil straight from a field lookup is a nil
            // interface (`len of nil pointer`), any other nil an invalid Value whose type
            // reflection cannot tell (helm: `{{ len nil }}`, `{{ $x | len }}`).
            let ev = match (fin, args.first()) {
                (Some(f), _) => f,
                (None, Some(arg)) => self.eval_arg_untyped(dot, arg)?,
                (None, None) => Ev::concrete(Value::Nil),
            };
            if ev.v.is_nil() && !ev.iface {
                if let Some(c) = cmd {
                    self.at(At::Cmd(c));
                }
                let message = "reflect: call of reflect.Value.Type on zero Value";
                let cause = Rc::new(FuncError::new(message));
                return Err(self.make_error(format!("error calling len: {message}"), Some(cause)));
            }
            argv.push(ev.v);
        } else {
            for (i, arg) in args.iter().enumerate() {
                argv.push(self.eval_arg(dot, param(i), arg)?);
            }
            if let Some(f) = fin {
                argv.push(self.convert(param(args.len()), f)?);
            }
        }
        let result = match &func.body {
            FuncBody::Plain(f) => f(&argv),
            FuncBody::Builtin(f) => f(&argv),
            FuncBody::Contextual(f) => {
                let template_name = self.tree.name.clone();
                let mut ctx = Context {
                    set: self.set,
                    budget: self.budget,
                    nesting: self.nesting,
                    template_name: &template_name,
                };
                f(&mut ctx, &argv)
            }
        };
        match result {
            Ok(v) => {
                self.charge_size(&v)?;
                Ok(Ev::concrete(v))
            }
            Err(e) => {
                if let Some(c) = cmd {
                    self.at(At::Cmd(c));
                }
                let message = format!("error calling {name}: {}", e.message);
                Err(self.make_error(message, Some(Rc::new(e))))
            }
        }
    }

    /// Go's `evalArg` with a nil type: any node, its value as is.
    fn eval_arg_untyped(&mut self, dot: &Ev, arg: &'a Arg) -> R<Ev> {
        self.at(At::Arg(arg));
        match arg {
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Ok(Ev::concrete(Value::Nil)),
            Arg::Field { ident, .. } => {
                self.eval_field_chain(dot, dot.clone(), ident, std::slice::from_ref(arg), None)
            }
            Arg::Variable { ident, .. } => {
                self.eval_variable(dot, arg, ident, std::slice::from_ref(arg), None)
            }
            Arg::Pipe(p) => Ok(Ev::concrete(self.eval_pipeline(dot, p)?)),
            Arg::Identifier { name, .. } => {
                self.eval_function(dot, arg, name, None, std::slice::from_ref(arg), None)
            }
            Arg::Chain { node, fields, .. } => {
                self.eval_chain(dot, arg, node, fields, std::slice::from_ref(arg), None)
            }
            Arg::Bool(_, b) => Ok(Ev::concrete(Value::Bool(*b))),
            Arg::Number(_, n) => Ok(Ev::concrete(self.ideal_constant(n)?)),
            Arg::String { text, .. } => Ok(Ev::concrete(Value::String(text.clone()))),
        }
    }

    /// Go's `evalArg`: evaluates `arg` for a parameter of type `ty`.
    fn eval_arg(&mut self, dot: &Ev, ty: Ty, arg: &'a Arg) -> R<Value> {
        self.at(At::Arg(arg));
        match arg {
            Arg::Dot(_)
            | Arg::Field { .. }
            | Arg::Variable { .. }
            | Arg::Pipe(_)
            | Arg::Identifier { .. }
            | Arg::Chain { .. } => {
                let v = self.eval_arg_untyped(dot, arg)?;
                return self.convert(ty, v);
            }
            Arg::Nil(_) => {
                return match convert::nil_of(ty) {
                    Some(zero) => Ok(zero),
                    None => self.error(format!("cannot assign nil to {}", ty.go_name())),
                };
            }
            _ => {}
        }
        let found = || format!("found {arg}");
        match ty {
            Ty::Any => Ok(self.eval_arg_untyped(dot, arg)?.v),
            Ty::Bool => match arg {
                Arg::Bool(_, b) => Ok(Value::Bool(*b)),
                _ => self.error(format!("expected bool; {}", found())),
            },
            Ty::String => match arg {
                Arg::String { text, .. } => Ok(Value::String(text.clone())),
                _ => self.error(format!("expected string; {}", found())),
            },
            Ty::Int | Ty::Int64 => match arg {
                Arg::Number(_, n) if n.int.is_some() => {
                    let i = n.int.unwrap_or_default();
                    Ok(if ty == Ty::Int {
                        Value::Int(i)
                    } else {
                        Value::Int64(i)
                    })
                }
                _ => self.error(format!("expected integer; {}", found())),
            },
            Ty::Float64 => match arg {
                Arg::Number(_, n) if n.float.is_some() => {
                    Ok(Value::Float(n.float.unwrap_or_default()))
                }
                _ => self.error(format!("expected float; {}", found())),
            },
            other => self.error(format!(
                "can't handle {arg} for arg of type {}",
                other.go_name()
            )),
        }
    }

    /// Go's `validateType`: checks a computed value against a parameter type.
    fn convert(&self, ty: Ty, ev: Ev) -> R<Value> {
        convert::convert(ty, ev.v, ev.iface).or_else(|msg| self.error(msg))
    }
}

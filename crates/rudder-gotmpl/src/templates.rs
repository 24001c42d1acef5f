//! A set of named templates sharing one function map (Go's `*template.Template` family).

use foldhash::HashMap;
use std::rc::Rc;

use crate::error::Error;
use crate::exec::{self, ExecOptions};
use crate::func::FuncMap;
use crate::parse::{self, Tree};
use crate::value::Value;

/// Parsed templates by name. Cloning is cheap: trees are shared.
#[derive(Clone)]
pub struct Templates {
    name: String,
    funcs: Rc<FuncMap>,
    trees: HashMap<String, Rc<Tree>>,
}

impl Templates {
    /// An empty set called `name` (the name shows in "no template ... associated with" errors).
    pub fn new(name: &str, funcs: Rc<FuncMap>) -> Templates {
        Templates {
            name: name.to_string(),
            funcs,
            trees: HashMap::default(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn funcs(&self) -> &FuncMap {
        &self.funcs
    }

    /// Parses `text` as template `name` and adds it and its `define`s to the set, as Go's
    /// `t.New(name).Parse(text)`: a definition replaces an earlier one of the same name unless
    /// it is empty (whitespace only) and the earlier one exists.
    pub fn parse(&mut self, name: &str, text: impl Into<Rc<str>>) -> Result<(), Error> {
        self.parse_tree(name, text.into()).map(drop)
    }

    /// `parse`, returning the tree parsed for `name` itself: Go's `Parse` returns that
    /// template even when the set keeps an earlier, non-empty one under the name.
    pub(crate) fn parse_tree(&mut self, name: &str, text: Rc<str>) -> Result<Rc<Tree>, Error> {
        let funcs = &self.funcs;
        let has = |f: &str| funcs.contains(f) || exec::is_builtin(f);
        let trees = parse::parse(name, text, &has)?;
        let mut own = None;
        for tree in trees {
            let tree = Rc::new(tree);
            if tree.name == name {
                own = Some(tree.clone());
            }
            if tree.root.is_empty_tree() && self.trees.contains_key(&tree.name) {
                continue;
            }
            self.trees.insert(tree.name.clone(), tree);
        }
        Ok(own.unwrap_or_else(|| self.trees[name].clone()))
    }

    pub fn has(&self, name: &str) -> bool {
        self.trees.contains_key(name)
    }

    pub(crate) fn tree(&self, name: &str) -> Option<&Tree> {
        self.trees.get(name).map(|t| t.as_ref())
    }

    /// Executes template `name` with `data` as `.` and `$`.
    pub fn execute(&self, name: &str, data: &Value, opts: &ExecOptions) -> Result<String, Error> {
        exec::execute(self, name, data, opts)
    }

    /// [`Templates::execute`], also returning where each part of the output came from.
    pub fn execute_traced(
        &self,
        name: &str,
        data: &Value,
        opts: &ExecOptions,
    ) -> Result<(String, Vec<exec::trace::Origin>), Error> {
        exec::execute_traced(self, name, data, opts)
    }

    /// [`Templates::execute`], also returning the output written before a failure.
    pub fn execute_partial(
        &self,
        name: &str,
        data: &Value,
        opts: &ExecOptions,
    ) -> (String, Result<(), Error>) {
        exec::execute_partial(self, name, data, opts)
    }
}

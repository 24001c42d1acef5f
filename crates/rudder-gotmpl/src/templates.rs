//! A set of named templates sharing one function map (Go's `*template.Template` family).

use foldhash::HashMap;
use std::cell::RefCell;
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
    /// Shared by the set's clones (`tpl` parses into one).
    parsed: Rc<RefCell<ParseCache>>,
}

/// What parsing a text gave, by the text: identical texts of one render (a library chart such
/// as bitnami's `common` in every subchart of an umbrella, one `tpl` string evaluated per item
/// of a list) are parsed once. Only successful parses whose `define`s do not redefine the
/// template itself are kept, so that the trees depend on the text alone.
#[derive(Default)]
struct ParseCache {
    texts: HashMap<Rc<str>, Rc<[Parsed]>>,
    /// The names and string constants of every tree parsed.
    names: parse::Names,
}

/// One tree of a parse: the template itself (`define: None`) or one of its `define`s.
struct Parsed {
    define: Option<String>,
    root: Rc<parse::ast::ListNode>,
}

impl Templates {
    /// An empty set called `name` (the name shows in "no template ... associated with" errors).
    pub fn new(name: &str, funcs: Rc<FuncMap>) -> Templates {
        Templates {
            name: name.to_string(),
            funcs,
            trees: HashMap::default(),
            parsed: Rc::default(),
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
        self.parse_tree(name, text.into(), None).map(drop)
    }

    /// `parse`, with the text's items when they were lexed ahead ([`parse::lex`]).
    pub fn parse_lexed(
        &mut self,
        name: &str,
        text: Rc<str>,
        lexed: Option<parse::Lexed>,
    ) -> Result<(), Error> {
        self.parse_tree(name, text, lexed).map(drop)
    }

    /// `parse`, returning the tree parsed for `name` itself: Go's `Parse` returns that
    /// template even when the set keeps an earlier, non-empty one under the name.
    pub(crate) fn parse_tree(
        &mut self,
        name: &str,
        text: Rc<str>,
        lexed: Option<parse::Lexed>,
    ) -> Result<Rc<Tree>, Error> {
        let trees = match self.cached_parse(name, &text) {
            Some(trees) => trees,
            None => {
                let funcs = &self.funcs;
                let has = |f: &str| funcs.contains(f) || exec::is_builtin(f);
                let lexed = lexed.unwrap_or_else(|| parse::lex(&text));
                let parse = {
                    let names = &mut self.parsed.borrow_mut().names;
                    parse::parse(name, text.clone(), lexed, &has, names)?
                };
                let trees: Vec<Rc<Tree>> = parse.trees.into_iter().map(Rc::new).collect();
                // A `define` of the template's own name: the trees depend on the name too.
                if !parse.defines_itself {
                    self.remember_parse(name, text, &trees);
                }
                trees
            }
        };
        let mut own = None;
        for tree in trees {
            if tree.name == name {
                own = Some(tree.clone());
            }
            if tree.root.is_empty_tree(&tree.text) && self.trees.contains_key(&tree.name) {
                continue;
            }
            self.trees.insert(tree.name.clone(), tree);
        }
        Ok(own.unwrap_or_else(|| self.trees[name].clone()))
    }

    /// The trees an earlier parse of `text` gave, named for template `name`.
    fn cached_parse(&self, name: &str, text: &Rc<str>) -> Option<Vec<Rc<Tree>>> {
        let parsed = self.parsed.borrow().texts.get(text)?.clone();
        if parsed.iter().any(|p| p.define.as_deref() == Some(name)) {
            return None;
        }
        let parse_name: Rc<str> = Rc::from(name);
        let trees = parsed
            .iter()
            .map(|p| {
                Rc::new(Tree {
                    name: p.define.clone().unwrap_or_else(|| name.to_string()),
                    parse_name: parse_name.clone(),
                    text: text.clone(),
                    root: p.root.clone(),
                })
            })
            .collect();
        Some(trees)
    }

    fn remember_parse(&self, name: &str, text: Rc<str>, trees: &[Rc<Tree>]) {
        let parsed: Rc<[Parsed]> = trees
            .iter()
            .map(|t| Parsed {
                define: (t.name != name).then(|| t.name.clone()),
                root: t.root.clone(),
            })
            .collect();
        self.parsed.borrow_mut().texts.insert(text, parsed);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> Templates {
        Templates::new("t", Rc::new(FuncMap::new()))
    }

    fn run(set: &Templates, name: &str) -> String {
        match set.execute(name, &Value::Nil, &ExecOptions { max_steps: None }) {
            Ok(out) => out,
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn one_text_parsed_under_two_names_keeps_each_name() {
        let mut set = set();
        let text = "{{ define \"h\" }}h{{ end }}x{{ template \"nope\" }}";
        set.parse("a.yaml", text).unwrap();
        set.parse("b.yaml", text).unwrap();
        assert_eq!(set.parsed.borrow().texts.len(), 1, "parsed once");
        assert!(run(&set, "b.yaml").starts_with("template: b.yaml:1:"));
        assert!(run(&set, "a.yaml").starts_with("template: a.yaml:1:"));
        assert_eq!(run(&set, "h"), "h");
    }

    #[test]
    fn a_text_that_defines_its_own_name_is_parsed_again() {
        let mut set = set();
        let text = "{{ define \"x\" }}1{{ end }}";
        set.parse("x", text).unwrap();
        set.parse("y", text).unwrap();
        // Under "y" the text is an empty template plus a definition of "x".
        assert_eq!((run(&set, "x"), run(&set, "y")), ("1".into(), "".into()));
    }

    #[test]
    fn a_cached_text_whose_define_names_the_new_template_is_parsed_again() {
        let mut set = set();
        let text = "{{ define \"b\" }}1{{ end }}2";
        set.parse("a", text).unwrap();
        // Parsed as "b", the define merges with the main tree: Go's multiple-definition error.
        let err = set.parse("b", text).unwrap_err().to_string();
        assert!(err.contains("multiple definition of template"), "{err}");
    }
}

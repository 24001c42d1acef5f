//! The parse tree, shaped as Go's `text/template/parse` nodes. Positions are byte offsets into
//! the source of the template that was parsed (its `ParseName`).

use std::rc::Rc;

pub use super::names::Name;

/// A sequence of nodes.
#[derive(Debug, Clone, Default)]
pub struct ListNode {
    pub nodes: Vec<Node>,
}

/// A statement-level node. Text is most of a template's nodes, so the others are boxed to
/// keep every node small (lists of them are a render's largest allocations).
#[derive(Debug, Clone)]
pub enum Node {
    /// Text copied to the output: `len` bytes at offset `pos` of the template's source (see
    /// [`text_of`]). The tree keeps its source anyway; a copy of each text was a tenth of a
    /// large umbrella's peak memory, and 32-bit bounds keep the node at 16 bytes.
    Text {
        pos: u32,
        len: u32,
    },
    Action(Box<PipeNode>),
    If(Box<Branch>),
    With(Box<Branch>),
    Range(Box<Branch>),
    Break(usize),
    Continue(usize),
    Template(Box<TemplateNode>),
}

/// `{{template "name" pipeline}}` (and the call a `block` makes).
#[derive(Debug, Clone)]
pub struct TemplateNode {
    pub pos: usize,
    pub name: String,
    pub pipe: Option<PipeNode>,
}

/// `if`, `with` and `range`: a pipeline, a body and an optional else body.
#[derive(Debug, Clone)]
pub struct Branch {
    pub pos: usize,
    pub pipe: PipeNode,
    pub list: ListNode,
    pub else_list: Option<ListNode>,
}

/// A pipeline with optional variable declarations: `$x := a | b`.
#[derive(Debug, Clone)]
pub struct PipeNode {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<String>,
    pub cmds: Vec<CommandNode>,
}

/// One command of a pipeline: an operand and its arguments.
#[derive(Debug, Clone)]
pub struct CommandNode {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub enum Arg {
    /// `.a.b`
    Field {
        pos: usize,
        ident: Box<[Name]>,
    },
    /// `$x.a.b` (`ident[0]` is the variable)
    Variable {
        pos: usize,
        ident: Box<[Name]>,
    },
    /// A function name.
    Identifier {
        pos: usize,
        name: Name,
    },
    /// `(pipe).a.b`
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Box<[Name]>,
    },
    Pipe(Box<PipeNode>),
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Number(usize, Rc<Number>),
    String {
        pos: usize,
        quoted: Name,
        text: Name,
    },
}

/// A numeric constant with every interpretation Go's parser found valid.
#[derive(Debug, Clone, Default)]
pub struct Number {
    pub text: String,
    pub int: Option<i64>,
    pub uint: Option<u64>,
    pub float: Option<f64>,
    /// `(real, imaginary)` for complex constants.
    pub complex: Option<(f64, f64)>,
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
            Arg::Dot(p) | Arg::Nil(p) | Arg::Bool(p, _) | Arg::Number(p, _) => *p,
        }
    }
}

// Go's `String()` of nodes, used in error contexts (`at <...>`) and messages.

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Field { ident, .. } => {
                for i in ident {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Variable { ident, .. } => f.write_str(&ident.join(".")),
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Chain { node, fields, .. } => {
                if matches!(**node, Arg::Pipe(_)) {
                    write!(f, "({node})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for field in fields {
                    write!(f, ".{field}")?;
                }
                Ok(())
            }
            Arg::Pipe(p) => write!(f, "{p}"),
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Number(_, n) => f.write_str(&n.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
        }
    }
}

impl std::fmt::Display for CommandNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if let Arg::Pipe(p) = arg {
                write!(f, "({p})")?;
            } else {
                write!(f, "{arg}")?;
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for PipeNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::stack::grow_unbounded(|| self.write_to(f))
    }
}

impl PipeNode {
    fn write_to(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            f.write_str(&self.decl.join(", "))?;
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// The text of a [`Node::Text`] at `pos` and `len` in `source`, the text the tree was parsed
/// from.
pub fn text_of(source: &str, pos: u32, len: u32) -> &str {
    let start = pos as usize;
    source.get(start..start + len as usize).unwrap_or_default()
}

impl ListNode {
    /// Go's `IsEmptyTree`: only whitespace text. `source` is the text the tree was parsed from.
    pub fn is_empty_tree(&self, source: &str) -> bool {
        const SPACE: [char; 6] = [' ', '\t', '\n', '\r', '\u{b}', '\u{c}'];
        self.nodes.iter().all(|n| {
            matches!(n, Node::Text { pos, len } if text_of(source, *pos, *len).trim_matches(SPACE).is_empty())
        })
    }
}

// Trees may nest very deeply (Go sets no limit on control structures); dropping them recurses,
// so each level makes sure enough stack remains.

impl Drop for ListNode {
    fn drop(&mut self) {
        if !self.nodes.is_empty() {
            let nodes = std::mem::take(&mut self.nodes);
            crate::stack::grow_unbounded(move || drop(nodes));
        }
    }
}

impl Drop for PipeNode {
    fn drop(&mut self) {
        if !self.cmds.is_empty() {
            let cmds = std::mem::take(&mut self.cmds);
            crate::stack::grow_unbounded(move || drop(cmds));
        }
    }
}

//! Parsing template text into trees, with Go's rules and error texts.

pub mod ast;
mod lex;
mod names;
mod number;

use std::rc::Rc;

use ast::{Arg, Branch, CommandNode, ListNode, Name, Node, PipeNode, TemplateNode};
use lex::{line_of, Item, ItemKind, Lexer};
pub use names::Names;

/// A parse failure; `Display` is Go's text: `template: NAME:LINE: MESSAGE`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub name: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template: {}:{}: {}", self.name, self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// A parsed template: its body and the source it came from (for error locations).
#[derive(Debug, Clone)]
pub struct Tree {
    pub name: String,
    /// The name of the template whose text contained this tree (Go's `ParseName`).
    pub parse_name: Rc<str>,
    pub text: Rc<str>,
    /// Shared with the trees of other templates parsed from the same text (see
    /// [`crate::Templates`]): the nodes do not depend on the template's name.
    pub root: Rc<ListNode>,
}

/// Go's `maxStackDepth`: parenthesised pipelines may nest this deep. Control structures have no
/// limit in Go; their recursion runs on a growable stack (see [`crate::stack`]).
const MAX_PAREN_DEPTH: usize = 10_000;

/// What a text parsed to.
#[derive(Debug)]
pub struct Parse {
    /// The main tree and every `define`/`block` tree, in the order they were completed.
    pub trees: Vec<Tree>,
    /// Whether a `define` of the template's own name was merged into the main tree.
    pub defines_itself: bool,
}

/// The lexical items of a template text, made apart from parsing so that another thread can
/// lex the next texts while this one parses (lexing is about half of parsing).
pub struct Lexed {
    tokens: Vec<Token>,
    /// The message of the lexical error that ends `tokens`, if any.
    error: Option<String>,
}

/// The items of `text`, up to its end or its first lexical error.
pub fn lex(text: &str) -> Lexed {
    let mut lexer = Lexer::new(text);
    // About one item per five bytes of template: sized once instead of grown by copying.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 8);
    loop {
        let item = lexer.next_item();
        tokens.push(Token {
            kind: item.kind,
            pos: narrow(item.pos),
            len: narrow(item.val.len()),
        });
        if matches!(item.kind, ItemKind::Eof | ItemKind::Error) {
            break;
        }
    }
    Lexed {
        tokens,
        error: lexer.error,
    }
}

/// Parses `text` as template `name`, from its items `lexed` (see [`lex`]). `has_function`
/// tells whether a function name exists; the tree's names and string constants are taken
/// from `names`.
pub fn parse(
    name: &str,
    text: Rc<str>,
    lexed: Lexed,
    has_function: &dyn Fn(&str) -> bool,
    names: &mut Names,
) -> Result<Parse, ParseError> {
    let mut p = Parser {
        tokens: lexed.tokens,
        lex_error: lexed.error,
        src: &text,
        pos: 0,
        parse_name: Rc::from(name),
        text: text.clone(),
        has_function,
        names,
        vars: vec!["$".to_string()],
        range_depth: 0,
        paren_depth: 0,
        action_pos: None,
        trees: Vec::new(),
        last_pos: 0,
    };
    let root = p.parse_top()?;
    let defines_itself = p.trees.iter().any(|t| t.name == name);
    p.add_tree(name.to_string(), root)?;
    Ok(Parse {
        trees: p.trees,
        defines_itself,
    })
}

/// A lexical item as kept for the parser, 12 bytes against an [`Item`]'s 32 (the items of a large
/// chart's templates were a quarter of its render's page faults): its text is
/// `src[pos..pos + len]`.
#[derive(Clone, Copy)]
struct Token {
    kind: ItemKind,
    pos: u32,
    len: u32,
}

/// Offsets and lengths in a template fit 32 bits: chart files are far smaller.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    /// The message of the lexical error that ends `tokens`, if any.
    lex_error: Option<String>,
    src: &'a str,
    pos: usize,
    parse_name: Rc<str>,
    text: Rc<str>,
    has_function: &'a dyn Fn(&str) -> bool,
    names: &'a mut Names,
    vars: Vec<String>,
    range_depth: usize,
    paren_depth: usize,
    /// Where the action being parsed starts.
    action_pos: Option<usize>,
    trees: Vec<Tree>,
    /// Where the last item taken starts: parse errors are reported on its line.
    last_pos: usize,
}

type PResult<T> = Result<T, ParseError>;

impl<'a> Parser<'a> {
    fn error<T>(&self, message: impl Into<String>) -> PResult<T> {
        Err(ParseError {
            name: self.parse_name.to_string(),
            line: line_of(self.src, self.last_pos),
            message: message.into(),
        })
    }

    fn next(&mut self) -> Item<'a> {
        let item = self.peek();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        self.last_pos = item.pos;
        item
    }

    fn backup(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    fn peek(&self) -> Item<'a> {
        let t = self.tokens[self.pos.min(self.tokens.len() - 1)];
        let start = t.pos as usize;
        Item {
            kind: t.kind,
            pos: start,
            val: self
                .src
                .get(start..start + t.len as usize)
                .unwrap_or_default(),
        }
    }

    fn next_non_space(&mut self) -> Item<'a> {
        loop {
            let item = self.next();
            if item.kind != ItemKind::Space {
                return item;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        let item = self.next_non_space();
        self.backup();
        item
    }

    fn expect(&mut self, kind: ItemKind, context: &str) -> PResult<Item<'a>> {
        let item = self.next_non_space();
        if item.kind != kind {
            return self.unexpected(&item, context);
        }
        Ok(item)
    }

    fn unexpected<T>(&self, item: &Item, context: &str) -> PResult<T> {
        if item.kind == ItemKind::Error {
            let message = self.lex_error.as_deref().unwrap_or_default();
            let mut extra = String::new();
            let action_line = self.action_pos.map(|pos| line_of(self.src, pos));
            if let Some(action_line) = action_line.filter(|&l| l != line_of(self.src, item.pos)) {
                extra = format!(" in action started at {}:{action_line}", self.parse_name);
                if message.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.error(format!("{message}{extra}"));
        }
        self.error(format!("unexpected {item} in {context}"))
    }

    /// Go's `Tree.add`: a second non-empty definition of a name in one parse is an error.
    fn add_tree(&mut self, name: String, root: ListNode) -> PResult<()> {
        if let Some(existing) = self.trees.iter_mut().find(|t| t.name == name) {
            if existing.root.is_empty_tree(self.src) {
                existing.root = Rc::new(root);
                return Ok(());
            }
            if !root.is_empty_tree(self.src) {
                return self.error(format!(
                    "template: multiple definition of template {name:?}"
                ));
            }
            return Ok(());
        }
        self.trees.push(Tree {
            name,
            parse_name: self.parse_name.clone(),
            text: self.text.clone(),
            root: Rc::new(root),
        });
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<ListNode> {
        let mut root = ListNode::default();
        while self.peek().kind != ItemKind::Eof {
            if self.peek().kind == ItemKind::LeftDelim {
                self.next();
                let save = self.pos;
                if self.next_non_space().kind == ItemKind::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.pos = save - 1;
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.nodes.push(n),
                Parsed::End => return self.error("unexpected {{end}}"),
                Parsed::Else => return self.error("unexpected {{else}}"),
            }
        }
        root.nodes.shrink_to_fit();
        Ok(root)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let token = self.next_non_space();
        if !matches!(token.kind, ItemKind::String | ItemKind::RawString) {
            return self.unexpected(&token, CONTEXT);
        }
        let name = self.unquote(token.val)?;
        self.expect(ItemKind::RightDelim, CONTEXT)?;
        let outer_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (root, end) = self.item_list()?;
        self.vars = outer_vars;
        if !matches!(end, Parsed::End) {
            return self.error(format!("unexpected {} in {CONTEXT}", end.describe()));
        }
        self.add_tree(name, root)
    }

    fn item_list(&mut self) -> PResult<(ListNode, Parsed)> {
        let mut list = ListNode::default();
        while self.peek_non_space().kind != ItemKind::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.nodes.push(n),
                other => {
                    list.nodes.shrink_to_fit();
                    return Ok((list, other));
                }
            }
        }
        self.error("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.kind {
            ItemKind::Text => Ok(Parsed::Node(Node::Text {
                pos: narrow(token.pos),
                len: narrow(token.val.len()),
            })),
            ItemKind::LeftDelim => {
                let outer = self.action_pos.replace(token.pos);
                let r = crate::stack::grow(|| self.action())
                    .unwrap_or_else(|_| self.error(crate::stack::EXHAUSTED));
                self.action_pos = outer;
                r
            }
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.kind {
            ItemKind::Block => return self.block_control().map(Parsed::Node),
            ItemKind::Break | ItemKind::Continue => {
                let word = if token.kind == ItemKind::Break {
                    "break"
                } else {
                    "continue"
                };
                let next = self.next_non_space();
                if next.kind != ItemKind::RightDelim {
                    return self.unexpected(&next, &format!("{{{{{word}}}}}"));
                }
                if self.range_depth == 0 {
                    return self.error(format!("{{{{{word}}}}} outside {{{{range}}}}"));
                }
                return Ok(Parsed::Node(if token.kind == ItemKind::Break {
                    Node::Break(token.pos)
                } else {
                    Node::Continue(token.pos)
                }));
            }
            ItemKind::Else => return self.else_control(),
            ItemKind::End => {
                self.expect(ItemKind::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            ItemKind::If => {
                return self
                    .control("if")
                    .map(|b| Parsed::Node(Node::If(Box::new(b))))
            }
            ItemKind::Range => {
                return self
                    .control("range")
                    .map(|b| Parsed::Node(Node::Range(Box::new(b))))
            }
            ItemKind::Template => return self.template_control().map(Parsed::Node),
            ItemKind::With => {
                return self
                    .control("with")
                    .map(|b| Parsed::Node(Node::With(Box::new(b))))
            }
            _ => {}
        }
        self.backup();
        let pipe = self.pipeline("command", ItemKind::RightDelim)?;
        Ok(Parsed::Node(Node::Action(Box::new(pipe))))
    }

    fn else_control(&mut self) -> PResult<Parsed> {
        let peek = self.peek_non_space();
        if matches!(peek.kind, ItemKind::If | ItemKind::With) {
            return Ok(Parsed::Else);
        }
        self.expect(ItemKind::RightDelim, "else")?;
        Ok(Parsed::Else)
    }

    fn control(&mut self, context: &str) -> PResult<Branch> {
        crate::stack::grow(|| self.control_body(context))
            .unwrap_or_else(|_| self.error(crate::stack::EXHAUSTED))
    }

    fn control_body(&mut self, context: &str) -> PResult<Branch> {
        let vars = self.vars.len();
        let pipe = self.pipeline(context, ItemKind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, next) = listed?;
        let mut else_list = None;
        if matches!(next, Parsed::Else) {
            let peek = self.peek_non_space().kind;
            if context == "if" && peek == ItemKind::If
                || context == "with" && peek == ItemKind::With
            {
                self.next_non_space();
                let inner = self.control(context)?;
                let node = if context == "if" {
                    Node::If(Box::new(inner))
                } else {
                    Node::With(Box::new(inner))
                };
                else_list = Some(ListNode { nodes: vec![node] });
            } else {
                let (l, end) = self.item_list()?;
                if !matches!(end, Parsed::End) {
                    return self.error(format!("expected end; found {}", end.describe()));
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(vars);
        Ok(Branch {
            pos: pipe.pos,
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, token: &Item, context: &str) -> PResult<String> {
        match token.kind {
            ItemKind::String | ItemKind::RawString => self.unquote(token.val),
            _ => self.unexpected(token, context),
        }
    }

    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let pipe = if self.next_non_space().kind != ItemKind::RightDelim {
            self.backup();
            Some(self.pipeline(CONTEXT, ItemKind::RightDelim)?)
        } else {
            None
        };
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            name,
            pipe,
        })))
    }

    fn block_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemKind::RightDelim)?;
        let outer_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (root, end) = self.item_list()?;
        self.vars = outer_vars;
        if !matches!(end, Parsed::End) {
            return self.error(format!("unexpected {} in {CONTEXT}", end.describe()));
        }
        self.add_tree(name.clone(), root)?;
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            name,
            pipe: Some(pipe),
        })))
    }

    fn pipeline(&mut self, context: &str, end: ItemKind) -> PResult<PipeNode> {
        let start = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: start.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Declarations: `$x :=`, `$x =`, `$i, $v :=`.
        loop {
            let v = self.peek_non_space();
            if v.kind != ItemKind::Variable {
                break;
            }
            let before = self.pos;
            self.next_non_space();
            let after_var = self.peek();
            let next = self.peek_non_space();
            match next.kind {
                ItemKind::Assign | ItemKind::Declare => {
                    pipe.is_assign = next.kind == ItemKind::Assign;
                    self.next_non_space();
                    pipe.decl.push(v.val.to_string());
                    self.vars.push(v.val.to_string());
                }
                ItemKind::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(v.val.to_string());
                    self.vars.push(v.val.to_string());
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            ItemKind::Variable | ItemKind::RightDelim | ItemKind::RightParen => {
                                continue
                            }
                            _ => return self.error("range can only initialize variables"),
                        }
                    }
                    return self.error(format!("too many declarations in {context}"));
                }
                _ => {
                    let _ = after_var;
                    self.pos = before;
                }
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            if token.kind == end {
                self.check_pipeline(&pipe, context)?;
                pipe.cmds.shrink_to_fit();
                return Ok(pipe);
            }
            match token.kind {
                ItemKind::Bool
                | ItemKind::CharConstant
                | ItemKind::Complex
                | ItemKind::Dot
                | ItemKind::Field
                | ItemKind::Identifier
                | ItemKind::Number
                | ItemKind::Nil
                | ItemKind::RawString
                | ItemKind::String
                | ItemKind::Variable
                | ItemKind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return self.error(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args[0],
                Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(..) | Arg::String { .. }
            ) {
                return self.error(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<CommandNode> {
        let pos = self.peek_non_space().pos;
        let mut cmd = CommandNode {
            pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let token = self.next();
            match token.kind {
                ItemKind::Space => continue,
                ItemKind::RightDelim | ItemKind::RightParen => self.backup(),
                ItemKind::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.error("empty command");
        }
        // Trees live for the whole render: no spare capacity.
        cmd.args.shrink_to_fit();
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != ItemKind::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == ItemKind::Field {
            let field = self.next();
            fields.push(self.names.get(&field.val[1..]));
        }
        Ok(Some(match node {
            Arg::Field { ident, .. } => Arg::Field {
                pos: chain_pos,
                ident: [ident, fields.into()].concat().into(),
            },
            Arg::Variable { ident, .. } => Arg::Variable {
                pos: chain_pos,
                ident: [ident, fields.into()].concat().into(),
            },
            Arg::Bool(..) | Arg::String { .. } | Arg::Number(..) | Arg::Nil(_) | Arg::Dot(_) => {
                return self.error(format!(
                    "unexpected . after term {}",
                    crate::fmt::quote(&node.to_string())
                ))
            }
            other => Arg::Chain {
                pos: chain_pos,
                node: Box::new(other),
                fields: fields.into(),
            },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        Ok(Some(match token.kind {
            ItemKind::Identifier => {
                if !(self.has_function)(token.val) {
                    return self.error(format!(
                        "function {} not defined",
                        crate::fmt::quote(token.val)
                    ));
                }
                Arg::Identifier {
                    pos: token.pos,
                    name: self.names.get(token.val),
                }
            }
            ItemKind::Dot => Arg::Dot(token.pos),
            ItemKind::Nil => Arg::Nil(token.pos),
            ItemKind::Variable => {
                let ident: Box<[Name]> = token.val.split('.').map(|s| self.names.get(s)).collect();
                if !self.vars.iter().any(|v| **v == *ident[0]) {
                    return self.error(format!(
                        "undefined variable {}",
                        crate::fmt::quote(&ident[0])
                    ));
                }
                Arg::Variable {
                    pos: token.pos,
                    ident,
                }
            }
            ItemKind::Field => Arg::Field {
                pos: token.pos,
                ident: Box::new([self.names.get(&token.val[1..])]),
            },
            ItemKind::Bool => Arg::Bool(token.pos, token.val == "true"),
            ItemKind::CharConstant | ItemKind::Complex | ItemKind::Number => {
                match number::parse_number(token.val, token.kind) {
                    Ok(n) => Arg::Number(token.pos, Rc::new(n)),
                    Err(e) => return self.error(e),
                }
            }
            ItemKind::LeftParen => {
                if self.paren_depth >= MAX_PAREN_DEPTH {
                    return self.error("max expression depth exceeded");
                }
                self.paren_depth += 1;
                let p = crate::stack::grow(|| {
                    self.pipeline("parenthesized pipeline", ItemKind::RightParen)
                })
                .unwrap_or_else(|_| self.error(crate::stack::EXHAUSTED));
                self.paren_depth -= 1;
                Arg::Pipe(Box::new(p?))
            }
            ItemKind::String | ItemKind::RawString => {
                let text = self.unquote(token.val)?;
                Arg::String {
                    pos: token.pos,
                    quoted: self.names.get(token.val),
                    text: self.names.get(&text),
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }

    fn unquote(&self, quoted: &str) -> PResult<String> {
        match crate::fmt::unquote(quoted) {
            Some(s) => Ok(s),
            None => self.error("invalid syntax"),
        }
    }
}

/// What `text_or_action` found.
#[derive(Debug)]
enum Parsed {
    Node(Node),
    End,
    Else,
}

impl Parsed {
    fn describe(&self) -> &'static str {
        match self {
            Parsed::End => "{{end}}",
            Parsed::Else => "{{else}}",
            Parsed::Node(_) => "node",
        }
    }
}

#[cfg(test)]
mod tests;

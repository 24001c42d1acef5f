//! A fast reader for the block-style YAML that charts and templates are mostly made of.
//!
//! libyaml (which go-yaml ports) decodes its input one character at a time; on a typical chart
//! reading values files and re-reading every rendered manifest for its head was half the work.
//! Here a document is read line by line and its structure checked with indentation rules
//! alone. It accepts a strict subset of YAML: block mappings with plain or quoted keys, block
//! sequences (indented or not), plain and quoted scalars (also over several lines, on the
//! line after their key, and with escapes in double quotes), one-line flow collections of
//! scalars, literal block scalars, comments. Anything else (nested flow collections, anchors,
//! tags, escapes in keys and flow collections, tabs outside block scalars, non-ASCII keys,
//! document markers, values JSON cannot hold, ...) makes it answer `None`, and the full reader
//! decides.
//! So every document it accepts is one go-yaml reads without error, to the same nodes.
//!
//! Two uses: the whole tree (values files), or only the nodes a Go struct reads (helm's
//! `SimpleHead`: `kind`, `apiVersion`, `metadata.name`, `metadata.annotations`, matched as
//! Go's JSON decoder matches field names), the rest being checked and dropped.

use std::rc::Rc;

use super::tree::YNode;
use super::Target;
use continued::OpenScalar;

mod continued;
mod quoted;

/// Nesting beyond this goes to the full reader (which enforces go-yaml's limits).
const MAX_DEPTH: usize = 200;
/// libyaml refuses implicit keys this long.
const MAX_KEY: usize = 1024;

/// The whole first document (`Some(None)` when empty), or `None` outside the subset.
pub(super) fn full_tree(doc: &str) -> Option<Option<Rc<YNode>>> {
    read(doc, Role::All)
}

/// The document with only the nodes a Go struct `head` reads kept (`Some(None)` when empty),
/// or `None` outside the subset.
pub(super) fn head_tree(doc: &str, head: Target) -> Option<Option<Rc<YNode>>> {
    read(doc, Role::Head(head))
}

/// What a collection is to the reader.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// Everything below is kept.
    All,
    /// Bound for this Go type: only what it has fields for is kept.
    Head(Target),
    /// Checked, not kept.
    Skip,
}

/// What becomes of a key's or entry's value.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    No,
    /// A one-line value is kept; collections and block scalars go to the full reader.
    Scalar,
    /// A one-line value is kept; a mapping is kept with this role.
    ScalarOrMap(Role),
    All,
}

fn keep(role: Role, key: &str) -> Keep {
    match role {
        Role::All => Keep::All,
        Role::Head(target) => match target.child(key) {
            Target::Str => Keep::Scalar,
            child @ (Target::Struct(_) | Target::Map(_)) => Keep::ScalarOrMap(Role::Head(child)),
            Target::Any => Keep::No,
        },
        Role::Skip => Keep::No,
    }
}

/// A kept value: a finished node, or a kept collection by index.
enum Slot {
    Node(Rc<YNode>),
    Child(usize),
}

enum Collection {
    Map(Vec<(Rc<YNode>, Slot)>),
    Seq(Vec<Slot>),
}

/// Where a value goes: a kept collection and, in a mapping, the key.
type Place = (usize, Option<Rc<YNode>>);

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Map,
    Seq,
}

struct Frame {
    indent: usize,
    kind: Kind,
    /// A sequence at its parent key's indentation (`key:\n- a`): it ends at the next line at
    /// that indentation that is not an entry.
    indentless: bool,
    role: Role,
    /// The kept collection this frame fills.
    kept: Option<usize>,
}

/// A key or entry whose value starts on a later line (or is null).
struct Pending {
    /// The indentation of the collection holding the key or entry.
    indent: usize,
    from_seq: bool,
    keep: Keep,
    into: Option<Place>,
}

#[derive(Clone, Copy, PartialEq)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}

/// A literal block scalar being read, as libyaml assembles it.
struct Block {
    /// The indentation of the collection holding it: content must be deeper.
    parent: usize,
    /// The content's indentation, known at its first non-empty line.
    indent: Option<usize>,
    chomp: Chomp,
    into: Option<Place>,
    text: String,
    /// The break ending the last content line.
    leading_break: bool,
    /// Breaks of the empty lines since.
    trailing_breaks: usize,
}

struct Reader {
    stack: Vec<Frame>,
    pending: Option<Pending>,
    block: Option<Block>,
    open_scalar: Option<OpenScalar>,
    /// Kept collections; 0 is the root.
    kept: Vec<Collection>,
    root_role: Role,
    started: bool,
}

fn read(doc: &str, root_role: Role) -> Option<Option<Rc<YNode>>> {
    if !printable(doc) {
        return None;
    }
    let mut r = Reader {
        stack: Vec::new(),
        pending: None,
        block: None,
        open_scalar: None,
        kept: Vec::new(),
        root_role,
        started: false,
    };
    for line in doc.split_inclusive('\n') {
        match line.strip_suffix('\n') {
            Some(text) => r.line(text, true)?,
            None => r.line(line, false)?,
        }
    }
    r.end_block();
    if r.open_scalar.as_ref().is_some_and(|o| o.quote.is_some()) {
        // The end of the document inside quotes: libyaml's error.
        return None;
    }
    r.end_open_scalar();
    if let Some(p) = r.pending.take() {
        r.null_value(p);
    }
    if !r.started {
        return Some(None);
    }
    Some(Some(r.build(0)))
}

/// Whether libyaml reads every character of `doc` as an ordinary one: printable ASCII, tabs
/// and line feeds, and the printable non-ASCII characters except those it takes for line
/// breaks (U+2028, U+2029; U+0085 is a C1 control here) and the byte order mark. The private
/// use planes 15 and 16 are left out: rudder carries Go's raw bytes there (invalid UTF-8,
/// which the full reader reports).
fn printable(doc: &str) -> bool {
    let ascii = doc.bytes().fold(true, |ok, b| {
        ok & (matches!(b, 0x20..=0x7e) | (b == b'\t') | (b == b'\n'))
    });
    ascii
        || doc.chars().all(|c| match c {
            ' '..='~' | '\t' | '\n' => true,
            '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
            '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{effff}' => true,
            _ => false,
        })
}

fn is_dash(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// Characters of the plain keys accepted (Kubernetes' label and field names).
fn is_key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/')
}

/// Splits `key: value` / `key:` into the key (its text, whether plain) and the rest after the
/// separator's spaces; `None` if the line does not start with an accepted key: a plain one
/// made of [`is_key_char`]s, or a quoted one without escapes.
fn split_key(rest: &str) -> Option<((&str, bool), &str)> {
    let bytes = rest.as_bytes();
    let (key, plain, after) = match *bytes.first()? {
        b'"' | b'\'' => {
            let (key, after) = simple_quoted(rest)?;
            (key, false, after)
        }
        b if b.is_ascii_alphanumeric() || b == b'_' => {
            let end = bytes.iter().position(|&b| !is_key_char(b))?;
            (&rest[..end], true, &rest[end..])
        }
        _ => return None,
    };
    // Go's JSON decoder folds some non-ASCII letters into field names (`K` for `k`): such
    // keys go to the full reader.
    if rest.len() - after.len() >= MAX_KEY || !key.is_ascii() {
        return None;
    }
    let after = after.strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    if plain && !plain_json_key(key) {
        return None;
    }
    Some(((key, plain), after.trim_start_matches(' ')))
}

/// Whether a plain key has a JSON form (go-yaml reads some as null, or as integers beyond
/// int64, which sigs.k8s.io/yaml refuses as keys).
fn plain_json_key(key: &str) -> bool {
    // Nearly every key is a word that cannot be read as anything but a string.
    super::plainly_string(key)
        || super::go_scalar(key, true, None).is_ok_and(|k| super::json_key(k).is_ok())
}

/// Whether a key node has a JSON form.
fn json_key(key: &YNode) -> bool {
    match key {
        YNode::Scalar { value, plain, .. } => !plain || plain_json_key(value),
        _ => false,
    }
}

fn scalar_node(value: String, plain: bool) -> YNode {
    YNode::Scalar {
        value,
        plain,
        tag: None,
    }
}

/// A quoted scalar on one line without escapes at the start of `text`: its content and the
/// text after the closing quote; `None` for anything else (a `\\` in double quotes, `''` in
/// single ones, no closing quote).
fn simple_quoted(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let quote = *bytes.first()?;
    let close = text[1..].find([quote as char, '\\'])? + 1;
    if bytes[close] != quote || bytes.get(close + 1) == Some(&quote) {
        return None;
    }
    Some((&text[1..close], &text[close + 1..]))
}

/// Whether the rest of a line after a value is empty or a comment.
fn ends_line(after: &str) -> bool {
    let trimmed = after.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len())
}

/// Whether go-yaml reads a plain scalar as an infinity or NaN, which JSON cannot hold.
fn is_non_finite(plain: &str) -> bool {
    super::go_scalar(plain, true, None).is_ok_and(|s| s.non_finite().is_some())
}

/// A one-line value, checked but not yet copied.
enum OneLine<'a> {
    Plain(&'a str),
    /// A one-line flow collection, read when its node is wanted.
    Flow(&'a str),
}

impl OneLine<'_> {
    fn node(self) -> YNode {
        match self {
            OneLine::Plain(text) => scalar_node(text.to_string(), true),
            OneLine::Flow(text) => flow(text).expect("checked when read"),
        }
    }
}

/// A one-line value, or `None` outside the subset.
fn one_line_value(value: &str) -> Option<OneLine<'_>> {
    match value.as_bytes()[0] {
        b'{' | b'[' => {
            let close = value.find([']', '}'])?;
            (ends_line(&value[close + 1..]) && flow(&value[..=close]).is_some())
                .then(|| OneLine::Flow(&value[..=close]))
        }
        b'-' if is_dash(value) => None,
        b'-' | b'.' | b'_' | b'/' | b'+' | b'(' | b'$' | b'^' | b'~' | b'=' | b';' | b'<' => {
            plain(value).map(OneLine::Plain)
        }
        b if b.is_ascii_alphanumeric() => plain(value).map(OneLine::Plain),
        _ => None,
    }
}

/// A one-line flow collection of scalars (`[a, "b"]`, `{cpu: 50m, 'x': y}`), or `None`
/// outside the subset: nesting, empty entries, keys without values, `:` or `#` in plain
/// scalars, escapes.
fn flow(text: &str) -> Option<YNode> {
    let is_map = text.starts_with('{');
    let close = if is_map { '}' } else { ']' };
    let mut rest = text[1..].strip_suffix(close)?.trim_start_matches(' ');
    let (mut items, mut pairs) = (Vec::new(), Vec::new());
    while !rest.is_empty() {
        let (first, after) = flow_scalar(rest)?;
        let after = after.trim_start_matches(' ');
        rest = if is_map {
            if !json_key(&first) {
                return None;
            }
            let after = after.strip_prefix(": ")?.trim_start_matches(' ');
            let (value, after) = flow_scalar(after)?;
            pairs.push((Rc::new(first), Rc::new(value)));
            after.trim_start_matches(' ')
        } else {
            items.push(Rc::new(first));
            after
        };
        match rest.strip_prefix(',') {
            Some(more) => {
                rest = more.trim_start_matches(' ');
                if rest.is_empty() {
                    return None;
                }
            }
            None if rest.is_empty() => {}
            None => return None,
        }
    }
    Some(if is_map {
        YNode::Map(pairs)
    } else {
        YNode::Seq(items)
    })
}

/// A scalar inside a flow collection and the text after it.
fn flow_scalar(text: &str) -> Option<(YNode, &str)> {
    match text.as_bytes().first()? {
        b'"' | b'\'' => {
            let (value, after) = simple_quoted(text)?;
            Some((scalar_node(value.to_string(), false), after))
        }
        b if b.is_ascii_alphanumeric()
            || b"._/+$^~=;(".contains(b)
            || (*b == b'-'
                && text[1..].starts_with(|c: char| {
                    c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '/'
                })) =>
        {
            let end = text
                .bytes()
                .position(|b| matches!(b, b',' | b'[' | b']' | b'{' | b'}' | b'#' | b':' | b'\t'))
                .unwrap_or(text.len());
            if text[end..].starts_with([':', '#', '[', ']', '{', '}', '\t'])
                && !text[end..].starts_with(": ")
            {
                return None;
            }
            let value = text[..end].trim_end_matches(' ');
            (!value.is_empty() && !is_non_finite(value))
                .then(|| (scalar_node(value.to_string(), true), &text[end..]))
        }
        _ => None,
    }
}

/// A one-line plain scalar up to a comment, trailing spaces dropped.
fn plain(value: &str) -> Option<&str> {
    let bytes = value.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if bytes.get(i + 1).is_none_or(|&n| n == b' ') => return None,
            b'\t' => return None,
            _ => {}
        }
    }
    let text = value[..end].trim_end_matches(' ');
    (!is_non_finite(text)).then_some(text)
}

/// A block scalar header (`|`, `>-`, `|+ # note`): `Some((literal, chomping))`. Indentation
/// indicators go to the full reader.
fn block_header(value: &str) -> Option<(bool, Chomp)> {
    let literal = value.starts_with('|');
    let rest = value.strip_prefix(['|', '>'])?;
    let (chomp, rest) = match rest.as_bytes().first() {
        Some(b'-') => (Chomp::Strip, &rest[1..]),
        Some(b'+') => (Chomp::Keep, &rest[1..]),
        _ => (Chomp::Clip, rest),
    };
    ends_line(rest).then_some((literal, chomp))
}

impl Reader {
    fn line(&mut self, line: &str, has_break: bool) -> Option<()> {
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let rest = &line[indent..];
        if self.block.is_some() {
            if self.block_line(line, indent, has_break)? {
                return Some(());
            }
            self.end_block();
        }
        if self.open_scalar.is_some() {
            if self.continued_line(indent, rest)? {
                return Some(());
            }
            self.end_open_scalar();
        }
        if rest.is_empty() || rest.starts_with('#') {
            return Some(());
        }
        if rest.contains('\t')
            || (indent == 0 && (rest.starts_with("---") || rest.starts_with("...")))
        {
            return None;
        }
        self.content(indent, rest)
    }

    /// A line while a block scalar is open: `Some(true)` if it belongs to it, `Some(false)` if
    /// it ends it.
    fn block_line(&mut self, line: &str, indent: usize, has_break: bool) -> Option<bool> {
        let block = self.block.as_mut()?;
        let rest = &line[indent..];
        let content_indent = match block.indent {
            // Spaces before the first content line could set a deeper indentation.
            None if rest.is_empty() && indent > 0 => return None,
            None if rest.is_empty() => {
                block.trailing_breaks += usize::from(has_break);
                return Some(true);
            }
            // A tab where libyaml still expects indentation is its error.
            None if rest.starts_with('\t') => return None,
            None if indent > block.parent => {
                block.indent = Some(indent);
                indent
            }
            None => return Some(false),
            Some(i) if rest.is_empty() && indent <= i => {
                block.trailing_breaks += usize::from(has_break);
                return Some(true);
            }
            Some(i) if indent < i && rest.starts_with('\t') => return None,
            Some(i) if indent < i => return Some(false),
            Some(i) => i,
        };
        if block.into.is_some() {
            if block.leading_break {
                block.text.push('\n');
            }
            for _ in 0..block.trailing_breaks {
                block.text.push('\n');
            }
            block.text.push_str(&line[content_indent..]);
        }
        block.leading_break = has_break;
        block.trailing_breaks = 0;
        Some(true)
    }

    /// Finishes an open block scalar: chomping, then the node goes where it belongs.
    fn end_block(&mut self) {
        let Some(mut block) = self.block.take() else {
            return;
        };
        let Some(into) = block.into.take() else {
            return;
        };
        if block.chomp != Chomp::Strip && block.leading_break {
            block.text.push('\n');
        }
        if block.chomp == Chomp::Keep {
            for _ in 0..block.trailing_breaks {
                block.text.push('\n');
            }
        }
        self.place(into, Slot::Node(Rc::new(scalar_node(block.text, false))));
    }

    fn content(&mut self, indent: usize, rest: &str) -> Option<()> {
        let dash = is_dash(rest);
        if let Some(p) = self.pending.take() {
            if indent > p.indent && !dash && split_key(rest).is_none() {
                // The value on a line of its own (`resources:\n  {}`).
                if block_header(rest).is_some() {
                    return None;
                }
                return self.value(p.indent, p.from_seq, rest, p.keep, p.into);
            }
            if indent > p.indent || (indent == p.indent && !p.from_seq && dash) {
                self.open(p, indent, dash)?;
            } else {
                self.null_value(p);
            }
        }
        while let Some(top) = self.stack.last() {
            if top.indent > indent || (top.indent == indent && top.indentless && !dash) {
                self.stack.pop();
            } else {
                break;
            }
        }
        let Some(top) = self.stack.last() else {
            if self.started || dash {
                return None;
            }
            self.started = true;
            self.kept.push(Collection::Map(Vec::new()));
            self.push(indent, Kind::Map, false, self.root_role, Some(0))?;
            return self.entry(indent, rest);
        };
        if top.indent != indent {
            return None;
        }
        match (top.kind, dash) {
            (Kind::Map, false) => self.entry(indent, rest),
            (Kind::Seq, true) => self.item(indent, rest),
            _ => None,
        }
    }

    fn push(
        &mut self,
        indent: usize,
        kind: Kind,
        indentless: bool,
        role: Role,
        kept: Option<usize>,
    ) -> Option<()> {
        if self.stack.len() >= MAX_DEPTH {
            return None;
        }
        self.stack.push(Frame {
            indent,
            kind,
            indentless,
            role,
            kept,
        });
        Some(())
    }

    /// Puts a value into a kept collection.
    fn place(&mut self, (index, key): Place, value: Slot) {
        match (&mut self.kept[index], key) {
            (Collection::Map(pairs), Some(key)) => pairs.push((key, value)),
            (Collection::Seq(items), None) => items.push(value),
            _ => unreachable!("a target names a key exactly when it is a mapping"),
        }
    }

    /// A new kept collection placed at `into`.
    fn new_collection(&mut self, into: Place, collection: Collection) -> usize {
        self.kept.push(collection);
        let index = self.kept.len() - 1;
        self.place(into, Slot::Child(index));
        index
    }

    /// The pending value is the collection starting on this line.
    fn open(&mut self, p: Pending, indent: usize, dash: bool) -> Option<()> {
        let indentless = dash && indent == p.indent;
        let (kind, collection) = if dash {
            (Kind::Seq, Collection::Seq(Vec::new()))
        } else {
            (Kind::Map, Collection::Map(Vec::new()))
        };
        let role = match (p.keep, dash) {
            (Keep::No, _) => return self.push(indent, kind, indentless, Role::Skip, None),
            (Keep::All, _) => Role::All,
            (Keep::ScalarOrMap(role), false) => role,
            _ => return None,
        };
        let index = self.new_collection(p.into?, collection);
        self.push(indent, kind, indentless, role, Some(index))
    }

    /// The pending key or entry had no value: null.
    fn null_value(&mut self, p: Pending) {
        if let Some(into) = p.into {
            self.place(into, Slot::Node(Rc::new(scalar_node(String::new(), true))));
        }
    }

    /// A `key: value` line of the mapping on top of the stack.
    fn entry(&mut self, indent: usize, rest: &str) -> Option<()> {
        let ((key, plain), value) = split_key(rest)?;
        let frame = self.stack.last()?;
        let keep = keep(frame.role, key);
        let into = match (keep, frame.kept) {
            (Keep::No, _) | (_, None) => None,
            (_, Some(index)) => Some((index, Some(Rc::new(scalar_node(key.to_string(), plain))))),
        };
        self.value(indent, false, value, keep, into)
    }

    /// A `- item` line of the sequence on top of the stack.
    fn item(&mut self, indent: usize, rest: &str) -> Option<()> {
        let value = rest[1..].trim_start_matches(' ');
        if is_dash(value) {
            return None;
        }
        let frame = self.stack.last()?;
        let (role, kept) = (frame.role, frame.kept);
        let into = kept.map(|index| (index, None));
        if !value.is_empty() && split_key(value).is_some() {
            // A mapping starting on the entry's line (`- name: x`) is indented to its key.
            let column = indent + rest.len() - value.len();
            let kept = into.map(|into| self.new_collection(into, Collection::Map(Vec::new())));
            self.push(column, Kind::Map, false, role, kept)?;
            return self.entry(column, value);
        }
        let keep = if into.is_some() { Keep::All } else { Keep::No };
        self.value(indent, true, value, keep, into)
    }

    /// What follows a key's `:` or an entry's `-` on its line.
    fn value(
        &mut self,
        indent: usize,
        from_seq: bool,
        value: &str,
        keep: Keep,
        into: Option<Place>,
    ) -> Option<()> {
        if value.is_empty() || value.starts_with('#') {
            self.pending = Some(Pending {
                indent,
                from_seq,
                keep,
                into,
            });
            return Some(());
        }
        if let Some((literal, chomp)) = block_header(value) {
            // Folded scalars are left to the full reader; so are block scalars in the head.
            if !matches!(keep, Keep::No | Keep::All) || (keep == Keep::All && !literal) {
                return None;
            }
            self.block = Some(Block {
                parent: indent,
                indent: None,
                chomp,
                into,
                text: String::new(),
                leading_break: false,
                trailing_breaks: 0,
            });
            return Some(());
        }
        if let Some(&quote @ (b'\'' | b'"')) = value.as_bytes().first() {
            let line = quoted::segment(&value[1..], quote)?;
            let joined = match line.end {
                quoted::End::Closed(after) => {
                    if !ends_line(after) {
                        return None;
                    }
                    if let Some(into) = into {
                        let node = scalar_node(line.text.into_owned(), false);
                        self.place(into, Slot::Node(Rc::new(node)));
                    }
                    return Some(());
                }
                quoted::End::Open => false,
                quoted::End::EscapedBreak => true,
            };
            return self.begin_scalar(indent, Some(quote), &line.text, into, joined);
        }
        let node = one_line_value(value)?;
        if let OneLine::Plain(text) = node {
            // With no comment after it, the next lines may go on with it.
            if text.len() == value.trim_end_matches(' ').len() {
                return self.begin_scalar(indent, None, text, into, false);
            }
        }
        if let Some(into) = into {
            self.place(into, Slot::Node(Rc::new(node.node())));
        }
        Some(())
    }

    /// A scalar that the next lines may continue (see [`continued`]).
    fn begin_scalar(
        &mut self,
        parent: usize,
        quote: Option<u8>,
        text: &str,
        into: Option<Place>,
        joined: bool,
    ) -> Option<()> {
        self.open_scalar = Some(OpenScalar {
            parent,
            quote,
            text: if into.is_some() {
                text.to_string()
            } else {
                String::new()
            },
            into,
            breaks: 0,
            joined,
        });
        Some(())
    }

    fn build(&self, index: usize) -> Rc<YNode> {
        let slot = |slot: &Slot| match slot {
            Slot::Node(node) => node.clone(),
            Slot::Child(i) => self.build(*i),
        };
        Rc::new(match &self.kept[index] {
            Collection::Map(pairs) => {
                YNode::Map(pairs.iter().map(|(k, v)| (k.clone(), slot(v))).collect())
            }
            Collection::Seq(items) => YNode::Seq(items.iter().map(slot).collect()),
        })
    }
}

/// Checks this reader against the full one on `text`: where it answers, the full reader must
/// read the document without a syntax error, to the same tree or the same head (an `Err`
/// tells the difference). For the tests and the fuzzer.
pub fn differential(text: &str) -> Result<(), String> {
    use super::head::head_of_tree;
    let full = || {
        super::tree::parse_first_document(text)
            .map_err(|e| format!("fast reader accepted {text:?}, full reader: {e}"))
    };
    if let Some(fast) = head_tree(text, super::head::SIMPLE_HEAD) {
        let head = super::GoStruct {
            package: "util",
            name: "SimpleHead",
        };
        let (fast, slow) = (head_of_tree(fast, head), head_of_tree(full()?, head));
        if fast != slow {
            return Err(format!("head of {text:?}: fast {fast:?}, full {slow:?}"));
        }
    }
    if let Some(fast) = full_tree(text) {
        let (fast, slow) = (format!("{fast:?}"), format!("{:?}", full()?));
        if fast != slow {
            return Err(format!("tree of {text:?}: fast {fast}, full {slow}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;

//! A YAML node tree keeping what helm-docs reads from yaml.v3 nodes: each node's position, its
//! scalar text and tag (resolved as yaml.v3 resolves plain scalars) and its head comment
//! (see [`crate::heads`]).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::heads::{Entry, Heads};

/// A scalar's tag, as yaml.v3 names it (`!!str`); `Other` for any tag helm-docs rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarTag {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Timestamp,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Mapping(Vec<(Node, Node)>),
    Sequence(Vec<Node>),
    Scalar { text: String, tag: ScalarTag },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// 1-based line and column, as yaml.v3 reports them.
    pub line: usize,
    pub column: usize,
    /// yaml.v3's head comment: the comment lines that belong above the node, `\n`-joined.
    pub head_comment: String,
    /// Where a collection's source text ends (1-based line, exclusive), for `@notationType`.
    pub end_line: usize,
    /// A scalar written plain and untagged: helm's YAML 1.1 reader resolves it by its text,
    /// which can differ from yaml.v3's tag (`yes` is a boolean to helm, a string here).
    pub plain: bool,
}

impl Node {
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A mapping's value for `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| k.scalar_text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses the first document of `text`; `None` for an empty document (or only comments).
pub fn parse(text: &str) -> Result<Option<Node>, String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut builder = Builder {
        lines: &lines,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        entries: Vec::new(),
        block_scalars: Vec::new(),
    };
    Parser::new_from_str(text)
        .load(&mut builder, false)
        .map_err(|e| e.to_string())?;
    let Some(mut root) = builder.root else {
        return Ok(None);
    };
    let heads = Heads::new(&lines, builder.entries, &builder.block_scalars);
    attach_heads(&mut root, &heads, None);
    Ok(Some(root))
}

/// Fills in head comments: a block mapping's keys and a block sequence's items get theirs;
/// in `- key: v` the comment above belongs to the item, not to its first key (yaml.v3's stem
/// comment). `dash_line` is the line of the dash when `node` is a sequence item.
fn attach_heads(node: &mut Node, heads: &Heads, dash_line: Option<usize>) {
    match &mut node.kind {
        Kind::Mapping(entries) => {
            for (i, (k, v)) in entries.iter_mut().enumerate() {
                if !(i == 0 && dash_line == Some(k.line)) {
                    k.head_comment = heads.above(k.line, k.column - 1);
                }
                attach_heads(v, heads, None);
            }
        }
        Kind::Sequence(items) => {
            for item in items.iter_mut() {
                let dash = heads.dash(item.line, item.column - 1);
                if let Some(Entry { line, column }) = dash {
                    item.head_comment = heads.above(line, column);
                }
                attach_heads(item, heads, dash.map(|d| d.line));
            }
        }
        Kind::Scalar { .. } => {}
    }
}

/// A collection being built, with its anchor and the pending key of a mapping.
struct Open {
    node: Node,
    anchor: usize,
    key: Option<Node>,
    flow: bool,
}

struct Builder<'t> {
    lines: &'t [&'t str],
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    /// Block mapping keys and block sequence dashes, in document order.
    entries: Vec<Entry>,
    /// Block scalars: the line of their indicator and their parent's indentation.
    block_scalars: Vec<(usize, usize)>,
}

impl Builder<'_> {
    fn node(&self, kind: Kind, mark: Marker) -> Node {
        Node {
            kind,
            line: mark.line(),
            column: mark.col() + 1,
            head_comment: String::new(),
            end_line: mark.line(),
            plain: false,
        }
    }

    /// The character at `mark`.
    fn char_at(&self, mark: Marker) -> Option<char> {
        let line = self.lines.get(mark.line().saturating_sub(1))?;
        line.chars().nth(mark.col())
    }

    fn in_flow(&self) -> bool {
        self.stack.last().is_some_and(|o| o.flow)
    }

    fn open(&mut self, kind: Kind, anchor: usize, mark: Marker) {
        let mut node = self.node(kind, mark);
        // A block sequence's mark is its first item's, which may be a flow collection (a
        // `[` there, in a block sequence, starts an item); yaml.v3 places it at the dash.
        let in_block_sequence = self
            .stack
            .last()
            .is_some_and(|o| !o.flow && matches!(o.node.kind, Kind::Sequence(_)));
        let item_flow_sequence = in_block_sequence && self.char_at(mark) == Some('[');
        let dash = match (&node.kind, self.in_flow() || item_flow_sequence) {
            (Kind::Sequence(_), false) => {
                crate::heads::dash(self.lines, node.line, node.column - 1)
            }
            _ => None,
        };
        let flow =
            self.in_flow() || (dash.is_none() && matches!(self.char_at(mark), Some('[' | '{')));
        if let Some(dash) = dash {
            (node.line, node.column) = (dash.line, dash.column + 1);
            self.entries.push(dash);
        }
        self.stack.push(Open {
            node,
            anchor,
            key: None,
            flow,
        });
    }

    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let in_flow = self.in_flow();
        let Some(parent) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return;
        };
        match &mut parent.node.kind {
            Kind::Sequence(items) => {
                if !in_flow {
                    let dash = crate::heads::dash(self.lines, node.line, node.column - 1);
                    self.entries.extend(dash);
                }
                items.push(node)
            }
            Kind::Mapping(entries) => match parent.key.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    if !in_flow {
                        self.entries.push(Entry {
                            line: node.line,
                            column: node.column - 1,
                        });
                    }
                    parent.key = Some(node);
                }
            },
            Kind::Scalar { .. } => {}
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.root.is_some() {
            return;
        }
        match ev {
            Event::Scalar(mut text, style, anchor, tag) => {
                let (mut line, mut column) = (mark.line(), mark.col());
                if matches!(style, TScalarStyle::Literal | TScalarStyle::Folded) {
                    // The mark lies past the indicator; yaml.v3 places the node at it.
                    if let Some((l, c)) = block_indicator(self.lines, line) {
                        (line, column) = (l, c);
                    }
                    let parent = crate::heads::dash(self.lines, line, column)
                        .or(self.entries.last().copied())
                        .map_or(0, |e| e.column);
                    self.block_scalars.push((line, parent));
                    // An empty block scalar at the end of the text comes back as "\n"; unless
                    // kept (`|+`), it is "".
                    let header = self.lines.get(line - 1).copied().unwrap_or_default();
                    let keep = header.contains("|+") || header.contains(">+");
                    if !keep && text.bytes().all(|b| b == b'\n') {
                        text.clear();
                    }
                }
                let plain = style == TScalarStyle::Plain && tag.is_none();
                let tag = resolve(&text, style, tag.as_ref());
                let mut node = self.node(Kind::Scalar { text, tag }, mark);
                node.plain = plain;
                (node.line, node.column) = (line, properties_start(self.lines, line, column) + 1);
                self.finish(node, anchor);
            }
            Event::SequenceStart(anchor, _) => self.open(Kind::Sequence(Vec::new()), anchor, mark),
            Event::MappingStart(anchor, _) => self.open(Kind::Mapping(Vec::new()), anchor, mark),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(mut open) = self.stack.pop() {
                    open.node.end_line = mark.line();
                    // A block mapping's own mark lies past its first key; yaml.v3 places it there.
                    if let (Kind::Mapping(entries), false) = (&open.node.kind, open.flow) {
                        if let Some((first, _)) = entries.first() {
                            (open.node.line, open.node.column) = (first.line, first.column);
                        }
                    }
                    self.finish(open.node, open.anchor);
                }
            }
            Event::Alias(id) => {
                let mut node = self.node(
                    Kind::Scalar {
                        text: String::new(),
                        tag: ScalarTag::Null,
                    },
                    mark,
                );
                if let Some(target) = self.anchors.get(&id) {
                    node.kind = target.kind.clone();
                    node.end_line = target.end_line;
                }
                self.finish(node, 0);
            }
            _ => {}
        }
    }
}

/// The 1-based line and 0-based column of the `|` or `>` of the block scalar whose text
/// starts on or after 1-based `line`: the nearest line from there up ending with one.
fn block_indicator(lines: &[&str], line: usize) -> Option<(usize, usize)> {
    (1..=line.min(lines.len())).rev().find_map(|l| {
        let text = lines[l - 1];
        let content = text.split(" #").next().unwrap_or(text).trim_end();
        let header = content.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
        let at = header.len().checked_sub(1)?;
        matches!(header.as_bytes()[at], b'|' | b'>').then_some((l, at))
    })
}

/// Where a node written at 0-based `column` of 1-based `line` starts with its anchor and tag
/// (`&a !!str x`): yaml.v3 places it there.
fn properties_start(lines: &[&str], line: usize, column: usize) -> usize {
    let Some(text) = lines.get(line - 1) else {
        return column;
    };
    let mut start = column.min(text.len());
    loop {
        let before = text[..start].trim_end_matches(' ');
        let token = before.rsplit(' ').next().unwrap_or(before);
        if token.len() > 1 && (token.starts_with('&') || token.starts_with('!')) {
            start = before.len() - token.len();
        } else {
            return start;
        }
    }
}

/// yaml.v3's node tag: an explicit tag as written (`!!str` for the standard ones), else
/// quoted and block scalars are strings and plain ones resolve by their text.
fn resolve(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> ScalarTag {
    if let Some(tag) = tag {
        let full = format!("{}{}", tag.handle, tag.suffix);
        let short = full
            .strip_prefix("tag:yaml.org,2002:")
            .or_else(|| full.strip_prefix("!!"));
        return match short {
            Some("null") => ScalarTag::Null,
            Some("bool") => ScalarTag::Bool,
            Some("int") => ScalarTag::Int,
            Some("float") => ScalarTag::Float,
            Some("str") => ScalarTag::Str,
            Some("timestamp") => ScalarTag::Timestamp,
            // The non-specific tag `!` leaves a plain scalar to resolution.
            _ if full == "!" => resolve_plain(text),
            _ => ScalarTag::Other,
        };
    }
    if style != TScalarStyle::Plain {
        return ScalarTag::Str;
    }
    resolve_plain(text)
}

/// yaml.v3's `resolve` for an untagged plain scalar.
pub fn resolve_plain(text: &str) -> ScalarTag {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarTag::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarTag::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return ScalarTag::Float,
        _ => {}
    }
    match text.as_bytes()[0] {
        b'.' if go_parse_float(text).is_some() => ScalarTag::Float,
        b'0'..=b'9' | b'+' | b'-' => {
            if is_timestamp(text) {
                return ScalarTag::Timestamp;
            }
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if parse_int(&plain).is_some() {
                ScalarTag::Int
            } else if is_yaml_float(&plain) && go_parse_float(&plain).is_some() {
                ScalarTag::Float
            } else {
                ScalarTag::Str
            }
        }
        _ => ScalarTag::Str,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` (or `ParseUint`, which yaml.v3 tries next): decimal,
/// `0x`, `0o`, `0b` and leading-zero octal, with an optional sign. Values past `i64` come
/// back as `i128` so both readings are covered.
pub fn parse_int(text: &str) -> Option<i128> {
    let (neg, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, body) = if let Some(b) = digits.strip_prefix("0x").or(digits.strip_prefix("0X")) {
        (16, b)
    } else if let Some(b) = digits.strip_prefix("0o").or(digits.strip_prefix("0O")) {
        (8, b)
    } else if let Some(b) = digits.strip_prefix("0b").or(digits.strip_prefix("0B")) {
        (2, b)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(body, radix).ok()? as i128;
    match neg {
        true if magnitude <= 1 << 63 => Some(-magnitude),
        false if magnitude <= i64::MAX as i128 || text.as_bytes()[0] != b'+' => Some(magnitude),
        _ => None,
    }
}

/// yaml.v3's float shape: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms YAML values use.
pub fn go_parse_float(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    match lower.trim_start_matches('+') {
        ".inf" | "inf" | "infinity" => return Some(f64::INFINITY),
        "-.inf" | "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        ".nan" | "nan" => return Some(f64::NAN),
        _ => {}
    }
    let ok = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    ok.then(|| text.parse::<f64>().ok()).flatten()
}

/// yaml.v3 tries a timestamp first for text starting with four digits and a dash; whether
/// it is one does not matter to helm-docs (both print as strings), only that it is no number.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_position_and_comment_above() {
        let root = parse("a: 1\n\n# -- the b\n# more\nb:\n  c: x\n")
            .unwrap()
            .unwrap();
        let Kind::Mapping(entries) = &root.kind else {
            panic!("mapping expected")
        };
        let (b, _) = &entries[1];
        assert_eq!((b.line, b.column), (5, 1));
        assert_eq!(b.head_comment, "# -- the b\n# more");
        assert_eq!(
            entries[0].1.kind,
            Kind::Scalar {
                text: "1".into(),
                tag: ScalarTag::Int
            }
        );
    }

    #[test]
    fn plain_scalars_resolve_as_yaml_v3() {
        for (text, tag) in [
            ("yes", ScalarTag::Str),
            ("true", ScalarTag::Bool),
            ("0x1F", ScalarTag::Int),
            ("1_000", ScalarTag::Int),
            ("1.5e3", ScalarTag::Float),
            (".5", ScalarTag::Float),
            ("2001-12-14", ScalarTag::Timestamp),
            ("1.2.3", ScalarTag::Str),
            ("-", ScalarTag::Str),
        ] {
            assert_eq!(resolve_plain(text), tag, "{text}");
        }
    }

    #[test]
    fn a_list_item_owns_the_comment_above_its_dash() {
        let root = parse("l:\n  # -- item\n  - a: 1\n    b: 2\n")
            .unwrap()
            .unwrap();
        let Kind::Sequence(items) = &root.get("l").unwrap().kind else {
            panic!("sequence expected")
        };
        assert_eq!(items[0].head_comment, "# -- item");
        let Kind::Mapping(entries) = &items[0].kind else {
            panic!("mapping expected")
        };
        assert_eq!(entries[0].0.head_comment, "");
    }

    // Positions and comments as helm-docs v1.14.2 reported them.
    #[test]
    fn items_sit_where_yaml_v3_places_them() {
        let text = "a:\n- {x: 1}\n# -- D\n- k: yes\n# -- B\n- |\n  blk\n- &an z\n";
        let root = parse(text).unwrap().unwrap();
        let Kind::Sequence(items) = &root.get("a").unwrap().kind else {
            panic!("sequence expected")
        };
        let at: Vec<(usize, usize, &str)> = items
            .iter()
            .map(|i| (i.line, i.column, i.head_comment.as_str()))
            .collect();
        assert_eq!(
            at,
            [(2, 3, ""), (4, 3, "# -- D"), (6, 3, "# -- B"), (8, 3, "")]
        );
    }

    #[test]
    fn aliases_copy_their_anchor() {
        let root = parse("a: &x [1]\nb: *x\n").unwrap().unwrap();
        assert_eq!(root.get("a").unwrap().kind, root.get("b").unwrap().kind);
    }
}

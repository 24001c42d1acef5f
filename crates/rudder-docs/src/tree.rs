//! A YAML node tree that keeps what helm-docs reads from yaml.v3 nodes: each node's position,
//! its scalar text and tag (YAML 1.2 core resolution, as yaml.v3 does) and the comment lines
//! written directly above it (yaml.v3's head comment).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A scalar's resolved tag, as yaml.v3 names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarTag {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Timestamp,
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
    /// The comment lines directly above the node, joined with `\n` (empty when none).
    pub head_comment: String,
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

/// Parses the first document of `text`; `None` for an empty document.
pub fn parse(text: &str) -> Result<Option<Node>, String> {
    let mut builder = Builder {
        lines: text.lines().collect(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        done: false,
    };
    Parser::new_from_str(text)
        .load(&mut builder, false)
        .map_err(|e| e.to_string())?;
    Ok(builder.root)
}

/// A collection being built, with its anchor and the pending key of a mapping.
struct Open {
    node: Node,
    anchor: usize,
    key: Option<Node>,
}

struct Builder<'t> {
    lines: Vec<&'t str>,
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    done: bool,
}

impl Builder<'_> {
    fn node(&self, kind: Kind, mark: Marker) -> Node {
        Node {
            kind,
            line: mark.line(),
            column: mark.col() + 1,
            head_comment: self.comment_above(mark.line()),
        }
    }

    /// The run of comment lines right above 1-based `line`, without a blank line between.
    fn comment_above(&self, line: usize) -> String {
        let mut start = line.saturating_sub(1);
        while start > 0 && self.lines[start - 1].trim_start().starts_with('#') {
            start -= 1;
        }
        let run = &self.lines[start..line.saturating_sub(1)];
        run.iter()
            .map(|l| l.trim_start())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn finish(&mut self, mut node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        // In `- key: v` the comment above belongs to the list item, not to its first key.
        if let [.., outer, inner] = self.stack.as_slice() {
            let first_key = matches!(&inner.node.kind, Kind::Mapping(e) if e.is_empty())
                && inner.key.is_none();
            if first_key && matches!(outer.node.kind, Kind::Sequence(_)) && inner.node.line == node.line {
                node.head_comment.clear();
            }
        }
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            self.done = true;
            return;
        };
        match &mut parent.node.kind {
            Kind::Sequence(items) => items.push(node),
            Kind::Mapping(entries) => match parent.key.take() {
                Some(key) => entries.push((key, node)),
                None => parent.key = Some(node),
            },
            Kind::Scalar { .. } => {}
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.done {
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let tag = resolve(&text, style, tag.as_ref());
                let node = self.node(Kind::Scalar { text, tag }, mark);
                self.finish(node, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                let node = self.node(Kind::Sequence(Vec::new()), mark);
                self.stack.push(Open {
                    node,
                    anchor,
                    key: None,
                });
            }
            Event::MappingStart(anchor, _) => {
                let node = self.node(Kind::Mapping(Vec::new()), mark);
                self.stack.push(Open {
                    node,
                    anchor,
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = self.stack.pop() {
                    self.finish(open.node, open.anchor);
                }
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(target) => Node {
                        line: mark.line(),
                        column: mark.col() + 1,
                        head_comment: self.comment_above(mark.line()),
                        kind: target.kind.clone(),
                    },
                    None => self.node(
                        Kind::Scalar {
                            text: String::new(),
                            tag: ScalarTag::Null,
                        },
                        mark,
                    ),
                };
                self.finish(node, 0);
            }
            _ => {}
        }
    }
}

/// yaml.v3's resolution: explicit tags win, quoted and block scalars are strings, plain
/// scalars follow the YAML 1.2 core schema.
fn resolve(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> ScalarTag {
    if let Some(tag) = tag {
        let name = tag.suffix.trim_start_matches("tag:yaml.org,2002:");
        return match name {
            "null" => ScalarTag::Null,
            "bool" => ScalarTag::Bool,
            "int" => ScalarTag::Int,
            "float" => ScalarTag::Float,
            "timestamp" => ScalarTag::Timestamp,
            _ => ScalarTag::Str,
        };
    }
    if style != TScalarStyle::Plain {
        return ScalarTag::Str;
    }
    resolve_plain(text)
}

fn resolve_plain(text: &str) -> ScalarTag {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarTag::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarTag::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return ScalarTag::Float,
        _ => {}
    }
    if parse_int(text).is_some() {
        ScalarTag::Int
    } else if is_float(text) {
        ScalarTag::Float
    } else if is_timestamp(text) {
        ScalarTag::Timestamp
    } else {
        ScalarTag::Str
    }
}

/// yaml.v3 reads ints with Go's `ParseInt(s, 0, 64)` after dropping underscores: decimal,
/// `0x`, `0o`, `0b` and leading-zero octal, with an optional sign.
pub fn parse_int(text: &str) -> Option<i64> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (neg, digits) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(b) = lower.strip_prefix("0x") {
        (16, b)
    } else if let Some(b) = lower.strip_prefix("0o") {
        (8, b)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (2, b)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    i64::try_from(if neg { -magnitude } else { magnitude }).ok()
}

/// yaml.v3's float shape: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_float(text: &str) -> bool {
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

/// A date (`2001-12-14`) or date-time, which yaml.v3 tags `!!timestamp`.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_position_and_comment_above() {
        let root = parse("a: 1\n# -- the b\n# more\nb:\n  c: x\n\n# far\n\nd: ~\n")
            .unwrap()
            .unwrap();
        let Kind::Mapping(entries) = &root.kind else {
            panic!("mapping expected")
        };
        let (b, _) = &entries[1];
        assert_eq!((b.line, b.column), (4, 1));
        assert_eq!(b.head_comment, "# -- the b\n# more");
        assert_eq!(entries[2].0.head_comment, "");
        assert_eq!(entries[0].1.kind, Kind::Scalar { text: "1".into(), tag: ScalarTag::Int });
    }

    #[test]
    fn plain_scalars_resolve_as_yaml_1_2() {
        for (text, tag) in [
            ("yes", ScalarTag::Str),
            ("true", ScalarTag::Bool),
            ("0x1F", ScalarTag::Int),
            ("1_000", ScalarTag::Int),
            ("1.5e3", ScalarTag::Float),
            (".5", ScalarTag::Float),
            ("2001-12-14", ScalarTag::Timestamp),
            ("1.2.3", ScalarTag::Str),
        ] {
            assert_eq!(resolve_plain(text), tag, "{text}");
        }
    }

    #[test]
    fn a_list_item_owns_the_comment_above_its_dash() {
        let root = parse("l:\n  # -- item\n  - a: 1\n    b: 2\n").unwrap().unwrap();
        let Kind::Sequence(items) = &root.get("l").unwrap().kind else {
            panic!("sequence expected")
        };
        assert_eq!(items[0].head_comment, "# -- item");
        let Kind::Mapping(entries) = &items[0].kind else {
            panic!("mapping expected")
        };
        assert_eq!(entries[0].0.head_comment, "");
    }

    #[test]
    fn aliases_copy_their_anchor() {
        let root = parse("a: &x [1]\nb: *x\n").unwrap().unwrap();
        assert_eq!(root.get("a").unwrap().kind, root.get("b").unwrap().kind);
    }
}

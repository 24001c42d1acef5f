//! Building a node tree from YAML events, with anchors expanded (bounded) and line numbers kept.

use std::collections::HashMap;
use std::rc::Rc;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A YAML node before scalar resolution.
#[derive(Debug, Clone)]
pub enum YNode {
    Scalar {
        value: String,
        style: TScalarStyle,
        tag: Option<String>,
        line: usize,
    },
    Seq(Vec<Rc<YNode>>),
    Map(Vec<(Rc<YNode>, Rc<YNode>)>),
}

/// A reader failure, as the Go text that follows `error converting YAML to JSON: `.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub text: String,
}

impl ReadError {
    /// go-yaml's `yaml: line N: msg`.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        ReadError {
            text: format!("yaml: line {line}: {}", message.into()),
        }
    }

    /// go-yaml's `yaml: msg` (no line).
    pub fn plain(message: impl Into<String>) -> Self {
        ReadError {
            text: format!("yaml: {}", message.into()),
        }
    }

    /// A failure of the JSON step (`json: unsupported value: +Inf`).
    pub fn json(message: impl Into<String>) -> Self {
        ReadError {
            text: message.into(),
        }
    }
}

/// Limits against hostile input (alias bombs, deep nesting).
const MAX_NODES: usize = 2_000_000;
const MAX_DEPTH: usize = 10_000;

fn tag_name(tag: &Option<Tag>) -> Option<String> {
    tag.as_ref().map(|t| {
        if t.handle == "!!" || t.handle == "tag:yaml.org,2002:" {
            format!("!!{}", t.suffix)
        } else {
            format!("{}{}", t.handle, t.suffix)
        }
    })
}

/// Whether go-yaml reports a message as a scanner error (1-based line) or a parser error
/// (0-based line); either way a line of 0 is left out.
#[derive(PartialEq)]
enum Stage {
    Scanner,
    Parser,
}

/// go-yaml's (libyaml's) wording and stage for a message of the YAML parser used here.
fn go_message(info: &str) -> (String, Stage) {
    let parser = [
        (
            "while parsing a block mapping, did not find expected key",
            "did not find expected key",
        ),
        (
            "while parsing a block collection, did not find expected '-' indicator",
            "did not find expected '-' indicator",
        ),
        (
            "while parsing a flow mapping, did not find expected ',' or '}'",
            "did not find expected ',' or '}'",
        ),
        (
            "while parsing a flow sequence, expected ',' or ']'",
            "did not find expected ',' or ']'",
        ),
        (
            "while parsing a node, did not find expected node content",
            "did not find expected node content",
        ),
        (
            "did not find expected <document start>",
            "did not find expected <document start>",
        ),
        (
            "did not find expected <document-start>",
            "did not find expected <document start>",
        ),
    ];
    if let Some((_, go)) = parser.iter().find(|(ours, _)| *ours == info) {
        return (go.to_string(), Stage::Parser);
    }
    let go = match info {
        "tabs disallowed within this context (block indentation)"
        | "tabs disallowed in this context"
        | "tab cannot be used as indentation" => "found character that cannot start any token",
        "simple key expect ':'" | "simple key expected" => "could not find expected ':'",
        other => other.rsplit(", ").next().unwrap_or(other),
    };
    (go.to_string(), Stage::Scanner)
}

fn scan_error(e: &yaml_rust2::ScanError, text: &str) -> ReadError {
    if e.info().contains("unknown anchor") {
        let at = &text[e.marker().index().min(text.len())..];
        let name: String = at
            .trim_start_matches('*')
            .chars()
            .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
            .collect();
        return ReadError::plain(format!("unknown anchor '{name}' referenced"));
    }
    let (message, stage) = go_message(e.info());
    let line = if message == "found unexpected end of stream" {
        text.matches('\n').count() + 1
    } else if stage == Stage::Scanner {
        e.marker().line()
    } else {
        e.marker().line().saturating_sub(1)
    };
    let first_line = if stage == Stage::Scanner { 1 } else { 0 };
    if line <= first_line {
        ReadError::plain(message)
    } else {
        ReadError::at(line, message)
    }
}

struct Builder<'t> {
    text: &'t str,
    /// Anchored nodes with their expanded size.
    anchors: HashMap<usize, (Rc<YNode>, usize)>,
    nodes: usize,
}

/// Parses every document of `text` into node trees (an empty document is `None`).
pub fn parse_documents(text: &str) -> Result<Vec<Option<Rc<YNode>>>, ReadError> {
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut b = Builder {
        text,
        anchors: HashMap::new(),
        nodes: 0,
    };
    loop {
        let (ev, _) = parser.next_token().map_err(|e| scan_error(&e, text))?;
        match ev {
            Event::StreamEnd => return Ok(docs),
            Event::DocumentStart => {
                b.anchors.clear();
                let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e, text))?;
                if ev == Event::DocumentEnd {
                    docs.push(None);
                    continue;
                }
                let (node, _) = b.node(&mut parser, ev, mark, 0)?;
                let (end, _) = parser.next_token().map_err(|e| scan_error(&e, text))?;
                if end != Event::DocumentEnd {
                    return Err(ReadError::at(0, "did not find expected <document end>"));
                }
                docs.push(Some(node));
            }
            _ => {}
        }
    }
}

impl Builder<'_> {
    fn count(&mut self, n: usize, line: usize) -> Result<(), ReadError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(ReadError::at(line, "document contains excessive aliasing"));
        }
        Ok(())
    }

    /// Builds the node starting with `ev`; returns it and its expanded size.
    fn node(
        &mut self,
        parser: &mut Parser<std::str::Chars<'_>>,
        ev: Event,
        mark: Marker,
        depth: usize,
    ) -> Result<(Rc<YNode>, usize), ReadError> {
        let line = mark.line();
        if depth > MAX_DEPTH {
            return Err(ReadError::at(line, "exceeded max depth of 10000"));
        }
        self.count(1, line)?;
        let mut size = 1;
        let (node, anchor) = match ev {
            Event::Scalar(value, style, anchor, tag) => (
                Rc::new(YNode::Scalar {
                    value,
                    style,
                    tag: tag_name(&tag),
                    line: line.max(1),
                }),
                anchor,
            ),
            Event::Alias(id) => {
                let (target, size) = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| ReadError::at(line, "unknown anchor referenced"))?;
                self.count(size, line)?;
                return Ok((target, size));
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e, self.text))?;
                    if ev == Event::SequenceEnd {
                        break;
                    }
                    let (item, n) = self.node(parser, ev, mark, depth + 1)?;
                    size += n;
                    items.push(item);
                }
                (Rc::new(YNode::Seq(items)), anchor)
            }
            Event::MappingStart(anchor, _) => {
                let mut pairs = Vec::new();
                loop {
                    let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e, self.text))?;
                    if ev == Event::MappingEnd {
                        break;
                    }
                    let (key, kn) = self.node(parser, ev, mark, depth + 1)?;
                    let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e, self.text))?;
                    let (value, vn) = self.node(parser, ev, mark, depth + 1)?;
                    size += kn + vn;
                    pairs.push((key, value));
                }
                (Rc::new(YNode::Map(pairs)), anchor)
            }
            other => return Err(ReadError::at(line, format!("unexpected event {other:?}"))),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        Ok((node, size))
    }
}

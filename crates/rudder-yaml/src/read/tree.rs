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

/// Maps the scanner's messages to go-yaml's (libyaml's) wording.
fn go_message(info: &str) -> String {
    match info {
        "mapping values are not allowed in this context" => info.to_string(),
        "simple key expect ':'" | "simple key expected" => {
            "could not find expected ':'".to_string()
        }
        "did not find expected key" => info.to_string(),
        other => other
            .trim_start_matches("while parsing a block mapping, ")
            .trim_start_matches("while parsing a block collection, ")
            .trim_start_matches("while parsing a flow mapping, ")
            .trim_start_matches("while parsing a flow sequence, ")
            .to_string(),
    }
}

fn scan_error(e: &yaml_rust2::ScanError) -> ReadError {
    ReadError::at(e.marker().line(), go_message(e.info()))
}

struct Builder {
    /// Anchored nodes with their expanded size.
    anchors: HashMap<usize, (Rc<YNode>, usize)>,
    nodes: usize,
}

/// Parses every document of `text` into node trees (an empty document is `None`).
pub fn parse_documents(text: &str) -> Result<Vec<Option<Rc<YNode>>>, ReadError> {
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut b = Builder {
        anchors: HashMap::new(),
        nodes: 0,
    };
    loop {
        let (ev, _) = parser.next_token().map_err(|e| scan_error(&e))?;
        match ev {
            Event::StreamEnd => return Ok(docs),
            Event::DocumentStart => {
                b.anchors.clear();
                let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e))?;
                if ev == Event::DocumentEnd {
                    docs.push(None);
                    continue;
                }
                let (node, _) = b.node(&mut parser, ev, mark, 0)?;
                let (end, _) = parser.next_token().map_err(|e| scan_error(&e))?;
                if end != Event::DocumentEnd {
                    return Err(ReadError::at(0, "did not find expected <document end>"));
                }
                docs.push(Some(node));
            }
            _ => {}
        }
    }
}

impl Builder {
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
                    let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e))?;
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
                    let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e))?;
                    if ev == Event::MappingEnd {
                        break;
                    }
                    let (key, kn) = self.node(parser, ev, mark, depth + 1)?;
                    let (ev, mark) = parser.next_token().map_err(|e| scan_error(&e))?;
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

//! Parsing a YAML stream into style-keeping nodes, one per non-empty document.

use std::ops::Range;

use crate::read::libyaml::{self, EventData, ScalarStyle};

/// A YAML node as yaml.v3 keeps it for re-encoding (without comments, anchors and tags).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar {
        value: String,
        style: ScalarStyle,
    },
    Sequence {
        flow: bool,
        items: Vec<Node>,
    },
    Mapping {
        flow: bool,
        entries: Vec<(Node, Node)>,
    },
}

impl Node {
    /// A plain scalar.
    pub fn plain(value: &str) -> Node {
        Node::Scalar {
            value: value.to_string(),
            style: ScalarStyle::Plain,
        }
    }

    /// A single-quoted string, as kyaml writes the annotations it sets.
    pub fn single_quoted(value: &str) -> Node {
        Node::Scalar {
            value: value.to_string(),
            style: ScalarStyle::SingleQuoted,
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry_index(key).and_then(|i| match self {
            Node::Mapping { entries, .. } => Some(&entries[i].1),
            _ => None,
        })
    }

    /// The position of `key`'s entry in a mapping.
    pub fn entry_index(&self, key: &str) -> Option<usize> {
        match self {
            Node::Mapping { entries, .. } => entries
                .iter()
                .position(|(k, _)| matches!(k, Node::Scalar { value, .. } if value == key)),
            _ => None,
        }
    }

    /// yaml.v3's name of the node's kind (`MappingNode`), for its messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Node::Scalar { .. } => "ScalarNode",
            Node::Sequence { .. } => "SequenceNode",
            Node::Mapping { .. } => "MappingNode",
        }
    }
}

/// Why a stream could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KyamlError {
    /// yaml.v3's syntax error text (`yaml: line 1: did not find expected ',' or ']'`).
    #[error("{0}")]
    Syntax(String),
    /// Something yaml.v3 would keep that this round trip cannot write back yet.
    #[error("{0} are not supported in manifests given to or read from a post-renderer")]
    Unsupported(&'static str),
}

/// A collection being read: a mapping holds its pending key until the value arrives.
enum Frame {
    Sequence {
        flow: bool,
        items: Vec<Node>,
    },
    Mapping {
        flow: bool,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

impl Frame {
    fn add(&mut self, child: Node) {
        match self {
            Frame::Sequence { items, .. } => items.push(child),
            Frame::Mapping { entries, key, .. } => match key.take() {
                Some(k) => entries.push((k, child)),
                None => *key = Some(child),
            },
        }
    }

    fn close(self) -> Node {
        match self {
            Frame::Sequence { flow, items } => Node::Sequence { flow, items },
            Frame::Mapping { flow, entries, .. } => Node::Mapping { flow, entries },
        }
    }
}

/// The documents of `text`, empty ones left out (as kyaml's reader does).
pub fn parse_documents(text: &str) -> Result<Vec<Node>, KyamlError> {
    let mut parser = libyaml::Parser::new(text.as_bytes());
    let mut scalars: Vec<Range<usize>> = Vec::new();
    let mut documents = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let event = parser.next().map_err(|e| syntax_error(&e))?;
        let finished = match event.data {
            EventData::StreamEnd => break,
            EventData::StreamStart | EventData::DocumentStart | EventData::DocumentEnd => None,
            EventData::Alias { .. } => return Err(KyamlError::Unsupported("aliases")),
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
            } => {
                refuse_anchor_or_tag(anchor.as_deref(), tag.as_deref())?;
                scalars.push(event.start_mark.index as usize..event.end_mark.index as usize);
                Some(Node::Scalar { value, style })
            }
            EventData::SequenceStart { anchor, flow } => {
                refuse_anchor_or_tag(anchor.as_deref(), None)?;
                stack.push(Frame::Sequence {
                    flow,
                    items: Vec::new(),
                });
                None
            }
            EventData::MappingStart { anchor, flow } => {
                refuse_anchor_or_tag(anchor.as_deref(), None)?;
                stack.push(Frame::Mapping {
                    flow,
                    entries: Vec::new(),
                    key: None,
                });
                None
            }
            EventData::SequenceEnd | EventData::MappingEnd => stack.pop().map(Frame::close),
        };
        if let Some(node) = finished {
            match stack.last_mut() {
                None if is_empty_document(&node) => {}
                None => documents.push(node),
                Some(parent) => parent.add(node),
            }
        }
    }
    if has_comment(text.as_bytes(), &scalars) {
        return Err(KyamlError::Unsupported("comments"));
    }
    Ok(documents)
}

fn refuse_anchor_or_tag(anchor: Option<&str>, tag: Option<&str>) -> Result<(), KyamlError> {
    if anchor.is_some() {
        return Err(KyamlError::Unsupported("anchors"));
    }
    if tag.is_some() {
        return Err(KyamlError::Unsupported("tags"));
    }
    Ok(())
}

/// A document holding nothing (`---` alone, or only a comment).
fn is_empty_document(node: &Node) -> bool {
    matches!(node, Node::Scalar { value, style: ScalarStyle::Plain } if value.is_empty())
}

/// Whether a `#` stands outside every scalar: outside scalars YAML has only indicators,
/// spaces and comments (anchors and tags are refused before this is asked).
fn has_comment(text: &[u8], scalars: &[Range<usize>]) -> bool {
    let mut scalars = scalars.iter().peekable();
    text.iter().enumerate().any(|(i, &b)| {
        while scalars.next_if(|r| r.end <= i).is_some() {}
        b == b'#' && !scalars.peek().is_some_and(|r| r.contains(&i))
    })
}

/// yaml.v3's text for a libyaml failure: the context's line, else the problem's, 1-based
/// for scanner errors; no line when both are 0.
fn syntax_error(e: &libyaml::Error) -> KyamlError {
    let scanner = u64::from(e.kind == libyaml::ErrorKind::Scanner);
    let line = if e.context_mark.line != 0 {
        e.context_mark.line + scanner
    } else if e.problem_mark.line != 0 {
        e.problem_mark.line + scanner
    } else {
        0
    };
    KyamlError::Syntax(if line == 0 {
        format!("yaml: {}", e.problem)
    } else {
        format!("yaml: line {line}: {}", e.problem)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: &str) -> Node {
        Node::Scalar {
            value: v.into(),
            style: ScalarStyle::Plain,
        }
    }

    #[test]
    fn keeps_styles_and_skips_empty_documents() {
        let docs = parse_documents("---\na: 'x'\nb: [1]\n---\n---\n- c\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].get("a"),
            Some(&Node::Scalar {
                value: "x".into(),
                style: ScalarStyle::SingleQuoted
            })
        );
        assert_eq!(
            docs[0].get("b"),
            Some(&Node::Sequence {
                flow: true,
                items: vec![plain("1")]
            })
        );
        assert_eq!(docs[1].kind_name(), "SequenceNode");
    }

    #[test]
    fn refuses_what_it_cannot_write_back() {
        let refused = |t: &str| parse_documents(t).unwrap_err().to_string();
        assert!(refused("# c\na: 1\n").starts_with("comments are not supported"));
        assert!(refused("a: 1 # c\n").starts_with("comments"));
        assert!(refused("a: &x 1\nb: *x\n").starts_with("anchors"));
        assert!(refused("a: !!str 1\n").starts_with("tags"));
    }

    #[test]
    fn a_hash_inside_a_scalar_is_no_comment() {
        let docs = parse_documents("a: b#c\nd: \"# e\"\nf: |\n  # g\n").unwrap();
        assert_eq!(docs[0].get("a"), Some(&plain("b#c")));
    }

    #[test]
    fn syntax_errors_read_as_yaml_v3_writes_them() {
        let e = parse_documents("not: [yaml\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "yaml: line 1: did not find expected ',' or ']'"
        );
    }
}

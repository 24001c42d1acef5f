//! yaml.v3's decoder into a `Node` (`decode.go`'s `parser`): events into a node tree, with
//! its moves of foot comments. Iterative: nesting is as deep as the scanner allows.

use std::collections::HashSet;
use std::mem::take;

use super::event::{Event, EventKind};
use super::node::{Kind, Node, Style};
use super::parser::Parser;
use super::reader::Mark;
use super::resolve::{resolve, short_tag, MAP, MERGE, SEQ, STR};
use super::token::ScalarStyle;

/// The first document of `text` (`yaml.NewDecoder(...).Decode(&node)`), `None` when the
/// stream has none; the error is yaml.v3's message.
pub fn decode_first(text: &str) -> Result<Option<Node>, String> {
    let mut composer = Composer {
        parser: Parser::new(text.as_bytes()),
        event: None,
        anchors: HashSet::new(),
    };
    composer.expect(EventKind::StreamStart)?;
    match composer.peek()? {
        EventKind::StreamEnd => Ok(None),
        EventKind::DocumentStart => composer.document().map(Some),
        other => Err(format!(
            "yaml: internal error: unexpected {} event",
            other.name()
        )),
    }
}

/// A collection being read.
struct Open {
    node: Node,
    end: EventKind,
}

struct Composer<'a> {
    parser: Parser<'a>,
    /// The event peeked and not consumed yet.
    event: Option<Event>,
    anchors: HashSet<String>,
}

impl Composer<'_> {
    fn fail(&self) -> String {
        self.parser.failure().map_or_else(
            || "yaml: unknown problem parsing YAML content".to_string(),
            |f| f.message(),
        )
    }

    fn peek(&mut self) -> Result<EventKind, String> {
        if self.event.is_none() {
            let event = self.parser.parse().map_err(|_| self.fail())?;
            self.event = Some(event);
        }
        Ok(self.current().kind)
    }

    fn current(&self) -> &Event {
        static NONE: Event = Event {
            kind: EventKind::None,
            anchor: Vec::new(),
            tag: Vec::new(),
            value: Vec::new(),
            implicit: false,
            quoted_implicit: false,
            style: ScalarStyle::Any,
            flow: false,
            head_comment: Vec::new(),
            line_comment: Vec::new(),
            foot_comment: Vec::new(),
            tail_comment: Vec::new(),
            start: Mark {
                index: 0,
                line: 0,
                column: 0,
            },
        };
        self.event.as_ref().unwrap_or(&NONE)
    }

    /// Consumes the next event, which must be of `kind`; returns it.
    fn expect(&mut self, kind: EventKind) -> Result<Event, String> {
        self.peek()?;
        let event = self.event.take().unwrap_or_default();
        if event.kind == EventKind::StreamEnd {
            return Err(
                "yaml: attempted to go past the end of stream; corrupted value?".to_string(),
            );
        }
        if event.kind != kind {
            return Err(format!(
                "yaml: expected {} event but got {}",
                kind.name(),
                event.kind.name()
            ));
        }
        Ok(event)
    }

    /// A node of the current event, its tag as yaml.v3 sets it.
    fn node(&self, kind: Kind, default_tag: &str, value: String) -> Node {
        let event = self.current();
        let tag = String::from_utf8_lossy(&event.tag);
        let mut node = Node::new(kind);
        if !tag.is_empty() && tag != "!" {
            node.tag = short_tag(&tag);
            node.style = Style::TAGGED;
        } else if !default_tag.is_empty() {
            node.tag = default_tag.to_string();
        } else if kind == Kind::Scalar {
            node.tag = resolve(&value).to_string();
        }
        node.value = value;
        node.head_comment = lossy(&event.head_comment);
        node.line_comment = lossy(&event.line_comment);
        node.foot_comment = lossy(&event.foot_comment);
        node.line = usize::try_from(event.start.line).map_or(0, |line| line + 1);
        node
    }

    fn anchor(&mut self, node: &mut Node) {
        let anchor = &self.current().anchor;
        if !anchor.is_empty() {
            node.anchor = lossy(anchor);
            self.anchors.insert(node.anchor.clone());
        }
    }

    fn document(&mut self) -> Result<Node, String> {
        let mut document = self.node(Kind::Document, "", String::new());
        self.expect(EventKind::DocumentStart)?;
        let content = self.content()?;
        document.content.push(content);
        if self.peek()? == EventKind::DocumentEnd {
            document.foot_comment = lossy(&self.current().foot_comment);
        }
        self.expect(EventKind::DocumentEnd)?;
        Ok(document)
    }

    fn scalar(&mut self) -> Result<Node, String> {
        let style = match self.current().style {
            ScalarStyle::DoubleQuoted => Style::DOUBLE_QUOTED,
            ScalarStyle::SingleQuoted => Style::SINGLE_QUOTED,
            ScalarStyle::Literal => Style::LITERAL,
            ScalarStyle::Folded => Style::FOLDED,
            ScalarStyle::Plain | ScalarStyle::Any => Style::default(),
        };
        let value = lossy(&self.current().value);
        let default_tag = match (style.is_empty(), value.as_str()) {
            (true, "<<") => MERGE,
            (true, _) => "",
            (false, _) => STR,
        };
        let mut node = self.node(Kind::Scalar, default_tag, value);
        node.style = node.style.with(style);
        self.anchor(&mut node);
        self.expect(EventKind::Scalar)?;
        Ok(node)
    }

    fn alias(&mut self) -> Result<Node, String> {
        let name = lossy(&self.current().anchor);
        let node = self.node(Kind::Alias, "", name);
        if !self.anchors.contains(&node.value) {
            return Err(format!("yaml: unknown anchor '{}' referenced", node.value));
        }
        self.expect(EventKind::Alias)?;
        Ok(node)
    }

    fn open(&mut self, kind: Kind) -> Result<Open, String> {
        let (default_tag, start, end) = match kind {
            Kind::Sequence => (SEQ, EventKind::SequenceStart, EventKind::SequenceEnd),
            _ => (MAP, EventKind::MappingStart, EventKind::MappingEnd),
        };
        let mut node = self.node(kind, default_tag, String::new());
        if self.current().flow {
            node.style = node.style.with(Style::FLOW);
        }
        self.anchor(&mut node);
        self.expect(start)?;
        Ok(Open { node, end })
    }

    /// Closes a collection at its end event.
    fn close(&mut self, mut open: Open) -> Result<Node, String> {
        let node = &mut open.node;
        node.line_comment = lossy(&self.current().line_comment);
        node.foot_comment = lossy(&self.current().foot_comment);
        let block_mapping = node.kind == Kind::Mapping && !node.style.has(Style::FLOW);
        if block_mapping && !node.foot_comment.is_empty() && node.content.len() > 1 {
            // A block mapping's foot is its last key's.
            let last_key = node.content.len() - 2;
            node.content[last_key].foot_comment = take(&mut node.foot_comment);
        }
        self.expect(open.end)?;
        Ok(open.node)
    }

    /// The node at the current event, with everything under it (`p.parse()`).
    fn content(&mut self) -> Result<Node, String> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            let mut done = match self.peek()? {
                EventKind::Scalar => Some(self.scalar()?),
                EventKind::Alias => Some(self.alias()?),
                EventKind::SequenceStart => {
                    stack.push(self.open(Kind::Sequence)?);
                    None
                }
                EventKind::MappingStart => {
                    stack.push(self.open(Kind::Mapping)?);
                    None
                }
                other => {
                    return Err(format!(
                        "yaml: internal error: unexpected {} event",
                        other.name()
                    ))
                }
            };
            // Hand finished nodes to their parents, closing the collections that end.
            loop {
                let Some(top) = stack.last_mut() else {
                    return done.ok_or_else(|| "yaml: internal error: no node".to_string());
                };
                if let Some(child) = done.take() {
                    self.add(top, child)?;
                }
                if self.peek()? != top.end {
                    break;
                }
                let Some(open) = stack.pop() else { break };
                done = Some(self.close(open)?);
            }
        }
    }

    /// Adds a child to a collection, moving foot comments as yaml.v3 does.
    fn add(&mut self, open: &mut Open, mut child: Node) -> Result<(), String> {
        let node = &mut open.node;
        if node.kind == Kind::Sequence {
            node.content.push(child);
            return Ok(());
        }
        let block = !node.style.has(Style::FLOW);
        if node.content.len().is_multiple_of(2) {
            // A key: in a block mapping its foot comment, found when dedenting, is the
            // prior value's.
            if block && !child.foot_comment.is_empty() && node.content.len() > 1 {
                let prior_key = node.content.len() - 2;
                node.content[prior_key].foot_comment = take(&mut child.foot_comment);
            }
            node.content.push(child);
            return Ok(());
        }
        let key = node.content.len() - 1;
        if node.content[key].foot_comment.is_empty() && !child.foot_comment.is_empty() {
            node.content[key].foot_comment = take(&mut child.foot_comment);
        }
        node.content.push(child);
        if self.peek()? == EventKind::TailComment {
            let key = &mut open.node.content[key];
            if key.foot_comment.is_empty() {
                key.foot_comment = lossy(&self.current().foot_comment);
            }
            self.expect(EventKind::TailComment)?;
        }
        Ok(())
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str) -> Node {
        let document = decode_first(text).unwrap().unwrap();
        document.content.into_iter().next().unwrap()
    }

    #[test]
    fn comments_land_on_the_nodes_yaml_v3_gives_them_to() {
        let m = content("# head\na: 1 # line\n# foot\n\nb:\n  c: 2\n  # foot of c\nd: 3\n");
        let (a, one) = (&m.content[0], &m.content[1]);
        assert_eq!(
            (a.head_comment.as_str(), one.line_comment.as_str()),
            ("# head", "# line")
        );
        assert_eq!(a.foot_comment, "# foot");
        // A foot found when dedenting is moved from the next key to the prior entry.
        let c = &m.content[3].content[0];
        assert_eq!(c.foot_comment, "# foot of c");
        assert_eq!(m.content[4].foot_comment, "");
    }

    #[test]
    fn tags_styles_and_anchors_are_kept() {
        let m = content("a: &x 'q'\nb: *x\nc: !!int 1\nd: [1]\n<<: {}\n");
        let q = &m.content[1];
        assert_eq!((q.tag.as_str(), q.anchor.as_str()), ("!!str", "x"));
        assert!(q.style.has(Style::SINGLE_QUOTED));
        assert_eq!(
            (m.content[3].kind, m.content[3].value.as_str()),
            (Kind::Alias, "x")
        );
        assert!(m.content[5].style.has(Style::TAGGED));
        assert!(m.content[7].style.has(Style::FLOW));
        assert_eq!(m.content[8].tag, MERGE);
    }
}

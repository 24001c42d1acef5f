//! yaml.v3's encoder of a `Node` (`encode.go`): nodes into emitter events, tags dropped
//! where they are implied, a key's foot comment carried to the next key as its tail.
//! Iterative: nesting is as deep as the parser allows.

use super::emitter::Emitter;
use super::event::{Event, EventKind};
use super::node::{Kind, Node, Style};
use super::resolve::{long_tag, resolve, short_tag, MAP, SEQ, STR};
use super::token::ScalarStyle;

/// An encoder writing documents into one stream (`yaml.NewEncoder` with kyaml's settings).
pub struct Encoder {
    emitter: Emitter,
    started: bool,
}

enum Task<'n> {
    Node {
        node: &'n Node,
        tail: &'n str,
        drop_foot: bool,
    },
    End {
        node: &'n Node,
        tail: &'n str,
        drop_foot: bool,
    },
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder {
            emitter: Emitter::new(2),
            started: false,
        }
    }
}

impl Encoder {
    /// Encodes one document (a `Document` node, or any node as a document's content);
    /// `compact` makes a sequence's `- ` part of the indentation in a mapping.
    pub fn encode(&mut self, node: &Node, compact: bool) -> Result<(), String> {
        self.emitter.compact_sequence_indent = compact;
        if !self.started {
            self.emit(Event::new(EventKind::StreamStart))?;
            self.started = true;
        }
        if node.kind == Kind::Document {
            return self.node(node);
        }
        let mut start = Event::new(EventKind::DocumentStart);
        start.implicit = true;
        self.emit(start)?;
        self.node(node)?;
        let mut end = Event::new(EventKind::DocumentEnd);
        end.implicit = true;
        self.emit(end)
    }

    /// Ends the stream (`Close`); the text written.
    pub fn finish(mut self) -> String {
        self.emitter.open_ended = false;
        // Without a document the stream never started: yaml.v3 fails, and kyaml ignores it.
        let _ = self.emit(Event::new(EventKind::StreamEnd));
        String::from_utf8_lossy(&self.emitter.out).into_owned()
    }

    fn emit(&mut self, event: Event) -> Result<(), String> {
        self.emitter
            .emit(event)
            .map_err(|problem| format!("yaml: {problem}"))
    }

    fn node(&mut self, root: &Node) -> Result<(), String> {
        let mut tasks = vec![Task::Node {
            node: root,
            tail: "",
            drop_foot: false,
        }];
        while let Some(task) = tasks.pop() {
            match task {
                Task::Node {
                    node,
                    tail,
                    drop_foot,
                } => {
                    let event = start_event(node, tail, drop_foot);
                    if matches!(node.kind, Kind::Document | Kind::Sequence | Kind::Mapping) {
                        let last_foot = match node.kind {
                            Kind::Mapping => last_key_foot(node),
                            _ => "",
                        };
                        tasks.push(Task::End {
                            node,
                            tail: last_foot,
                            drop_foot,
                        });
                        push_children(node, &mut tasks);
                    }
                    self.emit(event)?;
                }
                Task::End {
                    node,
                    tail,
                    drop_foot,
                } => self.emit(end_event(node, tail, drop_foot))?,
            }
        }
        Ok(())
    }
}

/// The children of a collection as tasks, the first on top. A key's foot comment is
/// written as the next key's tail (after the value's content), the last one at the end.
fn push_children<'n>(node: &'n Node, tasks: &mut Vec<Task<'n>>) {
    if node.kind != Kind::Mapping {
        for child in node.content.iter().rev() {
            tasks.push(Task::Node {
                node: child,
                tail: "",
                drop_foot: false,
            });
        }
        return;
    }
    let pairs: Vec<&[Node]> = node.content.chunks_exact(2).collect();
    for (i, pair) in pairs.iter().enumerate().rev() {
        tasks.push(Task::Node {
            node: &pair[1],
            tail: "",
            drop_foot: false,
        });
        let tail = match i {
            0 => "",
            _ => pairs[i - 1][0].foot_comment.as_str(),
        };
        tasks.push(Task::Node {
            node: &pair[0],
            tail,
            drop_foot: !pair[0].foot_comment.is_empty(),
        });
    }
}

fn last_key_foot(node: &Node) -> &str {
    node.content
        .chunks_exact(2)
        .last()
        .map_or("", |pair| pair[0].foot_comment.as_str())
}

fn bytes(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// The tag the encoder writes: none when the node's tag is what its content implies.
/// With it, whether a string that would read as something else must be quoted.
fn presented_tag(node: &Node) -> (String, bool) {
    let tag = &node.tag;
    let stag = short_tag(tag);
    if tag.is_empty() || node.style.has(Style::TAGGED) {
        return (tag.clone(), false);
    }
    match node.kind {
        Kind::Scalar => {
            if stag == STR && node.style.is_quoted() || resolve(&node.value) == stag {
                (String::new(), false)
            } else if stag == STR {
                (String::new(), true)
            } else {
                (tag.clone(), false)
            }
        }
        Kind::Mapping if stag == MAP => (String::new(), false),
        Kind::Sequence if stag == SEQ => (String::new(), false),
        _ => (tag.clone(), false),
    }
}

/// The event that starts `node` (all of it, for a scalar or alias).
fn start_event(node: &Node, tail: &str, drop_foot: bool) -> Event {
    let (tag, force_quoting) = presented_tag(node);
    let foot = if drop_foot { "" } else { &node.foot_comment };
    let mut event = Event::default();
    match node.kind {
        Kind::Document => {
            event.kind = EventKind::DocumentStart;
            event.implicit = true;
        }
        Kind::Sequence | Kind::Mapping => {
            event.kind = match node.kind {
                Kind::Sequence => EventKind::SequenceStart,
                _ => EventKind::MappingStart,
            };
            event.anchor = bytes(&node.anchor);
            event.tag = bytes(&long_tag(&tag));
            event.implicit = tag.is_empty();
            event.flow = node.style.has(Style::FLOW);
            if node.kind == Kind::Mapping {
                event.tail_comment = bytes(tail);
            }
        }
        Kind::Alias => {
            event.kind = EventKind::Alias;
            event.anchor = bytes(&node.value);
            event.line_comment = bytes(&node.line_comment);
            event.foot_comment = bytes(foot);
        }
        Kind::Scalar => {
            event.kind = EventKind::Scalar;
            event.style = match node.style {
                s if s.has(Style::DOUBLE_QUOTED) => ScalarStyle::DoubleQuoted,
                s if s.has(Style::SINGLE_QUOTED) => ScalarStyle::SingleQuoted,
                s if s.has(Style::LITERAL) => ScalarStyle::Literal,
                s if s.has(Style::FOLDED) => ScalarStyle::Folded,
                _ if node.value.contains('\n') => ScalarStyle::Literal,
                _ if force_quoting => ScalarStyle::DoubleQuoted,
                _ => ScalarStyle::Plain,
            };
            event.anchor = bytes(&node.anchor);
            event.tag = bytes(&long_tag(&tag));
            event.value = bytes(&node.value);
            event.implicit = tag.is_empty();
            event.quoted_implicit = tag.is_empty();
            event.line_comment = bytes(&node.line_comment);
            event.foot_comment = bytes(foot);
            event.tail_comment = bytes(tail);
        }
    }
    event.head_comment = bytes(&node.head_comment);
    event
}

/// The event that ends a collection or document.
fn end_event(node: &Node, tail: &str, drop_foot: bool) -> Event {
    let foot = if drop_foot { "" } else { &node.foot_comment };
    let mut event = Event::default();
    match node.kind {
        Kind::Document => {
            event.kind = EventKind::DocumentEnd;
            event.implicit = true;
        }
        Kind::Sequence => event.kind = EventKind::SequenceEnd,
        _ => {
            event.kind = EventKind::MappingEnd;
            event.tail_comment = bytes(tail);
        }
    }
    if node.kind != Kind::Document {
        event.line_comment = bytes(&node.line_comment);
    }
    event.foot_comment = bytes(foot);
    event
}

//! Writing comments into an emitted document: libyaml's emitter knows no comments, so the
//! text it wrote is read again to find where each node landed, and each head comment goes
//! on the lines above its node, at the node's column, each line comment after the node's
//! last line.

use super::node::{Node, Props};
use crate::read::libyaml::{self, EventData, Mark, ScalarStyle};

/// `text` (what the emitter wrote for `document`) with the document's comments put in.
pub fn place_comments(text: String, document: &Node) -> String {
    let mut wanted = Vec::new();
    collect(document, Place::Root, &mut wanted);
    if wanted.iter().all(|w| w.props.is_none()) {
        return text;
    }
    let Some(spans) = node_spans(&text) else {
        return text;
    };
    // Per line of `text`: the lines to write above it, and after it.
    let mut above: Vec<Vec<String>> = Vec::new();
    let mut below: Vec<Vec<String>> = Vec::new();
    let mut after: Vec<Option<&str>> = Vec::new();
    for (i, (want, span)) in wanted.iter().zip(&spans).enumerate() {
        let Some(props) = want.props else {
            continue;
        };
        let start = span.start.line as usize;
        let column = span.start.column as usize - want.shift;
        if !props.head_comment.is_empty() {
            grow(&mut above, start);
            above[start].extend(indented(&props.head_comment, column));
            if want.place == Place::Root {
                above[start].push(String::new());
            }
        }
        if !props.line_comment.is_empty() {
            let line = span.comment_line as usize;
            grow(&mut after, line);
            after[line] = Some(&props.line_comment);
        }
        if !props.foot_comment.is_empty() {
            // A key's foot follows its value.
            let end = match want.place {
                Place::Key { .. } => spans.get(i + 1).map_or(span.last_line, |v| v.last_line),
                _ => span.last_line,
            } as usize;
            let mut lines: Vec<String> = indented(&props.foot_comment, column).collect();
            if want.has_next() {
                lines.push(String::new());
            }
            grow(&mut below, end);
            // An inner entry's foot comes before the feet of the entries around it.
            below[end].splice(0..0, lines);
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let push_all = |out: &mut String, lines: Option<&Vec<String>>| {
        for line in lines.into_iter().flatten() {
            out.push_str(line);
            out.push('\n');
        }
    };
    for (n, line) in text.split_inclusive('\n').enumerate() {
        push_all(&mut out, above.get(n));
        match after.get(n).copied().flatten() {
            Some(comment) => {
                out.push_str(line.trim_end_matches('\n'));
                out.push(' ');
                out.push_str(comment);
                out.push('\n');
            }
            None => out.push_str(line),
        }
        push_all(&mut out, below.get(n));
    }
    out
}

/// Comment lines at `column`; blank lines inside stay empty.
fn indented(comment: &str, column: usize) -> impl Iterator<Item = String> + '_ {
    comment.split('\n').map(move |line| {
        if line.is_empty() {
            String::new()
        } else {
            format!("{}{line}", " ".repeat(column))
        }
    })
}

fn grow<T: Default>(v: &mut Vec<T>, index: usize) {
    if v.len() <= index {
        v.resize_with(index + 1, T::default);
    }
}

/// Where a node stands in its parent.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Root,
    Key { has_next: bool },
    Value,
    Item { has_next: bool },
    Flow,
}

/// A node's comments and how its entry is laid out, in the order the emitter writes nodes.
struct Want<'n> {
    props: Option<&'n Props>,
    place: Place,
    /// Columns from the node to its entry's start: a block sequence item's `- `.
    shift: usize,
}

impl Want<'_> {
    fn has_next(&self) -> bool {
        matches!(
            self.place,
            Place::Key { has_next: true } | Place::Item { has_next: true }
        )
    }
}

fn collect<'n>(node: &'n Node, place: Place, out: &mut Vec<Want<'n>>) {
    out.push(Want {
        props: node.props().filter(|p| {
            !(p.head_comment.is_empty() && p.line_comment.is_empty() && p.foot_comment.is_empty())
        }),
        place,
        shift: if matches!(place, Place::Item { .. }) {
            2
        } else {
            0
        },
    });
    match node {
        Node::Sequence { flow, items, .. } => {
            for (i, item) in items.iter().enumerate() {
                let place = match flow {
                    true => Place::Flow,
                    false => Place::Item {
                        has_next: i + 1 < items.len(),
                    },
                };
                collect(item, place, out);
            }
        }
        Node::Mapping { flow, entries, .. } => {
            for (i, (k, v)) in entries.iter().enumerate() {
                let (key, value) = match flow {
                    true => (Place::Flow, Place::Flow),
                    false => (
                        Place::Key {
                            has_next: i + 1 < entries.len(),
                        },
                        Place::Value,
                    ),
                };
                collect(k, key, out);
                collect(v, value, out);
            }
        }
        Node::Scalar { .. } | Node::Alias { .. } => {}
    }
}

/// Where a node was written: its first position, the line its line comment goes on and
/// the last line of its content.
struct Span {
    start: Mark,
    comment_line: u64,
    last_line: u64,
}

/// The spans of the nodes of `text` in the order they were written; `None` if it does not
/// read back (it always does: the emitter wrote it).
fn node_spans(text: &str) -> Option<Vec<Span>> {
    let mut parser = libyaml::Parser::new(text.as_bytes());
    let mut spans = Vec::new();
    let mut open = Vec::new();
    let mut last_line = 0;
    loop {
        let event = parser.next().ok()?;
        let (start, end) = (event.start_mark, event.end_mark);
        // A block scalar ends at the start of the line after it.
        let end_line = end.line - u64::from(end.column == 0 && end.line > 0);
        match event.data {
            EventData::StreamEnd => return Some(spans),
            EventData::Scalar { style, .. } => {
                last_line = end_line;
                spans.push(Span {
                    start,
                    // A block scalar's comment goes after its `|` or `>` header.
                    comment_line: match style {
                        ScalarStyle::Literal | ScalarStyle::Folded => start.line,
                        _ => end.line,
                    },
                    last_line,
                });
            }
            EventData::Alias { .. } => {
                last_line = end_line;
                spans.push(Span {
                    start,
                    comment_line: end.line,
                    last_line,
                });
            }
            EventData::SequenceStart { flow, .. } | EventData::MappingStart { flow, .. } => {
                open.push((spans.len(), flow));
                spans.push(Span {
                    start,
                    comment_line: start.line,
                    last_line: start.line,
                });
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                if let Some((i, flow)) = open.pop() {
                    if flow {
                        last_line = end.line;
                        spans[i].comment_line = end.line;
                    }
                    spans[i].last_line = last_line;
                }
            }
            _ => {}
        }
    }
}

//! Parsing a YAML stream into style-keeping nodes, one per non-empty document.

use std::ops::Range;

use super::comments::{find_comments, Comment};
use crate::read::libyaml::{self, EventData, ScalarStyle};

/// A YAML node as yaml.v3 keeps it for re-encoding.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar {
        value: String,
        style: ScalarStyle,
        meta: Meta,
    },
    Sequence {
        flow: bool,
        items: Vec<Node>,
        meta: Meta,
    },
    Mapping {
        flow: bool,
        entries: Vec<(Node, Node)>,
        meta: Meta,
    },
    /// `*name`, kept as written (kyaml's `ParseAll` does not expand aliases).
    Alias { name: String, meta: Meta },
}

/// What yaml.v3 keeps beside a node's content; boxed and absent for most nodes.
pub type Meta = Option<Box<Props>>;

/// A node's anchor, explicit tag and comments (the comment texts keep their `#`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Props {
    pub anchor: Option<String>,
    pub tag: Option<String>,
    /// Comment lines written above the node, one `#...` a line.
    pub head_comment: String,
    /// The comment written after the node on its last line.
    pub line_comment: String,
    /// Comment lines written after the node's entry (a mapping key's or a sequence item's),
    /// at its indentation; a blank line follows them when another entry does.
    pub foot_comment: String,
}

impl Node {
    /// A plain scalar.
    pub fn plain(value: &str) -> Node {
        Node::Scalar {
            value: value.to_string(),
            style: ScalarStyle::Plain,
            meta: None,
        }
    }

    /// A single-quoted string, as kyaml writes the annotations it sets.
    pub fn single_quoted(value: &str) -> Node {
        Node::Scalar {
            value: value.to_string(),
            style: ScalarStyle::SingleQuoted,
            meta: None,
        }
    }

    /// An empty block mapping.
    pub fn empty_mapping() -> Node {
        Node::Mapping {
            flow: false,
            entries: Vec::new(),
            meta: None,
        }
    }

    /// The anchor, tag and comments, if any.
    pub fn props(&self) -> Option<&Props> {
        match self {
            Node::Scalar { meta, .. }
            | Node::Sequence { meta, .. }
            | Node::Mapping { meta, .. }
            | Node::Alias { meta, .. } => meta.as_deref(),
        }
    }

    fn meta_mut(&mut self) -> &mut Meta {
        match self {
            Node::Scalar { meta, .. }
            | Node::Sequence { meta, .. }
            | Node::Mapping { meta, .. }
            | Node::Alias { meta, .. } => meta,
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
            Node::Alias { .. } => "AliasNode",
        }
    }
}

/// Why a stream could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KyamlError {
    /// yaml.v3's syntax error text (`yaml: line 1: did not find expected ',' or ']'`).
    #[error("{0}")]
    Syntax(String),
    /// A comment where yaml.v3 keeps it in a way this round trip cannot write back yet.
    #[error(
        "line {line}: {what} are not supported in manifests given to or read from a post-renderer"
    )]
    Unsupported { line: usize, what: &'static str },
}

/// A collection being read: a mapping holds its pending key until the value arrives.
enum Frame {
    Sequence {
        flow: bool,
        items: Vec<Node>,
        meta: Meta,
    },
    Mapping {
        flow: bool,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        meta: Meta,
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
            Frame::Sequence { flow, items, meta } => Node::Sequence { flow, items, meta },
            Frame::Mapping {
                flow,
                entries,
                meta,
                ..
            } => Node::Mapping {
                flow,
                entries,
                meta,
            },
        }
    }

    fn meta_mut(&mut self) -> &mut Meta {
        match self {
            Frame::Sequence { meta, .. } | Frame::Mapping { meta, .. } => meta,
        }
    }

    /// Where the next node goes: a key of a block mapping, a value or item in block style.
    fn slot(&self) -> Slot {
        match self {
            Frame::Mapping {
                flow: false,
                key: None,
                ..
            } => Slot::BlockKey,
            Frame::Mapping { flow: false, .. } => Slot::BlockValue,
            Frame::Sequence { flow: false, .. } => Slot::BlockItem,
            _ => Slot::Flow,
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Root,
    BlockKey,
    BlockValue,
    BlockItem,
    Flow,
}

/// The documents of `text`, empty ones left out (as kyaml's reader does).
pub fn parse_documents(text: &str) -> Result<Vec<Node>, KyamlError> {
    let events = read_events(text)?;
    let mut comments = Comments::new(find_comments(text, &covered_ranges(text, &events)));
    let mut documents = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut empty_document = false;
    for event in events {
        let slot = stack.last().map_or(Slot::Root, Frame::slot);
        let (start, end) = (&event.start_mark, &event.end_mark);
        let finished = match event.data {
            EventData::StreamStart | EventData::StreamEnd => None,
            EventData::DocumentStart => {
                comments.last_line = None;
                if text.as_bytes()[start.index as usize..].starts_with(b"---") {
                    comments.at_separator(start);
                }
                None
            }
            EventData::DocumentEnd if empty_document => {
                // A document of comments only: kyaml drops it whole.
                comments.take_before(start.index);
                empty_document = false;
                None
            }
            EventData::DocumentEnd => {
                comments.before_end(start.index, &mut documents)?;
                None
            }
            EventData::Scalar {
                ref value, style, ..
            } if slot == Slot::Root && value.is_empty() && style == ScalarStyle::Plain => {
                empty_document = true;
                None
            }
            EventData::Alias { anchor } => {
                let head = comments.before_node(start, slot, &mut stack, &mut documents)?;
                let mut node = Node::Alias {
                    name: anchor,
                    meta: None,
                };
                set_head(node.meta_mut(), head);
                comments.line(&mut node, end, slot);
                comments.seen(end);
                Some(node)
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
            } => {
                let head = comments.before_node(start, slot, &mut stack, &mut documents)?;
                let mut node = Node::Scalar {
                    value,
                    style,
                    meta: props(anchor, tag),
                };
                set_head(node.meta_mut(), head);
                let last_line = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => start,
                    _ => end,
                };
                comments.line(&mut node, last_line, slot);
                comments.seen(end);
                Some(node)
            }
            EventData::SequenceStart { anchor, tag, flow } => {
                let mut meta = props(anchor, tag);
                if flow || meta.is_some() {
                    set_head(
                        &mut meta,
                        comments.before_node(start, slot, &mut stack, &mut documents)?,
                    );
                }
                stack.push(Frame::Sequence {
                    flow,
                    items: Vec::new(),
                    meta,
                });
                None
            }
            EventData::MappingStart { anchor, tag, flow } => {
                // A block mapping starts at its first key, which takes the comments above.
                let mut meta = props(anchor, tag);
                if flow || meta.is_some() {
                    set_head(
                        &mut meta,
                        comments.before_node(start, slot, &mut stack, &mut documents)?,
                    );
                }
                stack.push(Frame::Mapping {
                    flow,
                    entries: Vec::new(),
                    key: None,
                    meta,
                });
                None
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                let closed = stack.pop().map(Frame::close);
                let slot = stack.last().map_or(Slot::Root, Frame::slot);
                closed.map(|mut node| {
                    if matches!(
                        node,
                        Node::Sequence { flow: true, .. } | Node::Mapping { flow: true, .. }
                    ) {
                        comments.line(&mut node, end, slot);
                        comments.seen(end);
                    }
                    node
                })
            }
        };
        if let Some(node) = finished {
            match stack.last_mut() {
                None => documents.push(node),
                Some(parent) => parent.add(node),
            }
        }
    }
    Ok(documents)
}

fn set_head(meta: &mut Meta, head: Option<String>) {
    if let Some(head) = head {
        meta.get_or_insert_with(Box::default).head_comment = head;
    }
}

/// All of libyaml's events for `text`, or yaml.v3's syntax error.
fn read_events(text: &str) -> Result<Vec<libyaml::Event>, KyamlError> {
    let mut parser = libyaml::Parser::new(text.as_bytes());
    let mut events = Vec::new();
    loop {
        let event = parser.next().map_err(|e| syntax_error(&e))?;
        let end = event.data == EventData::StreamEnd;
        events.push(event);
        if end {
            return Ok(events);
        }
    }
}

/// The text the node events cover, where a `#` is no comment. A block scalar's header line
/// is left out: the comment after `|` is one.
fn covered_ranges(text: &str, events: &[libyaml::Event]) -> Vec<Range<usize>> {
    events
        .iter()
        .filter_map(|e| {
            let (start, end) = (e.start_mark.index as usize, e.end_mark.index as usize);
            match &e.data {
                EventData::Scalar {
                    style: ScalarStyle::Literal | ScalarStyle::Folded,
                    ..
                } => {
                    let header_end = text[start..end].find('\n').map_or(end, |n| start + n);
                    Some(header_end..end)
                }
                EventData::Scalar { .. }
                | EventData::Alias { .. }
                | EventData::SequenceStart { .. }
                | EventData::MappingStart { .. } => Some(start..end),
                _ => None,
            }
        })
        .filter(|r| !r.is_empty())
        .collect()
}

fn props(anchor: Option<String>, tag: Option<String>) -> Meta {
    (anchor.is_some() || tag.is_some()).then(|| {
        Box::new(Props {
            anchor,
            tag,
            ..Props::default()
        })
    })
}

/// The comments of a stream, handed to the nodes they belong to in text order, as yaml.v3
/// places them: a block of comment lines right after an entry and followed by a blank
/// line, or by a dedented entry, is the entry's foot; comment lines above an entry are its
/// head; those at the top of a document and followed by a blank line are the document's.
struct Comments<'t> {
    list: Vec<Comment<'t>>,
    next: usize,
    /// The last line holding content in the current document.
    last_line: Option<usize>,
    /// The column of the entry (mapping key or sequence dash) read last.
    entry_column: usize,
    /// The columns of the entries read last at each depth.
    columns: Vec<usize>,
}

type Stack = Vec<Frame>;

impl<'t> Comments<'t> {
    fn new(list: Vec<Comment<'t>>) -> Self {
        Comments {
            list,
            next: 0,
            last_line: None,
            entry_column: 0,
            columns: Vec::new(),
        }
    }

    /// The comments not yet placed that stand before `index`, taken.
    fn take_before(&mut self, index: u64) -> Vec<Comment<'t>> {
        let from = self.next;
        while self
            .list
            .get(self.next)
            .is_some_and(|c| (c.index as u64) < index)
        {
            self.next += 1;
        }
        self.list[from..self.next].to_vec()
    }

    /// kyaml cuts the stream at each `---` line (dropping the rest of that line) before
    /// reading the pieces one by one: comments above a separator with no content before them
    /// are a piece of their own, dropped, and so is a comment after a separator that does not
    /// start the text.
    fn at_separator(&mut self, start: &libyaml::Mark) {
        self.take_before(start.index);
        if start.index > 0 {
            let next = self.list.get(self.next);
            if next.is_some_and(|c| c.line == start.line as usize) {
                self.next += 1;
            }
        }
    }

    /// Content ends at `end`.
    fn seen(&mut self, end: &libyaml::Mark) {
        // A block scalar ends at the start of the line after it.
        let line = end.line as usize - usize::from(end.column == 0 && end.line > 0);
        self.last_line = Some(self.last_line.map_or(line, |l| l.max(line)));
    }

    /// Places the comments before the node starting at `start`; returns its head comment.
    fn before_node(
        &mut self,
        start: &libyaml::Mark,
        slot: Slot,
        stack: &mut Stack,
        documents: &mut [Node],
    ) -> Result<Option<String>, KyamlError> {
        let head = self.place_before(start, slot, stack, documents)?;
        let depth = match slot {
            Slot::BlockKey | Slot::BlockItem => stack.len(),
            _ => return Ok(head),
        };
        let item_mapping = slot == Slot::BlockKey && self.entry_column + 2 == start.column as usize;
        let depth = depth - usize::from(item_mapping && depth > 1);
        self.columns.truncate(depth - 1);
        self.columns.resize(depth - 1, 0);
        self.columns.push(self.entry_column);
        Ok(head)
    }

    fn place_before(
        &mut self,
        start: &libyaml::Mark,
        slot: Slot,
        stack: &mut Stack,
        documents: &mut [Node],
    ) -> Result<Option<String>, KyamlError> {
        // The first key of a mapping that is a sequence item: comments above are the item's.
        let item_mapping = slot == Slot::BlockKey
            && matches!(stack.last(), Some(Frame::Mapping { entries, .. }) if entries.is_empty())
            && matches!(
                stack.len().checked_sub(2).and_then(|i| stack.get(i)),
                Some(Frame::Sequence { flow: false, .. })
            );
        let entry_column = match slot {
            Slot::BlockKey if item_mapping => Some((start.column as usize).saturating_sub(2)),
            Slot::BlockKey => Some(start.column as usize),
            Slot::BlockItem => Some((start.column as usize).saturating_sub(2)),
            _ => None,
        };
        let previous_column = self.entry_column;
        self.entry_column = entry_column.unwrap_or(previous_column);
        let pending = self.take_before(start.index);
        let (inline, own): (Vec<_>, Vec<_>) = pending.into_iter().partition(|c| !c.own_line);
        if let Some(c) = inline.first() {
            // `key: # comment` with the value on the lines below: the key is pending in the
            // top frame, or under the collection the value opened.
            let alone = inline.len() == 1 && own.first().is_none_or(|o| o.index > c.index);
            let opened_empty = matches!(
                stack.last(),
                Some(Frame::Mapping { entries, key: None, .. }) if entries.is_empty()
            ) || matches!(stack.last(), Some(Frame::Sequence { items, .. }) if items.is_empty());
            let depth = stack.len().saturating_sub(if opened_empty { 2 } else { 1 });
            let key = match stack.get_mut(depth) {
                Some(Frame::Mapping {
                    key: Some(key),
                    flow: false,
                    ..
                }) if alone => key,
                _ => return Err(unsupported(
                    c,
                    "comments inside flow collections, after a sequence dash or on a `---` line",
                )),
            };
            key.meta_mut().get_or_insert_with(Box::default).line_comment = c.text.to_string();
        }
        let Some(first) = own.first() else {
            return Ok(None);
        };
        let Some(column) = entry_column else {
            return Err(unsupported(
                first,
                "comments before a value or inside a flow collection",
            ));
        };
        let mut groups = blocks(&own);
        if let Some(g) = groups
            .iter()
            .find(|g| g.iter().any(|c| c.column != g[0].column))
        {
            return Err(unsupported(
                &g[0],
                "blocks of comment lines at several indentations",
            ));
        }
        let head = match self.last_line {
            None => {
                // The top of the document: the block right above the entry is its head, the
                // rest is the document's.
                let adjacent = groups
                    .last()
                    .is_some_and(|g| g[g.len() - 1].line + 1 == start.line as usize);
                let head = if adjacent { groups.pop() } else { None };
                if !groups.is_empty() {
                    let Some(root) = stack.first_mut() else {
                        return Err(unsupported(first, "comments above this document"));
                    };
                    let text = groups
                        .iter()
                        .map(|g| join(g))
                        .collect::<Vec<_>>()
                        .join("\n\n");
                    root.meta_mut()
                        .get_or_insert_with(Box::default)
                        .head_comment = text;
                }
                head
            }
            Some(last_line) => {
                let own_groups = groups.len();
                let g = groups[0];
                let blank_after = groups.len() > 1 || start.line as usize > g[g.len() - 1].line + 1;
                let dedented = column < previous_column && g[0].column > column;
                if g[0].line == last_line + 1 && (blank_after || dedented) {
                    // Followed by a blank line it is the foot of the entry at its column; followed by a
                    // dedented entry, of the deepest.
                    let levels = match blank_after {
                        true => self.levels(stack, g[0].column),
                        false => Some(None),
                    };
                    let Some(entry) = levels.and_then(|l| entry_in_stack(stack, documents, l))
                    else {
                        return Err(unsupported(first, "comments between a key and its value"));
                    };
                    entry
                        .meta_mut()
                        .get_or_insert_with(Box::default)
                        .foot_comment = join(g);
                    groups.remove(0);
                }
                let head_apart = groups
                    .last()
                    .is_some_and(|g| start.line as usize > g[g.len() - 1].line + 1);
                if groups.len() > 1 || (head_apart && groups.len() < own_groups) {
                    return Err(unsupported(
                        &groups[groups.len() - 1][0],
                        "blocks of comments separated by blank lines",
                    ));
                }
                groups.pop()
            }
        };
        match (head, stack.last_mut()) {
            (Some(head), Some(frame)) if item_mapping => {
                frame
                    .meta_mut()
                    .get_or_insert_with(Box::default)
                    .head_comment = join(head);
                Ok(None)
            }
            (head, _) => Ok(head.map(join)),
        }
    }

    /// Places the comments after a document's last node: the foot of its last entry.
    fn before_end(&mut self, index: u64, documents: &mut [Node]) -> Result<(), KyamlError> {
        let pending = self.take_before(index);
        let Some(first) = pending.first() else {
            return Ok(());
        };
        let groups = blocks(&pending);
        let mixed = groups[0].iter().any(|c| c.column != first.column);
        let directly_after = self.last_line.is_some_and(|l| first.line == l + 1);
        if !first.own_line || groups.len() > 1 || mixed || !directly_after {
            return Err(unsupported(
                first,
                "comments at this place at the end of a document",
            ));
        }
        let levels = self.levels(&[], first.column);
        let Some(entry) = levels.and_then(|l| last_entry(documents.last_mut()?, true, l)) else {
            return Err(unsupported(first, "comments at the end of a document"));
        };
        entry
            .meta_mut()
            .get_or_insert_with(Box::default)
            .foot_comment = join(groups[0]);
        Ok(())
    }

    /// Which of the entries read last a foot comment at `column` belongs to: the one at its
    /// column, else the deepest if the comment is deeper.
    fn levels(&self, stack: &[Frame], column: usize) -> Option<Option<usize>> {
        let base = stack
            .iter()
            .rposition(|f| match f {
                Frame::Mapping { entries, key, .. } => !entries.is_empty() && key.is_none(),
                Frame::Sequence { items, .. } => !items.is_empty(),
            })
            .unwrap_or(0);
        let chain = self.columns.get(base..)?;
        match chain.iter().position(|&c| c == column) {
            Some(level) => Some(Some(level)),
            None if chain.last().is_some_and(|&c| column > c) => Some(None),
            None => None,
        }
    }

    /// The comment after a scalar or flow collection on its last line, for a block value.
    fn line(&mut self, node: &mut Node, last: &libyaml::Mark, slot: Slot) {
        if slot != Slot::BlockValue && slot != Slot::BlockItem {
            return;
        }
        if let Some(c) = self
            .list
            .get(self.next)
            .filter(|c| !c.own_line && c.line == last.line as usize)
        {
            node.meta_mut()
                .get_or_insert_with(Box::default)
                .line_comment = c.text.to_string();
            self.next += 1;
        }
    }
}

fn unsupported(c: &Comment, what: &'static str) -> KyamlError {
    KyamlError::Unsupported {
        line: c.line + 1,
        what,
    }
}

/// Comment lines split where a blank line parts them.
fn blocks<'c, 't>(comments: &'c [Comment<'t>]) -> Vec<&'c [Comment<'t>]> {
    comments.chunk_by(|a, b| b.line == a.line + 1).collect()
}

fn join(block: &[Comment]) -> String {
    block.iter().map(|c| c.text).collect::<Vec<_>>().join("\n")
}

/// The entry read last under the open collections, `levels` below the last entry of the
/// innermost collection that has one (the deepest when `None`); with it, that collection's
/// depth.
fn entry_in_stack<'n>(
    stack: &'n mut Stack,
    documents: &'n mut [Node],
    levels: Option<usize>,
) -> Option<&'n mut Node> {
    // A collection just opened has no entry yet: the one before it is its parent's.
    let open = stack.iter().rposition(|f| match f {
        Frame::Mapping { entries, key, .. } => !entries.is_empty() && key.is_none(),
        Frame::Sequence { items, .. } => !items.is_empty(),
    });
    let frame = match open {
        None if stack.is_empty() => return last_entry(documents.last_mut()?, true, levels),
        None => return None,
        Some(i) if i + 1 < stack.len() && !frames_empty(&stack[i + 1..]) => return None,
        Some(i) => &mut stack[i],
    };
    match frame {
        Frame::Mapping { entries, .. } => {
            let (k, v) = entries.last_mut()?;
            descend(k, v, levels)
        }
        Frame::Sequence { items, .. } => last_entry(items.last_mut()?, false, levels),
    }
}

fn frames_empty(frames: &[Frame]) -> bool {
    frames.iter().all(|f| match f {
        Frame::Mapping { entries, key, .. } => entries.is_empty() && key.is_none(),
        Frame::Sequence { items, .. } => items.is_empty(),
    })
}

/// A mapping entry, or an entry below its value.
fn descend<'n>(
    key: &'n mut Node,
    value: &'n mut Node,
    levels: Option<usize>,
) -> Option<&'n mut Node> {
    if levels != Some(0) && has_entries(value) {
        last_entry(value, true, levels.map(|l| l - 1))
    } else {
        Some(key)
    }
}

/// The last entry of the collection `node`, or `node` itself as a sequence item (not a
/// `collection`), followed `levels` deeper.
fn last_entry(node: &mut Node, collection: bool, levels: Option<usize>) -> Option<&mut Node> {
    if !collection {
        if levels == Some(0) || !has_entries(node) {
            return Some(node);
        }
        return last_entry(node, true, levels.map(|l| l - 1));
    }
    match node {
        Node::Mapping {
            flow: false,
            entries,
            ..
        } => {
            let (k, v) = entries.last_mut()?;
            descend(k, v, levels)
        }
        Node::Sequence {
            flow: false, items, ..
        } => last_entry(items.last_mut()?, false, levels),
        _ => None,
    }
}

fn has_entries(node: &Node) -> bool {
    match node {
        Node::Mapping {
            flow: false,
            entries,
            ..
        } => !entries.is_empty(),
        Node::Sequence {
            flow: false, items, ..
        } => !items.is_empty(),
        _ => false,
    }
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
        Node::plain(v)
    }

    #[test]
    fn keeps_styles_and_skips_empty_documents() {
        let docs = parse_documents("---\na: 'x'\nb: [1]\n---\n---\n- c\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].get("a"), Some(&Node::single_quoted("x")));
        assert_eq!(
            docs[0].get("b"),
            Some(&Node::Sequence {
                flow: true,
                items: vec![plain("1")],
                meta: None,
            })
        );
        assert_eq!(docs[1].kind_name(), "SequenceNode");
    }

    #[test]
    fn keeps_anchors_tags_and_comments() {
        let docs = parse_documents("# head\nk: &x 1 # line\nl: *x\nm: !!str 2\n").unwrap();
        let props = |key: &str| docs[0].get(key).and_then(Node::props).cloned();
        let k = props("k").unwrap();
        assert_eq!(
            (k.anchor.as_deref(), k.line_comment.as_str()),
            (Some("x"), "# line")
        );
        assert_eq!(
            docs[0].get("l"),
            Some(&Node::Alias {
                name: "x".into(),
                meta: None
            })
        );
        assert_eq!(
            props("m").unwrap().tag.as_deref(),
            Some("tag:yaml.org,2002:str")
        );
        let Node::Mapping { entries, .. } = &docs[0] else {
            panic!()
        };
        assert_eq!(entries[0].0.props().unwrap().head_comment, "# head");
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

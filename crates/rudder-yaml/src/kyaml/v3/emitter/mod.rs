//! yaml.v3's emitter (`emitterc.go`) with the settings kyaml's encoder uses: indent 2,
//! unlimited width, unicode text, LF breaks, `- ` as part of the indentation when asked
//! (`CompactSeqIndent`). It writes the comments events carry where yaml.v3 writes them.

mod analyze;
mod write;

use std::collections::VecDeque;

use super::event::{Event, EventKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    FirstDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    FlowSequenceFirstItem,
    FlowSequenceTrailItem,
    FlowSequenceItem,
    FlowMappingFirstKey,
    FlowMappingTrailKey,
    FlowMappingKey,
    FlowMappingSimpleValue,
    FlowMappingValue,
    BlockSequenceFirstItem,
    BlockSequenceItem,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingSimpleValue,
    BlockMappingValue,
    End,
}

/// What the emitter found about the scalar it writes next.
#[derive(Default)]
struct ScalarData {
    value: Vec<u8>,
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
    style: super::token::ScalarStyle,
}

/// A failure, with yaml.v3's problem text.
pub type Emitted<T = ()> = Result<T, String>;

pub struct Emitter {
    pub out: Vec<u8>,
    best_indent: isize,
    best_width: isize,
    pub compact_sequence_indent: bool,
    state: State,
    states: Vec<State>,
    events: VecDeque<Event>,
    indents: Vec<isize>,
    tag_directives: Vec<(Vec<u8>, Vec<u8>)>,
    indent: isize,
    flow_level: isize,
    root_context: bool,
    sequence_context: bool,
    mapping_context: bool,
    simple_key_context: bool,
    line: isize,
    column: isize,
    whitespace: bool,
    indention: bool,
    pub open_ended: bool,
    space_above: bool,
    foot_indent: isize,
    anchor: Option<Vec<u8>>,
    alias: bool,
    tag_handle: Vec<u8>,
    tag_suffix: Vec<u8>,
    scalar: ScalarData,
    head_comment: Vec<u8>,
    line_comment: Vec<u8>,
    foot_comment: Vec<u8>,
    tail_comment: Vec<u8>,
    key_line_comment: Vec<u8>,
}

const DEFAULT_TAG_DIRECTIVES: [(&str, &str); 2] = [("!", "!"), ("!!", "tag:yaml.org,2002:")];

impl Emitter {
    pub fn new(best_indent: isize) -> Self {
        Emitter {
            out: Vec::new(),
            best_indent,
            best_width: -1,
            compact_sequence_indent: false,
            state: State::StreamStart,
            states: Vec::new(),
            events: VecDeque::new(),
            indents: Vec::new(),
            tag_directives: Vec::new(),
            indent: 0,
            flow_level: 0,
            root_context: false,
            sequence_context: false,
            mapping_context: false,
            simple_key_context: false,
            line: 0,
            column: 0,
            whitespace: false,
            indention: false,
            open_ended: false,
            space_above: false,
            foot_indent: 0,
            anchor: None,
            alias: false,
            tag_handle: Vec::new(),
            tag_suffix: Vec::new(),
            scalar: ScalarData::default(),
            head_comment: Vec::new(),
            line_comment: Vec::new(),
            foot_comment: Vec::new(),
            tail_comment: Vec::new(),
            key_line_comment: Vec::new(),
        }
    }

    /// Takes an event; writes what the events queued so far allow.
    pub fn emit(&mut self, event: Event) -> Emitted {
        self.events.push_back(event);
        while !self.need_more_events() {
            let Some(event) = self.events.pop_front() else {
                break;
            };
            self.analyze_event(&event)?;
            self.state_machine(&event)?;
        }
        Ok(())
    }

    /// A collection's start waits for the events that tell whether it is empty and whether
    /// it fits a simple key.
    fn need_more_events(&self) -> bool {
        let Some(first) = self.events.front() else {
            return true;
        };
        let accumulate = match first.kind {
            EventKind::DocumentStart => 1,
            EventKind::SequenceStart => 2,
            EventKind::MappingStart => 3,
            _ => return false,
        };
        if self.events.len() > accumulate {
            return false;
        }
        let mut level = 0;
        for event in &self.events {
            match event.kind {
                EventKind::StreamStart
                | EventKind::DocumentStart
                | EventKind::SequenceStart
                | EventKind::MappingStart => level += 1,
                EventKind::StreamEnd
                | EventKind::DocumentEnd
                | EventKind::SequenceEnd
                | EventKind::MappingEnd => level -= 1,
                _ => {}
            }
            if level == 0 {
                return false;
            }
        }
        true
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.increase_indent_compact(flow, indentless, false);
    }

    fn increase_indent_compact(&mut self, flow: bool, indentless: bool, compact_seq: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { self.best_indent } else { 0 };
        } else if !indentless {
            if self.states.last() == Some(&State::BlockSequenceItem) {
                // The first indent inside a sequence just skips the `- `.
                self.indent += 2;
            } else {
                self.indent =
                    self.best_indent * ((self.indent + self.best_indent) / self.best_indent);
                if compact_seq {
                    // The `- ` of the sequence's items is part of the indentation.
                    self.indent -= 2;
                }
            }
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn state_machine(&mut self, event: &Event) -> Emitted {
        match self.state {
            State::StreamStart => self.emit_stream_start(event),
            State::FirstDocumentStart => self.emit_document_start(event, true),
            State::DocumentStart => self.emit_document_start(event, false),
            State::DocumentContent => self.emit_document_content(event),
            State::DocumentEnd => self.emit_document_end(event),
            State::FlowSequenceFirstItem => self.emit_flow_sequence_item(event, true, false),
            State::FlowSequenceTrailItem => self.emit_flow_sequence_item(event, false, true),
            State::FlowSequenceItem => self.emit_flow_sequence_item(event, false, false),
            State::FlowMappingFirstKey => self.emit_flow_mapping_key(event, true, false),
            State::FlowMappingTrailKey => self.emit_flow_mapping_key(event, false, true),
            State::FlowMappingKey => self.emit_flow_mapping_key(event, false, false),
            State::FlowMappingSimpleValue => self.emit_flow_mapping_value(event, true),
            State::FlowMappingValue => self.emit_flow_mapping_value(event, false),
            State::BlockSequenceFirstItem => self.emit_block_sequence_item(event, true),
            State::BlockSequenceItem => self.emit_block_sequence_item(event, false),
            State::BlockMappingFirstKey => self.emit_block_mapping_key(event, true),
            State::BlockMappingKey => self.emit_block_mapping_key(event, false),
            State::BlockMappingSimpleValue => self.emit_block_mapping_value(event, true),
            State::BlockMappingValue => self.emit_block_mapping_value(event, false),
            State::End => Err("expected nothing after STREAM-END".into()),
        }
    }

    fn emit_stream_start(&mut self, event: &Event) -> Emitted {
        if event.kind != EventKind::StreamStart {
            return Err("expected STREAM-START".into());
        }
        if !(2..=9).contains(&self.best_indent) {
            self.best_indent = 2;
        }
        if self.best_width >= 0 && self.best_width <= self.best_indent * 2 {
            self.best_width = 80;
        }
        if self.best_width < 0 {
            self.best_width = i32::MAX as isize;
        }
        self.indent = -1;
        self.line = 0;
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
        self.space_above = true;
        self.foot_indent = -1;
        self.state = State::FirstDocumentStart;
        Ok(())
    }

    fn emit_document_start(&mut self, event: &Event, first: bool) -> Emitted {
        match event.kind {
            EventKind::DocumentStart => {
                for (handle, prefix) in DEFAULT_TAG_DIRECTIVES {
                    if !self
                        .tag_directives
                        .iter()
                        .any(|(h, _)| h == handle.as_bytes())
                    {
                        self.tag_directives
                            .push((handle.as_bytes().to_vec(), prefix.as_bytes().to_vec()));
                    }
                }
                let implicit = event.implicit && first;
                if !implicit {
                    self.write_indent();
                    self.write_indicator(b"---", true, false, false);
                    self.write_indent();
                }
                if !self.head_comment.is_empty() {
                    self.process_head_comment();
                    self.put_break();
                }
                self.state = State::DocumentContent;
                Ok(())
            }
            EventKind::StreamEnd => {
                if self.open_ended {
                    self.write_indicator(b"...", true, false, false);
                    self.write_indent();
                }
                self.state = State::End;
                Ok(())
            }
            _ => Err("expected DOCUMENT-START or STREAM-END".into()),
        }
    }

    fn emit_document_content(&mut self, event: &Event) -> Emitted {
        self.states.push(State::DocumentEnd);
        self.process_head_comment();
        self.emit_node(event, true, false, false, false)?;
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_document_end(&mut self, event: &Event) -> Emitted {
        if event.kind != EventKind::DocumentEnd {
            return Err("expected DOCUMENT-END".into());
        }
        // Force a document foot's separation.
        self.foot_indent = 0;
        self.process_foot_comment();
        self.foot_indent = -1;
        self.write_indent();
        if !event.implicit {
            self.write_indicator(b"...", true, false, false);
            self.write_indent();
        }
        self.state = State::DocumentStart;
        self.tag_directives.clear();
        Ok(())
    }

    fn has_trailing_comments(&self) -> bool {
        !(self.line_comment.is_empty()
            && self.foot_comment.is_empty()
            && self.tail_comment.is_empty())
    }

    fn emit_flow_sequence_item(&mut self, event: &Event, first: bool, trail: bool) -> Emitted {
        if first {
            self.write_indicator(b"[", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if event.kind == EventKind::SequenceEnd {
            self.flow_level -= 1;
            self.pop_indent();
            if self.column == 0 {
                self.write_indent();
            }
            self.write_indicator(b"]", false, false, false);
            self.process_line_comment(false);
            self.process_foot_comment();
            self.pop_state();
            return Ok(());
        }
        if !first && !trail {
            self.write_indicator(b",", false, false, false);
        }
        self.process_head_comment();
        if self.column == 0 {
            self.write_indent();
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        let state = match self.has_trailing_comments() {
            true => State::FlowSequenceTrailItem,
            false => State::FlowSequenceItem,
        };
        self.states.push(state);
        self.emit_node(event, false, true, false, false)?;
        if self.has_trailing_comments() {
            self.write_indicator(b",", false, false, false);
        }
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_flow_mapping_key(&mut self, event: &Event, first: bool, trail: bool) -> Emitted {
        if first {
            self.write_indicator(b"{", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if event.kind == EventKind::MappingEnd {
            let comments = !(self.head_comment.is_empty()
                && self.foot_comment.is_empty()
                && self.tail_comment.is_empty());
            if comments && !first && !trail {
                self.write_indicator(b",", false, false, false);
            }
            self.process_head_comment();
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator(b"}", false, false, false);
            self.process_line_comment(false);
            self.process_foot_comment();
            self.pop_state();
            return Ok(());
        }
        if !first && !trail {
            self.write_indicator(b",", false, false, false);
        }
        self.process_head_comment();
        if self.column == 0 {
            self.write_indent();
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        if self.check_simple_key(event) {
            self.states.push(State::FlowMappingSimpleValue);
            return self.emit_node(event, false, false, true, true);
        }
        self.write_indicator(b"?", true, false, false);
        self.states.push(State::FlowMappingValue);
        self.emit_node(event, false, false, true, false)
    }

    fn emit_flow_mapping_value(&mut self, event: &Event, simple: bool) -> Emitted {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            if self.column > self.best_width {
                self.write_indent();
            }
            self.write_indicator(b":", true, false, false);
        }
        let state = match self.has_trailing_comments() {
            true => State::FlowMappingTrailKey,
            false => State::FlowMappingKey,
        };
        self.states.push(state);
        self.emit_node(event, false, false, true, false)?;
        if self.has_trailing_comments() {
            self.write_indicator(b",", false, false, false);
        }
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_block_sequence_item(&mut self, event: &Event, first: bool) -> Emitted {
        if first {
            // In a mapping, at the start of a line or after a key, with compact indentation
            // the `- ` is the indentation.
            let compact = self.mapping_context
                && (self.column == 0 || !self.indention)
                && self.compact_sequence_indent;
            self.increase_indent_compact(false, false, compact);
        }
        if event.kind == EventKind::SequenceEnd {
            self.pop_indent();
            self.pop_state();
            return Ok(());
        }
        self.process_head_comment();
        self.write_indent();
        self.write_indicator(b"-", true, false, true);
        self.states.push(State::BlockSequenceItem);
        self.emit_node(event, false, true, false, false)?;
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_block_mapping_key(&mut self, event: &Event, first: bool) -> Emitted {
        if first {
            self.increase_indent(false, false);
        }
        self.process_head_comment();
        if event.kind == EventKind::MappingEnd {
            self.pop_indent();
            self.pop_state();
            return Ok(());
        }
        self.write_indent();
        if !self.line_comment.is_empty() {
            // A key's line comment is written after its value (or before a block value).
            self.key_line_comment = std::mem::take(&mut self.line_comment);
        }
        if self.check_simple_key(event) {
            self.states.push(State::BlockMappingSimpleValue);
            return self.emit_node(event, false, false, true, true);
        }
        self.write_indicator(b"?", true, false, true);
        self.states.push(State::BlockMappingValue);
        self.emit_node(event, false, false, true, false)
    }

    fn emit_block_mapping_value(&mut self, event: &Event, simple: bool) -> Emitted {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            self.write_indent();
            self.write_indicator(b":", true, false, true);
        }
        if !self.key_line_comment.is_empty() {
            if event.kind == EventKind::Scalar {
                // The scalar takes the key's line comment unless it has one of its own.
                if self.line_comment.is_empty() {
                    self.line_comment = std::mem::take(&mut self.key_line_comment);
                }
            } else if !event.flow
                && matches!(
                    event.kind,
                    EventKind::MappingStart | EventKind::SequenceStart
                )
            {
                // A block collection follows: the comment goes on the key's line now.
                std::mem::swap(&mut self.line_comment, &mut self.key_line_comment);
                self.process_line_comment(false);
                std::mem::swap(&mut self.line_comment, &mut self.key_line_comment);
            }
        }
        self.states.push(State::BlockMappingKey);
        self.emit_node(event, false, false, true, false)?;
        self.process_line_comment(false);
        self.process_foot_comment();
        Ok(())
    }

    fn emit_node(
        &mut self,
        event: &Event,
        root: bool,
        sequence: bool,
        mapping: bool,
        simple_key: bool,
    ) -> Emitted {
        self.root_context = root;
        self.sequence_context = sequence;
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match event.kind {
            EventKind::Alias => {
                self.process_anchor();
                self.pop_state();
                Ok(())
            }
            EventKind::Scalar => {
                self.select_scalar_style(event)?;
                self.process_anchor();
                self.process_tag();
                self.increase_indent(true, false);
                self.process_scalar();
                self.pop_indent();
                self.pop_state();
                Ok(())
            }
            EventKind::SequenceStart => {
                self.process_anchor();
                self.process_tag();
                self.state =
                    match self.flow_level > 0 || event.flow || self.check_empty_sequence(event) {
                        true => State::FlowSequenceFirstItem,
                        false => State::BlockSequenceFirstItem,
                    };
                Ok(())
            }
            EventKind::MappingStart => {
                self.process_anchor();
                self.process_tag();
                self.state =
                    match self.flow_level > 0 || event.flow || self.check_empty_mapping(event) {
                        true => State::FlowMappingFirstKey,
                        false => State::BlockMappingFirstKey,
                    };
                Ok(())
            }
            other => Err(format!(
                "expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS, but got {}",
                other.name()
            )),
        }
    }
}

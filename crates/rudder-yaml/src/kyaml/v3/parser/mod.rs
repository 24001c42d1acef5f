//! yaml.v3's parser (`parserc.go`): tokens into events, with the scanner's comments given
//! to the events as head, line and foot comments.

mod block;
mod flow;

use std::borrow::Cow;
use std::mem::take;

use super::event::{Event, EventKind};
use super::reader::Mark;
use super::scanner::Scanner;
use super::token::{Failure, FailureKind, ScalarStyle, Step, Stop, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

struct TagDirective {
    handle: Vec<u8>,
    prefix: Vec<u8>,
}

pub struct Parser<'a> {
    pub scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<TagDirective>,
    head_comment: Vec<u8>,
    line_comment: Vec<u8>,
    foot_comment: Vec<u8>,
    tail_comment: Vec<u8>,
    /// A head comment of a sequence item that holds a collection: the collection's.
    stem_comment: Vec<u8>,
}

/// The token the parser looks at: its kind and start (its values stay in the queue).
#[derive(Clone, Copy)]
struct Peeked {
    kind: TokenKind,
    start: Mark,
}

impl<'a> Parser<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        Parser {
            scanner: Scanner::new(input),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
            head_comment: Vec::new(),
            line_comment: Vec::new(),
            foot_comment: Vec::new(),
            tail_comment: Vec::new(),
            stem_comment: Vec::new(),
        }
    }

    /// The failure that stopped the parser.
    pub fn failure(&self) -> Option<&Failure> {
        self.scanner.error.as_ref()
    }

    /// The next event; `EventKind::None` after the end of the stream.
    pub fn parse(&mut self) -> Step<Event> {
        if self.scanner.error.is_some() {
            return Err(Stop);
        }
        if self.scanner.stream_end_produced || self.state == State::End {
            return Ok(Event::default());
        }
        let event = self.state_machine()?;
        // A reader failure met while looking ahead for comments is kept and fails the step.
        match self.scanner.error {
            Some(_) => Err(Stop),
            None => Ok(event),
        }
    }

    fn state_machine(&mut self) -> Step<Event> {
        match self.state {
            State::StreamStart => self.parse_stream_start(),
            State::ImplicitDocumentStart => self.parse_document_start(true),
            State::DocumentStart => self.parse_document_start(false),
            State::DocumentContent => self.parse_document_content(),
            State::DocumentEnd => self.parse_document_end(),
            State::BlockNode => self.parse_node(true, false),
            State::BlockSequenceFirstEntry => self.parse_block_sequence_entry(true),
            State::BlockSequenceEntry => self.parse_block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.parse_indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.parse_block_mapping_key(true),
            State::BlockMappingKey => self.parse_block_mapping_key(false),
            State::BlockMappingValue => self.parse_block_mapping_value(),
            State::FlowSequenceFirstEntry => self.parse_flow_sequence_entry(true),
            State::FlowSequenceEntry => self.parse_flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.parse_flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.parse_flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.parse_flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.parse_flow_mapping_key(true),
            State::FlowMappingKey => self.parse_flow_mapping_key(false),
            State::FlowMappingValue => self.parse_flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.parse_flow_mapping_value(true),
            State::End => Ok(Event::default()),
        }
    }

    /// The next token, after giving the comments before it to the parser (`peek_token`).
    fn peek(&mut self) -> Step<Peeked> {
        self.scanner.ensure_token()?;
        let token = &self.scanner.tokens[0];
        let peeked = Peeked {
            kind: token.kind,
            start: token.start,
        };
        self.unfold_comments(peeked);
        Ok(peeked)
    }

    /// Joins the comments queued before `token` into the parser's head, line and foot
    /// comments; a head comment waits for a token that is no BLOCK-END.
    fn unfold_comments(&mut self, token: Peeked) {
        let scanner = &mut self.scanner;
        while let Some(comment) = scanner.comments.get_mut(scanner.comments_head) {
            if token.start.index < comment.token_mark.index {
                break;
            }
            if !comment.head.is_empty() {
                if token.kind == TokenKind::BlockEnd {
                    break;
                }
                join(&mut self.head_comment, &comment.head);
            }
            join(&mut self.foot_comment, &comment.foot);
            join(&mut self.line_comment, &comment.line);
            *comment = Default::default();
            scanner.comments_head += 1;
        }
    }

    fn skip_token(&mut self) {
        self.scanner.skip_token();
    }

    fn fail(&mut self, problem: &'static str, mark: Mark) -> Stop {
        self.fail_in("", Mark::default(), problem, mark)
    }

    fn fail_in(
        &mut self,
        context: &'static str,
        context_mark: Mark,
        problem: &'static str,
        mark: Mark,
    ) -> Stop {
        self.scanner.error = Some(Failure {
            kind: FailureKind::Parser,
            problem: Cow::Borrowed(problem),
            problem_mark: mark,
            context,
            context_mark,
        });
        Stop
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    /// Gives the parser's pending comments to `event`.
    fn set_event_comments(&mut self, event: &mut Event) {
        event.head_comment = take(&mut self.head_comment);
        event.line_comment = take(&mut self.line_comment);
        event.foot_comment = take(&mut self.foot_comment);
        self.tail_comment.clear();
        self.stem_comment.clear();
    }

    fn parse_stream_start(&mut self) -> Step<Event> {
        let token = self.peek()?;
        if token.kind != TokenKind::StreamStart {
            return Err(self.fail("did not find expected <stream-start>", token.start));
        }
        self.state = State::ImplicitDocumentStart;
        self.skip_token();
        Ok(Event::new(EventKind::StreamStart))
    }

    fn parse_document_start(&mut self, implicit: bool) -> Step<Event> {
        let mut token = self.peek()?;
        if !implicit {
            while token.kind == TokenKind::DocumentEnd {
                self.skip_token();
                token = self.peek()?;
            }
        }
        let directive_or_start = matches!(
            token.kind,
            TokenKind::VersionDirective
                | TokenKind::TagDirective
                | TokenKind::DocumentStart
                | TokenKind::StreamEnd
        );
        if implicit && !directive_or_start {
            // An implicit document.
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            let mut event = Event::new(EventKind::DocumentStart);
            event.head_comment = self.split_document_head();
            return Ok(event);
        }
        if token.kind != TokenKind::StreamEnd {
            // An explicit document.
            self.process_directives()?;
            let token = self.peek()?;
            if token.kind != TokenKind::DocumentStart {
                return Err(self.fail("did not find expected <document start>", token.start));
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.skip_token();
            return Ok(Event::new(EventKind::DocumentStart));
        }
        self.state = State::End;
        self.skip_token();
        Ok(Event::new(EventKind::StreamEnd))
    }

    /// The head comment before an implicit document's content, split at its last blank
    /// line: the part above is the document's, the part below stays for the content.
    fn split_document_head(&mut self) -> Vec<u8> {
        let head = &self.head_comment;
        for i in (1..head.len()).rev() {
            if head[i] != b'\n' {
                continue;
            }
            if i == head.len() - 1 {
                let document = head[..i].to_vec();
                self.head_comment = head[i + 1..].to_vec();
                return document;
            }
            if head[i - 1] == b'\n' {
                let document = head[..i - 1].to_vec();
                self.head_comment = head[i + 1..].to_vec();
                return document;
            }
        }
        Vec::new()
    }

    fn parse_document_content(&mut self) -> Step<Event> {
        let token = self.peek()?;
        if matches!(
            token.kind,
            TokenKind::VersionDirective
                | TokenKind::TagDirective
                | TokenKind::DocumentStart
                | TokenKind::DocumentEnd
                | TokenKind::StreamEnd
        ) {
            self.pop_state();
            return Ok(empty_scalar(token.start));
        }
        self.parse_node(true, false)
    }

    fn parse_document_end(&mut self) -> Step<Event> {
        let token = self.peek()?;
        let mut implicit = true;
        if token.kind == TokenKind::DocumentEnd {
            self.skip_token();
            implicit = false;
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        let mut event = Event::new(EventKind::DocumentEnd);
        event.implicit = implicit;
        self.set_event_comments(&mut event);
        if !event.head_comment.is_empty() && event.foot_comment.is_empty() {
            event.foot_comment = take(&mut event.head_comment);
        }
        Ok(event)
    }

    fn parse_node(&mut self, block: bool, indentless_sequence: bool) -> Step<Event> {
        let mut token = self.peek()?;
        if token.kind == TokenKind::Alias {
            self.pop_state();
            let mut event = Event::new(EventKind::Alias);
            event.anchor = take(&mut self.scanner.tokens[0].value);
            event.start = token.start;
            self.set_event_comments(&mut event);
            self.skip_token();
            return Ok(event);
        }

        let mut start = token.start;
        let mut tag_token = false;
        let (mut tag_handle, mut tag_suffix, mut anchor) = (Vec::new(), Vec::new(), Vec::new());
        let mut tag_mark = Mark::default();
        if token.kind == TokenKind::Anchor {
            anchor = take(&mut self.scanner.tokens[0].value);
            start = token.start;
            self.skip_token();
            token = self.peek()?;
            if token.kind == TokenKind::Tag {
                tag_token = true;
                tag_handle = take(&mut self.scanner.tokens[0].value);
                tag_suffix = take(&mut self.scanner.tokens[0].suffix);
                tag_mark = token.start;
                self.skip_token();
                token = self.peek()?;
            }
        } else if token.kind == TokenKind::Tag {
            tag_token = true;
            tag_handle = take(&mut self.scanner.tokens[0].value);
            tag_suffix = take(&mut self.scanner.tokens[0].suffix);
            (start, tag_mark) = (token.start, token.start);
            self.skip_token();
            token = self.peek()?;
            if token.kind == TokenKind::Anchor {
                anchor = take(&mut self.scanner.tokens[0].value);
                self.skip_token();
                token = self.peek()?;
            }
        }

        let mut tag = Vec::new();
        if tag_token {
            if tag_handle.is_empty() {
                tag = tag_suffix;
            } else {
                if let Some(directive) = self.tag_directives.iter().find(|d| d.handle == tag_handle)
                {
                    tag = directive.prefix.clone();
                    tag.extend_from_slice(&tag_suffix);
                }
                if tag.is_empty() {
                    return Err(self.fail_in(
                        "while parsing a node",
                        start,
                        "found undefined tag handle",
                        tag_mark,
                    ));
                }
            }
        }

        let implicit = tag.is_empty();
        let collection = |kind: EventKind, flow: bool, anchor: Vec<u8>, tag: Vec<u8>| {
            let mut event = Event::new(kind);
            (event.anchor, event.tag, event.implicit, event.flow) = (anchor, tag, implicit, flow);
            event.start = start;
            event
        };
        if indentless_sequence && token.kind == TokenKind::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Ok(collection(EventKind::SequenceStart, false, anchor, tag));
        }
        match token.kind {
            TokenKind::Scalar => {
                let scalar = &mut self.scanner.tokens[0];
                let style = scalar.style;
                let (mut plain_implicit, mut quoted_implicit) = (false, false);
                if (tag.is_empty() && style == ScalarStyle::Plain) || tag == b"!" {
                    plain_implicit = true;
                } else if tag.is_empty() {
                    quoted_implicit = true;
                }
                let mut event = Event::new(EventKind::Scalar);
                (event.anchor, event.tag, event.value) = (anchor, tag, take(&mut scalar.value));
                event.start = start;
                (event.implicit, event.quoted_implicit, event.style) =
                    (plain_implicit, quoted_implicit, style);
                self.pop_state();
                self.set_event_comments(&mut event);
                self.skip_token();
                Ok(event)
            }
            TokenKind::FlowSequenceStart | TokenKind::FlowMappingStart => {
                let (kind, state) = match token.kind {
                    TokenKind::FlowSequenceStart => {
                        (EventKind::SequenceStart, State::FlowSequenceFirstEntry)
                    }
                    _ => (EventKind::MappingStart, State::FlowMappingFirstKey),
                };
                self.state = state;
                let mut event = collection(kind, true, anchor, tag);
                self.set_event_comments(&mut event);
                Ok(event)
            }
            TokenKind::BlockSequenceStart | TokenKind::BlockMappingStart if block => {
                let (kind, state) = match token.kind {
                    TokenKind::BlockSequenceStart => {
                        (EventKind::SequenceStart, State::BlockSequenceFirstEntry)
                    }
                    _ => (EventKind::MappingStart, State::BlockMappingFirstKey),
                };
                self.state = state;
                let mut event = collection(kind, false, anchor, tag);
                if !self.stem_comment.is_empty() {
                    event.head_comment = take(&mut self.stem_comment);
                }
                Ok(event)
            }
            _ if !anchor.is_empty() || !tag.is_empty() => {
                // Properties without content: an empty plain scalar.
                self.pop_state();
                let mut event = Event::new(EventKind::Scalar);
                (event.anchor, event.tag, event.implicit, event.style) =
                    (anchor, tag, implicit, ScalarStyle::Plain);
                event.start = start;
                Ok(event)
            }
            _ => {
                let context = if block {
                    "while parsing a block node"
                } else {
                    "while parsing a flow node"
                };
                Err(self.fail_in(
                    context,
                    start,
                    "did not find expected node content",
                    token.start,
                ))
            }
        }
    }

    /// The `%YAML` and `%TAG` directives before a document, then the default handles.
    fn process_directives(&mut self) -> Step {
        let mut token = self.peek()?;
        let mut version_seen = false;
        while matches!(
            token.kind,
            TokenKind::VersionDirective | TokenKind::TagDirective
        ) {
            let directive = &mut self.scanner.tokens[0];
            if token.kind == TokenKind::VersionDirective {
                if version_seen {
                    return Err(self.fail("found duplicate %YAML directive", token.start));
                }
                if directive.major != 1 || directive.minor != 1 {
                    return Err(self.fail("found incompatible YAML document", token.start));
                }
                version_seen = true;
            } else {
                let value = TagDirective {
                    handle: take(&mut directive.value),
                    prefix: take(&mut directive.prefix),
                };
                self.append_tag_directive(value, false, token.start)?;
            }
            self.skip_token();
            token = self.peek()?;
        }
        for (handle, prefix) in [("!", "!"), ("!!", "tag:yaml.org,2002:")] {
            let value = TagDirective {
                handle: handle.as_bytes().to_vec(),
                prefix: prefix.as_bytes().to_vec(),
            };
            self.append_tag_directive(value, true, token.start)?;
        }
        Ok(())
    }

    fn append_tag_directive(
        &mut self,
        value: TagDirective,
        allow_duplicates: bool,
        mark: Mark,
    ) -> Step {
        if self.tag_directives.iter().any(|d| d.handle == value.handle) {
            if allow_duplicates {
                return Ok(());
            }
            return Err(self.fail("found duplicate %TAG directive", mark));
        }
        self.tag_directives.push(value);
        Ok(())
    }
}

fn join(to: &mut Vec<u8>, comment: &[u8]) {
    if comment.is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push(b'\n');
    }
    to.extend_from_slice(comment);
}

/// An empty plain scalar (an omitted node), placed at `start` as libyaml places it (an
/// indicator's mark, or the next token's).
fn empty_scalar(start: Mark) -> Event {
    let mut event = Event::new(EventKind::Scalar);
    event.start = start;
    (event.implicit, event.style) = (true, ScalarStyle::Plain);
    event
}

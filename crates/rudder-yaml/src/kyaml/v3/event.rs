//! The parser's events, which the emitter takes too.

use super::reader::Mark;
use super::token::ScalarStyle;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventKind {
    /// What the parser gives after the end of the stream or a failure.
    #[default]
    None,
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias,
    Scalar,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    /// A foot comment left after a mapping value (yaml.v3 declares it; its parser never
    /// produces it).
    TailComment,
}

impl EventKind {
    /// yaml.v3's name of the kind, for its messages.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::None => "none",
            EventKind::StreamStart => "stream start",
            EventKind::StreamEnd => "stream end",
            EventKind::DocumentStart => "document start",
            EventKind::DocumentEnd => "document end",
            EventKind::Alias => "alias",
            EventKind::Scalar => "scalar",
            EventKind::SequenceStart => "sequence start",
            EventKind::SequenceEnd => "sequence end",
            EventKind::MappingStart => "mapping start",
            EventKind::MappingEnd => "mapping end",
            EventKind::TailComment => "tail comment",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Event {
    pub kind: EventKind,
    pub anchor: Vec<u8>,
    pub tag: Vec<u8>,
    pub value: Vec<u8>,
    /// Document markers left out; a collection's or plain scalar's tag implied.
    pub implicit: bool,
    /// A quoted scalar's tag implied.
    pub quoted_implicit: bool,
    pub style: ScalarStyle,
    /// A flow collection (yaml.v3's sequence and mapping flow styles share one value).
    pub flow: bool,
    pub head_comment: Vec<u8>,
    pub line_comment: Vec<u8>,
    pub foot_comment: Vec<u8>,
    pub tail_comment: Vec<u8>,
    /// Where a node's event starts (its properties' or content's token), for the lines of
    /// yaml.v3's decoding errors.
    pub start: Mark,
}

impl Event {
    pub fn new(kind: EventKind) -> Event {
        Event {
            kind,
            ..Event::default()
        }
    }
}

//! The scanner's tokens and the failures of the reader, scanner and parser.

use std::borrow::Cow;

use super::reader::Mark;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScalarStyle {
    #[default]
    Any,
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub kind: TokenKind,
    pub start: Mark,
    /// An alias's, anchor's or scalar's value, a tag's or tag directive's handle.
    pub value: Vec<u8>,
    /// A tag's suffix.
    pub suffix: Vec<u8>,
    /// A tag directive's prefix.
    pub prefix: Vec<u8>,
    pub style: ScalarStyle,
    pub major: i8,
    pub minor: i8,
}

impl Token {
    pub fn new(kind: TokenKind, start: Mark) -> Token {
        Token {
            kind,
            start,
            value: Vec::new(),
            suffix: Vec::new(),
            prefix: Vec::new(),
            style: ScalarStyle::Any,
            major: 0,
            minor: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Reader,
    Scanner,
    Parser,
}

/// An error as yaml.v3's parser keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub problem: Cow<'static, str>,
    pub problem_mark: Mark,
    pub context: &'static str,
    pub context_mark: Mark,
}

impl Failure {
    /// The message yaml.v3's decoder gives (`p.fail()`): the context's line, else the
    /// problem's, counted from 1 for scanner errors; none when it is 0.
    pub fn message(&self) -> String {
        let bump = isize::from(self.kind == FailureKind::Scanner);
        let line = if self.context_mark.line != 0 {
            self.context_mark.line + bump
        } else if self.problem_mark.line != 0 {
            self.problem_mark.line + bump
        } else {
            0
        };
        let problem = if self.problem.is_empty() {
            "unknown problem parsing YAML content"
        } else {
            &self.problem
        };
        match line {
            0 => format!("yaml: {problem}"),
            _ => format!("yaml: line {line}: {problem}"),
        }
    }
}

/// Stops a step of the scanner or parser; the failure is kept in the parser, as yaml.v3
/// keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

pub type Step<T = ()> = Result<T, Stop>;

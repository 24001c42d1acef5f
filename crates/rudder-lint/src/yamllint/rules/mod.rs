//! yamllint's rules that rudder runs, one file per family. Token rules see a token with its
//! neighbours ([`At`]), comment rules a comment ([`Comment`]), line rules a line ([`Line`]).

mod comments;
mod documents;
mod indentation;
mod key_duplicates;
mod lines;
mod spacing;
mod truthy;

use super::config::RuleConf;
use super::scanner::{Kind, Token};

/// A problem a rule found: 1-based line and column, and yamllint's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    pub column: usize,
    pub desc: String,
}

impl Found {
    fn new(line: usize, column: usize, desc: &str) -> Found {
        Found {
            line,
            column,
            desc: desc.to_string(),
        }
    }
}

/// A token and its neighbours in PyYAML's stream; `buffer` ends with `'\0'`.
pub struct At<'a> {
    pub buffer: &'a [char],
    pub token: &'a Token,
    pub prev: Option<&'a Token>,
    pub next: Option<&'a Token>,
    pub nextnext: Option<&'a Token>,
}

/// A comment between two tokens (yamllint's `Comment`): 1-based line and column, and where its
/// `#` is in the buffer.
pub struct Comment<'a> {
    pub line_no: usize,
    pub column_no: usize,
    pub buffer: &'a [char],
    pub pointer: usize,
    pub token_before: &'a Token,
}

impl Comment<'_> {
    /// Whether the comment follows content on its line.
    pub fn is_inline(&self) -> bool {
        let before = self.token_before;
        let last = match before.end.pointer {
            0 => self.buffer.last().copied(),
            p => self.buffer.get(p - 1).copied(),
        };
        before.kind != Kind::StreamStart
            && self.line_no == before.end.line + 1
            && last != Some('\n')
    }

    /// The comment's text, up to the end of its line.
    pub fn text(&self) -> String {
        self.buffer[self.pointer..]
            .iter()
            .take_while(|c| !matches!(c, '\n' | '\0'))
            .collect()
    }
}

/// A line of the text (yamllint's `Line`): `buffer[start..end]` without its line break;
/// `buffer` is the text without PyYAML's `'\0'`.
pub struct Line<'a> {
    pub line_no: usize,
    pub buffer: &'a [char],
    pub start: usize,
    pub end: usize,
}

/// Whether a key token is an explicit `? key`.
fn is_explicit_key(buffer: &[char], token: &Token) -> bool {
    token.start.pointer < token.end.pointer && buffer[token.start.pointer] == '?'
}

/// The 1-based line a token really ends on (PyYAML's scalars end after their trailing breaks).
fn real_end_line(buffer: &[char], token: &Token) -> usize {
    let mut end_line = token.end.line + 1;
    if token.kind != Kind::Scalar {
        return end_line;
    }
    let mut pos = token.end.pointer as i64 - 1;
    while pos >= token.start.pointer as i64 - 1 {
        let ch = if pos < 0 {
            buffer.last().copied().unwrap_or('\0')
        } else {
            buffer[pos as usize]
        };
        if !matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') {
            break;
        }
        if ch == '\n' {
            end_line -= 1;
        }
        pos -= 1;
    }
    end_line
}

/// What a token rule remembers from one token to the next.
pub enum State {
    None,
    Indentation(indentation::State),
    KeyDuplicates(key_duplicates::State),
    Truthy(truthy::State),
}

impl State {
    pub fn new(conf: &RuleConf) -> State {
        match conf.id {
            "indentation" => State::Indentation(indentation::State::new(conf)),
            "key-duplicates" => State::KeyDuplicates(key_duplicates::State::default()),
            "truthy" => State::Truthy(truthy::State::default()),
            _ => State::None,
        }
    }
}

/// How a rule reads the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleType {
    Token,
    Comment,
    Line,
}

pub fn rule_type(id: &str) -> RuleType {
    match id {
        "comments" => RuleType::Comment,
        "empty-lines"
        | "line-length"
        | "new-line-at-end-of-file"
        | "new-lines"
        | "trailing-spaces" => RuleType::Line,
        _ => RuleType::Token,
    }
}

pub fn check_token(conf: &RuleConf, at: &At, state: &mut State) -> Vec<Found> {
    match (conf.id, state) {
        ("braces", _) => spacing::flow_collection(conf, at, true),
        ("brackets", _) => spacing::flow_collection(conf, at, false),
        ("colons", _) => spacing::colons(conf, at),
        ("commas", _) => spacing::commas(conf, at),
        ("document-end", _) => documents::end(conf, at),
        ("document-start", _) => documents::start(conf, at),
        ("hyphens", _) => spacing::hyphens(conf, at),
        ("indentation", State::Indentation(state)) => indentation::check(conf, at, state),
        ("key-duplicates", State::KeyDuplicates(state)) => key_duplicates::check(conf, at, state),
        ("truthy", State::Truthy(state)) => truthy::check(conf, at, state),
        _ => Vec::new(),
    }
}

pub fn check_comment(conf: &RuleConf, comment: &Comment) -> Vec<Found> {
    match conf.id {
        "comments" => comments::check(conf, comment),
        _ => Vec::new(),
    }
}

pub fn check_line(conf: &RuleConf, line: &Line) -> Vec<Found> {
    match conf.id {
        "empty-lines" => lines::empty_lines(conf, line),
        "line-length" => lines::line_length(conf, line),
        "new-line-at-end-of-file" => lines::new_line_at_end_of_file(conf, line),
        "new-lines" => lines::new_lines(conf, line),
        "trailing-spaces" => lines::trailing_spaces(conf, line),
        _ => Vec::new(),
    }
}

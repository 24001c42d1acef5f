//! yaml.v3's scanner (`scannerc.go`): the text as a queue of tokens, with the comments
//! found on the way kept aside (`comments`) with the token they belong after.
//!
//! Ported function by function: yaml.v3 decides where a comment goes from what its scanner
//! saw last (the tokens at the end of its queue, its indentation), so only the same
//! algorithm puts comments where it does.

mod comments;
mod fetch;
mod props;
mod scalars;

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};

use super::chars::{at, is_blank, is_blankz, is_z};
use super::reader::{Mark, Reader};
use super::token::{Failure, FailureKind, Step, Stop, Token, TokenKind};

/// yaml.v3's limits on nesting.
const MAX_FLOW_LEVEL: isize = 10_000;
const MAX_INDENTS: usize = 10_000;

/// A place where a simple key (`key:` without `?`) may start.
#[derive(Debug, Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// A comment as the scanner found it: the parser gives it to the node of the first token at
/// or after `token_mark`, as a head, line or foot comment.
#[derive(Debug, Clone, Default)]
pub struct Comment {
    pub scan_mark: Mark,
    pub token_mark: Mark,
    pub start_mark: Mark,
    pub end_mark: Mark,
    pub head: Vec<u8>,
    pub line: Vec<u8>,
    pub foot: Vec<u8>,
}

pub struct Scanner<'a> {
    r: Reader<'a>,
    pub error: Option<Failure>,
    stream_start_produced: bool,
    pub stream_end_produced: bool,
    flow_level: isize,
    /// The tokens not taken by the parser yet.
    pub tokens: VecDeque<Token>,
    /// The last two tokens taken, newest last: yaml.v3 looks at the end of its queue, which
    /// may still hold them.
    taken: VecDeque<(TokenKind, Mark)>,
    tokens_parsed: usize,
    token_available: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    simple_keys_by_tok: HashMap<usize, usize>,
    /// Every comment found, those given to the parser emptied.
    pub comments: Vec<Comment>,
    pub comments_head: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        Scanner {
            r: Reader::new(input),
            error: None,
            stream_start_produced: false,
            stream_end_produced: false,
            flow_level: 0,
            tokens: VecDeque::new(),
            taken: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            indent: 0,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            simple_keys_by_tok: HashMap::new(),
            comments: Vec::new(),
            comments_head: 0,
        }
    }

    /// Makes sure the queue holds the next token (`peek_token` without the comments).
    pub fn ensure_token(&mut self) -> Step {
        if self.error.is_some() {
            return Err(Stop);
        }
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        if self.tokens.is_empty() {
            // The queue always holds STREAM-END at least once the scanning is over.
            return Err(Stop);
        }
        Ok(())
    }

    /// Takes the next token off the queue (`skip_token`).
    pub fn skip_token(&mut self) {
        self.token_available = false;
        self.tokens_parsed += 1;
        if let Some(token) = self.tokens.pop_front() {
            self.stream_end_produced = token.kind == TokenKind::StreamEnd;
            if self.taken.len() == 2 {
                self.taken.pop_front();
            }
            self.taken.push_back((token.kind, token.start));
        }
    }

    /// The kind and start of the token `back` places from the end of yaml.v3's queue.
    fn last_token(&self, back: usize) -> Option<(TokenKind, Mark)> {
        match self.tokens.len().checked_sub(back + 1) {
            Some(i) => self.tokens.get(i).map(|t| (t.kind, t.start)),
            None => {
                let from_taken = back - self.tokens.len();
                let i = self.taken.len().checked_sub(from_taken + 1)?;
                self.taken.get(i).copied()
            }
        }
    }

    /// How many tokens yaml.v3's queue holds, as far as its checks (`> 0`, `> 1`) go.
    fn token_count(&self) -> usize {
        self.tokens.len() + self.taken.len()
    }

    fn cache(&mut self, length: usize) -> Step {
        match self.r.cache(length as isize) {
            Ok(()) => Ok(()),
            Err(problem) => {
                self.error = Some(Failure {
                    kind: FailureKind::Reader,
                    problem: Cow::Borrowed(problem),
                    problem_mark: Mark::default(),
                    context: "",
                    context_mark: Mark::default(),
                });
                Err(Stop)
            }
        }
    }

    /// Like `cache`, for the loops that stop looking ahead on a reader error (which stays
    /// set, as in yaml.v3, and fails the parser's step).
    fn cache_or_stop_looking(&mut self, length: usize) -> bool {
        self.r.unread >= length as isize || self.cache(length).is_ok()
    }

    fn fail(
        &mut self,
        context: &'static str,
        context_mark: Mark,
        problem: impl Into<Cow<'static, str>>,
    ) -> Stop {
        self.error = Some(Failure {
            kind: FailureKind::Scanner,
            problem: problem.into(),
            problem_mark: self.r.mark,
            context,
            context_mark,
        });
        Stop
    }

    fn byte(&self, offset: usize) -> u8 {
        self.r.peek(offset)
    }

    fn input(&self) -> &'a [u8] {
        self.r.input
    }

    /// yaml.v3's queue position `pos` after its head; past the end (or negative) appends.
    fn insert_token(&mut self, pos: isize, token: Token) {
        match usize::try_from(pos) {
            Ok(pos) if pos < self.tokens.len() => self.tokens.insert(pos, token),
            _ => self.tokens.push_back(token),
        }
    }

    /// Fetches until the queue holds three tokens and the first is no undecided simple key:
    /// yaml.v3 looks two tokens ahead to place comments.
    fn fetch_more_tokens(&mut self) -> Step {
        loop {
            if self.tokens.len() > 2 {
                let Some(&i) = self.simple_keys_by_tok.get(&self.tokens_parsed) else {
                    break;
                };
                if !self.simple_key_is_valid(i)? {
                    break;
                }
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    fn fetch_next_token(&mut self) -> Step {
        self.cache(1)?;
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        let scan_mark = self.r.mark;
        self.scan_to_next_token()?;
        self.unroll_indent(self.r.mark.column, scan_mark)?;
        self.cache(4)?;
        let input = self.input();
        let pos = self.r.pos;
        let column0 = self.r.mark.column == 0;
        if is_z(input, pos) {
            return self.fetch_stream_end();
        }
        if column0 && at(input, pos) == b'%' {
            return self.fetch_directive();
        }
        let indicator =
            |c: u8| (0..3).all(|k| at(input, pos + k) == c) && is_blankz(input, pos + 3);
        if column0 && indicator(b'-') {
            return self.fetch_document_indicator(TokenKind::DocumentStart);
        }
        if column0 && indicator(b'.') {
            return self.fetch_document_indicator(TokenKind::DocumentEnd);
        }
        let c = at(input, pos);
        let mut comment_mark = self.r.mark;
        if let Some((_, start)) = self.last_token(0) {
            if (self.flow_level == 0 && c == b':') || (self.flow_level > 0 && c == b',') {
                // Comments after the indicator belong to the token before it.
                comment_mark = start;
            }
        }
        self.fetch_token(c)?;
        if self
            .last_token(0)
            .is_some_and(|(kind, _)| kind == TokenKind::BlockEntry)
        {
            // A dash alone has no line comment: it becomes the head of what follows.
            return Ok(());
        }
        self.scan_line_comment(comment_mark)
    }

    /// Fetches the token starting with `c`.
    fn fetch_token(&mut self, c: u8) -> Step {
        let input = self.input();
        let pos = self.r.pos;
        let next_blankz = is_blankz(input, pos + 1);
        let flow = self.flow_level > 0;
        match c {
            b'[' => self.fetch_flow_collection_start(TokenKind::FlowSequenceStart),
            b'{' => self.fetch_flow_collection_start(TokenKind::FlowMappingStart),
            b']' => self.fetch_flow_collection_end(TokenKind::FlowSequenceEnd),
            b'}' => self.fetch_flow_collection_end(TokenKind::FlowMappingEnd),
            b',' => self.fetch_flow_entry(),
            b'-' if next_blankz => self.fetch_block_entry(),
            b'?' if flow || next_blankz => self.fetch_key(),
            b':' if flow || next_blankz => self.fetch_value(),
            b'*' => self.fetch_anchor(TokenKind::Alias),
            b'&' => self.fetch_anchor(TokenKind::Anchor),
            b'!' => self.fetch_tag(),
            b'|' if !flow => self.fetch_block_scalar(true),
            b'>' if !flow => self.fetch_block_scalar(false),
            b'\'' => self.fetch_flow_scalar(true),
            b'"' => self.fetch_flow_scalar(false),
            _ if starts_plain_scalar(input, pos, flow) => self.fetch_plain_scalar(),
            _ => Err(self.fail(
                "while scanning for the next token",
                self.r.mark,
                "found character that cannot start any token",
            )),
        }
    }

    /// Whether the simple key at `index` may still be one; a required one that no longer
    /// can is an error.
    fn simple_key_is_valid(&mut self, index: usize) -> Step<bool> {
        let Some(key) = self.simple_keys.get(index).copied() else {
            return Ok(false);
        };
        if !key.possible {
            return Ok(false);
        }
        let mark = self.r.mark;
        if key.mark.line < mark.line || key.mark.index + 1024 < mark.index {
            if key.required {
                return Err(self.fail(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                ));
            }
            self.simple_keys[index].possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn save_simple_key(&mut self) -> Step {
        let required = self.flow_level == 0 && self.indent == self.r.mark.column;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.r.mark,
            };
            self.remove_simple_key()?;
            let top = self.simple_keys.len() - 1;
            self.simple_keys[top] = key;
            self.simple_keys_by_tok.insert(key.token_number, top);
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Step {
        let Some(key) = self.simple_keys.last().copied() else {
            return Ok(());
        };
        if key.possible {
            if key.required {
                return Err(self.fail(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                ));
            }
            let top = self.simple_keys.len() - 1;
            self.simple_keys[top].possible = false;
            self.simple_keys_by_tok.remove(&key.token_number);
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> Step {
        self.simple_keys.push(SimpleKey {
            token_number: self.tokens_parsed + self.tokens.len(),
            mark: self.r.mark,
            ..SimpleKey::default()
        });
        self.flow_level += 1;
        if self.flow_level > MAX_FLOW_LEVEL {
            let mark = self.r.mark;
            return Err(self.fail(
                "while increasing flow level",
                mark,
                format!("exceeded max depth of {MAX_FLOW_LEVEL}"),
            ));
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(key) = self.simple_keys.pop() {
                self.simple_keys_by_tok.remove(&key.token_number);
            }
        }
    }

    /// Opens a block collection at `column` if it is deeper than the current one, its
    /// start token put at queue position `number` (a token number), or at the end.
    fn roll_indent(
        &mut self,
        column: isize,
        number: Option<usize>,
        kind: TokenKind,
        mark: Mark,
    ) -> Step {
        if self.flow_level > 0 || self.indent >= column {
            return Ok(());
        }
        self.indents.push(self.indent);
        self.indent = column;
        if self.indents.len() > MAX_INDENTS {
            let mark = self.simple_keys.last().map_or(self.r.mark, |k| k.mark);
            return Err(self.fail(
                "while increasing indent level",
                mark,
                format!("exceeded max depth of {MAX_INDENTS}"),
            ));
        }
        let pos = number.map_or(-1, |n| n as isize - self.tokens_parsed as isize);
        self.insert_token(pos, Token::new(kind, mark));
        Ok(())
    }

    /// Closes the block collections deeper than `column`. Each BLOCK-END is placed before
    /// the comments after it that sit at its collection's column, which are then feet of
    /// the collection's entries rather than heads of what follows.
    fn unroll_indent(&mut self, column: isize, scan_mark: Mark) -> Step {
        if self.flow_level > 0 {
            return Ok(());
        }
        let mut block_mark = scan_mark;
        block_mark.index -= 1;
        while self.indent > column {
            let mut stop_index = block_mark.index;
            for comment in self.comments.iter().rev() {
                if comment.end_mark.index < stop_index {
                    break;
                }
                if comment.start_mark.column == self.indent + 1 {
                    block_mark = comment.start_mark;
                }
                stop_index = comment.scan_mark.index;
            }
            self.insert_token(-1, Token::new(TokenKind::BlockEnd, block_mark));
            self.indent = self.indents.pop().unwrap_or(-1);
        }
        Ok(())
    }
}

/// Whether a plain scalar starts at `pos`: any non-blank character but the indicators, and
/// `-`, `?` and `:` followed by a non-blank (`?` and `:` only in block context).
fn starts_plain_scalar(input: &[u8], pos: usize, flow: bool) -> bool {
    let c = at(input, pos);
    let indicator = matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    !(is_blankz(input, pos) || indicator)
        || (c == b'-' && !is_blank(input, pos + 1))
        || (!flow && (c == b'?' || c == b':') && !is_blankz(input, pos + 1))
}

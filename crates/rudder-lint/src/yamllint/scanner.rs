//! YAML tokens with PyYAML's marks. yamllint's rules look at PyYAML's token stream (where each
//! token starts and ends, simple keys resolved after the fact, block ends where the indentation
//! drops), so rudder scans the text the way PyYAML's scanner does: same tokens, same marks, same
//! errors. Scalar bodies are in [`super::scalars`].

use std::collections::BTreeMap;

/// A place in the text: the index of a character, 0-based line and column (PyYAML's `Mark`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    pub pointer: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    StreamStart,
    StreamEnd,
    Directive,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowMappingStart,
    FlowSequenceEnd,
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

impl Kind {
    /// PyYAML's `Token.id`, which its parser's messages quote.
    pub fn id(self) -> &'static str {
        match self {
            Kind::StreamStart => "<stream start>",
            Kind::StreamEnd => "<stream end>",
            Kind::Directive => "<directive>",
            Kind::DocumentStart => "<document start>",
            Kind::DocumentEnd => "<document end>",
            Kind::BlockSequenceStart => "<block sequence start>",
            Kind::BlockMappingStart => "<block mapping start>",
            Kind::BlockEnd => "<block end>",
            Kind::FlowSequenceStart => "[",
            Kind::FlowMappingStart => "{",
            Kind::FlowSequenceEnd => "]",
            Kind::FlowMappingEnd => "}",
            Kind::BlockEntry => "-",
            Kind::FlowEntry => ",",
            Kind::Key => "?",
            Kind::Value => ":",
            Kind::Alias => "<alias>",
            Kind::Anchor => "<anchor>",
            Kind::Tag => "<tag>",
            Kind::Scalar => "<scalar>",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: Mark,
    pub end: Mark,
    /// A scalar's value, an anchor's or alias's name, a directive's name, a tag's suffix.
    pub value: String,
    /// A scalar's style: `None` (plain), `'`, `"`, `|` or `>`.
    pub style: Option<char>,
    /// A tag's handle, or a `%TAG` directive's.
    pub handle: Option<String>,
    /// A `%YAML` directive's version.
    pub version: Option<(u32, u32)>,
}

impl Token {
    fn new(kind: Kind, start: Mark, end: Mark) -> Token {
        Token {
            kind,
            start,
            end,
            value: String::new(),
            style: None,
            handle: None,
            version: None,
        }
    }

    pub fn is(&self, kinds: &[Kind]) -> bool {
        kinds.contains(&self.kind)
    }
}

/// PyYAML's `MarkedYAMLError`, as yamllint reports it: the problem and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub problem: String,
    pub mark: Mark,
}

pub(super) type Scan<T> = Result<T, SyntaxError>;

/// Characters after which a token may end (PyYAML's `'\0 \t\r\n\x85\u2028\u2029'`).
pub(super) fn blank_or_end(ch: char) -> bool {
    matches!(
        ch,
        '\0' | ' ' | '\t' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

pub(super) fn line_break_or_end(ch: char) -> bool {
    matches!(ch, '\0' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

pub(super) fn line_break(ch: char) -> bool {
    ch != '\0' && line_break_or_end(ch)
}

/// Python's `repr` of one character, as PyYAML's messages show it.
pub(super) fn repr(ch: char) -> String {
    let inner = match ch {
        '\'' => return "\"'\"".into(),
        '\\' => "\\\\".into(),
        '\t' => "\\t".into(),
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
            format!("\\x{:02x}", c as u32)
        }
        c if matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
            format!("\\u{:04x}", c as u32)
        }
        c => c.to_string(),
    };
    format!("'{inner}'")
}

struct SimpleKey {
    token_number: usize,
    required: bool,
    index: usize,
    line: usize,
    column: usize,
    mark: Mark,
}

/// The scanner's state: PyYAML's `Reader` and `Scanner` in one.
pub(super) struct Scanner<'b> {
    /// The text with PyYAML's `'\0'` sentinel at the end.
    pub buffer: &'b [char],
    pub mark: Mark,
    pub tokens: Vec<Token>,
    done: bool,
    pub flow_level: usize,
    pub indent: isize,
    indents: Vec<isize>,
    pub allow_simple_key: bool,
    possible_simple_keys: BTreeMap<usize, SimpleKey>,
}

/// What PyYAML's scanner makes of a text.
pub struct Scanned {
    /// The tokens, up to the error if there is one.
    pub tokens: Vec<Token>,
    /// How many of them PyYAML hands out before raising the error: not those after a simple
    /// key it was still waiting to resolve.
    pub available: usize,
    pub error: Option<SyntaxError>,
}

/// PyYAML's tokens for `buffer` (which ends with `'\0'`).
pub fn scan(buffer: &[char]) -> Scanned {
    let mut scanner = Scanner {
        buffer,
        mark: Mark::default(),
        tokens: Vec::new(),
        done: false,
        flow_level: 0,
        indent: -1,
        indents: Vec::new(),
        allow_simple_key: true,
        possible_simple_keys: BTreeMap::new(),
    };
    let start = scanner.mark;
    scanner
        .tokens
        .push(Token::new(Kind::StreamStart, start, start));
    while !scanner.done {
        if let Err(error) = scanner.fetch_more_tokens() {
            let available = scanner
                .possible_simple_keys
                .values()
                .map(|k| k.token_number)
                .min()
                .unwrap_or(usize::MAX)
                .min(scanner.tokens.len());
            return Scanned {
                tokens: scanner.tokens,
                available,
                error: Some(error),
            };
        }
    }
    Scanned {
        available: scanner.tokens.len(),
        tokens: scanner.tokens,
        error: None,
    }
}

impl Scanner<'_> {
    pub fn peek(&self, offset: usize) -> char {
        self.buffer
            .get(self.mark.pointer + offset)
            .copied()
            .unwrap_or('\0')
    }

    pub fn prefix(&self, length: usize) -> String {
        (0..length).map(|i| self.peek(i)).collect()
    }

    pub fn forward(&mut self, length: usize) {
        for _ in 0..length {
            let ch = self.peek(0);
            if ch == '\0' && self.mark.pointer + 1 >= self.buffer.len() {
                return;
            }
            self.mark.pointer += 1;
            if matches!(ch, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
                || (ch == '\r' && self.peek(0) != '\n')
            {
                self.mark.line += 1;
                self.mark.column = 0;
            } else if ch != '\u{feff}' {
                self.mark.column += 1;
            }
        }
    }

    pub fn error(&self, problem: String) -> SyntaxError {
        SyntaxError {
            problem,
            mark: self.mark,
        }
    }

    fn push(&mut self, kind: Kind, start: Mark) {
        let end = self.mark;
        self.tokens.push(Token::new(kind, start, end));
    }

    fn fetch_more_tokens(&mut self) -> Scan<()> {
        self.scan_to_next_token();
        self.stale_possible_simple_keys()?;
        self.unwind_indent(self.mark.column as isize);
        let ch = self.peek(0);
        let at_line_start = self.mark.column == 0;
        let document_marker =
            |marker: &str| at_line_start && self.prefix(3) == marker && blank_or_end(self.peek(3));
        match ch {
            '\0' => self.fetch_stream_end(),
            '%' if at_line_start => self.fetch_directive(),
            '-' if document_marker("---") => self.fetch_document_indicator(Kind::DocumentStart),
            '.' if document_marker("...") => self.fetch_document_indicator(Kind::DocumentEnd),
            '[' => self.fetch_flow_collection_start(Kind::FlowSequenceStart),
            '{' => self.fetch_flow_collection_start(Kind::FlowMappingStart),
            ']' => self.fetch_flow_collection_end(Kind::FlowSequenceEnd),
            '}' => self.fetch_flow_collection_end(Kind::FlowMappingEnd),
            ',' => self.fetch_flow_entry(),
            '-' if blank_or_end(self.peek(1)) => self.fetch_block_entry(),
            '?' if self.flow_level > 0 || blank_or_end(self.peek(1)) => self.fetch_key(),
            ':' if self.flow_level > 0 || blank_or_end(self.peek(1)) => self.fetch_value(),
            '*' => self.fetch_node_property(Kind::Alias),
            '&' => self.fetch_node_property(Kind::Anchor),
            '!' => self.fetch_node_property(Kind::Tag),
            '|' | '>' if self.flow_level == 0 => {
                self.allow_simple_key = true;
                self.remove_possible_simple_key()?;
                let token = self.scan_block_scalar(ch)?;
                self.tokens.push(token);
                Ok(())
            }
            '\'' | '"' => {
                self.save_possible_simple_key()?;
                self.allow_simple_key = false;
                let token = self.scan_flow_scalar(ch)?;
                self.tokens.push(token);
                Ok(())
            }
            _ if self.check_plain() => {
                self.save_possible_simple_key()?;
                self.allow_simple_key = false;
                let token = self.scan_plain()?;
                self.tokens.push(token);
                Ok(())
            }
            _ => Err(self.error(format!(
                "found character {} that cannot start any token",
                repr(ch)
            ))),
        }
    }

    fn check_plain(&self) -> bool {
        let ch = self.peek(0);
        let indicator = blank_or_end(ch) || "-?:,[]{}#&*!|>'\"%@`".contains(ch);
        !indicator
            || (!blank_or_end(self.peek(1))
                && (ch == '-' || (self.flow_level == 0 && matches!(ch, '?' | ':'))))
    }

    fn stale_possible_simple_keys(&mut self) -> Scan<()> {
        let (line, index) = (self.mark.line, self.mark.pointer);
        let stale: Vec<usize> = self
            .possible_simple_keys
            .iter()
            .filter(|(_, key)| key.line != line || index - key.index > 1024)
            .map(|(level, _)| *level)
            .collect();
        for level in stale {
            if self.possible_simple_keys[&level].required {
                return Err(self.error("could not find expected ':'".into()));
            }
            self.possible_simple_keys.remove(&level);
        }
        Ok(())
    }

    fn save_possible_simple_key(&mut self) -> Scan<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.allow_simple_key {
            self.remove_possible_simple_key()?;
            let key = SimpleKey {
                token_number: self.tokens.len(),
                required,
                index: self.mark.pointer,
                line: self.mark.line,
                column: self.mark.column,
                mark: self.mark,
            };
            self.possible_simple_keys.insert(self.flow_level, key);
        }
        Ok(())
    }

    fn remove_possible_simple_key(&mut self) -> Scan<()> {
        if let Some(key) = self.possible_simple_keys.remove(&self.flow_level) {
            if key.required {
                return Err(self.error("could not find expected ':'".into()));
            }
        }
        Ok(())
    }

    fn unwind_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.indent = self.indents.pop().unwrap_or(-1);
            self.push(Kind::BlockEnd, self.mark);
        }
    }

    fn add_indent(&mut self, column: isize) -> bool {
        if self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
            return true;
        }
        false
    }

    fn fetch_stream_end(&mut self) -> Scan<()> {
        self.unwind_indent(-1);
        self.remove_possible_simple_key()?;
        self.allow_simple_key = false;
        self.possible_simple_keys.clear();
        self.push(Kind::StreamEnd, self.mark);
        self.done = true;
        Ok(())
    }

    fn fetch_directive(&mut self) -> Scan<()> {
        self.unwind_indent(-1);
        self.remove_possible_simple_key()?;
        self.allow_simple_key = false;
        let token = self.scan_directive()?;
        self.tokens.push(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: Kind) -> Scan<()> {
        self.unwind_indent(-1);
        self.remove_possible_simple_key()?;
        self.allow_simple_key = false;
        let start = self.mark;
        self.forward(3);
        self.push(kind, start);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: Kind) -> Scan<()> {
        self.save_possible_simple_key()?;
        self.flow_level += 1;
        self.allow_simple_key = true;
        self.fetch_indicator(kind);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: Kind) -> Scan<()> {
        self.remove_possible_simple_key()?;
        self.flow_level = self.flow_level.saturating_sub(1);
        self.allow_simple_key = false;
        self.fetch_indicator(kind);
        Ok(())
    }

    /// A one-character token.
    fn fetch_indicator(&mut self, kind: Kind) {
        let start = self.mark;
        self.forward(1);
        self.push(kind, start);
    }

    fn fetch_flow_entry(&mut self) -> Scan<()> {
        self.allow_simple_key = true;
        self.remove_possible_simple_key()?;
        self.fetch_indicator(Kind::FlowEntry);
        Ok(())
    }

    /// `-` or `?` in block context opens a collection where the indentation grows.
    fn block_indicator(&mut self, collection: Kind, refused: &str) -> Scan<()> {
        if self.flow_level == 0 {
            if !self.allow_simple_key {
                return Err(self.error(refused.into()));
            }
            if self.add_indent(self.mark.column as isize) {
                self.push(collection, self.mark);
            }
        }
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Scan<()> {
        self.block_indicator(
            Kind::BlockSequenceStart,
            "sequence entries are not allowed here",
        )?;
        self.allow_simple_key = true;
        self.remove_possible_simple_key()?;
        self.fetch_indicator(Kind::BlockEntry);
        Ok(())
    }

    fn fetch_key(&mut self) -> Scan<()> {
        self.block_indicator(Kind::BlockMappingStart, "mapping keys are not allowed here")?;
        self.allow_simple_key = self.flow_level == 0;
        self.remove_possible_simple_key()?;
        self.fetch_indicator(Kind::Key);
        Ok(())
    }

    fn fetch_value(&mut self) -> Scan<()> {
        if let Some(key) = self.possible_simple_keys.remove(&self.flow_level) {
            let at = key.token_number;
            self.tokens
                .insert(at, Token::new(Kind::Key, key.mark, key.mark));
            if self.flow_level == 0 && self.add_indent(key.column as isize) {
                self.tokens
                    .insert(at, Token::new(Kind::BlockMappingStart, key.mark, key.mark));
            }
            self.allow_simple_key = false;
        } else {
            if self.flow_level == 0 && !self.allow_simple_key {
                return Err(self.error("mapping values are not allowed here".into()));
            }
            if self.flow_level == 0 && self.add_indent(self.mark.column as isize) {
                self.push(Kind::BlockMappingStart, self.mark);
            }
            self.allow_simple_key = self.flow_level == 0;
            self.remove_possible_simple_key()?;
        }
        self.fetch_indicator(Kind::Value);
        Ok(())
    }

    fn fetch_node_property(&mut self, kind: Kind) -> Scan<()> {
        self.save_possible_simple_key()?;
        self.allow_simple_key = false;
        let token = match kind {
            Kind::Tag => self.scan_tag()?,
            _ => self.scan_anchor(kind)?,
        };
        self.tokens.push(token);
        Ok(())
    }

    fn scan_to_next_token(&mut self) {
        if self.mark.pointer == 0 && self.peek(0) == '\u{feff}' {
            self.forward(1);
        }
        loop {
            while self.peek(0) == ' ' {
                self.forward(1);
            }
            if self.peek(0) == '#' {
                while !line_break_or_end(self.peek(0)) {
                    self.forward(1);
                }
            }
            if self.scan_line_break().is_empty() {
                return;
            }
            if self.flow_level == 0 {
                self.allow_simple_key = true;
            }
        }
    }

    /// Consumes a line break; returns it normalized as PyYAML does (`""` when there is none).
    pub fn scan_line_break(&mut self) -> String {
        match self.peek(0) {
            '\r' | '\n' | '\u{85}' => {
                let length = if self.prefix(2) == "\r\n" { 2 } else { 1 };
                self.forward(length);
                "\n".into()
            }
            ch @ ('\u{2028}' | '\u{2029}') => {
                self.forward(1);
                ch.to_string()
            }
            _ => String::new(),
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek(0) == ' ' {
            self.forward(1);
        }
    }

    fn scan_directive(&mut self) -> Scan<Token> {
        let start = self.mark;
        self.forward(1);
        let name = self.scan_directive_name()?;
        let mut token = Token::new(Kind::Directive, start, start);
        match name.as_str() {
            "YAML" => {
                self.skip_spaces();
                let major = self.scan_directive_number()?;
                if self.peek(0) != '.' {
                    return Err(self.error(format!(
                        "expected a digit or '.', but found {}",
                        repr(self.peek(0))
                    )));
                }
                self.forward(1);
                let minor = self.scan_directive_number()?;
                if !blank_or_end(self.peek(0)) || self.peek(0) == '\t' {
                    return Err(self.error(format!(
                        "expected a digit or ' ', but found {}",
                        repr(self.peek(0))
                    )));
                }
                token.version = Some((major, minor));
                token.end = self.mark;
            }
            "TAG" => {
                self.skip_spaces();
                let handle = self.scan_tag_handle("directive")?;
                if self.peek(0) != ' ' {
                    return Err(
                        self.error(format!("expected ' ', but found {}", repr(self.peek(0))))
                    );
                }
                self.skip_spaces();
                self.scan_tag_uri("directive")?;
                if !blank_or_end(self.peek(0)) || self.peek(0) == '\t' {
                    return Err(
                        self.error(format!("expected ' ', but found {}", repr(self.peek(0))))
                    );
                }
                token.handle = Some(handle);
                token.end = self.mark;
            }
            _ => {
                token.end = self.mark;
                while !line_break_or_end(self.peek(0)) {
                    self.forward(1);
                }
            }
        }
        token.value = name;
        self.skip_spaces();
        if self.peek(0) == '#' {
            while !line_break_or_end(self.peek(0)) {
                self.forward(1);
            }
        }
        if !line_break_or_end(self.peek(0)) {
            return Err(self.error(format!(
                "expected a comment or a line break, but found {}",
                repr(self.peek(0))
            )));
        }
        self.scan_line_break();
        Ok(token)
    }

    /// A run of `[0-9A-Za-z_-]` characters from `offset`: its length.
    fn word_length(&self, offset: usize) -> usize {
        let mut length = 0;
        while matches!(self.peek(offset + length), '0'..='9' | 'A'..='Z' | 'a'..='z' | '-' | '_') {
            length += 1;
        }
        length
    }

    fn scan_directive_name(&mut self) -> Scan<String> {
        let length = self.word_length(0);
        let found = self.peek(length);
        let bad = || {
            format!(
                "expected alphabetic or numeric character, but found {}",
                repr(found)
            )
        };
        if length == 0 {
            return Err(self.error(bad()));
        }
        let name = self.prefix(length);
        self.forward(length);
        if !blank_or_end(self.peek(0)) || self.peek(0) == '\t' {
            return Err(self.error(bad()));
        }
        Ok(name)
    }

    fn scan_directive_number(&mut self) -> Scan<u32> {
        if !self.peek(0).is_ascii_digit() {
            return Err(self.error(format!(
                "expected a digit, but found {}",
                repr(self.peek(0))
            )));
        }
        let mut length = 0;
        while self.peek(length).is_ascii_digit() {
            length += 1;
        }
        let value = self.prefix(length).parse().unwrap_or(u32::MAX);
        self.forward(length);
        Ok(value)
    }

    fn scan_anchor(&mut self, kind: Kind) -> Scan<Token> {
        let start = self.mark;
        self.forward(1);
        let length = self.word_length(0);
        let bad = |ch| {
            format!(
                "expected alphabetic or numeric character, but found {}",
                repr(ch)
            )
        };
        if length == 0 {
            return Err(self.error(bad(self.peek(0))));
        }
        let value = self.prefix(length);
        self.forward(length);
        let ch = self.peek(0);
        if !(blank_or_end(ch) || "?:,]}%@`".contains(ch)) {
            return Err(self.error(bad(ch)));
        }
        let mut token = Token::new(kind, start, self.mark);
        token.value = value;
        Ok(token)
    }

    fn scan_tag(&mut self) -> Scan<Token> {
        let start = self.mark;
        let ch = self.peek(1);
        let handle;
        let suffix;
        if ch == '<' {
            handle = None;
            self.forward(2);
            suffix = self.scan_tag_uri("tag")?;
            if self.peek(0) != '>' {
                return Err(self.error(format!("expected '>', but found {}", repr(self.peek(0)))));
            }
            self.forward(1);
        } else if blank_or_end(ch) {
            handle = None;
            suffix = "!".to_string();
            self.forward(1);
        } else {
            let mut length = 1;
            let mut use_handle = false;
            let mut ch = ch;
            while !blank_or_end(ch) || ch == '\t' {
                if ch == '!' {
                    use_handle = true;
                    break;
                }
                length += 1;
                ch = self.peek(length);
            }
            if use_handle {
                handle = Some(self.scan_tag_handle("tag")?);
            } else {
                handle = Some("!".to_string());
                self.forward(1);
            }
            suffix = self.scan_tag_uri("tag")?;
        }
        let ch = self.peek(0);
        if !blank_or_end(ch) || ch == '\t' {
            return Err(self.error(format!("expected ' ', but found {}", repr(ch))));
        }
        let mut token = Token::new(Kind::Tag, start, self.mark);
        token.handle = handle;
        token.value = suffix;
        Ok(token)
    }

    fn scan_tag_handle(&mut self, _name: &str) -> Scan<String> {
        let ch = self.peek(0);
        if ch != '!' {
            return Err(self.error(format!("expected '!', but found {}", repr(ch))));
        }
        let mut length = 1;
        if self.peek(1) != ' ' {
            length += self.word_length(1);
            let ch = self.peek(length);
            if ch != '!' {
                self.forward(length);
                return Err(self.error(format!("expected '!', but found {}", repr(ch))));
            }
            length += 1;
        }
        let value = self.prefix(length);
        self.forward(length);
        Ok(value)
    }

    /// A tag's URI as written (escapes kept).
    fn scan_tag_uri(&mut self, _name: &str) -> Scan<String> {
        let start = self.mark.pointer;
        loop {
            let ch = self.peek(0);
            if ch == '%' {
                self.forward(1);
                for k in 0..2 {
                    if !self.peek(k).is_ascii_hexdigit() {
                        return Err(self.error(format!(
                            "expected URI escape sequence of 2 hexadecimal numbers, but found {}",
                            repr(self.peek(k))
                        )));
                    }
                }
                self.forward(2);
            } else if ch.is_ascii_alphanumeric() || "-;/?:@&=+$,_.!~*'()[]".contains(ch) {
                self.forward(1);
            } else {
                break;
            }
        }
        if self.mark.pointer == start {
            return Err(self.error(format!("expected URI, but found {}", repr(self.peek(0)))));
        }
        Ok(self.buffer[start..self.mark.pointer].iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, usize, usize)> {
        let buffer: Vec<char> = text.chars().chain(['\0']).collect();
        let scanned = scan(&buffer);
        assert_eq!(scanned.error, None);
        scanned
            .tokens
            .iter()
            .map(|t| (t.kind, t.start.pointer, t.end.pointer))
            .collect()
    }

    #[test]
    fn simple_keys_are_inserted_before_their_scalar() {
        use Kind::*;
        assert_eq!(
            kinds("a: [1, 2 ]\n"),
            [
                (StreamStart, 0, 0),
                (BlockMappingStart, 0, 0),
                (Key, 0, 0),
                (Scalar, 0, 1),
                (Value, 1, 2),
                (FlowSequenceStart, 3, 4),
                (Scalar, 4, 5),
                (FlowEntry, 5, 6),
                (Scalar, 7, 8),
                (FlowSequenceEnd, 9, 10),
                (BlockEnd, 11, 11),
                (StreamEnd, 11, 11),
            ]
        );
    }

    #[test]
    fn errors_name_the_character() {
        let buffer: Vec<char> = "a: @x\n\0".chars().collect();
        let error = scan(&buffer).error.unwrap();
        assert_eq!(
            error.problem,
            "found character '@' that cannot start any token"
        );
        assert_eq!((error.mark.line, error.mark.column), (0, 3));
        assert_eq!(repr('\t'), "'\\t'");
        assert_eq!(repr('\''), "\"'\"");
    }
}

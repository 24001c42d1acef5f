//! The lexer of Go's `text/template`: text, delimiters with trim markers, comments, and the
//! tokens inside actions. Error texts are Go's.

/// Kinds of lexical items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl ItemKind {
    fn keyword(word: &str) -> Option<ItemKind> {
        Some(match word {
            "." => ItemKind::Dot,
            "block" => ItemKind::Block,
            "break" => ItemKind::Break,
            "continue" => ItemKind::Continue,
            "define" => ItemKind::Define,
            "else" => ItemKind::Else,
            "end" => ItemKind::End,
            "if" => ItemKind::If,
            "range" => ItemKind::Range,
            "nil" => ItemKind::Nil,
            "template" => ItemKind::Template,
            "with" => ItemKind::With,
            _ => return None,
        })
    }

    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            ItemKind::Block
                | ItemKind::Break
                | ItemKind::Continue
                | ItemKind::Dot
                | ItemKind::Define
                | ItemKind::Else
                | ItemKind::End
                | ItemKind::If
                | ItemKind::Nil
                | ItemKind::Range
                | ItemKind::Template
                | ItemKind::With
        )
    }
}

/// A lexical item: kind, byte offset and text (a slice of the template; empty for an error,
/// whose message is [`Lexer::error`]). Its line is not kept: it is counted from the offset
/// when an error needs it, as counting lines for every token was a tenth of lexing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item<'a> {
    pub kind: ItemKind,
    pub pos: usize,
    pub val: &'a str,
}

impl std::fmt::Display for Item<'_> {
    /// Go's `item.String()`, used in "unexpected X in Y" messages (not for errors).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            ItemKind::Eof => f.write_str("EOF"),
            k if k.is_keyword() => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", crate::fmt::quote(&head))
            }
            _ => f.write_str(&crate::fmt::quote(self.val)),
        }
    }
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";

/// The first occurrence of a two-character ASCII delimiter: a search for its first character
/// (a fast byte search) and a check of the next; `str::find` set up a general substring
/// searcher on every call, a visible share of parsing.
fn find(hay: &str, delim: &str) -> Option<usize> {
    let first = char::from(delim.as_bytes()[0]);
    let mut from = 0;
    while let Some(i) = hay[from..].find(first) {
        let at = from + i;
        if hay[at..].starts_with(delim) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Go's `unicode.IsLetter || unicode.IsDigit || '_'` (Rust's classes are a close superset);
/// ASCII, nearly every character of a template, is decided without the Unicode tables.
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphabetic() || c.is_numeric()
    }
}

/// A left trim marker is `-` followed by a space character.
fn has_left_trim_marker(s: &str) -> bool {
    let mut it = s.chars();
    it.next() == Some('-') && it.next().is_some_and(is_space)
}

/// A right trim marker is a space character followed by `-`.
fn has_right_trim_marker(s: &str) -> bool {
    let mut it = s.chars();
    it.next().is_some_and(is_space) && it.next() == Some('-')
}

const TRIM_MARKER_LEN: usize = 2;

/// The lexer: call [`Lexer::next_item`] until `Eof` or `Error`.
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    paren_depth: usize,
    inside_action: bool,
    done: bool,
    /// The message of the `Error` item that ended the input.
    pub error: Option<String>,
}

/// The 1-based line of byte `pos` of `input`.
pub fn line_of(input: &str, pos: usize) -> usize {
    let before = input.as_bytes().get(..pos).unwrap_or(input.as_bytes());
    1 + before.iter().filter(|&&c| c == b'\n').count()
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            input,
            pos: 0,
            start: 0,
            paren_depth: 0,
            inside_action: false,
            done: false,
            error: None,
        }
    }

    fn item(&mut self, kind: ItemKind) -> Item<'a> {
        let item = Item {
            kind,
            pos: self.start,
            val: &self.input[self.start..self.pos],
        };
        self.start = self.pos;
        item
    }

    fn error(&mut self, msg: String) -> Item<'a> {
        self.done = true;
        self.error = Some(msg);
        Item {
            kind: ItemKind::Error,
            pos: self.start,
            val: "",
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    /// The next character; an ASCII byte is taken as it is, without decoding UTF-8 (lexing
    /// is a third of a large chart's parse, and this its most frequent step).
    fn peek(&self) -> Option<char> {
        match self.input.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    /// Whether the input is at `}}`, possibly preceded by a trim marker: (at delim, trim).
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        (rest.starts_with(RIGHT_DELIM), false)
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT_DELIM),
        }
    }

    /// The next item; after `Eof` or `Error` it keeps returning `Eof`.
    pub fn next_item(&mut self) -> Item<'a> {
        if self.done {
            return Item {
                kind: ItemKind::Eof,
                pos: self.pos,
                val: "",
            };
        }
        loop {
            let produced = if self.inside_action {
                self.lex_inside_action()
            } else {
                self.lex_text()
            };
            if let Some(item) = produced {
                if item.kind == ItemKind::Eof {
                    self.done = true;
                }
                return item;
            }
        }
    }

    fn lex_text(&mut self) -> Option<Item<'a>> {
        let Some(x) = find(self.rest(), LEFT_DELIM) else {
            self.pos = self.input.len();
            if self.pos > self.start {
                return Some(self.item(ItemKind::Text));
            }
            return Some(self.item(ItemKind::Eof));
        };
        if x > 0 {
            self.pos += x;
            let delim_end = self.pos + LEFT_DELIM.len();
            let trim = if has_left_trim_marker(&self.input[delim_end..]) {
                let text = &self.input[self.start..self.pos];
                text.len() - text.trim_end_matches(is_space).len()
            } else {
                0
            };
            self.pos -= trim;
            let item = self.item(ItemKind::Text);
            self.pos += trim;
            self.start = self.pos;
            if !item.val.is_empty() {
                return Some(item);
            }
        }
        self.lex_left_delim()
    }

    fn lex_left_delim(&mut self) -> Option<Item<'a>> {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(self.rest());
        let after = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after..].starts_with(LEFT_COMMENT) {
            self.pos += after;
            self.start = self.pos;
            return self.lex_comment();
        }
        let item = self.item(ItemKind::LeftDelim);
        self.inside_action = true;
        self.pos += after;
        self.start = self.pos;
        self.paren_depth = 0;
        Some(item)
    }

    fn lex_comment(&mut self) -> Option<Item<'a>> {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = find(self.rest(), RIGHT_COMMENT) else {
            return Some(self.error("unclosed comment".into()));
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return Some(self.error("comment ends before closing delimiter".into()));
        }
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            self.pos += self.rest().len() - self.rest().trim_start_matches(is_space).len();
        }
        self.start = self.pos;
        None
    }

    fn lex_right_delim(&mut self) -> Option<Item<'a>> {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.start = self.pos;
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.item(ItemKind::RightDelim);
        if trim {
            self.pos += self.rest().len() - self.rest().trim_start_matches(is_space).len();
            self.start = self.pos;
        }
        self.inside_action = false;
        Some(item)
    }

    fn lex_inside_action(&mut self) -> Option<Item<'a>> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return self.lex_right_delim();
            }
            return Some(self.error("unclosed left paren".into()));
        }
        let Some(c) = self.next_char() else {
            return Some(self.error("unclosed action".into()));
        };
        Some(match c {
            '=' => self.item(ItemKind::Assign),
            ':' => {
                if self.next_char() != Some('=') {
                    return Some(self.error("expected :=".into()));
                }
                self.item(ItemKind::Declare)
            }
            '|' => self.item(ItemKind::Pipe),
            '(' => {
                self.paren_depth += 1;
                self.item(ItemKind::LeftParen)
            }
            ')' => {
                if self.paren_depth == 0 {
                    return Some(self.error("unexpected right paren".into()));
                }
                self.paren_depth -= 1;
                self.item(ItemKind::RightParen)
            }
            c if is_space(c) => {
                self.pos -= c.len_utf8();
                return self.lex_space();
            }
            '"' => return Some(self.lex_quote()),
            '`' => return Some(self.lex_raw_quote()),
            '$' => return Some(self.lex_variable()),
            '\'' => return Some(self.lex_char()),
            '.' => {
                if self.peek().is_none_or(|n| !n.is_ascii_digit()) {
                    return Some(self.lex_field_or_variable(ItemKind::Field));
                }
                self.pos -= 1;
                return Some(self.lex_number());
            }
            '+' | '-' | '0'..='9' => {
                self.pos -= 1;
                return Some(self.lex_number());
            }
            c if is_alphanumeric(c) => {
                self.pos -= c.len_utf8();
                return Some(self.lex_identifier());
            }
            c if c.is_ascii() && !c.is_ascii_control() => self.item(ItemKind::Char),
            c => {
                return Some(self.error(format!(
                    "unrecognized character in action: {}",
                    go_char_u(c)
                )))
            }
        })
    }

    fn lex_space(&mut self) -> Option<Item<'a>> {
        let mut spaces = 0;
        while self.peek().is_some_and(is_space) {
            self.next_char();
            spaces += 1;
        }
        // A space followed by `-}}` belongs to the trim-marked right delimiter.
        let before = self.pos - 1;
        if has_right_trim_marker(&self.input[before..])
            && self.input[before + TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM)
        {
            self.pos = before;
            if spaces == 1 {
                return self.lex_right_delim();
            }
        }
        Some(self.item(ItemKind::Space))
    }

    /// Moves past a run of letters, digits and `_`, ASCII ones a byte at a time.
    fn skip_alphanumeric(&mut self) {
        while let Some(&b) = self.input.as_bytes().get(self.pos) {
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.pos += 1;
            } else if b.is_ascii() {
                return;
            } else {
                match self.peek() {
                    Some(c) if is_alphanumeric(c) => self.pos += c.len_utf8(),
                    _ => return,
                }
            }
        }
    }

    fn lex_identifier(&mut self) -> Item<'a> {
        self.skip_alphanumeric();
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\0');
            return self.error(format!("bad character {}", go_char_u(c)));
        }
        let word = &self.input[self.start..self.pos];
        let kind = match ItemKind::keyword(word) {
            Some(k) => k,
            None if word == "true" || word == "false" => ItemKind::Bool,
            None => ItemKind::Identifier,
        };
        self.item(kind)
    }

    fn lex_variable(&mut self) -> Item<'a> {
        if self.at_terminator() {
            return self.item(ItemKind::Variable);
        }
        self.lex_field_or_variable(ItemKind::Variable)
    }

    fn lex_field_or_variable(&mut self, kind: ItemKind) -> Item<'a> {
        if self.at_terminator() {
            let k = if kind == ItemKind::Variable {
                ItemKind::Variable
            } else {
                ItemKind::Dot
            };
            return self.item(k);
        }
        self.skip_alphanumeric();
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\0');
            return self.error(format!("bad character {}", go_char_u(c)));
        }
        self.item(kind)
    }

    fn lex_char(&mut self) -> Item<'a> {
        loop {
            match self.next_char() {
                Some('\\') => match self.next_char() {
                    Some('\n') | None => {
                        return self.error("unterminated character constant".into())
                    }
                    Some(_) => {}
                },
                Some('\n') | None => return self.error("unterminated character constant".into()),
                Some('\'') => return self.item(ItemKind::CharConstant),
                Some(_) => {}
            }
        }
    }

    fn lex_quote(&mut self) -> Item<'a> {
        loop {
            match self.next_char() {
                Some('\\') => match self.next_char() {
                    Some('\n') | None => return self.error("unterminated quoted string".into()),
                    Some(_) => {}
                },
                Some('\n') | None => return self.error("unterminated quoted string".into()),
                Some('"') => return self.item(ItemKind::String),
                Some(_) => {}
            }
        }
    }

    fn lex_raw_quote(&mut self) -> Item<'a> {
        loop {
            match self.next_char() {
                None => return self.error("unterminated raw quoted string".into()),
                Some('`') => return self.item(ItemKind::RawString),
                Some(_) => {}
            }
        }
    }

    fn lex_number(&mut self) -> Item<'a> {
        if !self.scan_number() {
            let text = self.input[self.start..self.pos].to_string();
            return self.error(format!("bad number syntax: {}", crate::fmt::quote(&text)));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = self.input[self.start..self.pos].to_string();
                return self.error(format!("bad number syntax: {}", crate::fmt::quote(&text)));
            }
            return self.item(ItemKind::Complex);
        }
        self.item(ItemKind::Number)
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alphanumeric) {
            self.next_char();
            return false;
        }
        true
    }
}

/// Go's `%#U`: `U+0040 '@'`.
fn go_char_u(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(ItemKind, String)> {
        let mut l = Lexer::new(input);
        let mut out = Vec::new();
        loop {
            let i = l.next_item();
            let end = matches!(i.kind, ItemKind::Eof | ItemKind::Error);
            let val = l.error.clone().unwrap_or_else(|| i.val.to_string());
            out.push((i.kind, val));
            if end {
                return out;
            }
        }
    }

    #[test]
    fn trims_and_comments() {
        use ItemKind::*;
        assert_eq!(
            kinds("a  {{- .x -}}  b"),
            vec![
                (Text, "a".into()),
                (LeftDelim, "{{".into()),
                (Field, ".x".into()),
                (RightDelim, "}}".into()),
                (Text, "b".into()),
                (Eof, "".into())
            ]
        );
        assert_eq!(
            kinds("a {{- /* c */ -}} b"),
            vec![(Text, "a".into()), (Text, "b".into()), (Eof, "".into())]
        );
        assert_eq!(kinds("{{-3}}")[1], (Number, "-3".into()));
    }

    #[test]
    fn lines_are_counted_from_offsets() {
        let text = "a\nb\n{{ .x }}";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, text.find('{').unwrap()), 3);
        assert_eq!(line_of(text, 1000), 3);
    }

    #[test]
    fn errors_are_gos() {
        assert_eq!(kinds("{{ .x").last().unwrap().1, "unclosed action");
        assert_eq!(kinds("{{/* x").last().unwrap().1, "unclosed comment");
        assert_eq!(
            kinds("{{ 1x }}").last().unwrap().1,
            "bad number syntax: \"1x\""
        );
        assert_eq!(kinds("{{ ( .x }}").last().unwrap().1, "unclosed left paren");
    }
}

//! Scalar tokens as PyYAML scans them: where a plain, quoted or block scalar ends (its end mark
//! is what yamllint's spacing and indentation rules measure from) and its value (which the
//! truthy and key-duplicates rules compare).

use super::scanner::{
    blank_or_end, line_break, line_break_or_end, repr, Kind, Scan, Scanner, Token,
};

/// Whether the next three characters are a document marker followed by a blank.
fn at_document_marker(s: &Scanner) -> bool {
    let prefix = s.prefix(3);
    (prefix == "---" || prefix == "...") && blank_or_end(s.peek(3))
}

fn scalar(start: super::scanner::Mark, s: &Scanner, value: String, style: Option<char>) -> Token {
    let mut token = Token {
        kind: Kind::Scalar,
        start,
        end: s.mark,
        value,
        style,
        handle: None,
        version: None,
    };
    token.end = s.mark;
    token
}

impl Scanner<'_> {
    pub(super) fn scan_block_scalar(&mut self, style: char) -> Scan<Token> {
        let folded = style == '>';
        let start = self.mark;
        self.forward(1);
        let (chomping, increment) = self.scan_block_scalar_indicators()?;
        self.skip_block_scalar_rest_of_line()?;
        let min_indent = (self.indent + 1).max(1) as usize;
        let (mut breaks, mut end, indent) = match increment {
            None => {
                let (breaks, max_indent, end) = self.scan_block_scalar_indentation();
                (breaks, end, min_indent.max(max_indent))
            }
            Some(increment) => {
                let indent = min_indent + increment - 1;
                let (breaks, end) = self.scan_block_scalar_breaks(indent);
                (breaks, end, indent)
            }
        };
        let mut chunks = String::new();
        let mut last_break = String::new();
        while self.mark.column == indent && self.peek(0) != '\0' {
            chunks.extend(breaks.drain(..));
            let leading_non_space = !matches!(self.peek(0), ' ' | '\t');
            let mut length = 0;
            while !line_break_or_end(self.peek(length)) {
                length += 1;
            }
            chunks.push_str(&self.prefix(length));
            self.forward(length);
            last_break = self.scan_line_break();
            let (next_breaks, next_end) = self.scan_block_scalar_breaks(indent);
            breaks = next_breaks;
            end = next_end;
            if self.mark.column == indent && self.peek(0) != '\0' {
                if folded
                    && last_break == "\n"
                    && leading_non_space
                    && !matches!(self.peek(0), ' ' | '\t')
                {
                    if breaks.is_empty() {
                        chunks.push(' ');
                    }
                } else {
                    chunks.push_str(&last_break);
                }
            } else {
                break;
            }
        }
        if chomping != Some(false) {
            chunks.push_str(&last_break);
        }
        if chomping == Some(true) {
            chunks.extend(breaks);
        }
        let mut token = scalar(start, self, chunks, Some(style));
        token.end = end;
        Ok(token)
    }

    /// `+`/`-` and the indentation digit, in either order.
    fn scan_block_scalar_indicators(&mut self) -> Scan<(Option<bool>, Option<usize>)> {
        let mut chomping = None;
        let mut increment = None;
        let zero = "expected indentation indicator in the range 1-9, but found 0";
        let mut read_chomping = |s: &mut Self| {
            if matches!(s.peek(0), '+' | '-') {
                chomping = Some(s.peek(0) == '+');
                s.forward(1);
                true
            } else {
                false
            }
        };
        let read_increment = |s: &mut Self| -> Scan<bool> {
            match s.peek(0).to_digit(10) {
                Some(0) => Err(s.error(zero.into())),
                Some(digit) => {
                    increment = Some(digit as usize);
                    s.forward(1);
                    Ok(true)
                }
                None => Ok(false),
            }
        };
        let mut read_increment = read_increment;
        if read_chomping(self) {
            read_increment(self)?;
        } else if read_increment(self)? {
            read_chomping(self);
        }
        let ch = self.peek(0);
        if !blank_or_end(ch) || ch == '\t' {
            return Err(self.error(format!(
                "expected chomping or indentation indicators, but found {}",
                repr(ch)
            )));
        }
        Ok((chomping, increment))
    }

    fn skip_block_scalar_rest_of_line(&mut self) -> Scan<()> {
        while self.peek(0) == ' ' {
            self.forward(1);
        }
        if self.peek(0) == '#' {
            while !line_break_or_end(self.peek(0)) {
                self.forward(1);
            }
        }
        let ch = self.peek(0);
        if !line_break_or_end(ch) {
            return Err(self.error(format!(
                "expected a comment or a line break, but found {}",
                repr(ch)
            )));
        }
        self.scan_line_break();
        Ok(())
    }

    fn scan_block_scalar_indentation(&mut self) -> (Vec<String>, usize, super::scanner::Mark) {
        let mut breaks = Vec::new();
        let mut max_indent = 0;
        let mut end = self.mark;
        while self.peek(0) == ' ' || line_break(self.peek(0)) {
            if self.peek(0) != ' ' {
                breaks.push(self.scan_line_break());
                end = self.mark;
            } else {
                self.forward(1);
                max_indent = max_indent.max(self.mark.column);
            }
        }
        (breaks, max_indent, end)
    }

    fn scan_block_scalar_breaks(&mut self, indent: usize) -> (Vec<String>, super::scanner::Mark) {
        let mut breaks = Vec::new();
        let mut end = self.mark;
        while self.mark.column < indent && self.peek(0) == ' ' {
            self.forward(1);
        }
        while line_break(self.peek(0)) {
            breaks.push(self.scan_line_break());
            end = self.mark;
            while self.mark.column < indent && self.peek(0) == ' ' {
                self.forward(1);
            }
        }
        (breaks, end)
    }

    pub(super) fn scan_flow_scalar(&mut self, quote: char) -> Scan<Token> {
        let double = quote == '"';
        let start = self.mark;
        self.forward(1);
        let mut value = String::new();
        self.scan_flow_scalar_non_spaces(double, &mut value)?;
        while self.peek(0) != quote {
            self.scan_flow_scalar_spaces(double, &mut value)?;
            self.scan_flow_scalar_non_spaces(double, &mut value)?;
        }
        self.forward(1);
        Ok(scalar(start, self, value, Some(quote)))
    }

    fn scan_flow_scalar_non_spaces(&mut self, double: bool, value: &mut String) -> Scan<()> {
        loop {
            let mut length = 0;
            while !(blank_or_end(self.peek(length))
                || matches!(self.peek(length), '\'' | '"' | '\\'))
            {
                length += 1;
            }
            value.push_str(&self.prefix(length));
            self.forward(length);
            let ch = self.peek(0);
            if !double && ch == '\'' && self.peek(1) == '\'' {
                value.push('\'');
                self.forward(2);
            } else if (double && ch == '\'') || (!double && matches!(ch, '"' | '\\')) {
                value.push(ch);
                self.forward(1);
            } else if double && ch == '\\' {
                self.forward(1);
                let ch = self.peek(0);
                if let Some(replacement) = escape(ch) {
                    value.push(replacement);
                    self.forward(1);
                } else if let Some(length) = match ch {
                    'x' => Some(2),
                    'u' => Some(4),
                    'U' => Some(8),
                    _ => None,
                } {
                    self.forward(1);
                    for k in 0..length {
                        if !self.peek(k).is_ascii_hexdigit() {
                            return Err(self.error(format!(
                                "expected escape sequence of {length} hexadecimal numbers, but found {}",
                                repr(self.peek(k))
                            )));
                        }
                    }
                    let code = u32::from_str_radix(&self.prefix(length), 16).unwrap_or(0xfffd);
                    value.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    self.forward(length);
                } else if line_break(ch) {
                    self.scan_line_break();
                    self.scan_flow_scalar_breaks(value)?;
                } else {
                    return Err(self.error(format!("found unknown escape character {}", repr(ch))));
                }
            } else {
                return Ok(());
            }
        }
    }

    fn scan_flow_scalar_spaces(&mut self, _double: bool, value: &mut String) -> Scan<()> {
        let mut length = 0;
        while matches!(self.peek(length), ' ' | '\t') {
            length += 1;
        }
        let whitespace = self.prefix(length);
        self.forward(length);
        let ch = self.peek(0);
        if ch == '\0' {
            return Err(self.error("found unexpected end of stream".into()));
        }
        if line_break(ch) {
            let first = self.scan_line_break();
            let mut breaks = String::new();
            self.scan_flow_scalar_breaks(&mut breaks)?;
            if first != "\n" {
                value.push_str(&first);
            } else if breaks.is_empty() {
                value.push(' ');
            }
            value.push_str(&breaks);
        } else {
            value.push_str(&whitespace);
        }
        Ok(())
    }

    fn scan_flow_scalar_breaks(&mut self, value: &mut String) -> Scan<()> {
        loop {
            if at_document_marker(self) {
                return Err(self.error("found unexpected document separator".into()));
            }
            while matches!(self.peek(0), ' ' | '\t') {
                self.forward(1);
            }
            if line_break(self.peek(0)) {
                value.push_str(&self.scan_line_break());
            } else {
                return Ok(());
            }
        }
    }

    pub(super) fn scan_plain(&mut self) -> Scan<Token> {
        let start = self.mark;
        let mut end = start;
        let indent = self.indent + 1;
        let mut value = String::new();
        let mut spaces: Option<String> = Some(String::new());
        loop {
            if self.peek(0) == '#' {
                break;
            }
            let mut length = 0;
            loop {
                let ch = self.peek(length);
                let after = self.peek(length + 1);
                let ends_value = ch == ':'
                    && (blank_or_end(after)
                        || (self.flow_level > 0 && matches!(after, ',' | '[' | ']' | '{' | '}')));
                if blank_or_end(ch)
                    || ends_value
                    || (self.flow_level > 0 && matches!(ch, ',' | '?' | '[' | ']' | '{' | '}'))
                {
                    break;
                }
                length += 1;
            }
            if length == 0 {
                break;
            }
            self.allow_simple_key = false;
            value.push_str(spaces.as_deref().unwrap_or_default());
            value.push_str(&self.prefix(length));
            self.forward(length);
            end = self.mark;
            spaces = self.scan_plain_spaces();
            match &spaces {
                None => break,
                Some(s) if s.is_empty() => break,
                Some(_) => {}
            }
            if self.peek(0) == '#' || (self.flow_level == 0 && (self.mark.column as isize) < indent)
            {
                break;
            }
        }
        let mut token = scalar(start, self, value, None);
        token.end = end;
        Ok(token)
    }

    /// The whitespace after a plain scalar's chunk, folded; `None` at a document marker.
    fn scan_plain_spaces(&mut self) -> Option<String> {
        let mut length = 0;
        while self.peek(length) == ' ' {
            length += 1;
        }
        let whitespace = self.prefix(length);
        self.forward(length);
        if !line_break(self.peek(0)) {
            return Some(whitespace);
        }
        let first = self.scan_line_break();
        self.allow_simple_key = true;
        if at_document_marker(self) {
            return None;
        }
        let mut breaks = String::new();
        while self.peek(0) == ' ' || line_break(self.peek(0)) {
            if self.peek(0) == ' ' {
                self.forward(1);
            } else {
                breaks.push_str(&self.scan_line_break());
                if at_document_marker(self) {
                    return None;
                }
            }
        }
        let mut chunks = String::new();
        if first != "\n" {
            chunks.push_str(&first);
        } else if breaks.is_empty() {
            chunks.push(' ');
        }
        chunks.push_str(&breaks);
        Some(chunks)
    }
}

/// A double-quoted scalar's one-character escapes.
fn escape(ch: char) -> Option<char> {
    Some(match ch {
        '0' => '\0',
        'a' => '\u{07}',
        'b' => '\u{08}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{0b}',
        'f' => '\u{0c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::scanner::scan;
    use super::*;

    fn scalars(text: &str) -> Vec<(String, Option<char>, usize, usize)> {
        let buffer: Vec<char> = text.chars().chain(['\0']).collect();
        let scanned = scan(&buffer);
        assert_eq!(scanned.error, None);
        scanned
            .tokens
            .into_iter()
            .filter(|t| t.kind == Kind::Scalar)
            .map(|t| (t.value, t.style, t.start.pointer, t.end.pointer))
            .collect()
    }

    #[test]
    fn values_and_end_marks_as_pyyaml() {
        // Compared with PyYAML 6.0.4's tokens for the same text.
        assert_eq!(
            scalars("a: |\n  x\n\n\nb: \"q\"\nd: two\n  words  # c\n"),
            [
                ("a".into(), None, 0, 1),
                ("x\n".into(), Some('|'), 3, 11),
                ("b".into(), None, 11, 12),
                ("q".into(), Some('"'), 14, 17),
                ("d".into(), None, 18, 19),
                ("two words".into(), None, 21, 32),
            ]
        );
        assert_eq!(scalars("'it''s'\n")[0].0, "it's");
        assert_eq!(scalars("\"\\x41\\t\"\n")[0].0, "A\t");
    }
}

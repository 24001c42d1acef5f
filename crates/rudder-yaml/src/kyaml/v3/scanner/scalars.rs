//! Scalars: block (`|`, `>`), quoted and plain.

use super::Scanner;
use crate::kyaml::v3::chars::{
    as_digit, as_hex, at, is_blank, is_blankz, is_break, is_breakz, is_digit, is_hex, is_space,
    is_tab, is_z,
};
use crate::kyaml::v3::reader::Mark;
use crate::kyaml::v3::token::{ScalarStyle, Step, Token, TokenKind};

const BLOCK: &str = "while scanning a block scalar";
const QUOTED: &str = "while scanning a quoted scalar";
const ESCAPE: &str = "while parsing a quoted scalar";

impl Scanner<'_> {
    /// Whether `---` or `...` and a blank start the line at the cursor.
    fn at_document_indicator(&self) -> bool {
        let input = self.input();
        let pos = self.r.pos;
        self.r.mark.column == 0
            && ((0..3).all(|k| at(input, pos + k) == b'-')
                || (0..3).all(|k| at(input, pos + k) == b'.'))
            && is_blankz(input, pos + 3)
    }

    pub(super) fn scan_block_scalar(&mut self, literal: bool) -> Step<Token> {
        let start = self.r.mark;
        self.r.skip();
        self.cache(1)?;

        // The chomping and indentation indicators, in either order.
        let mut chomping = 0i8;
        let mut increment = 0isize;
        let chomp = |c: u8| match c {
            b'+' => Some(1),
            b'-' => Some(-1),
            _ => None,
        };
        if let Some(c) = chomp(self.byte(0)) {
            chomping = c;
            self.r.skip();
            self.cache(1)?;
            if is_digit(self.input(), self.r.pos) {
                if self.byte(0) == b'0' {
                    return Err(self.fail(
                        BLOCK,
                        start,
                        "found an indentation indicator equal to 0",
                    ));
                }
                increment = as_digit(self.input(), self.r.pos) as isize;
                self.r.skip();
            }
        } else if is_digit(self.input(), self.r.pos) {
            if self.byte(0) == b'0' {
                return Err(self.fail(BLOCK, start, "found an indentation indicator equal to 0"));
            }
            increment = as_digit(self.input(), self.r.pos) as isize;
            self.r.skip();
            self.cache(1)?;
            if let Some(c) = chomp(self.byte(0)) {
                chomping = c;
                self.r.skip();
            }
        }

        // Blanks and a comment to the end of the line.
        self.cache(1)?;
        while is_blank(self.input(), self.r.pos) {
            self.r.skip();
            self.cache(1)?;
        }
        if self.byte(0) == b'#' {
            self.scan_line_comment(start)?;
            while !is_breakz(self.input(), self.r.pos) {
                self.r.skip();
                self.cache(1)?;
            }
        }
        if !is_breakz(self.input(), self.r.pos) {
            return Err(self.fail(BLOCK, start, "did not find expected comment or line break"));
        }
        if is_break(self.input(), self.r.pos) {
            self.cache(2)?;
            self.r.skip_line();
        }

        let mut indent = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent + increment
            } else {
                increment
            };
        }

        let (mut s, mut leading_break, mut trailing_breaks) = (Vec::new(), Vec::new(), Vec::new());
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start)?;

        self.cache(1)?;
        let mut leading_blank = false;
        while self.r.mark.column == indent && !is_z(self.input(), self.r.pos) {
            // At the start of a non-empty line.
            let trailing_blank = is_blank(self.input(), self.r.pos);
            if !literal
                && !leading_blank
                && !trailing_blank
                && leading_break.first() == Some(&b'\n')
            {
                // Fold the line break into a space, unless there were empty lines.
                if trailing_breaks.is_empty() {
                    s.push(b' ');
                }
            } else {
                s.extend_from_slice(&leading_break);
            }
            leading_break.clear();
            s.append(&mut trailing_breaks);
            leading_blank = is_blank(self.input(), self.r.pos);

            while !is_breakz(self.input(), self.r.pos) {
                self.r.read(&mut s);
                self.cache(1)?;
            }
            self.cache(2)?;
            self.r.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start)?;
        }

        if chomping != -1 {
            s.extend_from_slice(&leading_break);
        }
        if chomping == 1 {
            s.extend_from_slice(&trailing_breaks);
        }
        let mut token = Token::new(TokenKind::Scalar, start);
        token.value = s;
        token.style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok(token)
    }

    /// The indentation and empty lines before a block scalar's line; sets the indentation
    /// when it is not known yet.
    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut isize,
        breaks: &mut Vec<u8>,
        start: Mark,
    ) -> Step {
        let mut max_indent = 0;
        loop {
            self.cache(1)?;
            while (*indent == 0 || self.r.mark.column < *indent)
                && is_space(self.input(), self.r.pos)
            {
                self.r.skip();
                self.cache(1)?;
            }
            max_indent = max_indent.max(self.r.mark.column);
            if (*indent == 0 || self.r.mark.column < *indent) && is_tab(self.input(), self.r.pos) {
                return Err(self.fail(
                    BLOCK,
                    start,
                    "found a tab character where an indentation space is expected",
                ));
            }
            if !is_break(self.input(), self.r.pos) {
                break;
            }
            self.cache(2)?;
            self.r.read_line(breaks);
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }

    pub(super) fn scan_flow_scalar(&mut self, single: bool) -> Step<Token> {
        let start = self.r.mark;
        self.r.skip();
        let (mut s, mut leading_break, mut trailing_breaks, mut whitespaces) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        loop {
            self.cache(4)?;
            if self.at_document_indicator() {
                return Err(self.fail(QUOTED, start, "found unexpected document indicator"));
            }
            if is_z(self.input(), self.r.pos) {
                return Err(self.fail(QUOTED, start, "found unexpected end of stream"));
            }

            // Non-blank characters.
            let mut leading_blanks = false;
            while !is_blankz(self.input(), self.r.pos) {
                let (c0, c1) = (self.byte(0), self.byte(1));
                if single && c0 == b'\'' && c1 == b'\'' {
                    s.push(b'\'');
                    self.r.skip();
                    self.r.skip();
                } else if (single && c0 == b'\'') || (!single && c0 == b'"') {
                    break;
                } else if !single && c0 == b'\\' && is_break(self.input(), self.r.pos + 1) {
                    // An escaped line break.
                    self.cache(3)?;
                    self.r.skip();
                    self.r.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c0 == b'\\' {
                    self.scan_escape(start, &mut s)?;
                } else {
                    self.r.read(&mut s);
                }
                self.cache(2)?;
            }

            self.cache(1)?;
            let quote = if single { b'\'' } else { b'"' };
            if self.byte(0) == quote {
                break;
            }

            // Blanks and line breaks.
            while is_blank(self.input(), self.r.pos) || is_break(self.input(), self.r.pos) {
                if is_blank(self.input(), self.r.pos) {
                    if leading_blanks {
                        self.r.skip();
                    } else {
                        self.r.read(&mut whitespaces);
                    }
                } else {
                    self.cache(2)?;
                    if leading_blanks {
                        self.r.read_line(&mut trailing_breaks);
                    } else {
                        whitespaces.clear();
                        self.r.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                }
                self.cache(1)?;
            }

            // Join the whitespaces or fold the line breaks.
            if leading_blanks {
                if leading_break.first() == Some(&b'\n') {
                    if trailing_breaks.is_empty() {
                        s.push(b' ');
                    } else {
                        s.extend_from_slice(&trailing_breaks);
                    }
                } else {
                    s.extend_from_slice(&leading_break);
                    s.extend_from_slice(&trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                s.append(&mut whitespaces);
            }
        }
        self.r.skip();
        let mut token = Token::new(TokenKind::Scalar, start);
        token.value = s;
        token.style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        Ok(token)
    }

    /// A double-quoted scalar's escape sequence, at the backslash.
    fn scan_escape(&mut self, start: Mark, s: &mut Vec<u8>) -> Step {
        let mut code_length = 0;
        match self.byte(1) {
            b'0' => s.push(0),
            b'a' => s.push(0x07),
            b'b' => s.push(0x08),
            b't' | b'\t' => s.push(0x09),
            b'n' => s.push(0x0A),
            b'v' => s.push(0x0B),
            b'f' => s.push(0x0C),
            b'r' => s.push(0x0D),
            b'e' => s.push(0x1B),
            b' ' => s.push(b' '),
            b'"' => s.push(b'"'),
            b'\'' => s.push(b'\''),
            b'\\' => s.push(b'\\'),
            b'N' => s.extend_from_slice("\u{85}".as_bytes()),
            b'_' => s.extend_from_slice("\u{A0}".as_bytes()),
            b'L' => s.extend_from_slice("\u{2028}".as_bytes()),
            b'P' => s.extend_from_slice("\u{2029}".as_bytes()),
            b'x' => code_length = 2,
            b'u' => code_length = 4,
            b'U' => code_length = 8,
            _ => return Err(self.fail(ESCAPE, start, "found unknown escape character")),
        }
        self.r.skip();
        self.r.skip();
        if code_length > 0 {
            self.cache(code_length)?;
            let mut value: u32 = 0;
            for k in 0..code_length {
                if !is_hex(self.input(), self.r.pos + k) {
                    return Err(self.fail(
                        ESCAPE,
                        start,
                        "did not find expected hexdecimal number",
                    ));
                }
                value = (value << 4) + as_hex(self.input(), self.r.pos + k);
            }
            let Some(c) = char::from_u32(value) else {
                return Err(self.fail(
                    ESCAPE,
                    start,
                    "found invalid Unicode character escape code",
                ));
            };
            let mut buf = [0; 4];
            s.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            for _ in 0..code_length {
                self.r.skip();
            }
        }
        Ok(())
    }

    pub(super) fn scan_plain_scalar(&mut self) -> Step<Token> {
        let (mut s, mut leading_break, mut trailing_breaks, mut whitespaces) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.r.mark;
        loop {
            self.cache(4)?;
            if self.at_document_indicator() || self.byte(0) == b'#' {
                break;
            }

            // Non-blank characters.
            while !is_blankz(self.input(), self.r.pos) {
                let c = self.byte(0);
                if (c == b':' && is_blankz(self.input(), self.r.pos + 1))
                    || (self.flow_level > 0 && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        if leading_break.first() == Some(&b'\n') {
                            if trailing_breaks.is_empty() {
                                s.push(b' ');
                            } else {
                                s.extend_from_slice(&trailing_breaks);
                            }
                        } else {
                            s.extend_from_slice(&leading_break);
                            s.extend_from_slice(&trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        s.append(&mut whitespaces);
                    }
                }
                self.r.read(&mut s);
                self.cache(2)?;
            }

            if !(is_blank(self.input(), self.r.pos) || is_break(self.input(), self.r.pos)) {
                break;
            }

            // Blanks and line breaks.
            self.cache(1)?;
            while is_blank(self.input(), self.r.pos) || is_break(self.input(), self.r.pos) {
                if is_blank(self.input(), self.r.pos) {
                    if leading_blanks
                        && self.r.mark.column < indent
                        && is_tab(self.input(), self.r.pos)
                    {
                        return Err(self.fail(
                            "while scanning a plain scalar",
                            start,
                            "found a tab character that violates indentation",
                        ));
                    }
                    if leading_blanks {
                        self.r.skip();
                    } else {
                        self.r.read(&mut whitespaces);
                    }
                } else {
                    self.cache(2)?;
                    if leading_blanks {
                        self.r.read_line(&mut trailing_breaks);
                    } else {
                        whitespaces.clear();
                        self.r.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                }
                self.cache(1)?;
            }

            if self.flow_level == 0 && self.r.mark.column < indent {
                break;
            }
        }
        let mut token = Token::new(TokenKind::Scalar, start);
        token.value = s;
        token.style = ScalarStyle::Plain;
        // A simple key may follow a plain scalar that ended at a line break.
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(token)
    }
}

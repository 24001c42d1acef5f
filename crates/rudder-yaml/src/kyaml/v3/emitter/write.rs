//! Writing: indicators, indentation, scalars in each style and comments.

use super::Emitter;
use crate::kyaml::v3::chars::{
    at, is_alpha, is_blank, is_blankz, is_break, is_printable, is_space, width,
};
use crate::kyaml::v3::token::ScalarStyle;

impl Emitter {
    pub(super) fn put(&mut self, c: u8) {
        self.out.push(c);
        self.column += 1;
    }

    pub(super) fn put_break(&mut self) {
        self.out.push(b'\n');
        if self.column == 0 {
            self.space_above = true;
        }
        self.column = 0;
        self.line += 1;
        self.indention = true;
    }

    /// Copies the character of `s` at `*i` and moves past it.
    fn write(&mut self, s: &[u8], i: &mut usize) {
        let w = width(at(s, *i)).max(1);
        self.out
            .extend_from_slice(s.get(*i..*i + w).unwrap_or_default());
        self.column += 1;
        *i += w;
    }

    fn write_all(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() {
            self.write(s, &mut i);
        }
    }

    /// Copies the line break of `s` at `*i` (an LF as the emitter's break).
    fn write_break(&mut self, s: &[u8], i: &mut usize) {
        if s[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(s, i);
            if self.column == 0 {
                self.space_above = true;
            }
            self.column = 0;
            self.line += 1;
            self.indention = true;
        }
    }

    pub(super) fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        if self.foot_indent == indent {
            // A blank line after a foot comment at this indentation.
            self.put_break();
        }
        while self.column < indent {
            self.put(b' ');
        }
        self.whitespace = true;
        self.space_above = false;
        self.foot_indent = -1;
    }

    pub(super) fn write_indicator(
        &mut self,
        indicator: &[u8],
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        self.write_all(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn write_tag_handle(&mut self, value: &[u8]) {
        if !self.whitespace {
            self.put(b' ');
        }
        self.write_all(value);
        self.whitespace = false;
        self.indention = false;
    }

    /// A tag's suffix, URI characters as they are and the rest `%`-escaped.
    fn write_tag_content(&mut self, value: &[u8], need_whitespace: bool) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        let mut i = 0;
        while i < value.len() {
            let must_write = matches!(
                value[i],
                b';' | b'/'
                    | b'?'
                    | b':'
                    | b'@'
                    | b'&'
                    | b'='
                    | b'+'
                    | b'$'
                    | b','
                    | b'_'
                    | b'.'
                    | b'~'
                    | b'*'
                    | b'\''
                    | b'('
                    | b')'
                    | b'['
                    | b']'
            ) || is_alpha(value, i);
            if must_write {
                self.write(value, &mut i);
                continue;
            }
            for _ in 0..width(value[i]).max(1) {
                let octet = at(value, i);
                i += 1;
                self.put(b'%');
                for nibble in [octet >> 4, octet & 0x0F] {
                    self.put(match nibble {
                        0..=9 => b'0' + nibble,
                        _ => b'A' + nibble - 10,
                    });
                }
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    pub(super) fn process_anchor(&mut self) {
        let Some(anchor) = self.anchor.take() else {
            return;
        };
        let indicator: &[u8] = if self.alias { b"*" } else { b"&" };
        self.write_indicator(indicator, true, false, false);
        self.write_all(&anchor);
        self.whitespace = false;
        self.indention = false;
        self.anchor = Some(anchor);
    }

    pub(super) fn process_tag(&mut self) {
        if self.tag_handle.is_empty() && self.tag_suffix.is_empty() {
            return;
        }
        let (handle, suffix) = (self.tag_handle.clone(), self.tag_suffix.clone());
        if handle.is_empty() {
            self.write_indicator(b"!<", true, false, false);
            self.write_tag_content(&suffix, false);
            self.write_indicator(b">", false, false, false);
        } else {
            self.write_tag_handle(&handle);
            if !suffix.is_empty() {
                self.write_tag_content(&suffix, false);
            }
        }
    }

    pub(super) fn process_scalar(&mut self) {
        let value = std::mem::take(&mut self.scalar.value);
        let allow_breaks = !self.simple_key_context;
        match self.scalar.style {
            ScalarStyle::SingleQuoted => self.write_single_quoted(&value, allow_breaks),
            ScalarStyle::DoubleQuoted => self.write_double_quoted(&value, allow_breaks),
            ScalarStyle::Literal => self.write_literal(&value),
            ScalarStyle::Folded => self.write_folded(&value),
            ScalarStyle::Plain | ScalarStyle::Any => self.write_plain(&value, allow_breaks),
        }
        self.scalar.value = value;
    }

    pub(super) fn process_head_comment(&mut self) {
        if !self.tail_comment.is_empty() {
            self.write_indent();
            let tail = std::mem::take(&mut self.tail_comment);
            self.write_comment(&tail);
            self.foot_indent = self.indent.max(0);
        }
        if self.head_comment.is_empty() {
            return;
        }
        self.write_indent();
        let head = std::mem::take(&mut self.head_comment);
        self.write_comment(&head);
    }

    /// The line comment after what was written; with `linebreak` (after a block scalar's
    /// header) the line ends even without one.
    pub(super) fn process_line_comment(&mut self, linebreak: bool) {
        if self.line_comment.is_empty() {
            if linebreak {
                self.put_break();
            }
            return;
        }
        if !self.whitespace {
            self.put(b' ');
        }
        let line = std::mem::take(&mut self.line_comment);
        self.write_comment(&line);
    }

    pub(super) fn process_foot_comment(&mut self) {
        if self.foot_comment.is_empty() {
            return;
        }
        self.write_indent();
        let foot = std::mem::take(&mut self.foot_comment);
        self.write_comment(&foot);
        self.foot_indent = self.indent.max(0);
    }

    fn write_plain(&mut self, value: &[u8], allow_breaks: bool) {
        if !value.is_empty() && !self.whitespace {
            self.put(b' ');
        }
        let (mut spaces, mut breaks) = (false, false);
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && !is_space(value, i + 1)
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if !value.is_empty() {
            self.whitespace = false;
        }
        self.indention = false;
        if self.root_context {
            self.open_ended = true;
        }
    }

    fn write_single_quoted(&mut self, value: &[u8], allow_breaks: bool) {
        self.write_indicator(b"'", true, false, false);
        let (mut spaces, mut breaks) = (false, false);
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < value.len() - 1
                    && !is_space(value, i + 1)
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if value[i] == b'\'' {
                    self.put(b'\'');
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator(b"'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &[u8], allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator(b"\"", true, false, false);
        // yaml.v3's `is_bom` looks at the start of the value whatever the position: a value
        // starting with a BOM is escaped whole.
        let bom = value.starts_with(b"\xEF\xBB\xBF");
        let mut i = 0;
        while i < value.len() {
            if !is_printable(value, i)
                || bom
                || is_break(value, i)
                || value[i] == b'"'
                || value[i] == b'\\'
            {
                let w = width(value[i]).max(1);
                let c = std::str::from_utf8(value.get(i..i + w).unwrap_or_default())
                    .ok()
                    .and_then(|s| s.chars().next())
                    .map_or(u32::from(value[i]), u32::from);
                i += w;
                self.put(b'\\');
                let short = match c {
                    0x00 => Some(b'0'),
                    0x07 => Some(b'a'),
                    0x08 => Some(b'b'),
                    0x09 => Some(b't'),
                    0x0A => Some(b'n'),
                    0x0B => Some(b'v'),
                    0x0C => Some(b'f'),
                    0x0D => Some(b'r'),
                    0x1B => Some(b'e'),
                    0x22 => Some(b'"'),
                    0x5C => Some(b'\\'),
                    0x85 => Some(b'N'),
                    0xA0 => Some(b'_'),
                    0x2028 => Some(b'L'),
                    0x2029 => Some(b'P'),
                    _ => None,
                };
                match short {
                    Some(letter) => self.put(letter),
                    None => {
                        let (letter, digits) = match c {
                            0..=0xFF => (b'x', 2),
                            0x100..=0xFFFF => (b'u', 4),
                            _ => (b'U', 8),
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            let digit = ((c >> (4 * k)) & 0x0F) as u8;
                            self.put(if digit < 10 {
                                b'0' + digit
                            } else {
                                b'A' + digit - 10
                            });
                        }
                    }
                }
                spaces = false;
            } else if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < value.len() - 1
                {
                    self.write_indent();
                    if is_space(value, i + 1) {
                        self.put(b'\\');
                    }
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator(b"\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// A block scalar's indentation and chomping indicators.
    fn write_block_scalar_hints(&mut self, value: &[u8]) {
        if is_space(value, 0) || is_break(value, 0) {
            let hint = [b'0' + self.best_indent as u8];
            self.write_indicator(&hint, false, false, false);
        }
        self.open_ended = false;
        let chomp = match value.len() {
            0 => Some(b'-'),
            len => {
                let mut i = len - 1;
                while i > 0 && value[i] & 0xC0 == 0x80 {
                    i -= 1;
                }
                if !is_break(value, i) {
                    Some(b'-')
                } else if i == 0 {
                    self.open_ended = true;
                    Some(b'+')
                } else {
                    i -= 1;
                    while i > 0 && value[i] & 0xC0 == 0x80 {
                        i -= 1;
                    }
                    if is_break(value, i) {
                        self.open_ended = true;
                        Some(b'+')
                    } else {
                        None
                    }
                }
            }
        };
        if let Some(chomp) = chomp {
            self.write_indicator(&[chomp], false, false, false);
        }
    }

    fn write_literal(&mut self, value: &[u8]) {
        self.write_indicator(b"|", true, false, false);
        self.write_block_scalar_hints(value);
        self.process_line_comment(true);
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < value.len() {
            if is_break(value, i) {
                self.write_break(value, &mut i);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
    }

    fn write_folded(&mut self, value: &[u8]) {
        self.write_indicator(b">", true, false, false);
        self.write_block_scalar_hints(value);
        self.process_line_comment(true);
        self.whitespace = true;
        let (mut breaks, mut leading_spaces) = (true, true);
        let mut i = 0;
        while i < value.len() {
            if is_break(value, i) {
                if !breaks && !leading_spaces && value[i] == b'\n' {
                    // yaml.v3 looks from the start of the value here, not from `i`.
                    let mut k = 0;
                    while is_break(value, k) {
                        k += width(value[k]).max(1);
                    }
                    if !is_blankz(value, k) {
                        self.put_break();
                    }
                }
                self.write_break(value, &mut i);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    leading_spaces = is_blank(value, i);
                }
                if !breaks
                    && is_space(value, i)
                    && !is_space(value, i + 1)
                    && self.column > self.best_width
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                self.indention = false;
                breaks = false;
            }
        }
    }

    /// Comment lines, each starting with `#` (added when missing), the last one ended.
    fn write_comment(&mut self, comment: &[u8]) {
        let (mut breaks, mut pound) = (false, false);
        let mut i = 0;
        while i < comment.len() {
            if is_break(comment, i) {
                self.write_break(comment, &mut i);
                breaks = true;
                pound = false;
            } else {
                if breaks {
                    self.write_indent();
                }
                if !pound {
                    if comment[i] != b'#' {
                        self.put(b'#');
                        self.put(b' ');
                    }
                    pound = true;
                }
                self.write(comment, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
        if !breaks {
            self.put_break();
        }
        self.whitespace = true;
    }
}

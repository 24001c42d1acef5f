//! yaml.v3's reader (`readerc.go`) and the scanner's cursor moves (`skip`, `read`, ...).
//!
//! The input is UTF-8 already, so nothing is decoded; what is kept is when yaml.v3 looks at
//! the input: it checks characters chunk by chunk (512 bytes at a time, as its raw buffer
//! holds them) only when the scanner asks for more, so a control character far ahead does
//! not hide an earlier syntax error. `unread` counts the characters checked and not yet
//! consumed, as yaml.v3's does.

use super::chars::{at, is_blank, is_break, is_crlf, width};

/// A position: characters from the start, line and column (all from 0). Signed as Go's
/// ints are: yaml.v3 computes `index - 1` and `column - 1` from zero marks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    pub index: isize,
    pub line: isize,
    pub column: isize,
}

const RAW_BUFFER_SIZE: usize = 512;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The problem a reader error reports.
pub const CONTROL_CHARACTERS: &str = "control characters are not allowed";

pub struct Reader<'a> {
    pub input: &'a [u8],
    /// Byte index of the next character.
    pub pos: usize,
    pub mark: Mark,
    /// Characters checked and not consumed yet.
    pub unread: isize,
    /// Line breaks since the last non-blank character.
    pub newlines: isize,
    /// Where yaml.v3's working buffer starts (it is compacted on each refill): its `is_bom`
    /// looks there.
    buffer_start: usize,
    /// Bytes checked so far, and bytes the raw buffer holds.
    checked: usize,
    raw_end: usize,
    eof: bool,
}

impl<'a> Reader<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        // The encoding is determined on a first raw chunk; a UTF-8 BOM is skipped.
        let raw_end = input.len().min(RAW_BUFFER_SIZE);
        let start = if input.starts_with(BOM) { BOM.len() } else { 0 };
        Reader {
            input,
            pos: start,
            mark: Mark::default(),
            unread: 0,
            newlines: 0,
            buffer_start: start,
            checked: start,
            raw_end,
            eof: false,
        }
    }

    /// The byte `offset` bytes ahead.
    pub fn peek(&self, offset: usize) -> u8 {
        at(self.input, self.pos + offset)
    }

    /// Whether the working buffer starts with a BOM.
    pub fn buffer_starts_with_bom(&self) -> bool {
        self.input
            .get(self.buffer_start..)
            .is_some_and(|b| b.starts_with(BOM))
    }

    /// Makes sure `length` characters are checked (`cache`); the problem of a reader error.
    pub fn cache(&mut self, length: isize) -> Result<(), &'static str> {
        if self.unread >= length {
            return Ok(());
        }
        self.buffer_start = self.pos;
        let mut first = true;
        while self.unread < length {
            if !first || self.checked == self.raw_end {
                self.refill_raw();
            }
            first = false;
            while self.checked < self.raw_end {
                let w = width(self.input[self.checked]).max(1);
                if self.raw_end - self.checked < w {
                    // A character cut by the chunk's end: checked with the next chunk.
                    break;
                }
                let c = std::str::from_utf8(&self.input[self.checked..self.checked + w])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .map_or(0, u32::from);
                if !allowed(c) {
                    return Err(CONTROL_CHARACTERS);
                }
                self.checked += w;
                self.unread += 1;
            }
            if self.eof {
                // The NUL yaml.v3 appends at the end of the input.
                self.unread += 1;
                break;
            }
        }
        Ok(())
    }

    /// The raw buffer keeps its unchecked bytes and is filled up to its size; a read that
    /// finds nothing left sets the end of the input.
    fn refill_raw(&mut self) {
        if self.raw_end == self.input.len() {
            self.eof = true;
        } else {
            self.raw_end = (self.checked + RAW_BUFFER_SIZE).min(self.input.len());
        }
    }

    /// Moves past one character.
    pub fn skip(&mut self) {
        if !is_blank(self.input, self.pos) {
            self.newlines = 0;
        }
        self.mark.index += 1;
        self.mark.column += 1;
        self.unread -= 1;
        self.pos += width(at(self.input, self.pos)).max(1);
    }

    /// Moves past a line break, if there is one.
    pub fn skip_line(&mut self) {
        if is_crlf(self.input, self.pos) {
            self.mark.index += 2;
            self.unread -= 2;
            self.pos += 2;
        } else if is_break(self.input, self.pos) {
            self.mark.index += 1;
            self.unread -= 1;
            self.pos += width(at(self.input, self.pos)).max(1);
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
        self.newlines += 1;
    }

    /// Appends one character to `s` and moves past it.
    pub fn read(&mut self, s: &mut Vec<u8>) {
        if !is_blank(self.input, self.pos) {
            self.newlines = 0;
        }
        let w = width(at(self.input, self.pos)).max(1);
        for k in 0..w {
            s.push(at(self.input, self.pos + k));
        }
        self.pos += w;
        self.mark.index += 1;
        self.mark.column += 1;
        self.unread -= 1;
    }

    /// Appends a line break to `s` (CR, LF, CRLF and NEL as LF) and moves past it.
    pub fn read_line(&mut self, s: &mut Vec<u8>) {
        let (c0, c1, c2) = (self.peek(0), self.peek(1), self.peek(2));
        match (c0, c1) {
            (b'\r', b'\n') => {
                s.push(b'\n');
                self.pos += 2;
                self.mark.index += 1;
                self.unread -= 1;
            }
            (b'\r' | b'\n', _) => {
                s.push(b'\n');
                self.pos += 1;
            }
            (0xC2, 0x85) => {
                s.push(b'\n');
                self.pos += 2;
            }
            (0xE2, 0x80) if c2 == 0xA8 || c2 == 0xA9 => {
                s.extend_from_slice(&[c0, c1, c2]);
                self.pos += 3;
            }
            _ => return,
        }
        self.mark.index += 1;
        self.mark.column = 0;
        self.mark.line += 1;
        self.unread -= 1;
        self.newlines += 1;
    }
}

/// The characters YAML allows in a stream.
fn allowed(c: u32) -> bool {
    matches!(c, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_count_characters_and_lines() {
        let mut r = Reader::new("é\r\nx".as_bytes());
        r.cache(4).unwrap();
        r.skip();
        let mut s = Vec::new();
        r.read_line(&mut s);
        assert_eq!(
            (r.mark, s.as_slice()),
            (
                Mark {
                    index: 3,
                    line: 1,
                    column: 0
                },
                &b"\n"[..]
            )
        );
        r.read(&mut s);
        assert_eq!(s, b"\nx");
    }

    #[test]
    fn control_characters_are_found_a_chunk_at_a_time() {
        let mut text = "a".repeat(600);
        text.push('\u{1}');
        let mut r = Reader::new(text.as_bytes());
        assert!(r.cache(10).is_ok());
        for _ in 0..500 {
            r.skip();
        }
        assert_eq!(r.cache(20), Err(CONTROL_CHARACTERS));
    }

    #[test]
    fn a_bom_is_skipped() {
        let r = Reader::new(b"\xEF\xBB\xBFa");
        assert_eq!((r.pos, r.peek(0)), (3, b'a'));
    }
}

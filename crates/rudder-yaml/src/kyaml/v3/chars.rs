//! yaml.v3's character classes (`yamlprivateh.go`) over a byte buffer. A position past the
//! end reads as NUL, as yaml.v3's reader pads its buffer at the end of the input.

/// The byte at `i`, NUL past the end.
#[inline]
pub fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

pub fn is_alpha(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

pub fn is_digit(b: &[u8], i: usize) -> bool {
    at(b, i).is_ascii_digit()
}

pub fn as_digit(b: &[u8], i: usize) -> usize {
    usize::from(at(b, i).wrapping_sub(b'0'))
}

pub fn is_hex(b: &[u8], i: usize) -> bool {
    at(b, i).is_ascii_hexdigit()
}

pub fn as_hex(b: &[u8], i: usize) -> u32 {
    let c = at(b, i);
    match c {
        b'A'..=b'F' => u32::from(c - b'A') + 10,
        b'a'..=b'f' => u32::from(c - b'a') + 10,
        _ => u32::from(c.wrapping_sub(b'0')),
    }
}

/// Printable as the emitter sees it: everything but control characters, surrogates, the
/// BOM and U+FFFE/U+FFFF.
pub fn is_printable(b: &[u8], i: usize) -> bool {
    let (c, c1, c2) = (at(b, i), at(b, i + 1), at(b, i + 2));
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (c == 0xC2 && c1 >= 0xA0)
        || (c > 0xC2 && c < 0xED)
        || (c == 0xED && c1 < 0xA0)
        || c == 0xEE
        || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)))
}

pub fn is_z(b: &[u8], i: usize) -> bool {
    at(b, i) == 0
}

pub fn is_space(b: &[u8], i: usize) -> bool {
    at(b, i) == b' '
}

pub fn is_tab(b: &[u8], i: usize) -> bool {
    at(b, i) == b'\t'
}

pub fn is_blank(b: &[u8], i: usize) -> bool {
    matches!(at(b, i), b' ' | b'\t')
}

/// CR, LF, NEL, LS or PS.
pub fn is_break(b: &[u8], i: usize) -> bool {
    match at(b, i) {
        b'\r' | b'\n' => true,
        0xC2 => at(b, i + 1) == 0x85,
        0xE2 => at(b, i + 1) == 0x80 && matches!(at(b, i + 2), 0xA8 | 0xA9),
        _ => false,
    }
}

pub fn is_crlf(b: &[u8], i: usize) -> bool {
    at(b, i) == b'\r' && at(b, i + 1) == b'\n'
}

pub fn is_breakz(b: &[u8], i: usize) -> bool {
    is_break(b, i) || is_z(b, i)
}

pub fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_breakz(b, i)
}

/// The length of the UTF-8 sequence `b` starts, 0 for a continuation byte.
pub fn width(b: u8) -> usize {
    match b {
        _ if b & 0x80 == 0 => 1,
        _ if b & 0xE0 == 0xC0 => 2,
        _ if b & 0xF0 == 0xE0 => 3,
        _ if b & 0xF8 == 0xF0 => 4,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_read_nul_past_the_end() {
        let b = "a \u{85}\u{2028}#".as_bytes();
        assert!(is_alpha(b, 0) && is_blank(b, 1) && is_break(b, 2) && is_break(b, 4));
        assert!(is_z(b, b.len()) && is_breakz(b, b.len()) && !is_break(b, b.len()));
        assert_eq!((width(b[2]), width(b[4]), width(0x80)), (2, 3, 0));
        assert!(!is_printable("\u{FEFF}".as_bytes(), 0) && is_printable("é".as_bytes(), 0));
    }
}

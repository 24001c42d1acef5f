//! Go's `strconv.Quote`, `Unquote` and `UnquoteChar`.

/// rudder's strings are UTF-8 where Go's are bytes: a byte that is not part of valid UTF-8 is
/// carried as the private-use character `RAW_BYTE_BASE + byte` (see rudder-gotmpl's `gostr`).
/// Quoting writes it as Go writes an invalid byte, `\x81`.
pub const RAW_BYTE_BASE: u32 = 0x10FF00;

/// The invalid byte a character carries, if it is one.
pub fn raw_byte(c: char) -> Option<u8> {
    (c as u32)
        .checked_sub(RAW_BYTE_BASE)
        .filter(|&b| b >= 0x80)
        .map(|b| b as u8)
}

/// Whether Go's `unicode.IsPrint` holds (approximated: Rust has no category tables; controls,
/// non-ASCII spaces and format characters are the non-printable runes that occur in practice).
pub fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF
        | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF)
}

/// `strconv.Quote`.
pub fn quote(s: &str) -> String {
    quote_with(s, '"')
}

/// Quotes with the given quote character, escaping as Go does.
pub fn quote_with(s: &str, q: char) -> String {
    quote_chars(s, q, false)
}

/// `strconv.QuoteToASCII` (`%+q`), or its single-quoted form for a rune.
pub fn quote_ascii(s: &str, q: char) -> String {
    quote_chars(s, q, true)
}

fn quote_chars(s: &str, q: char, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        push_escaped(&mut out, c, q, ascii);
    }
    out.push(q);
    out
}

fn push_escaped(out: &mut String, c: char, q: char, ascii: bool) {
    if c == q || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) && (!ascii || c.is_ascii()) {
        out.push(c);
        return;
    }
    if let Some(byte) = raw_byte(c) {
        out.push_str(&format!("\\x{byte:02x}"));
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// `strconv.UnquoteChar`: decodes one (possibly escaped) character at the start of `s`.
pub fn unquote_char(s: &str, quote: char) -> Option<(char, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((c, chars.as_str()));
    }
    let e = chars.next()?;
    let rest = chars.as_str();
    let simple = match e {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '\'' | '"' if e == quote => Some(e),
        _ => None,
    };
    if let Some(v) = simple {
        return Some((v, rest));
    }
    let hex = |n: usize| -> Option<(u32, &str)> {
        let digits = rest.get(..n)?;
        Some((u32::from_str_radix(digits, 16).ok()?, &rest[n..]))
    };
    match e {
        'x' => {
            let (v, tail) = hex(2)?;
            Some((char::from_u32(v)?, tail))
        }
        'u' => {
            let (v, tail) = hex(4)?;
            Some((char::from_u32(v)?, tail))
        }
        'U' => {
            let (v, tail) = hex(8)?;
            Some((char::from_u32(v)?, tail))
        }
        '0'..='7' => {
            let digits = s.get(1..4)?;
            let v = u32::from_str_radix(digits, 8).ok()?;
            if v > 255 {
                return None;
            }
            Some((char::from_u32(v)?, &s[4..]))
        }
        _ => None,
    }
}

/// `strconv.Unquote` for `"..."`, `` `...` `` and `'.'`; `None` is Go's "invalid syntax".
pub fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    if s.len() < 2 || !s.ends_with(q) {
        return None;
    }
    let body = &s[1..s.len() - 1];
    match q {
        '`' => (!body.contains('`')).then(|| body.replace('\r', "")),
        // Go's shortcut: a string without escapes, newlines or inner quotes is its body.
        '"' if !body.bytes().any(|b| matches!(b, b'\\' | b'\n' | b'"')) => Some(body.to_string()),
        '"' | '\'' => {
            let mut out = String::new();
            let mut rest = body;
            while !rest.is_empty() {
                if rest.starts_with('\n') {
                    return None;
                }
                let (c, tail) = unquote_char(rest, q)?;
                out.push(c);
                rest = tail;
            }
            if q == '\'' && out.chars().count() != 1 {
                return None;
            }
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(
            quote("a\tb\n\"é\u{a0}\u{7f}😀"),
            "\"a\\tb\\n\\\"é\\u00a0\\x7f😀\""
        );
        assert_eq!(unquote("\"a\\tb\\u00e9\\x41\"").unwrap(), "a\tbéA");
        assert_eq!(unquote("`raw\\n`").unwrap(), "raw\\n");
        assert!(unquote("\"\\q\"").is_none());
    }

    #[test]
    fn plain_strings_unquote_to_their_body_and_bare_quotes_or_newlines_fail() {
        assert_eq!(
            unquote("\"common.names.fullname\"").unwrap(),
            "common.names.fullname"
        );
        assert_eq!(unquote("\"é😀\"").unwrap(), "é😀");
        assert!(unquote("\"a\"b\"").is_none());
        assert!(unquote("\"a\nb\"").is_none());
    }
}

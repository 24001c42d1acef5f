//! Masterminds/goutils' string helpers that Sprig calls (`nospace`, `initials`, `wrap`,
//! `wrapWith`, `abbrev`, `abbrevboth`), on Go's bytes as goutils works on them: it indexes
//! and slices strings by byte and turns single bytes into runes, so a multi-byte character
//! may be cut, or read as Latin-1 characters, exactly as helm prints it.

use rudder_gotmpl::gostr;

/// Go's `unicode.IsSpace` for the runes a single byte makes (U+0000 to U+00FF).
fn is_space_latin1(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0)
}

/// `DeleteWhiteSpace`: every byte that is not a space, each written as the rune of its value.
pub fn delete_white_space(text: &str) -> String {
    let bytes = gostr::to_bytes(text);
    if !bytes.iter().any(|&b| is_space_latin1(b)) {
        return text.to_string();
    }
    bytes
        .iter()
        .filter(|&&b| !is_space_latin1(b))
        .map(|&b| char::from(b))
        .collect()
}

/// `Initials` without delimiters: the byte after each run of spaces, as the rune of its value.
pub fn initials(text: &str) -> String {
    let mut out = String::new();
    let mut last_was_gap = true;
    for &b in gostr::to_bytes(text).iter() {
        if is_space_latin1(b) {
            last_was_gap = true;
        } else if last_was_gap {
            out.push(char::from(b));
            last_was_gap = false;
        }
    }
    out
}

/// `WrapCustom(text, width, newline, long_words)`: lines cut at the last space within `width`
/// bytes; a longer word is cut at `width` bytes when `long_words`, else left whole.
pub fn wrap_custom(text: &str, width: i64, newline: &str, long_words: bool) -> String {
    let s = gostr::to_bytes(text);
    if s.is_empty() {
        return String::new();
    }
    let newline = match newline {
        "" => b"\n".to_vec(),
        given => gostr::to_bytes(given).into_owned(),
    };
    let width = width.max(1) as usize;
    let mut out: Vec<u8> = Vec::with_capacity(s.len() + 8);
    let mut offset = 0;
    while s.len() - offset > width {
        if s[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        match s[offset..end].iter().rposition(|&b| b == b' ') {
            Some(space) => {
                out.extend_from_slice(&s[offset..offset + space]);
                out.extend_from_slice(&newline);
                offset += space + 1;
            }
            None if long_words => {
                out.extend_from_slice(&s[offset..offset + width]);
                out.extend_from_slice(&newline);
                offset += width;
            }
            None => {
                let end = width + offset;
                match s[end..].iter().position(|&b| b == b' ') {
                    None => {
                        out.extend_from_slice(&s[offset..]);
                        offset = s.len();
                    }
                    Some(index) => {
                        out.extend_from_slice(&s[offset..end + index]);
                        out.extend_from_slice(&newline);
                        offset = end + index + 1;
                    }
                }
            }
        }
    }
    out.extend_from_slice(&s[offset..]);
    gostr::from_bytes(&out).into_owned()
}

/// `AbbreviateFull(text, offset, max_width)`: `...` in place of what does not fit, widths in
/// bytes; the error is goutils' (Sprig drops it and prints an empty string).
pub fn abbreviate_full(text: &str, offset: i64, max_width: i64) -> Result<String, &'static str> {
    let s = gostr::to_bytes(text);
    let len = s.len() as i64;
    if s.is_empty() {
        return Ok(String::new());
    }
    if max_width < 4 {
        return Err("stringutils illegal argument: Minimum abbreviation width is 4");
    }
    if len <= max_width {
        return Ok(text.to_string());
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    let cut = |from: i64, to: i64| gostr::from_bytes(&s[from as usize..to as usize]).into_owned();
    if offset <= 4 {
        return Ok(format!("{}...", cut(0, max_width - 3)));
    }
    if max_width < 7 {
        return Err("stringutils illegal argument: Minimum abbreviation width with offset is 7");
    }
    if offset + max_width - 3 < len {
        let rest = abbreviate_full(&cut(offset, len), 0, max_width - 3)?;
        return Ok(format!("...{rest}"));
    }
    Ok(format!("...{}", cut(len - (max_width - 3), len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each expectation is helm 4.1.4's output (testdata/cases/funcs/random-strings.cases).
    #[test]
    fn bytes_as_goutils_reads_them() {
        assert_eq!(delete_white_space("ǅungla"), "Çungla");
        assert_eq!(delete_white_space("a b\tc"), "abc");
        assert_eq!(initials("\u{a0}nbsp"), "Ân");
        assert_eq!(wrap_custom("a,b,,c", -1, "٣", true), "a٣,٣b٣,٣,٣c");
        assert_eq!(
            wrap_custom("tab\there", 5, "straße", true),
            "tab\thstraßeere"
        );
        assert_eq!(wrap_custom("a.b.c", 3, "a", true), "a.ba.c");
        assert_eq!(abbreviate_full("İstanbul", 0, 5).unwrap(), "İ...");
        assert_eq!(abbreviate_full("🙂 emoji 🙃", 10, 7).unwrap(), "... ...");
    }
}

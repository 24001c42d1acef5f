//! Sprig's cuts of a string: `substr` and `trunc` count bytes as Go slices do, `abbrev` and
//! `abbrevboth` count characters as goutils does.

use rudder_gotmpl::gostr;

/// Go's byte slicing of a string, keeping invalid UTF-8 as Go would print it (lossy).
/// Go's `s[start:end]`: bytes, so a cut may split a character.
fn byte_slice(text: &str, start: usize, end: usize) -> String {
    gostr::from_bytes(&gostr::to_bytes(text)[start..end]).into_owned()
}

/// Sprig's `substr`, with Go's slice-bounds panics as errors.
pub(super) fn substr(start: i64, end: i64, text: &str) -> Result<String, String> {
    let len = gostr::len(text) as i64;
    let oob = |a: String| Err(format!("runtime error: slice bounds out of range {a}"));
    if start < 0 {
        if end < 0 {
            return oob(format!("[:{end}]"));
        }
        if end > len {
            return oob(format!("[:{end}] with length {len}"));
        }
        return Ok(byte_slice(text, 0, end as usize));
    }
    if end < 0 || end > len {
        if start > len {
            return oob(format!("[{start}:{len}]"));
        }
        return Ok(byte_slice(text, start as usize, len as usize));
    }
    if start > end {
        return oob(format!("[{start}:{end}]"));
    }
    Ok(byte_slice(text, start as usize, end as usize))
}

pub(super) fn trunc(c: i64, text: &str) -> String {
    let len = gostr::len(text) as i64;
    if c < 0 && len + c > 0 {
        return byte_slice(text, (len + c) as usize, len as usize);
    }
    if c >= 0 && len > c {
        return byte_slice(text, 0, c as usize);
    }
    text.to_string()
}

pub(super) fn abbrev(width: i64, text: &str) -> String {
    if width < 4 {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.len() as i64 <= width {
        return text.to_string();
    }
    let keep: String = chars[..(width - 3) as usize].iter().collect();
    format!("{keep}...")
}

pub(super) fn abbrevboth(left: i64, right: i64, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() as i64;
    if right < 4 || (left > 0 && right < 7) || len <= right {
        return text.to_string();
    }
    let mut offset = left.max(0);
    if offset > len {
        offset = len;
    }
    if len - offset < right - 3 {
        offset = len - (right - 3);
    }
    if offset <= 4 {
        let keep: String = chars[..(right - 3) as usize].iter().collect();
        return format!("{keep}...");
    }
    if right < 7 {
        return text.to_string();
    }
    if offset + right - 3 < len {
        let rest: String = chars[offset as usize..].iter().collect();
        return format!("...{}", abbrev(right - 3, &rest));
    }
    let tail: String = chars[(len - (right - 3)) as usize..].iter().collect();
    format!("...{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    // compat-notes E, verified with helm v4.1.4.
    #[test]
    fn cut_edges() {
        assert_eq!(trunc(-2, "abcdef"), "ef");
        assert_eq!(substr(-1, 2, "abcdef").unwrap(), "ab");
        assert_eq!(substr(4, 100, "abcdef").unwrap(), "ef");
        assert_eq!(
            substr(3, 1, "abcdef").unwrap_err(),
            "runtime error: slice bounds out of range [3:1]"
        );
    }
}

//! Sprig's cuts of a string: `substr` and `trunc` count bytes as Go slices do.

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

//! PEM blocks as Go's encoding/pem reads and writes them.

use base64::engine::{general_purpose, DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// Go's `base64.StdEncoding`: padded, and lenient about the unused bits of the last symbol.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// Go's `pem.Decode`: the first well-formed block (its headers skipped), as label and bytes.
/// A block starts at the start of the text or of a line; one that does not parse is passed over.
pub fn decode(text: &str) -> Option<(String, Vec<u8>)> {
    let mut rest = text;
    loop {
        rest = match rest.strip_prefix("-----BEGIN ") {
            Some(after) => after,
            None => rest.split_once("\n-----BEGIN ")?.1,
        };
        let (type_line, after) = line(rest);
        rest = after;
        let Some(label) = type_line.strip_suffix("-----") else {
            continue;
        };
        if let Some(bytes) = block_body(label, rest) {
            return Some((label.to_string(), bytes));
        }
    }
}

/// The bytes of a block whose type line was read: headers, base64 lines, its END line.
fn block_body(label: &str, mut rest: &str) -> Option<Vec<u8>> {
    let mut headers = false;
    loop {
        if rest.is_empty() {
            return None;
        }
        let (header, next) = line(rest);
        if !header.contains(':') {
            break;
        }
        headers = true;
        rest = next;
    }
    let (body, trailer) = match rest.strip_prefix("-----END ") {
        Some(trailer) if !headers => ("", trailer),
        _ => {
            let at = rest.find("\n-----END ")?;
            (&rest[..at], &rest[at + "\n-----END ".len()..])
        }
    };
    let end_line = trailer.strip_prefix(label)?.strip_prefix("-----")?;
    if !line(end_line).0.is_empty() {
        return None;
    }
    let b64: String = body.chars().filter(|c| !" \t".contains(*c)).collect();
    base64_decode(&b64)
}

/// Go's `base64.StdEncoding.DecodeString`, which skips line ends.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let b64: String = text.chars().filter(|c| !"\r\n".contains(*c)).collect();
    B64.decode(b64).ok()
}

/// Go's `getLine`: a line without its end and trailing blanks, and the text after it.
fn line(text: &str) -> (&str, &str) {
    let (line, rest) = text.split_once('\n').unwrap_or((text, ""));
    let line = line.strip_suffix('\r').unwrap_or(line);
    (line.trim_end_matches([' ', '\t']), rest)
}

/// A block with 64-column base64 lines.
pub fn encode(label: &str, bytes: &[u8]) -> String {
    let b64 = general_purpose::STANDARD.encode(bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_as_go_finds_them() {
        let block = "-----BEGIN K-----\nAQID\n-----END K-----\n";
        assert_eq!(decode(block), Some(("K".into(), vec![1, 2, 3])));
        let later = format!("junk\n{}", block.replace('\n', "\r\n"));
        assert_eq!(decode(&later), Some(("K".into(), vec![1, 2, 3])));
        // Headers are skipped; an indented block or a mismatched END is not a block.
        let headers = "-----BEGIN K-----\nProc-Type: 4,X\n\nAQID\n-----END K-----";
        assert_eq!(decode(headers), Some(("K".into(), vec![1, 2, 3])));
        assert_eq!(decode(&format!("  {block}")), None);
        assert_eq!(decode("-----BEGIN K-----\nAQID\n-----END J-----\n"), None);
        assert_eq!(
            decode("-----BEGIN K-----\n-----END K-----\n"),
            Some(("K".into(), vec![]))
        );
    }
}

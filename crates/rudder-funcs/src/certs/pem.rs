//! PEM blocks as Go's encoding/pem reads and writes them.

use base64::Engine;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The first well-formed block: its label and bytes (Go's `pem.Decode`, without headers).
pub fn decode(text: &str) -> Option<(String, Vec<u8>)> {
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(end_label) = after.find("-----") else {
            return None;
        };
        let label = &after[..end_label];
        let body = after[end_label + 5..].trim_start_matches(['\r', '\n', ' ', '\t']);
        let end = format!("-----END {label}-----");
        if let Some(stop) = body.find(&end) {
            let b64: String = body[..stop]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if let Ok(bytes) = B64.decode(b64) {
                return Some((label.to_string(), bytes));
            }
        }
        rest = after;
    }
    None
}

/// A block with 64-column base64 lines.
pub fn encode(label: &str, bytes: &[u8]) -> String {
    let b64 = B64.encode(bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

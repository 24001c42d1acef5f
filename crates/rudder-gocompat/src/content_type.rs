//! Go's `http.DetectContentType`: the MIME type the WHATWG sniffing rules give the first 512
//! bytes of some data. helm names it when a chart archive is not gzip.

/// At most this many bytes decide.
pub const SNIFF_LEN: usize = 512;

/// One rule of Go's table, tried in order; the first that matches names the type.
enum Signature {
    /// An HTML tag or comment, case-insensitive, after leading whitespace, followed by a space
    /// or `>`.
    Html(&'static [u8]),
    /// `data & mask == pattern` over the pattern's length, optionally after leading whitespace.
    Masked {
        mask: &'static [u8],
        pattern: &'static [u8],
        skip_ws: bool,
        mime: &'static str,
    },
    /// A fixed prefix.
    Exact(&'static [u8], &'static str),
    /// An ISO base media file whose brands include `mp4`.
    Mp4,
    /// No byte that marks binary data after leading whitespace.
    Text,
}

use Signature::{Exact, Html, Masked, Mp4, Text};

const fn masked(mask: &'static [u8], pattern: &'static [u8], mime: &'static str) -> Signature {
    Masked {
        mask,
        pattern,
        skip_ws: false,
        mime,
    }
}

/// 34 bytes that may be anything, then `LP`: an Embedded OpenType font.
const EOT_MASK: &[u8] =
    b"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xFF\xFF";
const EOT_PATTERN: &[u8] =
    b"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0LP";
const RIFF_MASK: &[u8] = b"\xFF\xFF\xFF\xFF\0\0\0\0\xFF\xFF\xFF\xFF";

const SIGNATURES: &[Signature] = &[
    Html(b"<!DOCTYPE HTML"),
    Html(b"<HTML"),
    Html(b"<HEAD"),
    Html(b"<SCRIPT"),
    Html(b"<IFRAME"),
    Html(b"<H1"),
    Html(b"<DIV"),
    Html(b"<FONT"),
    Html(b"<TABLE"),
    Html(b"<A"),
    Html(b"<STYLE"),
    Html(b"<TITLE"),
    Html(b"<B"),
    Html(b"<BODY"),
    Html(b"<BR"),
    Html(b"<P"),
    Html(b"<!--"),
    Masked {
        mask: b"\xFF\xFF\xFF\xFF\xFF",
        pattern: b"<?xml",
        skip_ws: true,
        mime: "text/xml; charset=utf-8",
    },
    Exact(b"%PDF-", "application/pdf"),
    Exact(b"%!PS-Adobe-", "application/postscript"),
    masked(
        b"\xFF\xFF\0\0",
        b"\xFE\xFF\0\0",
        "text/plain; charset=utf-16be",
    ),
    masked(
        b"\xFF\xFF\0\0",
        b"\xFF\xFE\0\0",
        "text/plain; charset=utf-16le",
    ),
    masked(
        b"\xFF\xFF\xFF\0",
        b"\xEF\xBB\xBF\0",
        "text/plain; charset=utf-8",
    ),
    Exact(b"\0\0\x01\0", "image/x-icon"),
    Exact(b"\0\0\x02\0", "image/x-icon"),
    Exact(b"BM", "image/bmp"),
    Exact(b"GIF87a", "image/gif"),
    Exact(b"GIF89a", "image/gif"),
    masked(
        b"\xFF\xFF\xFF\xFF\0\0\0\0\xFF\xFF\xFF\xFF\xFF\xFF",
        b"RIFF\0\0\0\0WEBPVP",
        "image/webp",
    ),
    Exact(b"\x89PNG\x0D\x0A\x1A\x0A", "image/png"),
    Exact(b"\xFF\xD8\xFF", "image/jpeg"),
    masked(RIFF_MASK, b"FORM\0\0\0\0AIFF", "audio/aiff"),
    masked(b"\xFF\xFF\xFF", b"ID3", "audio/mpeg"),
    masked(b"\xFF\xFF\xFF\xFF\xFF", b"OggS\0", "application/ogg"),
    masked(
        b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF",
        b"MThd\0\0\0\x06",
        "audio/midi",
    ),
    masked(RIFF_MASK, b"RIFF\0\0\0\0AVI ", "video/avi"),
    masked(RIFF_MASK, b"RIFF\0\0\0\0WAVE", "audio/wave"),
    Mp4,
    Exact(b"\x1A\x45\xDF\xA3", "video/webm"),
    masked(EOT_MASK, EOT_PATTERN, "application/vnd.ms-fontobject"),
    Exact(b"\0\x01\0\0", "font/ttf"),
    Exact(b"OTTO", "font/otf"),
    Exact(b"ttcf", "font/collection"),
    Exact(b"wOFF", "font/woff"),
    Exact(b"wOF2", "font/woff2"),
    Exact(b"\x1F\x8B\x08", "application/x-gzip"),
    Exact(b"PK\x03\x04", "application/zip"),
    Exact(b"Rar!\x1A\x07\0", "application/x-rar-compressed"),
    Exact(b"Rar!\x1A\x07\x01\0", "application/x-rar-compressed"),
    Exact(b"\0asm", "application/wasm"),
    Text,
];

/// The content type Go's `http.DetectContentType` gives `data`.
pub fn detect(data: &[u8]) -> &'static str {
    let data = &data[..data.len().min(SNIFF_LEN)];
    let first_non_ws = data.iter().position(|b| !is_ws(*b)).unwrap_or(data.len());
    SIGNATURES
        .iter()
        .find_map(|sig| sig.matches(data, first_non_ws))
        .unwrap_or("application/octet-stream")
}

fn is_ws(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl Signature {
    fn matches(&self, data: &[u8], first_non_ws: usize) -> Option<&'static str> {
        match self {
            Html(tag) => {
                let data = &data[first_non_ws..];
                let next = *data.get(tag.len())?;
                let same = tag.iter().zip(data).all(|(&t, &d)| {
                    let d = if t.is_ascii_uppercase() { d & 0xDF } else { d };
                    t == d
                });
                (same && (next == b' ' || next == b'>')).then_some("text/html; charset=utf-8")
            }
            Masked {
                mask,
                pattern,
                skip_ws,
                mime,
            } => {
                let data = if *skip_ws {
                    &data[first_non_ws..]
                } else {
                    data
                };
                let same = data.len() >= mask.len()
                    && mask
                        .iter()
                        .zip(pattern.iter())
                        .zip(data)
                        .all(|((&m, &p), &d)| d & m == p);
                same.then_some(*mime)
            }
            Exact(prefix, mime) => data.starts_with(prefix).then_some(*mime),
            Mp4 => is_mp4(data).then_some("video/mp4"),
            Text => (!data[first_non_ws..].iter().any(|&b| is_binary(b)))
                .then_some("text/plain; charset=utf-8"),
        }
    }
}

/// The bytes that make data binary for the text rule.
fn is_binary(b: u8) -> bool {
    b <= 0x08 || b == 0x0B || (0x0E..=0x1A).contains(&b) || (0x1C..=0x1F).contains(&b)
}

/// An `ftyp` box whose major or compatible brands include `mp4`.
fn is_mp4(data: &[u8]) -> bool {
    if data.len() < 12 {
        return false;
    }
    let size = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
    if !size.is_multiple_of(4) || data.len() < size || &data[4..8] != b"ftyp" {
        return false;
    }
    (8..size)
        .step_by(4)
        .filter(|&at| at != 12)
        .any(|at| data.get(at..at + 3) == Some(b"mp4"))
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn signatures_in_go_order() {
        assert_eq!(detect(b"  <html>"), "text/html; charset=utf-8");
        assert_eq!(detect(b"<htmlx"), "text/plain; charset=utf-8");
        assert_eq!(detect(b"\n<?xml version"), "text/xml; charset=utf-8");
        assert_eq!(detect(b"\x1F\x8B\x08rest"), "application/x-gzip");
        assert_eq!(detect(b"a: 1\n"), "text/plain; charset=utf-8");
        assert_eq!(detect(b"a: 1\n\0"), "application/octet-stream");
        assert_eq!(detect(b""), "text/plain; charset=utf-8");
        assert_eq!(detect(&[0u8; 512]), "application/octet-stream");
        let mut eot = [0u8; 40];
        eot[34..36].copy_from_slice(b"LP");
        assert_eq!(detect(&eot), "application/vnd.ms-fontobject");
        assert_eq!(detect(b"\0\0\0\x18ftypisom\0\0\0\0mp41isom"), "video/mp4");
    }
}

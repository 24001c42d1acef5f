//! Go strings are byte strings; rudder's are UTF-8. A byte that is not part of valid UTF-8
//! (a binary file from `.Files.Get`, a `b64dec` result, a `trunc` cut inside a character) is
//! carried as one private-use character, U+10FF00 + byte, and turned back into that byte
//! wherever Go would see bytes: hashing and encoding functions, `len`, and the output.

use std::borrow::Cow;

use rudder_gocompat::quote::{raw_byte, RAW_BYTE_BASE as BASE};

fn escape(byte: u8) -> char {
    char::from_u32(BASE + byte as u32).expect("plane 16 private use")
}

/// Whether `c` carries a raw byte (what Go's encoders treat as invalid UTF-8).
pub fn is_raw_byte(c: char) -> bool {
    raw_byte(c).is_some()
}

/// A Go string from its bytes: valid UTF-8 as is, other bytes escaped.
pub fn from_bytes(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| escape(b)));
    }
    Cow::Owned(out)
}

/// The bytes of a Go string.
pub fn to_bytes(s: &str) -> Cow<'_, [u8]> {
    if !has_escapes(s) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match raw_byte(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    Cow::Owned(out)
}

/// Whether `s` carries escaped bytes (they all start with the UTF-8 bytes F4 8F BC..BF).
pub fn has_escapes(s: &str) -> bool {
    let bytes = s.as_bytes();
    // `contains` is a fast search; most strings have no F4 byte at all.
    bytes.contains(&0xF4)
        && bytes
            .windows(3)
            .any(|w| w[0] == 0xF4 && w[1] == 0x8F && w[2] >= 0xBC)
        && s.chars().any(is_raw_byte)
}

/// Go's `len`: the number of bytes.
pub fn len(s: &str) -> usize {
    to_bytes(s).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let raw = b"\x00\x01\xff\xfe\xc3\x28abc\xe2\x82";
        let s = from_bytes(raw);
        assert_eq!(len(&s), raw.len());
        assert_eq!(&*to_bytes(&s), raw);
        assert!(matches!(
            from_bytes("héllo".as_bytes()),
            Cow::Borrowed("héllo")
        ));
        assert_eq!(len("héllo"), 6);
        assert_eq!(&*to_bytes(&from_bytes(&"é".as_bytes()[..1])), b"\xc3");
    }
}

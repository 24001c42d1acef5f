//! The few DER encodings a certificate needs, written the way Go's encoding/asn1 writes them.

/// A DER element: tag, definite minimal length, content.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes: minimal, with a zero byte when the
/// top bit is set.
pub fn uint(be: &[u8]) -> Vec<u8> {
    let skip = be.iter().take_while(|&&b| b == 0).count();
    let mut content = Vec::with_capacity(be.len() + 1);
    match be.get(skip) {
        None => content.push(0),
        Some(&b) if b & 0x80 != 0 => content.push(0),
        _ => {}
    }
    content.extend_from_slice(&be[skip..]);
    tlv(0x02, &content)
}

/// A BIT STRING of whole bytes.
pub fn bits(bytes: &[u8]) -> Vec<u8> {
    tlv(0x03, &[&[0u8][..], bytes].concat())
}

/// A BIT STRING whose trailing zero bits are not counted (Go's asn1BitLength).
pub fn trimmed_bits(bytes: &[u8]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    let unused = bytes.last().map_or(0, |b| b.trailing_zeros() as u8);
    tlv(0x03, &[&[unused][..], &bytes].concat())
}

pub fn octets(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

/// An OBJECT IDENTIFIER from its encoded body.
pub fn oid(body: &[u8]) -> Vec<u8> {
    tlv(0x06, body)
}

pub const NULL: &[u8] = &[0x05, 0x00];
pub const TRUE: &[u8] = &[0x01, 0x01, 0xff];

/// The elements (tag, content) of a SEQUENCE.
pub fn children(der: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let (_, mut rest) = read(der)?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (tag, head, len) = header(rest)?;
        out.push((tag, rest.get(head..head + len)?));
        rest = &rest[head + len..];
    }
    Some(out)
}

/// The encoded size of the element `der` starts with.
pub fn element_len(der: &[u8]) -> Option<usize> {
    let (_, head, len) = header(der)?;
    Some(head + len)
}

/// An element's tag and content.
fn read(der: &[u8]) -> Option<(u8, &[u8])> {
    let (tag, head, len) = header(der)?;
    Some((tag, der.get(head..head + len)?))
}

fn header(b: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *b.first()?;
    let first = *b.get(1)? as usize;
    if first < 0x80 {
        return Some((tag, 2, first));
    }
    let n = first & 0x7f;
    let len = b
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |a, x| a << 8 | *x as usize);
    Some((tag, 2 + n, len))
}

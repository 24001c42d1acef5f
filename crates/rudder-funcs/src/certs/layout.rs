//! Go's complaints about a key block whose DER is not the structure its label names: x509's
//! hint when it holds another key format, else encoding/asn1's error for it.

use super::der;

/// The ASN.1 structures Go reads private keys into, by the names its errors give them.
#[derive(Clone, Copy)]
pub enum Layout {
    Pkcs1,
    Ec,
    Pkcs8,
    Dsa,
}

impl Layout {
    fn go_name(self) -> &'static str {
        match self {
            Layout::Pkcs1 => "pkcs1PrivateKey",
            Layout::Ec => "ecPrivateKey",
            Layout::Pkcs8 => "pkcs8",
            Layout::Dsa => "DSAKeyFormat",
        }
    }

    /// Whether Go's `asn1.Unmarshal` would take `der` as this structure: the tags of its
    /// mandatory fields, in order (later elements and bytes are ignored).
    pub fn fits(self, der: &[u8]) -> bool {
        const INTEGER: u8 = 0x02;
        const OCTETS: u8 = 0x04;
        const SEQUENCE: u8 = 0x30;
        let wanted: &[u8] = match self {
            // Dp, Dq and Qinv are optional to Go.
            Layout::Pkcs1 => &[INTEGER; 6],
            Layout::Ec => &[INTEGER, OCTETS],
            Layout::Pkcs8 => &[INTEGER, SEQUENCE, OCTETS],
            Layout::Dsa => &[INTEGER; 6],
        };
        der.first() == Some(&SEQUENCE)
            && der::children(der).is_some_and(|fields| {
                fields.len() >= wanted.len()
                    && fields
                        .iter()
                        .zip(wanted)
                        .all(|((tag, _), want)| tag == want)
            })
    }

    /// encoding/asn1's error for `der` as this structure: exact when the outer element is not
    /// a SEQUENCE (or has no valid header), approximate for a mismatch inside it.
    pub fn asn1_error(self, der: &[u8]) -> String {
        match header(der) {
            Err(e) => format!("asn1: {e}"),
            Ok(h) if h.tag != 16 || h.class != 0 || !h.compound => format!(
                "asn1: structure error: tags don't match (16 vs {{class:{} tag:{} length:{} \
                 isCompound:{}}}) {{optional:false explicit:false application:false \
                 private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false \
                 omitEmpty:false}} {} @{}",
                h.class,
                h.tag,
                h.length,
                h.compound,
                self.go_name(),
                h.size
            ),
            Ok(h) if h.size + h.length > der.len() => "asn1: syntax error: data truncated".into(),
            Ok(_) => format!("asn1: structure error: not a valid {}", self.go_name()),
        }
    }
}

/// x509's hint when a key does not fit the structure asked for but fits another: `others` are
/// the structures Go's parser tries, in order, with the parsers that read them.
pub fn other_format(der: &[u8], others: &[(Layout, &str)]) -> Option<String> {
    others
        .iter()
        .find(|(layout, _)| layout.fits(der))
        .map(|(_, parser)| {
            format!("x509: failed to parse private key (use {parser} instead for this key format)")
        })
}

/// An element's identifier and length as Go's `parseTagAndLength` reads them.
struct Header {
    class: u8,
    compound: bool,
    tag: usize,
    length: usize,
    /// Bytes of identifier and length.
    size: usize,
}

fn header(der: &[u8]) -> Result<Header, &'static str> {
    let (&first, mut rest) = der
        .split_first()
        .ok_or("syntax error: sequence truncated")?;
    let mut tag = usize::from(first & 0x1f);
    if tag == 0x1f {
        tag = 0;
        loop {
            let (&b, after) = rest
                .split_first()
                .ok_or("syntax error: truncated base 128 integer")?;
            rest = after;
            tag = tag << 7 | usize::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
        if tag < 0x1f {
            return Err("syntax error: non-minimal tag");
        }
    }
    let truncated = "syntax error: truncated tag or length";
    let (&b, after) = rest.split_first().ok_or(truncated)?;
    rest = after;
    let mut length = usize::from(b & 0x7f);
    if b & 0x80 != 0 {
        if length == 0 {
            return Err("syntax error: indefinite length found (not DER)");
        }
        let count = length;
        length = 0;
        for _ in 0..count {
            let (&b, after) = rest.split_first().ok_or(truncated)?;
            rest = after;
            if length >= 1 << 23 {
                return Err("structure error: length too large");
            }
            length = length << 8 | usize::from(b);
            if length == 0 {
                return Err("structure error: superfluous leading zeros in length");
            }
        }
        if length < 0x80 {
            return Err("structure error: non-minimal length");
        }
    }
    Ok(Header {
        class: first >> 6,
        compound: first & 0x20 != 0,
        tag,
        length,
        size: der.len() - rest.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_go_writes_them() {
        assert_eq!(
            Layout::Dsa.asn1_error(&[0, 0, 0]),
            "asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0 \
             isCompound:false}) {optional:false explicit:false application:false private:false \
             defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} \
             DSAKeyFormat @2"
        );
        assert_eq!(
            Layout::Ec.asn1_error(&[]),
            "asn1: syntax error: sequence truncated"
        );
        assert_eq!(
            Layout::Ec.asn1_error(&[0x30, 0x80]),
            "asn1: syntax error: indefinite length found (not DER)"
        );
        // An EC key read as PKCS #1: x509 points at the parser that reads it.
        let ec = der::seq(&[&der::uint(&[1]), &der::octets(&[7; 32])]);
        assert_eq!(
            other_format(
                &ec,
                &[
                    (Layout::Pkcs8, "ParsePKCS8PrivateKey"),
                    (Layout::Ec, "ParseECPrivateKey")
                ]
            )
            .unwrap(),
            "x509: failed to parse private key (use ParseECPrivateKey instead for this key format)"
        );
    }
}

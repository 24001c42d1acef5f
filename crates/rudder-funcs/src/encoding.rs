//! Encodings (Sprig's crypto.go base64/base32 helpers).

use base64::Engine;
use rudder_gotmpl::{gostr, Builtin, FuncResult, Ty, Value};

use crate::conv::go_bytes;

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("b64enc", &[Ty::String], b64enc),
    Builtin::new("b64dec", &[Ty::String], b64dec),
    Builtin::new("b32enc", &[Ty::String], b32enc),
    Builtin::new("b32dec", &[Ty::String], b32dec),
];

/// `b64enc S`: `base64.StdEncoding.EncodeToString`.
fn b64enc(a: &[Value]) -> FuncResult {
    Ok(Value::string(
        base64::engine::general_purpose::STANDARD.encode(go_bytes(&a[0])),
    ))
}

/// `b64dec S`: `base64.StdEncoding.DecodeString`, the error text as the result.
fn b64dec(a: &[Value]) -> FuncResult {
    decoded(go_base64_decode(&go_bytes(&a[0])), "base64")
}

/// `b32enc S`: `base32.StdEncoding.EncodeToString`.
fn b32enc(a: &[Value]) -> FuncResult {
    Ok(Value::string(base32_encode(&go_bytes(&a[0]))))
}

/// `b32dec S`: `base32.StdEncoding.DecodeString`, the error text as the result.
fn b32dec(a: &[Value]) -> FuncResult {
    decoded(go_base32_decode(&go_bytes(&a[0])), "base32")
}

/// Sprig returns a decoding error as the text (Go's `CorruptInputError`).
fn decoded(result: Result<Vec<u8>, usize>, encoding: &str) -> FuncResult {
    Ok(Value::string(match result {
        Ok(b) => gostr::from_bytes(&b).into_owned(),
        Err(at) => format!("illegal {encoding} data at input byte {at}"),
    }))
}

fn b64_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some((c - b'A') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 26),
        b'0'..=b'9' => Some((c - b'0') as u32 + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Go's `base64.StdEncoding.DecodeString` (not strict): `\r`/`\n` are skipped, padding is
/// required, unused trailing bits are ignored; an error is the offset Go reports.
fn go_base64_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let skip_newlines = |mut si: usize| {
        while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
            si += 1;
        }
        si
    };
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    loop {
        let mut quantum = [0u32; 4];
        let mut len = 4;
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                match j {
                    0 => return Ok(out),
                    _ => return Err(si - j),
                }
            }
            let c = src[si];
            si += 1;
            if let Some(v) = b64_value(c) {
                quantum[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' || j < 2 {
                return Err(si - 1);
            }
            if j == 2 {
                // `==` is expected: the first `=` is consumed.
                si = skip_newlines(si);
                if si == src.len() {
                    return Err(src.len());
                }
                if src[si] != b'=' {
                    return Err(si - 1);
                }
                si += 1;
            }
            si = skip_newlines(si);
            if si < src.len() {
                return Err(si);
            }
            len = j;
            break;
        }
        let v = quantum[0] << 18 | quantum[1] << 12 | quantum[2] << 6 | quantum[3];
        let bytes = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
        out.extend_from_slice(&bytes[..len - 1]);
        if len < 4 {
            return Ok(out);
        }
    }
}

const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32_encode(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = buf.iter().fold(0u64, |acc, b| acc << 8 | *b as u64);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                out.push(B32[((bits >> (35 - i * 5)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Go's `base32.StdEncoding.DecodeString`: `\r`/`\n` are dropped first, padding is required
/// (`=` only counts as padding near the end), and an error is the offset Go reports.
fn go_base32_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let src: Vec<u8> = src
        .iter()
        .copied()
        .filter(|&c| c != b'\r' && c != b'\n')
        .collect();
    let olen = src.len();
    let mut out = Vec::with_capacity(olen / 8 * 5);
    let mut si = 0;
    while si < olen {
        let mut q = [0u8; 8];
        let mut len = 8;
        let mut j = 0;
        while j < 8 {
            if si == olen {
                return Err(olen - j);
            }
            let c = src[si];
            si += 1;
            let left = olen - si;
            if c == b'=' && j >= 2 && left < 8 {
                if left + j < 7 {
                    return Err(olen);
                }
                if let Some(k) = (0..7 - j).find(|&k| k < left && src[si + k] != b'=') {
                    return Err(si + k - 1);
                }
                if matches!(j, 1 | 3 | 6) {
                    return Err(si - 1);
                }
                len = j;
                si = olen;
                break;
            }
            q[j] = match B32.iter().position(|&x| x == c) {
                Some(v) => v as u8,
                None => return Err(si - 1),
            };
            j += 1;
        }
        let bytes = [
            q[0] << 3 | q[1] >> 2,
            q[1] << 6 | q[2] << 1 | q[3] >> 4,
            q[3] << 4 | q[4] >> 1,
            q[4] << 7 | q[5] << 2 | q[6] >> 3,
            q[6] << 5 | q[7],
        ];
        let n = match len {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            _ => 1,
        };
        out.extend_from_slice(&bytes[..n]);
    }
    Ok(out)
}

#[cfg(test)]
mod b64_tests {
    use super::go_base64_decode;

    /// Offsets and results as helm 4.1.4 prints them (testdata/cases/funcs/b64.cases).
    #[test]
    fn go_base64_rules() {
        assert_eq!(go_base64_decode(b"aGVsbG8=").unwrap(), b"hello");
        assert_eq!(go_base64_decode(b"aGVsbG9=").unwrap(), b"hello");
        assert_eq!(go_base64_decode(b"aGVs\nbG8=").unwrap(), b"hello");
        assert_eq!(go_base64_decode(b"").unwrap(), b"");
        assert_eq!(go_base64_decode(b"aGVsbG8"), Err(4));
        assert_eq!(go_base64_decode(b"aGVsbA="), Err(7));
        assert_eq!(go_base64_decode(b"aGVsbA==x"), Err(8));
        assert_eq!(go_base64_decode(b"="), Err(0));
        assert_eq!(go_base64_decode(b"!!!!"), Err(0));
    }
}

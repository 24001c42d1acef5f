//! Encodings (Sprig's crypto.go base64/base32 helpers).

use base64::Engine;
use rudder_gotmpl::{Func, FuncMap, Ty, Value};

pub fn register(m: &mut FuncMap) {
    m.insert(
        "b64enc",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(
                base64::engine::general_purpose::STANDARD.encode(a[0].as_str().unwrap_or_default()),
            ))
        }),
    );
    m.insert(
        "b64dec",
        Func::new(&[Ty::String], |a| {
            let s = a[0].as_str().unwrap_or_default();
            Ok(Value::string(
                match base64::engine::general_purpose::STANDARD.decode(s) {
                    Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                    Err(e) => go_base64_error(&e),
                },
            ))
        }),
    );
    m.insert(
        "b32enc",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(base32_encode(
                a[0].as_str().unwrap_or_default().as_bytes(),
            )))
        }),
    );
    m.insert(
        "b32dec",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(
                match base32_decode(a[0].as_str().unwrap_or_default()) {
                    Some(b) => String::from_utf8_lossy(&b).into_owned(),
                    None => "illegal base32 data at input byte 0".to_string(),
                },
            ))
        }),
    );
}

fn go_base64_error(e: &base64::DecodeError) -> String {
    let at = match e {
        base64::DecodeError::InvalidByte(i, _) | base64::DecodeError::InvalidLastSymbol(i, _) => *i,
        base64::DecodeError::InvalidLength(n) => *n,
        base64::DecodeError::InvalidPadding => 0,
    };
    format!("illegal base64 data at input byte {at}")
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

fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut bits: u64 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = B32.iter().position(|&x| x == c)? as u64;
        bits = bits << 5 | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    Some(out)
}

//! Hashes and checksums (Sprig's crypto.go, deterministic part).

use rudder_gotmpl::{Builtin, FuncResult, Ty, Value};
use sha1::Digest;

use crate::conv::go_bytes;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("sha1sum", &[Ty::String], sha1sum),
    Builtin::new("sha256sum", &[Ty::String], sha256sum),
    Builtin::new("sha512sum", &[Ty::String], sha512sum),
    Builtin::new("adler32sum", &[Ty::String], adler32sum),
];

/// `sha1sum S`: the SHA-1 digest in hex.
fn sha1sum(a: &[Value]) -> FuncResult {
    Ok(Value::string(hex(&sha1::Sha1::digest(go_bytes(&a[0])))))
}

/// `sha256sum S`: the SHA-256 digest in hex.
fn sha256sum(a: &[Value]) -> FuncResult {
    Ok(Value::string(hex(&sha2::Sha256::digest(go_bytes(&a[0])))))
}

/// `sha512sum S`: the SHA-512 digest in hex.
fn sha512sum(a: &[Value]) -> FuncResult {
    Ok(Value::string(hex(&sha2::Sha512::digest(go_bytes(&a[0])))))
}

/// `adler32sum S`: the Adler-32 checksum in decimal.
fn adler32sum(a: &[Value]) -> FuncResult {
    Ok(Value::string(adler32(&go_bytes(&a[0])).to_string()))
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    b << 16 | a
}

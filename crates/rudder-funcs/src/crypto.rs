//! Hashes and checksums (Sprig's crypto.go, deterministic part).

use rudder_gotmpl::{Func, FuncMap, Ty, Value};
use sha1::Digest;

use crate::conv::go_bytes;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn register(m: &mut FuncMap) {
    m.insert(
        "sha1sum",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(hex(&sha1::Sha1::digest(go_bytes(&a[0])))))
        }),
    );
    m.insert(
        "sha256sum",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(hex(&sha2::Sha256::digest(go_bytes(&a[0])))))
        }),
    );
    m.insert(
        "sha512sum",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(hex(&sha2::Sha512::digest(go_bytes(&a[0])))))
        }),
    );
    m.insert(
        "adler32sum",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(adler32(&go_bytes(&a[0])).to_string()))
        }),
    );
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    b << 16 | a
}

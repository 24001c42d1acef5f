//! `encryptAES`/`decryptAES` (AES-256-CBC, PKCS#7, random IV prepended, base64) and
//! `derivePassword` (the Master Password algorithm), as Sprig implements them.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use rudder_gotmpl::{Builtin, FuncError, FuncResult, Ty, Value};
use sha2::Sha256;

type Enc = cbc::Encryptor<aes::Aes256>;
type Dec = cbc::Decryptor<aes::Aes256>;

/// Sprig pads (or cuts) the password to a 32-byte key.
fn key(password: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    let p = password.as_bytes();
    let n = p.len().min(32);
    k[..n].copy_from_slice(&p[..n]);
    k
}

fn encrypt(password: &str, plain: &str) -> String {
    let mut iv = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut iv);
    let ct = Enc::new(&key(password).into(), &iv.into())
        .encrypt_padded_vec_mut::<Pkcs7>(&rudder_gotmpl::gostr::to_bytes(plain));
    let mut out = iv.to_vec();
    out.extend(ct);
    base64::engine::general_purpose::STANDARD.encode(out)
}

fn decrypt(password: &str, crypt: &str) -> Result<String, String> {
    let data = base64::engine::general_purpose::STANDARD
        .decode(crypt)
        .map_err(|e| e.to_string())?;
    if data.len() < 16 {
        return Err("ciphertext too short".into());
    }
    let (iv, ct) = data.split_at(16);
    let iv: [u8; 16] = iv
        .try_into()
        .map_err(|_| "ciphertext too short".to_string())?;
    let plain = Dec::new(&key(password).into(), &iv.into())
        .decrypt_padded_vec_mut::<Pkcs7>(ct)
        .map_err(|_| "crypto/cipher: input not full blocks".to_string())?;
    Ok(rudder_gotmpl::gostr::from_bytes(&plain).into_owned())
}

/// The Master Password templates per password type.
fn templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn class_chars(c: char) -> &'static str {
    match c {
        'V' => "AEIOU",
        'C' => "BCDFGHJKLMNPQRSTVWXYZ",
        'v' => "aeiou",
        'c' => "bcdfghjklmnpqrstvwxyz",
        'A' => "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        'a' => "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        'n' => "0123456789",
        'o' => "@&%?,=[]_:-+*$#!'^~;()/.",
        'x' => "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
        _ => "",
    }
}

fn derive(
    counter: u32,
    kind: &str,
    password: &str,
    user: &str,
    site: &str,
) -> Result<String, String> {
    let tpls = templates(kind).ok_or_else(|| format!("cannot find password template {kind}"))?;
    let scope = "com.lyndir.masterpassword";
    let mut salt = scope.as_bytes().to_vec();
    salt.extend((user.len() as u32).to_be_bytes());
    salt.extend(user.as_bytes());
    let params = scrypt::Params::new(15, 8, 2, 64).map_err(|e| e.to_string())?;
    let mut master = [0u8; 64];
    scrypt::scrypt(password.as_bytes(), &salt, &params, &mut master).map_err(|e| e.to_string())?;
    let mut site_salt = scope.as_bytes().to_vec();
    site_salt.extend((site.len() as u32).to_be_bytes());
    site_salt.extend(site.as_bytes());
    site_salt.extend(counter.to_be_bytes());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&master).map_err(|e| e.to_string())?;
    mac.update(&site_salt);
    let seed = mac.finalize().into_bytes();
    let tpl = tpls[seed[0] as usize % tpls.len()];
    Ok(tpl
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let chars = class_chars(c).as_bytes();
            chars[seed[i + 1] as usize % chars.len()] as char
        })
        .collect())
}

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("encryptAES", &[Ty::String, Ty::String], encrypt_aes),
    Builtin::new("decryptAES", &[Ty::String, Ty::String], decrypt_aes),
    Builtin::new(
        "derivePassword",
        &[Ty::Int, Ty::String, Ty::String, Ty::String, Ty::String],
        derive_password,
    ),
];

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// `encryptAES KEY TEXT`: AES-256-CBC under the key, IV first, in base64.
fn encrypt_aes(a: &[Value]) -> FuncResult {
    Ok(Value::string(encrypt(s(&a[0]), s(&a[1]))))
}

/// `decryptAES KEY TEXT`: the inverse of `encryptAES`.
fn decrypt_aes(a: &[Value]) -> FuncResult {
    decrypt(s(&a[0]), s(&a[1]))
        .map(Value::string)
        .map_err(FuncError::new)
}

/// `derivePassword COUNTER TYPE PASSWORD USER SITE`: the Master Password algorithm.
fn derive_password(a: &[Value]) -> FuncResult {
    let counter = crate::conv::to_int64(&a[0]) as u32;
    Ok(Value::string(
        derive(counter, s(&a[1]), s(&a[2]), s(&a[3]), s(&a[4])).unwrap_or_else(|e| e),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aes_round_trip() {
        let c = encrypt("secretkey", "plaintext");
        assert_eq!(decrypt("secretkey", &c).unwrap(), "plaintext");
    }
}

//! Random values (Sprig's `rand*`, `uuidv4`, `shuffle`, `bcrypt`, `htpasswd`): the same
//! alphabets, lengths and formats as helm's, from a cryptographic source.

use base64::Engine;
use rand::seq::SliceRandom;
use rand::Rng;
use rudder_gotmpl::{Builtin, FuncError, FuncResult, Ty, Value};

/// Longest random string built, so a hostile count cannot exhaust memory.
const MAX_LEN: i64 = 1 << 20;

fn count(v: &Value) -> Result<usize, FuncError> {
    let n = crate::conv::to_int64(v);
    if n > MAX_LEN {
        return Err(FuncError::new(format!("count {n} is too large")));
    }
    Ok(n.max(0) as usize)
}

fn from_alphabet(n: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char)
        .collect()
}

/// `randAlphaNum`'s alphabet: the letters, then the digits.
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LETTERS: &[u8] = ALNUM.split_at(52).0;
const DIGITS: &[u8] = ALNUM.split_at(52).1;

/// Printable ASCII, space to `~`.
const ASCII: [u8; 95] = {
    let mut chars = [0u8; 95];
    let mut i = 0;
    while i < chars.len() {
        chars[i] = b' ' + i as u8;
        i += 1;
    }
    chars
};

/// Go's `bcrypt.DefaultCost`.
const GO_DEFAULT_COST: u32 = 10;

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("randAlphaNum", &[Ty::Int], rand_alpha_num),
    Builtin::new("randAlpha", &[Ty::Int], rand_alpha),
    Builtin::new("randNumeric", &[Ty::Int], rand_numeric),
    Builtin::new("randAscii", &[Ty::Int], rand_ascii),
    Builtin::new("randInt", &[Ty::Int, Ty::Int], rand_int),
    Builtin::new("randBytes", &[Ty::Int], rand_bytes),
    Builtin::new("uuidv4", &[], uuidv4),
    Builtin::new("shuffle", &[Ty::String], shuffle),
    Builtin::new("bcrypt", &[Ty::String], bcrypt_fn),
    Builtin::new("htpasswd", &[Ty::String, Ty::String], htpasswd),
];

/// `randAlphaNum N`: `n` random letters and digits.
fn rand_alpha_num(a: &[Value]) -> FuncResult {
    Ok(Value::string(from_alphabet(count(&a[0])?, ALNUM)))
}

/// `randAlpha N`: `n` random letters.
fn rand_alpha(a: &[Value]) -> FuncResult {
    Ok(Value::string(from_alphabet(count(&a[0])?, LETTERS)))
}

/// `randNumeric N`: `n` random digits.
fn rand_numeric(a: &[Value]) -> FuncResult {
    Ok(Value::string(from_alphabet(count(&a[0])?, DIGITS)))
}

/// `randAscii N`: `n` random printable ASCII characters.
fn rand_ascii(a: &[Value]) -> FuncResult {
    Ok(Value::string(from_alphabet(count(&a[0])?, &ASCII)))
}

/// `randInt MIN MAX`: a random integer in `[min, max)`.
fn rand_int(a: &[Value]) -> FuncResult {
    let (min, max) = (crate::conv::to_int64(&a[0]), crate::conv::to_int64(&a[1]));
    if max <= min {
        return Err(FuncError::new("invalid argument to Intn"));
    }
    Ok(Value::Int(rand::thread_rng().gen_range(min..max)))
}

/// `randBytes N`: `n` random bytes in base64.
fn rand_bytes(a: &[Value]) -> FuncResult {
    let mut b = vec![0u8; count(&a[0])?];
    rand::thread_rng().fill(&mut b[..]);
    Ok(Value::string(
        base64::engine::general_purpose::STANDARD.encode(b),
    ))
}

/// `uuidv4`: a random version 4 UUID.
fn uuidv4(_: &[Value]) -> FuncResult {
    Ok(Value::string(uuid::Uuid::new_v4().to_string()))
}

/// `shuffle S`: the characters of `s` in random order.
fn shuffle(a: &[Value]) -> FuncResult {
    let mut chars: Vec<char> = a[0].as_str().unwrap_or_default().chars().collect();
    chars.shuffle(&mut rand::thread_rng());
    Ok(Value::string(chars.into_iter().collect()))
}

/// Go's `bcrypt.GenerateFromPassword` at the default cost, in the `$2a$` format.
fn bcrypt_hash(password: &str) -> Result<String, FuncError> {
    let h = bcrypt::hash_with_result(password, GO_DEFAULT_COST)
        .map_err(|e| FuncError::new(e.to_string()))?;
    Ok(h.format_for_version(bcrypt::Version::TwoA))
}

/// `bcrypt S`: the bcrypt hash of `s`.
fn bcrypt_fn(a: &[Value]) -> FuncResult {
    Ok(Value::string(bcrypt_hash(
        a[0].as_str().unwrap_or_default(),
    )?))
}

/// `htpasswd USER PASSWORD`: an htpasswd line, `user:` and the bcrypt hash.
fn htpasswd(a: &[Value]) -> FuncResult {
    let user = a[0].as_str().unwrap_or_default();
    if user.contains(':') {
        return Ok(Value::string(format!("invalid username: {user}")));
    }
    let hash = bcrypt_hash(a[1].as_str().unwrap_or_default())?;
    Ok(Value::string(format!("{user}:{hash}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let s = rand_alpha_num(&[Value::Int(40)]).unwrap();
        assert!(
            s.as_str().unwrap().len() == 40
                && s.as_str()
                    .unwrap()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric())
        );
        let u = uuidv4(&[]).unwrap();
        assert_eq!(u.as_str().unwrap().as_bytes()[14], b'4');
        let h = htpasswd(&[Value::str("user"), Value::str("pw")]).unwrap();
        let hash = h
            .as_str()
            .unwrap()
            .strip_prefix("user:")
            .unwrap()
            .to_string();
        assert!(hash.starts_with("$2a$10$"));
        assert!(bcrypt::verify("pw", &hash).unwrap());
        assert_eq!(&ASCII[..3], b" !\"");
        assert_eq!(ASCII.last(), Some(&b'~'));
    }
}

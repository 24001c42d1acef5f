//! Random values (Sprig's `rand*`, `uuidv4`, `shuffle`, `bcrypt`, `htpasswd`): the same
//! alphabets, lengths and formats as helm's, from a cryptographic source.

use base64::Engine;
use rand::seq::SliceRandom;
use rand::Rng;
use rudder_gotmpl::{Func, FuncError, FuncMap, Ty, Value};

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

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &[u8] = b"0123456789";

/// Go's `bcrypt.DefaultCost`.
const GO_DEFAULT_COST: u32 = 10;

pub fn register(m: &mut FuncMap) {
    let alnum: Vec<u8> = [LETTERS, DIGITS].concat();
    m.insert(
        "randAlphaNum",
        Func::new(&[Ty::Int], move |a| {
            Ok(Value::string(from_alphabet(count(&a[0])?, &alnum)))
        }),
    );
    m.insert(
        "randAlpha",
        Func::new(&[Ty::Int], |a| {
            Ok(Value::string(from_alphabet(count(&a[0])?, LETTERS)))
        }),
    );
    m.insert(
        "randNumeric",
        Func::new(&[Ty::Int], |a| {
            Ok(Value::string(from_alphabet(count(&a[0])?, DIGITS)))
        }),
    );
    let ascii: Vec<u8> = (32u8..=126).collect();
    m.insert(
        "randAscii",
        Func::new(&[Ty::Int], move |a| {
            Ok(Value::string(from_alphabet(count(&a[0])?, &ascii)))
        }),
    );
    m.insert(
        "randInt",
        Func::new(&[Ty::Int, Ty::Int], |a| {
            let (min, max) = (crate::conv::to_int64(&a[0]), crate::conv::to_int64(&a[1]));
            if max <= min {
                return Err(FuncError::new("invalid argument to Intn"));
            }
            Ok(Value::Int(rand::thread_rng().gen_range(min..max)))
        }),
    );
    m.insert(
        "randBytes",
        Func::new(&[Ty::Int], |a| {
            let mut b = vec![0u8; count(&a[0])?];
            rand::thread_rng().fill(&mut b[..]);
            Ok(Value::string(
                base64::engine::general_purpose::STANDARD.encode(b),
            ))
        }),
    );
    m.insert(
        "uuidv4",
        Func::new(&[], |_| Ok(Value::string(uuid::Uuid::new_v4().to_string()))),
    );
    m.insert(
        "shuffle",
        Func::new(&[Ty::String], |a| {
            let mut chars: Vec<char> = a[0].as_str().unwrap_or_default().chars().collect();
            chars.shuffle(&mut rand::thread_rng());
            Ok(Value::string(chars.into_iter().collect()))
        }),
    );
    m.insert(
        "bcrypt",
        Func::new(&[Ty::String], |a| {
            let h = bcrypt::hash_with_result(a[0].as_str().unwrap_or_default(), GO_DEFAULT_COST)
                .map_err(|e| FuncError::new(e.to_string()))?;
            Ok(Value::string(h.format_for_version(bcrypt::Version::TwoA)))
        }),
    );
    m.insert(
        "htpasswd",
        Func::new(&[Ty::String, Ty::String], |a| {
            let user = a[0].as_str().unwrap_or_default();
            if user.contains(':') {
                return Ok(Value::string(format!("invalid username: {user}")));
            }
            let h = bcrypt::hash_with_result(a[1].as_str().unwrap_or_default(), GO_DEFAULT_COST)
                .map_err(|e| FuncError::new(e.to_string()))?;
            Ok(Value::string(format!(
                "{user}:{}",
                h.format_for_version(bcrypt::Version::TwoA)
            )))
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let m = {
            let mut m = FuncMap::new();
            register(&mut m);
            m
        };
        let call = |name: &str, args: &[Value]| match &m.get(name).unwrap().body {
            rudder_gotmpl::FuncBody::Plain(f) => f(args).unwrap(),
            _ => unreachable!(),
        };
        let s = call("randAlphaNum", &[Value::Int(40)]);
        assert!(
            s.as_str().unwrap().len() == 40
                && s.as_str()
                    .unwrap()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric())
        );
        let u = call("uuidv4", &[]);
        assert_eq!(u.as_str().unwrap().as_bytes()[14], b'4');
        let h = call("htpasswd", &[Value::str("user"), Value::str("pw")]);
        let hash = h
            .as_str()
            .unwrap()
            .strip_prefix("user:")
            .unwrap()
            .to_string();
        assert!(hash.starts_with("$2a$10$"));
        assert!(bcrypt::verify("pw", &hash).unwrap());
    }
}

//! Normalising filters for output that helm itself makes random.
//!
//! A filter replaces each random item by a placeholder that keeps its shape (kind, length,
//! alphabet), and fails if the item does not have the shape it claims, so a filter can never hide
//! a deterministic difference: both helm's and rudder's output go through the same filter, and
//! anything a filter does not match is still compared byte for byte.
//!
//! - `pem`: PEM blocks; certificates must parse as X.509, keys must be DER sequences.
//! - `base64-pem`: base64 text that decodes to a PEM block (e.g. `tls.crt: LS0tLS1...`).
//! - `uuid`: version-4 UUIDs.
//! - `random:KEY`: the value of every `KEY: value` line, replaced by its length and alphabet.

use std::sync::LazyLock;

use anyhow::{anyhow, bail, Result};
use base64::Engine;
use regex::Regex;

/// Checks that a filter name exists (at case-parsing time, so typos fail early).
pub fn check_name(name: &str) -> Result<()> {
    match name {
        "pem" | "base64-pem" | "uuid" => Ok(()),
        _ if name.strip_prefix("random:").is_some_and(valid_key) => Ok(()),
        _ => bail!("unknown filter {name:?} (known: pem, base64-pem, uuid, random:KEY)"),
    }
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c))
}

/// Applies the named filters in order.
pub fn apply_all(names: &[String], text: &str) -> Result<String> {
    let mut out = text.to_string();
    for name in names {
        out = apply(name, &out)?;
    }
    Ok(out)
}

/// Applies one filter.
pub fn apply(name: &str, text: &str) -> Result<String> {
    match name {
        "pem" => pem(text),
        "base64-pem" => base64_pem(text),
        "uuid" => Ok(UUID.replace_all(text, "<UUIDv4>").into_owned()),
        _ => match name.strip_prefix("random:") {
            Some(key) => Ok(random_values(key, text)),
            None => bail!("unknown filter {name:?}"),
        },
    }
}

static PEM_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN ([A-Z0-9 ]+)-----\n((?:[ \t]*[A-Za-z0-9+/=]*\n)*?)[ \t]*-----END ([A-Z0-9 ]+)-----")
        .expect("valid regex")
});
static BASE64_PEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"LS0tLS1CRUdJTi[A-Za-z0-9+/]*=*").expect("valid regex"));
static UUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\b")
        .expect("valid regex")
});

fn pem(text: &str) -> Result<String> {
    let mut out = String::new();
    let mut last = 0;
    for caps in PEM_BLOCK.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let label = &caps[1];
        if label != &caps[3] {
            bail!("PEM block BEGIN {label} ends with END {}", &caps[3]);
        }
        let body: String = caps[2].split_whitespace().collect();
        check_der(label, &decode(&body)?)?;
        out.push_str(&text[last..whole.start()]);
        out.push_str(&format!("<PEM {label}>"));
        last = whole.end();
    }
    out.push_str(&text[last..]);
    Ok(out)
}

fn base64_pem(text: &str) -> Result<String> {
    let mut out = String::new();
    let mut last = 0;
    for m in BASE64_PEM.find_iter(text) {
        let decoded = String::from_utf8(decode(m.as_str())?)
            .map_err(|_| anyhow!("base64 PEM is not UTF-8"))?;
        let inner = pem(&decoded)?;
        let label = inner
            .strip_prefix("<PEM ")
            .and_then(|r| r.split_once('>'))
            .filter(|(_, rest)| rest.trim().is_empty())
            .map(|(l, _)| l.to_string())
            .ok_or_else(|| anyhow!("base64 text does not decode to one PEM block"))?;
        out.push_str(&text[last..m.start()]);
        out.push_str(&format!("<BASE64 PEM {label}>"));
        last = m.end();
    }
    out.push_str(&text[last..]);
    Ok(out)
}

fn decode(b64: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| anyhow!("invalid base64 in PEM: {e}"))
}

fn check_der(label: &str, der: &[u8]) -> Result<()> {
    if label == "CERTIFICATE" {
        x509_parser::parse_x509_certificate(der)
            .map_err(|e| anyhow!("CERTIFICATE does not parse as X.509: {e}"))?;
        return Ok(());
    }
    // Keys (RSA, EC, PKCS#8, DSA) are DER SEQUENCEs whose length covers the whole block.
    let (&tag, rest) = der.split_first().ok_or_else(|| anyhow!("empty {label}"))?;
    if tag != 0x30 || der_len(rest) != Some(der.len()) {
        bail!("{label} is not a DER sequence");
    }
    Ok(())
}

/// The total encoded length of a DER element given the bytes after its tag.
fn der_len(rest: &[u8]) -> Option<usize> {
    let (&first, rest) = rest.split_first()?;
    if first < 0x80 {
        return Some(2 + first as usize);
    }
    let n = (first & 0x7f) as usize;
    if n == 0 || n > 4 || rest.len() < n {
        return None;
    }
    let len = rest[..n]
        .iter()
        .fold(0usize, |acc, b| acc << 8 | *b as usize);
    Some(2 + n + len)
}

fn random_values(key: &str, text: &str) -> String {
    let re = Regex::new(&format!(
        r"(?m)^([ \t]*(?:- )?{}:[ \t]*)(\S.*)$",
        regex::escape(key)
    ))
    .expect("escaped key");
    re.replace_all(text, |caps: &regex::Captures| {
        format!("{}<random {}>", &caps[1], shape(&caps[2]))
    })
    .into_owned()
}

/// Length in characters plus the smallest of a few fixed alphabets holding every character
/// (fixed alphabets, not the classes that happen to occur, so random output is never flaky).
fn shape(s: &str) -> String {
    let alphabet = if s.chars().all(|c| c.is_ascii_alphanumeric()) {
        "alnum"
    } else if s.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        "ascii"
    } else {
        "any"
    };
    format!("len={} {alphabet}", s.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(check_name("pem").is_ok());
        assert!(check_name("random:password").is_ok());
        assert!(check_name("random:").is_err());
        assert!(check_name("pems").is_err());
    }

    #[test]
    fn uuid_filter_keeps_non_v4_text() {
        let t =
            "a: 123e4567-e89b-42d3-a456-426614174000\nb: 123e4567-e89b-12d3-a456-426614174000\n";
        assert_eq!(
            apply("uuid", t).unwrap(),
            "a: <UUIDv4>\nb: 123e4567-e89b-12d3-a456-426614174000\n"
        );
    }

    #[test]
    fn random_filter_keeps_shape() {
        let t = "x:\n  password: aB3dE\n  other: same\n";
        assert_eq!(
            apply("random:password", t).unwrap(),
            "x:\n  password: <random len=5 alnum>\n  other: same\n"
        );
        // A different length stays visible.
        assert_ne!(
            apply("random:password", "password: abc\n").unwrap(),
            apply("random:password", "password: abcd\n").unwrap()
        );
    }

    #[test]
    fn pem_filter_rejects_garbage_and_accepts_keys() {
        let bad = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
        assert!(apply("pem", bad).is_err());
        // A DER SEQUENCE of length 3: 30 03 02 01 05 (INTEGER 5).
        let key = "k: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MAMCAQU=\n  -----END RSA PRIVATE KEY-----\nn: 1\n";
        assert_eq!(
            apply("pem", key).unwrap(),
            "k: |\n  <PEM RSA PRIVATE KEY>\nn: 1\n"
        );
        let mismatched = "-----BEGIN A-----\nMAMCAQU=\n-----END B-----";
        assert!(apply("pem", mismatched).is_err());
    }

    #[test]
    fn base64_pem_filter_decodes_then_checks() {
        let pem = "-----BEGIN EC PRIVATE KEY-----\nMAMCAQU=\n-----END EC PRIVATE KEY-----\n";
        let b64 = base64::engine::general_purpose::STANDARD.encode(pem);
        let t = format!("tls.key: {b64}\n");
        assert_eq!(
            apply("base64-pem", &t).unwrap(),
            "tls.key: <BASE64 PEM EC PRIVATE KEY>\n"
        );
    }
}

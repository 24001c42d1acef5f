//! Normalising filters for output that helm itself makes random.
//!
//! A filter replaces each random item by a placeholder that keeps its shape (kind, length,
//! alphabet), and fails if the item does not have the shape it claims, so a filter can never hide
//! a deterministic difference: both helm's and rudder's output go through the same filter, and
//! anything a filter does not match is still compared byte for byte.
//!
//! - `pem`: PEM blocks, replaced by their structure (`pem_shape`): a certificate's fields and
//!   extensions, a key's format and size; a block without that structure fails.
//! - `base64-pem`: base64 text that decodes to a PEM block (e.g. `tls.crt: LS0tLS1...`).
//! - `uuid`: version-4 UUIDs.
//! - `random:KEY`: the value of every `KEY: value` line, replaced by its length and alphabet.
//! - `time:KEY`: the RFC 3339 time of every `KEY: time` line (YAML or JSON), which helm takes
//!   from the clock (`generated` in Chart.lock and index.yaml, `created` of an index entry).
//! - `go-address`: numbers in Go's heap range (`0xc000568160`, and as `%d` and `%x` print
//!   it), which Go prints for a pointer inside a container and which differ from run to run.

use std::sync::LazyLock;

use anyhow::{anyhow, bail, Result};
use base64::Engine;
use regex::Regex;

use crate::pem_shape::Shapes;

/// Checks that a filter name exists (at case-parsing time, so typos fail early).
pub fn check_name(name: &str) -> Result<()> {
    match name {
        "pem" | "base64-pem" | "uuid" | "go-address" => Ok(()),
        _ if name.strip_prefix("random:").is_some_and(valid_key) => Ok(()),
        _ if name.strip_prefix("time:").is_some_and(valid_key) => Ok(()),
        _ => bail!(
            "unknown filter {name:?} (known: pem, base64-pem, uuid, go-address, random:KEY, time:KEY)"
        ),
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
        "go-address" => Ok(go_addresses(text)),
        _ => match (name.strip_prefix("random:"), name.strip_prefix("time:")) {
            (Some(key), _) => Ok(random_values(key, text)),
            (_, Some(key)) => times(key, text),
            _ => bail!("unknown filter {name:?}"),
        },
    }
}

/// Every word that is a number in Go's heap range, written `0x…`, in decimal (twelve digits) or
/// in bare hex (ten digits, either case), becomes `<address 0x>`, `<address d>` or
/// `<address x>`.
pub fn go_addresses(text: &str) -> String {
    const HEAP: std::ops::Range<u64> = 0xc000000000..0xc100000000;
    let in_heap = |n: Option<u64>| n.is_some_and(|n| HEAP.contains(&n));
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let hex = |w: &str| u64::from_str_radix(w, 16).ok();
        let decimal = word.len() == 12 && word.bytes().all(|b| b.is_ascii_digit());
        let placeholder = match word.strip_prefix("0x") {
            Some(h) if in_heap(hex(h)) => Some("<address 0x>"),
            None if decimal && in_heap(word.parse().ok()) => Some("<address d>"),
            None if word.len() == 10 && in_heap(hex(word)) => Some("<address x>"),
            _ => None,
        };
        out.push_str(placeholder.unwrap_or(word));
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
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
    let mut shapes = Shapes::default();
    replace_all(&PEM_BLOCK, text, |caps| {
        Ok(format!("<PEM {}>", block(&mut shapes, caps)?))
    })
}

fn base64_pem(text: &str) -> Result<String> {
    let mut shapes = Shapes::default();
    replace_all(&BASE64_PEM, text, |caps| {
        let decoded =
            String::from_utf8(decode(&caps[0])?).map_err(|_| anyhow!("base64 PEM is not UTF-8"))?;
        let caps = PEM_BLOCK
            .captures(&decoded)
            .filter(|c| c[0].len() == decoded.trim().len() && decoded.trim_start() == decoded)
            .ok_or_else(|| anyhow!("base64 text does not decode to one PEM block"))?;
        Ok(format!("<BASE64 PEM {}>", block(&mut shapes, &caps)?))
    })
}

/// `LABEL: structure` of a matched PEM block.
fn block(shapes: &mut Shapes, caps: &regex::Captures) -> Result<String> {
    let label = &caps[1];
    if label != &caps[3] {
        bail!("PEM block BEGIN {label} ends with END {}", &caps[3]);
    }
    let body: String = caps[2].split_whitespace().collect();
    let shape = shapes.describe(label, &decode(&body)?)?;
    Ok(format!("{label}: {shape}"))
}

/// Every match of `re` replaced by `with` of it.
fn replace_all(
    re: &Regex,
    text: &str,
    mut with: impl FnMut(&regex::Captures) -> Result<String>,
) -> Result<String> {
    let mut out = String::new();
    let mut last = 0;
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        out.push_str(&text[last..whole.start()]);
        out.push_str(&with(&caps)?);
        last = whole.end();
    }
    out.push_str(&text[last..]);
    Ok(out)
}

fn decode(b64: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| anyhow!("invalid base64 in PEM: {e}"))
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

/// Go's RFC 3339 with nanoseconds (trailing zeros of the fraction dropped, so its length
/// varies from run to run): the zone is kept.
static RFC3339: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(Z|[+-]\d\d:\d\d)$")
        .expect("valid regex")
});

/// Every `KEY: time` line (`"KEY": "time",` in JSON; the value plain or double-quoted) with
/// the time replaced by `<time ZONE>`; a value that is not such a time fails.
fn times(key: &str, text: &str) -> Result<String> {
    let re = Regex::new(&format!(
        r#"(?m)^([ \t]*(?:- )?"?{}"?:[ \t]*"?)([^"\n]*?)("?,?)$"#,
        regex::escape(key)
    ))
    .expect("escaped key");
    replace_all(&re, text, |caps| {
        let zone = RFC3339
            .captures(&caps[2])
            .ok_or_else(|| anyhow!("{key}: {:?} is not an RFC 3339 time", &caps[2]))?;
        Ok(format!("{}<time {}>{}", &caps[1], &zone[1], &caps[3]))
    })
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
    fn time_filter_keeps_zones_and_rejects_other_values() {
        let yaml = "generated: \"2026-12-06T21:19:31.12345678Z\"\n  - created: 2020-01-02T03:04:05+01:00\n";
        assert_eq!(
            apply("time:generated", yaml).unwrap(),
            "generated: \"<time Z>\"\n  - created: 2020-01-02T03:04:05+01:00\n"
        );
        assert_eq!(
            apply("time:created", yaml).unwrap(),
            "generated: \"2026-12-06T21:19:31.12345678Z\"\n  - created: <time +01:00>\n"
        );
        let json = "  \"generated\": \"2026-12-06T21:19:31.1Z\",\n";
        assert_eq!(
            apply("time:generated", json).unwrap(),
            "  \"generated\": \"<time Z>\",\n"
        );
        assert!(apply("time:generated", "generated: yesterday\n").is_err());
        assert!(check_name("time:created").is_ok());
    }

    #[test]
    fn pem_filter_describes_keys_and_rejects_garbage() {
        let bad = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
        assert!(apply("pem", bad).is_err());
        // A DER SEQUENCE holding one INTEGER is no PKCS #1 key.
        let not_rsa = "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQU=\n-----END RSA PRIVATE KEY-----";
        assert!(apply("pem", not_rsa).is_err());
        let key = format!(
            "k: |\n  {}\nn: 1\n",
            RSA_512.replace('\n', "\n  ").trim_end()
        );
        assert_eq!(
            apply("pem", &key).unwrap(),
            "k: |\n  <PEM RSA PRIVATE KEY: PKCS #1 v00, 512 bits, e=010001>\nn: 1\n"
        );
        let mismatched = "-----BEGIN A-----\nMAMCAQU=\n-----END B-----";
        assert!(apply("pem", mismatched).is_err());
    }

    #[test]
    fn base64_pem_filter_decodes_then_checks() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(EC_P256);
        let t = format!("tls.key: {b64}\n");
        assert_eq!(
            apply("base64-pem", &t).unwrap(),
            "tls.key: <BASE64 PEM EC PRIVATE KEY: SEC 1 v1, 32-byte scalar, prime256v1, 65-byte public key>\n"
        );
        let two = base64::engine::general_purpose::STANDARD.encode(format!("{EC_P256}{EC_P256}"));
        assert!(apply("base64-pem", &two).is_err());
    }

    /// Throwaway keys from `openssl genrsa -traditional 512` and `openssl ecparam -genkey`.
    const RSA_512: &str = "-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAKMHYEpmD3g/O9+X5sewAj7hYL+khNt5jyvUO6iyO8u6FsGLmqyu
MN4V85DVXm5R/1A0xVFVmKF16bV9ItQ9+0kCAwEAAQJAKFib+O2XKIAltikmoQar
F5q5UdRKWPKVfxhQB2jMqZcn4N/063jYwzjnDO/XUqN8BMXHp8kKK//bjomPzrMm
sQIhANg1bmJHNFNOE4zU6ThU66UhuCG1GX1tBRzdEUiYVq+dAiEAwQhmTaKEKy/b
2kJnSolr7e5gKHiBNYgohEO4AS9G6J0CIEV+fxl1u5rfKKeGs+PYX9m3CeFDvYq0
JQWPBQQpewt9AiArf2kONYDy+mXgWPZNpYnco8qnVABJv9TheSENo0mnQQIhAI1r
OpsBDABSzbpDLis2CrmfNBny4VprJVdu7741IGzv
-----END RSA PRIVATE KEY-----
";
    const EC_P256: &str = "-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIE3G06vIGo6Q9CdS/x0PVn3GD0O+75I47uRHF6tUQzJFoAoGCCqGSM49
AwEHoUQDQgAED4dmlhV46ITlususgmZuwzKOjCVWhpXqvX9U6gad7Hny/9rArh89
B53tIsFKLPOWWse+MH1fx5uPHY5jYUnFuw==
-----END EC PRIVATE KEY-----
";

    #[test]
    fn go_addresses_in_every_notation() {
        assert_eq!(
            apply(
                "go-address",
                "{(*T)(0xc000568160)} (0x1) [824638677344] map[61:c0004ba160] C0000D4E70 cafe 0xc1"
            )
            .unwrap(),
            "{(*T)(<address 0x>)} (0x1) [<address d>] map[61:<address x>] <address x> cafe 0xc1"
        );
    }
}

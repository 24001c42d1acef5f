//! YAML 1.1 scalar resolution exactly as go-yaml v2 (which sigs.k8s.io/yaml uses) performs it.

use super::shape::{is_yaml_float, is_yaml_timestamp};

/// A resolved scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    /// The merge key `<<`.
    Merge,
}

/// Resolves a scalar's text given its style and tag; an explicit tag the text does not fit
/// is go-yaml's error (without a line, as go-yaml reports it).
pub fn resolve(value: &str, plain: bool, tag: Option<&str>) -> Result<Scalar, String> {
    let wanted = match tag {
        Some("!!str") => return Ok(Scalar::Str(value.to_string())),
        Some("!!binary") => return decode_binary(value).map(Scalar::Str),
        Some("!!null") => return Ok(Scalar::Null),
        Some(t @ ("!!bool" | "!!int" | "!!float" | "!!timestamp")) => t,
        Some(_) => return Ok(Scalar::Str(value.to_string())),
        None if !plain => return Ok(Scalar::Str(value.to_string())),
        None => return Ok(resolve_plain(value)),
    };
    let resolved = resolve_plain(value);
    let got = match &resolved {
        Scalar::Bool(_) => "!!bool",
        Scalar::Int(_) | Scalar::Uint(_) => "!!int",
        Scalar::Float(_) => "!!float",
        Scalar::Null => "!!null",
        Scalar::Merge => "!!merge",
        Scalar::Str(_) => "!!str",
    };
    match (wanted, resolved) {
        // An explicit !!float turns ints into floats.
        ("!!float", Scalar::Int(i)) => Ok(Scalar::Float(i as f64)),
        ("!!float", Scalar::Uint(u)) => Ok(Scalar::Float(u as f64)),
        // Timestamps are kept as strings when decoded into interface{}.
        ("!!timestamp", Scalar::Str(s)) if is_yaml_timestamp(&s) => Ok(Scalar::Str(s)),
        (w, r) if w == got => Ok(r),
        (w, _) => Err(format!("cannot decode {got} `{value}` as a {w}")),
    }
}

/// Go's `base64.StdEncoding.DecodeString`, which yaml v2 and v3 decode `!!binary` with: line
/// breaks are skipped, padding is required, the unused bits of the last symbol are ignored.
pub(crate) fn go_std_base64(value: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    const STD: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    );
    let clean: String = value
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n'))
        .collect();
    STD.decode(clean).ok()
}

fn decode_binary(value: &str) -> Result<String, String> {
    go_std_base64(value)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .ok_or_else(|| "!!binary value contains invalid base64 data".to_string())
}

/// Resolution of an untagged plain scalar.
pub fn resolve_plain(s: &str) -> Scalar {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        "<<" => return Scalar::Merge,
        _ => {}
    }
    let first = s.as_bytes()[0];
    if first == b'.' {
        return match s.parse::<f64>() {
            Ok(f) if go_float_syntax(s) => Scalar::Float(f),
            _ => Scalar::Str(s.to_string()),
        };
    }
    if !(first == b'+' || first == b'-' || first.is_ascii_digit()) {
        return Scalar::Str(s.to_string());
    }
    if is_yaml_timestamp(s) {
        return Scalar::Str(s.to_string());
    }
    let plain = s.replace('_', "");
    if let Some(i) = parse_go_int(&plain) {
        return Scalar::Int(i);
    }
    if let Some(u) = parse_go_uint(&plain) {
        return Scalar::Uint(u);
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            if f.is_finite() {
                return Scalar::Float(f);
            }
        }
    }
    if let Some(bits) = plain.strip_prefix("0b") {
        if let Ok(i) = i64::from_str_radix(bits, 2) {
            return Scalar::Int(i);
        }
    }
    if let Some(bits) = plain.strip_prefix("-0b") {
        if let Ok(i) = i64::from_str_radix(&format!("-{bits}"), 2) {
            return Scalar::Int(i);
        }
    }
    Scalar::Str(s.to_string())
}

/// Go's `strconv.ParseFloat` accepts these plain forms (no hex, no underscores here).
fn go_float_syntax(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || ".eE+-".contains(c))
}

/// `strconv.ParseInt(s, 0, 64)`: sign, then `0x`/`0o`/`0b`/leading-0 octal or decimal.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = split_sign(s);
    let mag = parse_base0(body)?;
    if neg {
        if mag <= i64::MAX as u64 + 1 {
            Some((mag as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(mag).ok()
    }
}

/// `strconv.ParseUint(s, 0, 64)`: no sign allowed.
fn parse_go_uint(s: &str) -> Option<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    parse_base0(s)
}

fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    }
}

fn parse_base0(body: &str) -> Option<u64> {
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (base, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    u64::from_str_radix(digits, base).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // compat-notes B1/B2, verified with helm v4.1.4.
    #[test]
    fn yaml_1_1_scalars() {
        assert_eq!(resolve_plain("on"), Scalar::Bool(true));
        assert_eq!(resolve_plain("Off"), Scalar::Bool(false));
        assert_eq!(resolve_plain("y"), Scalar::Bool(true));
        assert_eq!(resolve_plain("0x10"), Scalar::Int(16));
        assert_eq!(resolve_plain("012"), Scalar::Int(10));
        assert_eq!(resolve_plain("0o12"), Scalar::Int(10));
        assert_eq!(resolve_plain("1_000"), Scalar::Int(1000));
        assert_eq!(resolve_plain("+12"), Scalar::Int(12));
        assert_eq!(resolve_plain("1e6"), Scalar::Float(1e6));
        assert_eq!(
            resolve_plain("12345678901234567890"),
            Scalar::Uint(12345678901234567890)
        );
        assert_eq!(
            resolve_plain("2024-01-02"),
            Scalar::Str("2024-01-02".into())
        );
        assert_eq!(resolve_plain("12:30"), Scalar::Str("12:30".into()));
        assert_eq!(resolve_plain(".5"), Scalar::Float(0.5));
        assert_eq!(resolve_plain("0b101"), Scalar::Int(5));
        assert_eq!(resolve_plain("1.2.3"), Scalar::Str("1.2.3".into()));
    }
}

//! yaml.v3's implicit tags (`resolve.go`), as short tags: what a plain scalar reads as.
//! A round trip compares a scalar's tag with what it resolves to again, kyaml asks whether
//! a node is `!!null`, and its JSON writer decodes scalars by these tags.

pub const NULL: &str = "!!null";
pub const BOOL: &str = "!!bool";
pub const STR: &str = "!!str";
pub const INT: &str = "!!int";
pub const FLOAT: &str = "!!float";
pub const TIMESTAMP: &str = "!!timestamp";
pub const SEQ: &str = "!!seq";
pub const MAP: &str = "!!map";
pub const MERGE: &str = "!!merge";
pub const BINARY: &str = "!!binary";

use super::timestamp::{parse_timestamp, Timestamp};

const LONG_PREFIX: &str = "tag:yaml.org,2002:";

/// `tag:yaml.org,2002:x` as `!!x`.
pub fn short_tag(tag: &str) -> String {
    match tag.strip_prefix(LONG_PREFIX) {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

/// `!!x` as `tag:yaml.org,2002:x`.
pub fn long_tag(tag: &str) -> String {
    match tag.strip_prefix("!!") {
        Some(rest) => format!("{LONG_PREFIX}{rest}"),
        None => tag.to_string(),
    }
}

/// The tag of a plain scalar `value`.
pub fn resolve(value: &str) -> &'static str {
    resolve_value(value, true).tag()
}

/// What yaml.v3's `resolve` makes of a scalar: the Go value of its implicit tag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Timestamp(Timestamp),
    /// The text itself.
    Str,
}

impl Resolved {
    pub fn tag(self) -> &'static str {
        match self {
            Resolved::Null => NULL,
            Resolved::Bool(_) => BOOL,
            Resolved::Int(_) | Resolved::Uint(_) => INT,
            Resolved::Float(_) => FLOAT,
            Resolved::Timestamp(_) => TIMESTAMP,
            Resolved::Str => STR,
        }
    }
}

/// `resolve`'s reading of `value` for an implicit tag or one of the tags it resolves by;
/// `timestamps` is false for tags other than `!!timestamp`, for which it tries no time.
pub fn resolve_value(value: &str, timestamps: bool) -> Resolved {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        // yaml.v3 lists `<<` as a merge but looks its table up only for text starting with
        // a sign, digit, `.` or one of `yYnNtTfFoO~`: `<<` resolves as a string, so the
        // encoder writes a merge key (tagged `!!merge` by the parser) as `!!merge <<`.
        _ => {}
    }
    match value.as_bytes()[0] {
        b'.' if is_go_float(value) => float(&value.replace('_', "")),
        b'0'..=b'9' | b'+' | b'-' => {
            if let Some(t) = parse_timestamp(value).filter(|_| timestamps) {
                return Resolved::Timestamp(t);
            }
            let plain = value.replace('_', "");
            match parse_int(&plain) {
                Some(int) => int,
                None if is_yaml_float(&plain) => float(&plain),
                None => Resolved::Str,
            }
        }
        _ => Resolved::Str,
    }
}

fn float(s: &str) -> Resolved {
    s.parse().map_or(Resolved::Str, Resolved::Float)
}

/// Go's `ParseInt(s, 0, 64)`, else `ParseUint(s, 0, 64)` (the `0b`/`0o` forms yaml.v3 adds
/// read the same): an `int`, or a `uint64` past its range.
fn parse_int(s: &str) -> Option<Resolved> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = match digits.get(..2) {
        Some("0x" | "0X") => (16, &digits[2..]),
        Some("0o" | "0O") => (8, &digits[2..]),
        Some("0b" | "0B") => (2, &digits[2..]),
        _ if digits.len() > 1 && digits.starts_with('0') => (8, &digits[1..]),
        _ => (10, digits),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    // Signed values fit int64; unsigned ones uint64 (ParseUint takes no sign).
    match (negative, s.starts_with('+')) {
        (true, _) if magnitude <= 1 << 63 => {
            Some(Resolved::Int(0i64.wrapping_sub_unsigned(magnitude)))
        }
        (false, _) if magnitude < 1 << 63 => Some(Resolved::Int(magnitude as i64)),
        (false, false) => Some(Resolved::Uint(magnitude)),
        _ => None,
    }
}

/// yaml.v3's float pattern `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, finite.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len() && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Go's `ParseFloat` on a value starting with `.`: decimal digits, underscores between
/// digits, an exponent.
fn is_go_float(s: &str) -> bool {
    let plain = s.replace('_', "");
    let between_digits = s
        .as_bytes()
        .windows(3)
        .all(|w| w[1] != b'_' || (w[0].is_ascii_digit() && w[2].is_ascii_digit()));
    between_digits && !s.ends_with('_') && is_yaml_float(&plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_resolve_as_in_yaml_v3() {
        let cases = [
            ("", NULL),
            ("~", NULL),
            ("yes", STR),
            ("True", BOOL),
            ("0x1F", INT),
            ("-12_000", INT),
            ("0777", INT),
            ("09", FLOAT),
            ("1.5e3", FLOAT),
            (".5", FLOAT),
            ("1e400", STR),
            ("2024-01-02", TIMESTAMP),
            ("2024-1-2T3:04:05Z", TIMESTAMP),
            ("2024-13-01", STR),
            ("<<", STR),
            ("1.2.3", STR),
        ];
        for (value, tag) in cases {
            assert_eq!(resolve(value), tag, "{value}");
        }
        assert_eq!(short_tag("tag:yaml.org,2002:str"), STR);
        assert_eq!(long_tag("!!x"), "tag:yaml.org,2002:x");
    }
}

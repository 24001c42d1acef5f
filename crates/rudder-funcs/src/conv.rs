//! Go-like conversions shared by the function families (spf13/cast and Sprig's `strval`).

use rudder_gotmpl::{fmt, Value};

/// cast.ToInt64: ints as is, floats truncated, strings parsed with base prefixes (failure is
/// 0), bools 1/0, anything else 0.
pub fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Uint64(u) => *u as i64,
        Value::Float(f) => float_to_int64(*f),
        Value::Bool(b) => *b as i64,
        Value::String(s) => parse_int(s).unwrap_or(0),
        _ => 0,
    }
}

/// Go's `int64(f)` on amd64: truncation, and the "integer indefinite" minimum for NaN or
/// anything out of range (helm prints -9223372036854775808 for `int 1e19`).
pub fn float_to_int64(f: f64) -> i64 {
    if f.is_nan() || !(i64::MIN as f64..-(i64::MIN as f64)).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// strconv.ParseInt(s, 0, 64) after cast's trimming of a leading `+`/zeros rules and of a
/// zero decimal part (`trimZeroDecimal`: `1000.000` is 1000, `1.5` stays unparsable).
pub fn parse_int(s: &str) -> Option<i64> {
    let s = trim_zero_decimal(s);
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower.clone())
    };
    let digits = digits.replace('_', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let mag = i128::from_str_radix(&digits, base).ok()?;
    let v = if neg { -mag } else { mag };
    i64::try_from(v).ok()
}

/// cast's `trimZeroDecimal`: `12.000` → `12`; anything else unchanged (`12.`, `12.10`).
fn trim_zero_decimal(s: &str) -> &str {
    let digits = s.trim_end_matches('0');
    match digits.strip_suffix('.') {
        Some(whole) if digits.len() < s.len() => whole,
        _ => s,
    }
}

/// cast.ToFloat64.
pub fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i as f64,
        Value::Uint64(u) => *u as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => *b as i64 as f64,
        Value::String(s) => parse_float(s).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// cast's parse: Go's `strconv.ParseFloat`, which fails out of float64's range.
fn parse_float(s: &str) -> Option<f64> {
    rudder_gocompat::strconv::parse_float(s).ok()
}

/// Sprig's `strval`: strings as is, bytes as text, everything else `%v`.
pub fn to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => rudder_gotmpl::gostr::from_bytes(b).into_owned(),
        other => fmt::format_v(other),
    }
}

/// The items of a list-like value (a list, or the plain form of an object), if it is one.
pub fn list_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.items.clone()),
        Value::Bytes(b) => Some(b.iter().map(|x| Value::Int(*x as i64)).collect()),
        Value::Object(o) => match o.to_plain() {
            Some(Value::List(l)) => Some(l.items.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Sprig's `empty`: nil, false, 0, "", and empty collections.
pub fn is_empty(v: &Value) -> bool {
    !v.truthy()
}

/// The bytes of a string argument as Go sees them (escaped raw bytes restored).
pub fn go_bytes(v: &Value) -> std::borrow::Cow<'_, [u8]> {
    rudder_gotmpl::gostr::to_bytes(v.as_str().unwrap_or_default())
}

#[cfg(test)]
mod float_tests {
    use super::{float_to_int64, parse_float};

    /// Probed on helm 4.1.4: `int 1e19` and `int -1e19` print -9223372036854775808.
    #[test]
    fn go_float_to_int() {
        assert_eq!(float_to_int64(1e19), i64::MIN);
        assert_eq!(float_to_int64(-1e19), i64::MIN);
        assert_eq!(float_to_int64(f64::NAN), i64::MIN);
        assert_eq!(float_to_int64(-3.99), -3);
        assert_eq!(float_to_int64(1e18), 1_000_000_000_000_000_000);
    }

    /// Expectations probed on helm 4.1.4 (`float64 "1_0"` is 10, malformed ones are 0).
    #[test]
    fn go_float_underscores() {
        assert_eq!(parse_float("1_0"), Some(10.0));
        assert_eq!(parse_float("1_0.5_0"), Some(10.5));
        assert_eq!(parse_float("_1"), None);
        assert_eq!(parse_float("1__0"), None);
        assert_eq!(parse_float("1_"), None);
        assert_eq!(parse_float("2.5"), Some(2.5));
    }
}

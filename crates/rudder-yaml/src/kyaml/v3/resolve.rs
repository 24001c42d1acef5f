//! yaml.v3's implicit tags (`resolve.go`), as short tags: what a plain scalar reads as.
//! A round trip only compares a scalar's tag with what it resolves to again, and kyaml
//! only asks whether a node is `!!null`; the timestamp forms are approximated.

pub const NULL: &str = "!!null";
pub const BOOL: &str = "!!bool";
pub const STR: &str = "!!str";
pub const INT: &str = "!!int";
pub const FLOAT: &str = "!!float";
pub const TIMESTAMP: &str = "!!timestamp";
pub const SEQ: &str = "!!seq";
pub const MAP: &str = "!!map";
pub const MERGE: &str = "!!merge";

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
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return NULL,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return BOOL,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF"
        | "-.inf" | "-.Inf" | "-.INF" => return FLOAT,
        "<<" => return MERGE,
        _ => {}
    }
    match value.as_bytes()[0] {
        b'.' if is_go_float(value) => FLOAT,
        b'0'..=b'9' | b'+' | b'-' => {
            if is_timestamp(value) {
                return TIMESTAMP;
            }
            let plain = value.replace('_', "");
            if is_int(&plain) {
                INT
            } else if is_yaml_float(&plain) {
                FLOAT
            } else {
                STR
            }
        }
        _ => STR,
    }
}

/// Go's `ParseInt(s, 0, 64)` or `ParseUint`, or the `0b`/`0o` forms yaml.v3 adds.
fn is_int(s: &str) -> bool {
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
        return false;
    }
    let Ok(magnitude) = u64::from_str_radix(digits, radix) else {
        return false;
    };
    // Signed values fit int64; unsigned ones uint64 (ParseUint takes no sign).
    match (negative, s.starts_with('+')) {
        (true, _) => magnitude <= 1 << 63,
        (false, true) => magnitude < 1 << 63,
        (false, false) => true,
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

/// The timestamp forms yaml.v3 reads: `2006-1-2`, with `T`/`t`/space and a time.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let (Some(_), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let number = |p: &str, max: u32| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    if !number(month, 12) || !number(day, 31) {
        return false;
    }
    let Some(time) = time else {
        return true;
    };
    let separator = s.as_bytes()[date.len()];
    let (clock, zone) = match separator {
        b' ' => (time, ""),
        _ => match time.find(['Z', '+', '-']) {
            Some(i) => time.split_at(i),
            None => return false,
        },
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let fields: Vec<&str> = hms.split(':').collect();
    let two_digits = |p: &&str, max: u32| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let clock_ok = fields.len() == 3
        && two_digits(&fields[0], 23)
        && two_digits(&fields[1], 59)
        && two_digits(&fields[2], 59)
        && fraction
            .is_none_or(|f| !f.is_empty() && f.len() <= 9 && f.bytes().all(|c| c.is_ascii_digit()));
    let zone_ok = match zone.as_bytes() {
        [] => separator == b' ',
        [b'Z'] => true,
        [b'+' | b'-', rest @ ..] => {
            rest.len() == 5
                && rest[2] == b':'
                && rest[..2].iter().chain(&rest[3..]).all(u8::is_ascii_digit)
        }
        _ => false,
    };
    clock_ok && zone_ok
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
            ("<<", MERGE),
            ("1.2.3", STR),
        ];
        for (value, tag) in cases {
            assert_eq!(resolve(value), tag, "{value}");
        }
        assert_eq!(short_tag("tag:yaml.org,2002:str"), STR);
        assert_eq!(long_tag("!!x"), "tag:yaml.org,2002:x");
    }
}

//! Go's `time.ParseDuration`: what helm's `--timeout` accepts, with Go's error texts.

/// Nanoseconds per unit, as Go names them (`us`, `µs` (U+00B5) and `μs` (U+03BC) are all
/// microseconds).
const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Parses a duration such as `300ms`, `-1.5h` or `2h45m` into nanoseconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let quoted = crate::quote::quote(s);
    let invalid = || format!("time: invalid duration {quoted}");
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        // The number: digits, maybe a fraction; at least one digit in all.
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let int_part = &rest[..int_len];
        rest = &rest[int_len..];
        let mut frac_part = "";
        if let Some(after_dot) = rest.strip_prefix('.') {
            let frac_len = after_dot.bytes().take_while(u8::is_ascii_digit).count();
            frac_part = &after_dot[..frac_len];
            rest = &after_dot[frac_len..];
        }
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {quoted}"));
        }
        let Some(&(_, scale)) = UNITS.iter().find(|(name, _)| *name == unit) else {
            return Err(format!(
                "time: unknown unit {} in duration {quoted}",
                crate::quote::quote(unit)
            ));
        };
        let whole: u64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| invalid())?
        };
        let mut value = whole.checked_mul(scale).ok_or_else(invalid)?;
        // The fraction, scaled digit by digit as Go does (digits past precision are dropped).
        let mut frac_scale = 1.0f64;
        let mut frac = 0u64;
        for d in frac_part.bytes() {
            if frac > (1 << 63) / 10 {
                break;
            }
            frac = frac * 10 + u64::from(d - b'0');
            frac_scale *= 10.0;
        }
        if frac > 0 {
            value = value
                .checked_add((frac as f64 * (scale as f64 / frac_scale)) as u64)
                .ok_or_else(invalid)?;
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > 1 << 63 {
            return Err(invalid());
        }
    }
    match (neg, total) {
        (true, t) => Ok((t as i64).wrapping_neg()),
        (false, t) if t == 1 << 63 => Err(invalid()),
        (false, t) => Ok(t as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Verdicts and messages of helm v4.1.4's --timeout (Go 1.25's time.ParseDuration).
    #[test]
    fn durations_as_go_reads_them() {
        assert_eq!(parse_duration("1m"), Ok(60_000_000_000));
        assert_eq!(parse_duration("-1s"), Ok(-1_000_000_000));
        assert_eq!(parse_duration("+3s"), Ok(3_000_000_000));
        assert_eq!(parse_duration("1.5h2m"), Ok(5_520_000_000_000));
        assert_eq!(parse_duration("1us"), Ok(1_000));
        assert_eq!(parse_duration("1\u{b5}s"), Ok(1_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration(".5s"), Ok(500_000_000));
        assert_eq!(
            parse_duration("5").unwrap_err(),
            r#"time: missing unit in duration "5""#
        );
        assert_eq!(
            parse_duration("5x").unwrap_err(),
            r#"time: unknown unit "x" in duration "5x""#
        );
        for bad in ["abc", "", ".s", "9999999999h", "-", "1.s.", "s"] {
            assert_eq!(
                parse_duration(bad).unwrap_err(),
                format!("time: invalid duration {}", crate::quote::quote(bad)),
                "{bad}"
            );
        }
    }
}

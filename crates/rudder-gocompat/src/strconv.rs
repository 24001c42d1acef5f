//! Go's `strconv.ParseFloat(s, 64)`: Go's float syntax (hexadecimal mantissas with a `p`
//! exponent, underscores between digits, `inf`/`infinity`/`nan`) and its range error. Decimal
//! text is checked here and converted by Rust's parser, which rounds correctly as Go's does;
//! hexadecimal text is rounded here, half to even, as Go's `atofHex` does.

/// Why text is no float64.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FloatError {
    Syntax,
    /// Beyond float64: Go returns the infinity with this error.
    Range(f64),
}

/// Go's `strconv.ParseFloat(s, 64)`.
pub fn parse_float(s: &str) -> Result<f64, FloatError> {
    if let Some(f) = special(s) {
        return Ok(f);
    }
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let value = match body.get(..2) {
        Some("0x" | "0X") if body.len() > 2 => hex(&body[2..])?,
        _ => decimal(body)?,
    };
    if s.contains('_') && !underscores_ok(s) {
        return Err(FloatError::Syntax);
    }
    let value = if neg { -value } else { value };
    if value.is_infinite() {
        return Err(FloatError::Range(value));
    }
    Ok(value)
}

/// `inf`, `infinity` (signed or not) and `nan` (unsigned), in any case.
fn special(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        "nan" => Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// Digits with an optional point and exponent; underscores are checked by the caller.
fn decimal(body: &str) -> Result<f64, FloatError> {
    let clean = body.replace('_', "");
    let (mantissa, exponent) = match clean.find(['e', 'E']) {
        Some(at) => (&clean[..at], Some(&clean[at + 1..])),
        None => (clean.as_str(), None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let points = mantissa.bytes().filter(|&c| c == b'.').count();
    let mantissa_ok = digits > 0 && points <= 1 && digits + points == mantissa.len();
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    if !mantissa_ok || !exponent_ok {
        return Err(FloatError::Syntax);
    }
    clean.parse().map_err(|_| FloatError::Syntax)
}

/// A hexadecimal mantissa (after `0x`) and its required binary exponent, read as Go's
/// `readFloat` does: 16 digits kept, any later non-zero one marks the value truncated.
fn hex(body: &str) -> Result<f64, FloatError> {
    let (mantissa_text, exponent_text) = body.split_once(['p', 'P']).ok_or(FloatError::Syntax)?;
    let mut mantissa: u64 = 0;
    // Digits read (after leading zeros), digits kept, the point's place in digits.
    let (mut digits, mut kept, mut point, mut saw_point) = (0i64, 0i64, 0i64, false);
    let (mut saw_digits, mut truncated) = (false, false);
    for c in mantissa_text.bytes() {
        match c {
            b'_' => {}
            b'.' if !saw_point => {
                saw_point = true;
                point = digits;
            }
            b'0' if digits == 0 => {
                saw_digits = true;
                point -= 1;
            }
            c if c.is_ascii_hexdigit() => {
                saw_digits = true;
                digits += 1;
                if kept < 16 {
                    mantissa = mantissa * 16 + (c as char).to_digit(16).expect("hex") as u64;
                    kept += 1;
                } else if c != b'0' {
                    truncated = true;
                }
            }
            _ => return Err(FloatError::Syntax),
        }
    }
    let exponent = exponent_text
        .strip_prefix(['+', '-'])
        .unwrap_or(exponent_text);
    if !saw_digits || !exponent.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(FloatError::Syntax);
    }
    let mut e = 0i64;
    for c in exponent.bytes().filter(|&c| c != b'_') {
        if !c.is_ascii_digit() {
            return Err(FloatError::Syntax);
        }
        if e < 10_000 {
            e = e * 10 + (c - b'0') as i64;
        }
    }
    let e = if exponent_text.starts_with('-') {
        -e
    } else {
        e
    };
    if !saw_point {
        point = digits;
    }
    let exp = if mantissa == 0 {
        0
    } else {
        point * 4 - kept * 4 + e
    };
    Ok(round_hex(mantissa, exp, truncated))
}

/// Go's `atofHex` for float64: `mantissa × 2^exp`, the bits lost marked by `truncated`.
fn round_hex(mut mantissa: u64, mut exp: i64, truncated: bool) -> f64 {
    const MANT_BITS: u32 = 52;
    const BIAS: i64 = -1023;
    let max_exp = (1 << 11) + BIAS - 2;
    let min_exp = BIAS + 1;
    exp += MANT_BITS as i64;
    while mantissa != 0 && mantissa >> (MANT_BITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if truncated {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANT_BITS + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANT_BITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANT_BITS == 0 {
        exp = BIAS;
    }
    if exp > max_exp {
        return f64::INFINITY;
    }
    let bits = (mantissa & ((1 << MANT_BITS) - 1)) | (((exp - BIAS) as u64 & 0x7FF) << MANT_BITS);
    f64::from_bits(bits)
}

/// Go's `underscoreOK`: underscores only between digits, or after a base prefix.
fn underscores_ok(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let (mut i, mut saw, mut hex) = (0, b'^', false);
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &s[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else if saw == b'_' {
            return false;
        } else {
            saw = b'!';
        }
    }
    saw != b'_'
}

#[cfg(test)]
mod tests {
    use super::{parse_float, FloatError};

    fn ok(s: &str) -> f64 {
        parse_float(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn decimal_forms() {
        assert_eq!(ok("2.5"), 2.5);
        assert_eq!(ok("1."), 1.0);
        assert_eq!(ok(".5"), 0.5);
        assert_eq!(ok("-1e3"), -1000.0);
        assert_eq!(ok("1_0.5_0"), 10.5);
        for bad in [
            "", ".", "e5", "1e", "1e+", "_1", "1__0", "1_", "1.2.3", "+nan", "0x", "1 ",
        ] {
            assert_eq!(parse_float(bad), Err(FloatError::Syntax), "{bad}");
        }
    }

    /// Found by the differential fuzzer: `printf "%x"` of a float gives Go hex float text.
    #[test]
    fn hexadecimal_forms() {
        assert_eq!(ok("-0x1.4p+01"), -2.5);
        assert_eq!(ok("0x1p-2"), 0.25);
        assert_eq!(ok("0X_1FFFP-16"), 0.1249847412109375);
        assert_eq!(ok("0x.8p1"), 1.0);
        assert_eq!(ok("0x0.1p4"), 1.0);
        assert_eq!(ok("0x.01p0"), 1.0 / 256.0);
        assert_eq!(ok("0x1.fffffffffffffp1023"), f64::MAX);
        assert_eq!(ok("0x1p-1074"), 5e-324);
        assert_eq!(parse_float("0x1.8"), Err(FloatError::Syntax));
        assert_eq!(
            parse_float("0x1p1024"),
            Err(FloatError::Range(f64::INFINITY))
        );
    }

    #[test]
    fn specials_and_range() {
        assert!(ok("NaN").is_nan());
        assert_eq!(ok("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(parse_float("1e400"), Err(FloatError::Range(f64::INFINITY)));
        assert_eq!(ok("1e-400"), 0.0);
    }
}

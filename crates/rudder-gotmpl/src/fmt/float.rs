//! Go's `strconv.FormatFloat` for float64: shortest round-trip digits (`prec < 0`) or a fixed
//! precision, in `e`, `E`, `f`, `g`, `G` formats.

/// Go's `b` (`mantissa p exponent`, both decimal) and `x`/`X` (hexadecimal mantissa with a
/// binary exponent, `0x1.8p+00`) forms of a finite non-negative float64.
fn binary_forms(a: f64, fmt: u8, prec: i32) -> String {
    const MANT_BITS: u32 = 52;
    let bits = a.to_bits();
    let mut exp = ((bits >> MANT_BITS) & 0x7ff) as i32;
    let mut mant = bits & ((1u64 << MANT_BITS) - 1);
    if exp == 0 {
        exp = 1; // subnormal
    } else {
        mant |= 1u64 << MANT_BITS;
    }
    exp -= 1023;
    if fmt == b'b' {
        let e = exp - MANT_BITS as i32;
        return format!("{mant}p{}{e}", if e >= 0 { "+" } else { "" });
    }
    if mant == 0 {
        exp = 0;
    }
    // Normalise so the leading 1 sits at bit 60, leaving 15 hex digits of fraction below it.
    mant <<= 60 - MANT_BITS;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        // Round half to even at the requested number of hex digits.
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1u64 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let digits: &[u8; 16] = if fmt == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = String::from("0");
    out.push(fmt as char);
    out.push(if (mant >> 60) & 1 == 1 { '1' } else { '0' });
    mant <<= 4;
    let frac_digits = if prec < 0 { None } else { Some(prec as usize) };
    match frac_digits {
        None if mant != 0 => {
            out.push('.');
            while mant != 0 {
                out.push(digits[((mant >> 60) & 15) as usize] as char);
                mant <<= 4;
            }
        }
        Some(n) if n > 0 => {
            out.push('.');
            for _ in 0..n {
                out.push(digits[((mant >> 60) & 15) as usize] as char);
                mant <<= 4;
            }
        }
        _ => {}
    }
    out.push(if fmt == b'X' { 'P' } else { 'p' });
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
    out
}

/// More significant digits than any float64's exact decimal expansion has.
const MAX_EXACT_DIGITS: usize = 800;
/// More fractional digits than any float64's exact decimal expansion has.
const MAX_EXACT_FRACTION: usize = 1100;

/// Decimal digits and exponent of `f` (finite, non-negative): `f = 0.d1d2d3... × 10^exp`.
/// With `prec = None` the digits are the shortest that read back as the same float (a float32
/// when `bits` is 32); with `Some(n)`, `n` significant digits (correctly rounded).
fn digits(f: f64, prec: Option<usize>, bits: u8) -> (String, i32) {
    if f == 0.0 {
        return ("0".into(), 1);
    }
    // A float64 has at most 767 significant decimal digits; beyond them Go pads with zeros
    // (and Rust's formatter refuses precisions over 65535).
    let s = match prec {
        None if bits == 32 => format!("{:e}", f as f32),
        None => format!("{f:e}"),
        Some(n) => format!("{:.*e}", n.min(MAX_EXACT_DIGITS).saturating_sub(1), f),
    };
    let (mantissa, exp) = s.split_once('e').expect("Rust's {:e} has an exponent");
    let mut digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    if let Some(n) = prec {
        if n > digits.len() {
            digits.push_str(&"0".repeat(n - digits.len()));
        }
    }
    let exp: i32 = exp.parse().expect("integer exponent");
    (digits, exp + 1)
}

/// `strconv.FormatFloat(f, fmt, prec, bits)`. With `bits` 32 the value is rounded to float32
/// first and shortest digits are float32's; the binary forms (`b`, `x`) are float64's only.
pub fn format_float(f: f64, fmt: u8, prec: i32, bits: u8) -> String {
    let f = if bits == 32 { f as f32 as f64 } else { f };
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let neg = f.is_sign_negative();
    let a = f.abs();
    if matches!(fmt, b'b' | b'x' | b'X') {
        let body = binary_forms(a, fmt, prec);
        return if neg { format!("-{body}") } else { body };
    }
    let body = match fmt {
        b'e' | b'E' => {
            let (d, exp) = digits(a, (prec >= 0).then(|| prec as usize + 1), bits);
            fmt_e(
                &d,
                exp,
                if prec < 0 { d.len() - 1 } else { prec as usize },
                fmt,
            )
        }
        b'f' | b'F' => {
            if prec < 0 {
                let (d, exp) = digits(a, None, bits);
                fmt_f(&d, exp, (d.len() as i32 - exp).max(0) as usize)
            } else {
                let prec = prec as usize;
                let mut s = format!("{:.*}", prec.min(MAX_EXACT_FRACTION), a);
                s.push_str(&"0".repeat(prec.saturating_sub(MAX_EXACT_FRACTION)));
                s
            }
        }
        _ => {
            // 'g': %e when the exponent is < -4 or >= the precision (6 when shortest).
            let shortest = prec < 0;
            let mut p = if prec == 0 { 1 } else { prec };
            let (d, exp) = digits(a, (!shortest).then_some(p as usize), bits);
            let d = d.trim_end_matches('0');
            let d = if d.is_empty() { "0" } else { d };
            let nd = d.len() as i32;
            if shortest {
                p = nd;
            }
            let mut eprec = p;
            if eprec > nd && nd >= exp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let x = exp - 1;
            if x < -4 || x >= eprec {
                let e = if fmt == b'G' { b'E' } else { b'e' };
                fmt_e(d, exp, (p.min(nd) - 1).max(0) as usize, e)
            } else {
                if p > exp {
                    p = nd;
                }
                fmt_f(d, exp, (p - exp).max(0) as usize)
            }
        }
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// `d.ddde±XX` from digits `d` (value 0.d × 10^exp) with `frac` digits after the point.
fn fmt_e(d: &str, exp: i32, frac: usize, e: u8) -> String {
    let mut s = String::new();
    s.push(d.chars().next().unwrap_or('0'));
    if frac > 0 {
        s.push('.');
        let rest: String = d
            .chars()
            .skip(1)
            .chain(std::iter::repeat('0'))
            .take(frac)
            .collect();
        s.push_str(&rest);
    }
    let x = if d == "0" { 0 } else { exp - 1 };
    s.push(e as char);
    s.push(if x < 0 { '-' } else { '+' });
    let ax = x.unsigned_abs();
    if ax < 10 {
        s.push('0');
    }
    s.push_str(&ax.to_string());
    s
}

/// Plain decimal from digits `d` (value 0.d × 10^exp) with `frac` digits after the point.
fn fmt_f(d: &str, exp: i32, frac: usize) -> String {
    let mut s = String::new();
    if exp <= 0 {
        s.push('0');
    } else {
        for i in 0..exp as usize {
            s.push(d.as_bytes().get(i).map(|&b| b as char).unwrap_or('0'));
        }
    }
    if frac > 0 {
        s.push('.');
        for i in 0..frac as i32 {
            let idx = exp + i;
            let c = if idx < 0 {
                '0'
            } else {
                d.as_bytes()
                    .get(idx as usize)
                    .map(|&b| b as char)
                    .unwrap_or('0')
            };
            s.push(c);
        }
    }
    s
}

/// Go's `%v` of a float64.
pub fn format_float_v(f: f64) -> String {
    format_float(f, b'g', -1, 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    // compat-notes D7, verified with helm v4.1.4.
    #[test]
    fn v_format_matches_go() {
        for (f, s) in [
            (100000.0, "100000"),
            (100000.5, "100000.5"),
            (999999.0, "999999"),
            (1000000.0, "1e+06"),
            (1234567.5, "1.2345675e+06"),
            (123456789.0, "1.23456789e+08"),
            (1e20, "1e+20"),
            (1e100, "1e+100"),
            (0.0001, "0.0001"),
            (0.000012345, "1.2345e-05"),
            (3.0, "3"),
            (-0.0, "-0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
        ] {
            assert_eq!(format_float_v(f), s, "{f}");
        }
    }

    #[test]
    fn fixed_and_exponent_formats() {
        assert_eq!(format_float(4.56789, b'f', 2, 64), "4.57");
        assert_eq!(format_float(1e6, b'f', -1, 64), "1000000");
        assert_eq!(format_float(0.000001, b'f', -1, 64), "0.000001");
        assert_eq!(format_float(1234.5678, b'e', 3, 64), "1.235e+03");
        assert_eq!(format_float(1e-7, b'e', -1, 64), "1e-07");
        assert_eq!(format_float(100.0, b'g', 2, 64), "1e+02");
        assert_eq!(format_float(4.56789, b'g', 3, 64), "4.57");
        assert_eq!(format_float(0.1, b'g', -1, 32), "0.1");
        assert_eq!(format_float(16777217.0, b'g', -1, 32), "1.6777216e+07");
        assert_eq!(format_float(1e300, b'g', -1, 32), "+Inf");
    }
}

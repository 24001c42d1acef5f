//! Exact decimal numbers: JSON numbers are compared as the rationals their text denotes (as Go's
//! `big.Rat` does), never through `f64`.

use std::cmp::Ordering;

use num_bigint::BigUint;

/// `±digits × 10^exp`, normalised: `digits` has no leading or trailing zeros (zero is empty).
#[derive(Clone, Debug)]
pub struct Number {
    neg: bool,
    digits: String,
    exp: i64,
    /// The text it was read from: Go prints `json.Number`s (enum and const values) verbatim.
    text: String,
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Number {}

impl Number {
    /// Parses JSON number text (`-12.5e3`); `None` when it is not one.
    pub fn parse(text: &str) -> Option<Number> {
        let (neg, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => {
                let e = &rest[i + 1..];
                let e = e.strip_prefix('+').unwrap_or(e);
                if e.is_empty()
                    || !e
                        .trim_start_matches('-')
                        .bytes()
                        .all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                // Exponents beyond i64 saturate: such numbers are absurd but must not panic.
                let v = e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                });
                (&rest[..i], v)
            }
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = format!("{int}{frac}");
        let mut n = Number::new(neg, &digits, exp.saturating_sub(frac.len() as i64));
        n.text = text.to_string();
        Some(n)
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn new(neg: bool, digits: &str, exp: i64) -> Number {
        let lead = digits.trim_start_matches('0');
        let trimmed = lead.trim_end_matches('0');
        let exp = exp.saturating_add((lead.len() - trimmed.len()) as i64);
        Number {
            neg: neg && !trimmed.is_empty(),
            digits: trimmed.to_string(),
            exp: if trimmed.is_empty() { 0 } else { exp },
            text: format!("{}{digits}", if neg { "-" } else { "" }),
        }
    }

    pub fn from_i64(i: i64) -> Number {
        Number::new(i < 0, &i.unsigned_abs().to_string(), 0)
    }

    pub fn from_u64(u: u64) -> Number {
        Number::new(false, &u.to_string(), 0)
    }

    /// The shortest decimal that reads back as `f` (what Go's `%v` prints); `None` for NaN and
    /// infinities, which JSON cannot hold.
    pub fn from_f64(f: f64) -> Option<Number> {
        if !f.is_finite() {
            return None;
        }
        Number::parse(&format!("{f:e}"))
    }

    /// The significant digits (no leading or trailing zeros; empty for zero).
    pub(crate) fn digits(&self) -> &str {
        &self.digits
    }

    /// The power of ten the digits are scaled by.
    pub(crate) fn exponent(&self) -> i64 {
        self.exp
    }

    pub(crate) fn is_negative(&self) -> bool {
        self.neg
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// The nearest `f64` (Go's `Rat.Float64`).
    pub fn to_f64(&self) -> f64 {
        if self.is_zero() {
            return 0.0;
        }
        let f: f64 = format!("{}e{}", self.digits, self.exp)
            .parse()
            .unwrap_or(f64::INFINITY);
        if self.neg {
            -f
        } else {
            f
        }
    }

    /// A non-negative integer value that fits `usize` (the `minLength`-style keywords).
    pub fn to_usize(&self) -> Option<usize> {
        if self.neg || !self.is_integer() || self.digits.len() as i64 + self.exp > 19 {
            return None;
        }
        if self.is_zero() {
            return Some(0);
        }
        format!("{}{}", self.digits, "0".repeat(self.exp as usize))
            .parse()
            .ok()
    }

    /// Whether `self / by` is an integer (`by` non-zero).
    pub fn is_multiple_of(&self, by: &Number) -> bool {
        if self.is_zero() {
            return true;
        }
        if by.is_zero() {
            return false;
        }
        // self = A·10^a, by = B·10^b; A has no factor 10, so B·10^k never divides it for k > 0.
        let k = self.exp as i128 - by.exp as i128;
        if k < 0 {
            return false;
        }
        let a = big(&self.digits);
        let b = big(&by.digits);
        let ten = BigUint::from(10u32).modpow(&BigUint::from(k as u128), &b);
        (a % &b) * ten % &b == BigUint::ZERO
    }

    /// `|self|` against `|other|`.
    fn cmp_abs(&self, other: &Number) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        // The position of the leading digit decides first, then the digits themselves.
        let lead = |n: &Number| n.digits.len() as i128 + n.exp as i128;
        lead(self).cmp(&lead(other)).then_with(|| {
            let (a, b) = (self.digits.as_bytes(), other.digits.as_bytes());
            for i in 0..a.len().max(b.len()) {
                let x = a.get(i).copied().unwrap_or(b'0');
                let y = b.get(i).copied().unwrap_or(b'0');
                if x != y {
                    return x.cmp(&y);
                }
            }
            Ordering::Equal
        })
    }
}

fn big(digits: &str) -> BigUint {
    BigUint::parse_bytes(digits.as_bytes(), 10).unwrap_or_default()
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(other),
            (true, true) => other.cmp_abs(self),
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `f` as `golang.org/x/text/message`'s English printer shows a `%v` float: `%g`-style shortest
/// digits with exponents from 10⁶ and below 10⁻⁴ written `1.5×10⁰⁶`, and thousands grouped.
pub fn display_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-∞" } else { "∞" }.into();
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let mut out = format!("{sign}{}", &digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str("×10");
        if exp < 0 {
            out.push('⁻');
        }
        out.extend(
            format!("{:02}", exp.unsigned_abs())
                .chars()
                .map(superscript),
        );
        return out;
    }
    let (int, frac) = if exp < 0 {
        (
            "0".to_string(),
            format!("{}{digits}", "0".repeat(exp.unsigned_abs() as usize - 1)),
        )
    } else {
        let point = exp as usize + 1;
        let padded = format!("{digits:0<point$}");
        (padded[..point].to_string(), padded[point..].to_string())
    };
    let mut out = format!("{sign}{}", group(&int));
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    out
}

/// An integer as the English printer shows `%d`: `12,345`.
pub fn display_int(i: usize) -> String {
    group(&i.to_string())
}

fn group(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn superscript(d: char) -> char {
    match d {
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        _ => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or('⁰'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap()
    }

    #[test]
    fn compares_exactly() {
        assert_eq!(n("1.0"), n("1"));
        assert_eq!(n("100e-2"), n("1"));
        assert!(n("0.1") < n("0.10000000000000001"));
        assert!(n("-2") < n("-1.5"));
        assert!(n("12345678901234567890123") > n("12345678901234567890122"));
        assert!(n("1e400") > n("9e399"));
        assert_eq!(n("-0"), n("0"));
    }

    #[test]
    fn multiple_of_decimals() {
        assert!(n("0.3").is_multiple_of(&n("0.01")));
        assert!(!n("0.305").is_multiple_of(&n("0.01")));
        assert!(n("1e30").is_multiple_of(&n("3e2")) == n("1e30").is_multiple_of(&n("300")));
        assert!(!n("10").is_multiple_of(&n("3")));
        assert!(n("4.5").is_multiple_of(&n("1.5")));
        assert!(n("1e100000000").is_multiple_of(&n("2")));
    }

    #[test]
    fn integers() {
        assert!(n("1.0").is_integer());
        assert!(n("1e3").is_integer());
        assert!(!n("1.5").is_integer());
        assert_eq!(n("12e1").to_usize(), Some(120));
        assert_eq!(n("-1").to_usize(), None);
    }

    #[test]
    fn displays_like_x_text() {
        assert_eq!(display_float(1000000.5), "1.0000005×10⁰⁶");
        assert_eq!(display_float(1e-7), "1×10⁻⁰⁷");
        assert_eq!(display_float(0.000123), "0.000123");
        assert_eq!(display_float(-1234.5), "-1,234.5");
        assert_eq!(display_float(999999.0), "999,999");
        assert_eq!(display_float(123456.789), "123,456.789");
        assert_eq!(display_float(-1e300), "-1×10³⁰⁰");
        assert_eq!(display_float(0.0), "0");
        assert_eq!(display_int(12345), "12,345");
    }
}

//! Numeric constants as Go's template parser reads them (`parse.newNumber`).

use super::ast::Number;
use super::lex::ItemKind;

/// Parses a number, character or complex constant; the error is Go's message.
pub fn parse_number(text: &str, kind: ItemKind) -> Result<Number, String> {
    let mut n = Number {
        text: text.to_string(),
        ..Number::default()
    };
    if kind == ItemKind::CharConstant {
        let inner = &text[1..];
        let (c, tail) =
            crate::fmt::unquote_char(inner, '\'').ok_or_else(|| "invalid syntax".to_string())?;
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        let v = c as i64;
        n.int = Some(v);
        n.uint = Some(v as u64);
        n.float = Some(v as f64);
        return Ok(n);
    }
    if kind == ItemKind::Complex {
        // `1+2i`: a real part then a signed imaginary part.
        let split = text[1..]
            .rfind(['+', '-'])
            .map(|i| i + 1)
            .ok_or("invalid syntax")?;
        let re = parse_float(&text[..split]).ok_or("invalid syntax")?;
        let im = parse_float(&text[split..text.len() - 1]).ok_or("invalid syntax")?;
        return Ok(simplify_complex(n, re, im));
    }
    if let Some(body) = text.strip_suffix('i') {
        if let Some(f) = parse_float(body) {
            return Ok(simplify_complex(n, 0.0, f));
        }
    }
    let u = parse_uint(text);
    let i = parse_int(text);
    n.uint = u;
    if let Some(i) = i {
        n.int = Some(i);
        if i == 0 {
            n.uint = u.or(Some(0));
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", crate::fmt::quote(text)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && f >= 0.0 && f < u64::MAX as f64 {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!(
            "illegal number syntax: {}",
            crate::fmt::quote(text)
        ));
    }
    Ok(n)
}

fn simplify_complex(mut n: Number, re: f64, im: f64) -> Number {
    if im == 0.0 {
        n.float = Some(re);
        if re.fract() == 0.0 && re.abs() < 9.2e18 {
            n.int = Some(re as i64);
            if re >= 0.0 {
                n.uint = Some(re as u64);
            }
        }
    } else {
        n.complex = Some((re, im));
    }
    n
}

/// Splits a Go integer literal into (negative, base, digits without prefix and underscores).
fn int_parts(text: &str) -> Option<(bool, u32, String)> {
    let (neg, body) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    if !underscores_ok(&digits, prefixed) {
        return None;
    }
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    Some((neg, base, digits))
}

/// Go allows `_` only between digits, or right after a base prefix.
fn underscores_ok(digits: &str, prefixed: bool) -> bool {
    if !digits.contains('_') {
        return true;
    }
    let b = digits.as_bytes();
    if b.last() == Some(&b'_') {
        return false;
    }
    if b.first() == Some(&b'_') && !prefixed {
        return false;
    }
    !digits.contains("__")
}

fn parse_uint(text: &str) -> Option<u64> {
    let (neg, base, digits) = int_parts(text)?;
    if neg || text.starts_with('+') {
        return None;
    }
    u64::from_str_radix(&digits, base).ok()
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, base, digits) = int_parts(text)?;
    let mag = u64::from_str_radix(&digits, base).ok()?;
    if neg {
        if mag <= i64::MAX as u64 + 1 {
            return Some((mag as i128).wrapping_neg() as i64);
        }
        None
    } else {
        i64::try_from(mag).ok()
    }
}

/// Go's `strconv.ParseFloat`; out of range is no number to the parser either.
fn parse_float(text: &str) -> Option<f64> {
    rudder_gocompat::strconv::parse_float(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(t: &str) -> Number {
        parse_number(t, ItemKind::Number).unwrap()
    }

    #[test]
    fn integer_forms() {
        assert_eq!(num("0x1F").int, Some(31));
        assert_eq!(num("0b101").int, Some(5));
        assert_eq!(num("0o17").int, Some(15));
        assert_eq!(num("017").int, Some(15));
        assert_eq!(num("1_000").int, Some(1000));
        assert_eq!(num("-3").int, Some(-3));
        assert_eq!(num("9223372036854775808").int, None);
        assert_eq!(num("9223372036854775808").uint, Some(9223372036854775808));
        assert_eq!(num("1.0").int, Some(1));
        assert_eq!(num("1.5").int, None);
        assert_eq!(num("1e3").float, Some(1000.0));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse_number("99999999999999999999", ItemKind::Number).unwrap_err(),
            "integer overflow: \"99999999999999999999\""
        );
        assert_eq!(
            parse_number("1e500", ItemKind::Number).unwrap_err(),
            "illegal number syntax: \"1e500\""
        );
        assert_eq!(
            parse_number("'ab'", ItemKind::CharConstant).unwrap_err(),
            "malformed character constant: 'ab'"
        );
        assert_eq!(
            parse_number("'a'", ItemKind::CharConstant).unwrap().int,
            Some(97)
        );
    }
}

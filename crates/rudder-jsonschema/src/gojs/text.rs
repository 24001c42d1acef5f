//! How gojsonschema's messages print values: `encoding/json` text of values read back through
//! `interface{}` (numbers become float64), and `*big.Float`'s `%v` for numeric limits.

use crate::json::Value;
use crate::number::Number;

/// `marshalWithoutNumber`: the JSON text of `v` after a round trip through Go's `interface{}`,
/// numbers as float64, object keys sorted, strings HTML-escaped.
pub fn go_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // Go reads `-0` as the float64 negative zero, which it prints signed.
        Value::Number(n) if n.is_zero() && n.text().starts_with('-') => out.push_str("-0"),
        Value::Number(n) => out.push_str(&json_float(n.to_f64())),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

/// A string as `encoding/json` encodes it (with its HTML escaping).
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `encoding/json`'s float64 text: shortest digits, exponent form below 1e-6 and from 1e21.
fn json_float(f: f64) -> String {
    if f == 0.0 && f.is_sign_negative() {
        return "-0".into();
    }
    let Some(n) = Number::from_f64(f) else {
        return "null".into();
    };
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let (sign, mantissa, exp) = scientific(&n);
        let e = if exp < 0 {
            format!("-{:02}", -exp)
        } else {
            format!("+{exp:02}")
        };
        // encoding/json drops the exponent's leading zero: 1e-07 becomes 1e-7.
        let e = match e.strip_prefix("-0") {
            Some(rest) => format!("-{rest}"),
            None => e,
        };
        return format!("{sign}{mantissa}e{e}");
    }
    plain(&n)
}

/// `%v` of a `*big.Float` made from the number (`SetRat`): shortest digits, `%e` form when the
/// decimal exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`).
pub fn big_float(n: &Number) -> String {
    if n.is_zero() {
        return "0".into();
    }
    let (sign, mantissa, exp) = scientific(n);
    if !(-4..6).contains(&exp) {
        let e = if exp < 0 {
            format!("-{:02}", -exp)
        } else {
            format!("+{exp:02}")
        };
        return format!("{sign}{mantissa}e{e}");
    }
    plain(n)
}

/// `(sign, "d.ddd", decimal exponent)` of a non-zero number.
fn scientific(n: &Number) -> (&'static str, String, i64) {
    let digits = n.digits();
    let exp = digits.len() as i64 + n.exponent() - 1;
    let mantissa = match digits.len() {
        0 => "0".to_string(),
        1 => digits.to_string(),
        _ => format!("{}.{}", &digits[..1], &digits[1..]),
    };
    (if n.is_negative() { "-" } else { "" }, mantissa, exp)
}

/// The number in positional notation.
fn plain(n: &Number) -> String {
    if n.is_zero() {
        return "0".into();
    }
    let digits = n.digits();
    let exp = n.exponent();
    let sign = if n.is_negative() { "-" } else { "" };
    if exp >= 0 {
        return format!("{sign}{digits}{}", "0".repeat(exp as usize));
    }
    let point = digits.len() as i64 + exp;
    if point > 0 {
        let (int, frac) = digits.split_at(point as usize);
        format!("{sign}{int}.{frac}")
    } else {
        format!("{sign}0.{}{digits}", "0".repeat((-point) as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Number {
        Number::parse(s).unwrap()
    }

    #[test]
    fn big_float_verbs() {
        for (n, want) in [
            ("1", "1"),
            ("0", "0"),
            ("-2.5", "-2.5"),
            ("100000", "100000"),
            ("1000000", "1e+06"),
            ("1500000", "1.5e+06"),
            ("0.0001", "0.0001"),
            ("0.00001", "1e-05"),
            ("1.0", "1"),
            ("1e2", "100"),
        ] {
            assert_eq!(big_float(&num(n)), want, "{n}");
        }
    }

    #[test]
    fn json_like_go() {
        let v = crate::json::parse(br#"{"b":[1.0,1e21,1e-7,0.5,-0],"a":"<&>"}"#).unwrap();
        assert_eq!(
            go_json(&v),
            r#"{"a":"\u003c\u0026\u003e","b":[1,1e+21,1e-7,0.5,-0]}"#
        );
    }
}

//! Go's `encoding/json` output: `json.Marshal`, `MarshalIndent` and an encoder without HTML
//! escaping.

use rudder_gotmpl::Value;

/// `json.Marshal`.
pub fn to_json(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    write(&mut out, v, true, None, 0)?;
    Ok(out)
}

/// Sprig's `toRawJson`: no HTML escaping.
pub fn to_raw_json(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    write(&mut out, v, false, None, 0)?;
    Ok(out)
}

/// `json.MarshalIndent(v, "", "  ")`.
pub fn to_pretty_json(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    write(&mut out, v, true, Some("  "), 0)?;
    Ok(out)
}

/// Go's JSON text of a float64.
pub fn json_number(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        let name = if f.is_nan() {
            "NaN".to_string()
        } else {
            rudder_gotmpl::fmt::format_float(f, b'g', -1, 64)
        };
        return Err(format!("json: unsupported value: {name}"));
    }
    let abs = f.abs();
    let fmt = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        b'e'
    } else {
        b'f'
    };
    let mut s = rudder_gotmpl::fmt::format_float(f, fmt, -1, 64);
    if fmt == b'e' {
        // e-09 → e-9
        let n = s.len();
        let b = s.as_bytes();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    Ok(s)
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(unit) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(unit);
        }
    }
}

fn write(
    out: &mut String,
    v: &Value,
    html: bool,
    indent: Option<&str>,
    depth: usize,
) -> Result<(), String> {
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Uint64(u) => out.push_str(&u.to_string()),
        Value::Float(f) => out.push_str(&json_number(*f)?),
        Value::Complex(..) => return Err("json: unsupported type: complex128".into()),
        Value::String(s) => write_string(out, s, html),
        Value::Bytes(b) => {
            use base64::Engine;
            write_string(
                out,
                &base64::engine::general_purpose::STANDARD.encode(b),
                html,
            )
        }
        Value::List(l) => {
            if l.items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write(out, item, html, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push(']');
        }
        Value::Map(m) => {
            let m = m.borrow();
            if m.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write_string(out, k, html);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(out, item, html, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push('}');
        }
        Value::Object(o) => match o.to_plain() {
            Some(p) => write(out, &p, html, indent, depth)?,
            None => out.push_str("{}"),
        },
    }
    Ok(())
}

fn write_string(out: &mut String, s: &str, html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            // A raw byte of a Go string that is not UTF-8: encoding/json writes U+FFFD.
            c if rudder_gotmpl::gostr::is_raw_byte(c) => out.push_str("\\ufffd"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_escapes_like_go() {
        assert_eq!(json_number(1e6).unwrap(), "1000000");
        assert_eq!(json_number(1e21).unwrap(), "1e+21");
        assert_eq!(json_number(1e-7).unwrap(), "1e-7");
        assert_eq!(json_number(0.5).unwrap(), "0.5");
        assert_eq!(
            json_number(12345678901234567890.0).unwrap(),
            "12345678901234567000"
        );
        assert_eq!(
            to_json(&Value::str("<a&b>")).unwrap(),
            "\"\\u003ca\\u0026b\\u003e\""
        );
        assert_eq!(to_raw_json(&Value::str("<a>")).unwrap(), "\"<a>\"");
    }
}

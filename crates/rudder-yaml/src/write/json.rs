//! Go's `encoding/json` output: `json.Marshal`, `MarshalIndent` and an encoder without HTML
//! escaping.

use rudder_gotmpl::Value;

/// encoding/json's cycle check: past this many levels of maps and slices it remembers those
/// it is inside, and meeting one again is an error (templates can build a map holding itself).
const START_DETECTING_CYCLES_AFTER: usize = 1000;

/// The maps and slices being encoded, deeper than [`START_DETECTING_CYCLES_AFTER`].
#[derive(Default)]
pub(crate) struct CycleCheck {
    inside: Vec<*const ()>,
}

impl CycleCheck {
    /// Enters the map or slice `v` at `depth` (how many maps and slices hold it); `true` when
    /// it was remembered, to be passed to [`CycleCheck::leave`].
    pub(crate) fn enter(&mut self, v: &Value, depth: usize) -> Result<bool, String> {
        if depth <= START_DETECTING_CYCLES_AFTER {
            return Ok(false);
        }
        let at = match v {
            Value::Map(m) => std::rc::Rc::as_ptr(m).cast::<()>(),
            Value::List(l) => std::rc::Rc::as_ptr(l).cast::<()>(),
            _ => return Ok(false),
        };
        if self.inside.contains(&at) {
            return Err(format!(
                "json: unsupported value: encountered a cycle via {}",
                v.go_type()
            ));
        }
        self.inside.push(at);
        Ok(true)
    }

    pub(crate) fn leave(&mut self, entered: bool) {
        if entered {
            self.inside.pop();
        }
    }
}

/// One encoding: the options and the cycle check.
struct Encoder<'o> {
    out: &'o mut String,
    html: bool,
    indent: Option<&'static str>,
    cycles: CycleCheck,
}

/// `json.Marshal`.
pub fn to_json(v: &Value) -> Result<String, String> {
    encode(v, true, None)
}

/// Sprig's `toRawJson`: no HTML escaping.
pub fn to_raw_json(v: &Value) -> Result<String, String> {
    encode(v, false, None)
}

/// `json.MarshalIndent(v, "", "  ")`.
pub fn to_pretty_json(v: &Value) -> Result<String, String> {
    encode(v, true, Some("  "))
}

fn encode(v: &Value, html: bool, indent: Option<&'static str>) -> Result<String, String> {
    let mut out = String::new();
    let mut e = Encoder {
        out: &mut out,
        html,
        indent,
        cycles: CycleCheck::default(),
    };
    e.write(v, 0)?;
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

impl Encoder<'_> {
    /// A JSON object of the entries in the order given.
    fn write_object<'a>(
        &mut self,
        entries: impl ExactSizeIterator<Item = (&'a str, &'a Value)>,
        depth: usize,
    ) -> Result<(), String> {
        if entries.len() == 0 {
            self.out.push_str("{}");
            return Ok(());
        }
        self.out.push('{');
        for (i, (k, item)) in entries.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            newline(self.out, self.indent, depth + 1);
            write_string(self.out, k, self.html);
            self.out.push(':');
            if self.indent.is_some() {
                self.out.push(' ');
            }
            self.write(item, depth + 1)?;
        }
        newline(self.out, self.indent, depth);
        self.out.push('}');
        Ok(())
    }

    fn write(&mut self, v: &Value, depth: usize) -> Result<(), String> {
        let (html, indent) = (self.html, self.indent);
        match v {
            Value::Nil => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => self.out.push_str(&i.to_string()),
            Value::Uint64(u) => self.out.push_str(&u.to_string()),
            Value::Float(f) => self.out.push_str(&json_number(*f)?),
            Value::Complex(..) => return Err("json: unsupported type: complex128".into()),
            Value::String(s) => write_string(self.out, s, html),
            Value::Bytes(b) => {
                use base64::Engine;
                write_string(
                    self.out,
                    &base64::engine::general_purpose::STANDARD.encode(b),
                    html,
                )
            }
            Value::List(l) if l.nil => self.out.push_str("null"),
            Value::List(l) => {
                if l.items.is_empty() {
                    self.out.push_str("[]");
                    return Ok(());
                }
                let entered = self.cycles.enter(v, depth)?;
                self.out.push('[');
                for (i, item) in l.items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    newline(self.out, indent, depth + 1);
                    self.write(item, depth + 1)?;
                }
                newline(self.out, indent, depth);
                self.out.push(']');
                self.cycles.leave(entered);
            }
            Value::Map(m) if m.is_nil() => self.out.push_str("null"),
            Value::Map(m) => {
                let m = m.borrow();
                let entered = self.cycles.enter(v, depth)?;
                self.write_object(m.iter().map(|(k, item)| (k.as_str(), item)), depth)?;
                self.cycles.leave(entered);
            }
            Value::Object(o) => {
                if let Some(e) = o.json_error() {
                    return Err(e);
                }
                if let Some(fields) = o.json_fields() {
                    self.write_object(fields.iter().map(|(k, item)| (*k, item)), depth)?;
                } else if let Some(p) = o.to_plain() {
                    self.write(&p, depth)?;
                } else {
                    self.out.push_str("{}");
                }
            }
        }
        Ok(())
    }
}

/// A string as Go's `encoding/json` writes it (Go 1.22 and later: `\b` and `\f` have short
/// escapes), with `<`, `>` and `&` escaped when `html` is set.
pub fn write_string(out: &mut String, s: &str, html: bool) {
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

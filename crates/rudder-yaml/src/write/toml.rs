//! Helm's `toToml` (BurntSushi/toml's encoder) and `fromToml`.

use rudder_gotmpl::{fmt, Map, Value};

const INDENT: &str = "  ";

/// `toToml`: the TOML text, or the encoder's error message.
pub fn to_toml(v: &Value) -> Result<String, String> {
    let plain;
    let v = match v {
        Value::Object(o) => {
            plain = o.to_plain().unwrap_or_default();
            &plain
        }
        other => other,
    };
    let Value::Map(m) = v else {
        // BurntSushi writes other top-level values inline.
        return scalar(v);
    };
    let mut out = String::new();
    table(&mut out, &m.borrow(), &[], 0)?;
    Ok(out)
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_table_array(v: &Value) -> bool {
    matches!(v, Value::List(l) if !l.items.is_empty() && l.items.iter().all(is_table))
}

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        quote(k)
    }
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn scalar(v: &Value) -> Result<String, String> {
    Ok(match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) | Value::Int64(i) => i.to_string(),
        Value::Uint64(u) => u.to_string(),
        Value::Float(f) => {
            if f.is_nan() {
                "nan".into()
            } else if f.is_infinite() {
                if *f > 0.0 {
                    "inf".into()
                } else {
                    "-inf".into()
                }
            } else {
                let s = fmt::format_float(*f, b'g', -1, 64);
                if s.contains(['.', 'e']) {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        }
        Value::Complex(..) => return Err("unsupported type: complex128".into()),
        Value::String(s) => quote(s),
        Value::Bytes(b) => quote(&String::from_utf8_lossy(b)),
        Value::List(l) => {
            let mut parts = Vec::new();
            for item in &l.items {
                if item.is_nil() {
                    return Err("toml: cannot encode array with nil element".into());
                }
                parts.push(scalar(item)?);
            }
            format!("[{}]", parts.join(", "))
        }
        Value::Map(m) => {
            let mut parts = Vec::new();
            for (k, item) in m.borrow().iter().filter(|(_, v)| !v.is_nil()) {
                parts.push(format!("{} = {}", key(k), scalar(item)?));
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Object(o) => scalar(&o.to_plain().unwrap_or_default())?,
        Value::Nil => String::new(),
    })
}

/// Writes a table's values (indented by its depth), then its sub-tables, as BurntSushi does.
fn table(out: &mut String, m: &Map, path: &[String], depth: usize) -> Result<(), String> {
    let pad = INDENT.repeat(depth);
    for (k, v) in m
        .iter()
        .filter(|(_, v)| !v.is_nil() && !is_table(v) && !is_table_array(v))
    {
        out.push_str(&format!("{pad}{} = {}\n", key(k), scalar(v)?));
    }
    for (k, v) in m.iter().filter(|(_, v)| is_table(v) || is_table_array(v)) {
        let mut sub_path = path.to_vec();
        sub_path.push(key(k));
        let name = sub_path.join(".");
        let tables: Vec<&Value> = match v {
            Value::List(l) => l.items.iter().collect(),
            other => vec![other],
        };
        for t in tables {
            let header = if matches!(v, Value::List(_)) {
                format!("[[{name}]]")
            } else {
                format!("[{name}]")
            };
            // BurntSushi puts a blank line before every array-of-tables entry and before
            // top-level tables.
            if (depth == 0 || matches!(v, Value::List(_))) && !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("{pad}{header}\n"));
            if let Value::Map(sub) = t {
                table(out, &sub.borrow(), &sub_path, depth + 1)?;
            }
        }
    }
    Ok(())
}

/// Helm's `fromToml`: a map (integers int64), or `{"Error": message}`.
pub fn from_toml(text: &str) -> Value {
    match text.parse::<toml::Table>() {
        Ok(t) => convert(toml::Value::Table(t)),
        Err(e) => {
            let mut m = Map::new();
            let message = super::toml_errors::burntsushi_error(text)
                .unwrap_or_else(|| format!("toml: {}", e.message()));
            m.insert("Error".into(), Value::string(message));
            Value::map(m)
        }
    }
}

fn convert(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::string(s),
        toml::Value::Integer(i) => Value::Int64(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::string(d.to_string()),
        toml::Value::Array(a) => Value::list(a.into_iter().map(convert).collect()),
        toml::Value::Table(t) => Value::map(t.into_iter().map(|(k, v)| (k, convert(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // helm v4.1.4: toToml of a small values map.
    #[test]
    fn encodes_like_burntsushi() {
        let mut m = Map::new();
        m.insert("a".into(), Value::Float(1e6));
        m.insert("i".into(), Value::Int64(5));
        m.insert(
            "l".into(),
            Value::list(vec![
                Value::Float(1.0),
                Value::map([("x".to_string(), Value::Bool(true))].into()),
            ]),
        );
        m.insert("e".into(), Value::empty_map());
        m.insert(
            "m".into(),
            Value::map([("k".to_string(), Value::str("v"))].into()),
        );
        m.insert("n".into(), Value::Nil);
        assert_eq!(
            to_toml(&Value::map(m)).unwrap(),
            "a = 1e+06\ni = 5\nl = [1.0, {x = true}]\n\n[e]\n\n[m]\n  k = \"v\"\n"
        );
    }
}

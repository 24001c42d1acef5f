//! Values as Go's `encoding/json` prints them with HTML escaping off: sorted object keys,
//! shortest floats (exponent form below 1e-6 and from 1e21), `\u00XX` for control characters.

use std::fmt::Write;

/// A value decoded from the values tree, as helm-docs hands it to `json.Marshal`.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The encoding; `None` where Go fails (NaN and infinities).
    pub fn encode(&self) -> Option<String> {
        let mut out = String::new();
        self.write(&mut out)?;
        Some(out)
    }

    /// Go's `fmt.Sprintf("%s", v)` of the decoded value: strings as they are, other scalars
    /// as `%!s(type=value)`, slices and maps (keys sorted) with their items so formatted.
    pub fn go_s(&self) -> String {
        match self {
            Json::Null => "%!s(<nil>)".to_string(),
            Json::Bool(b) => format!("%!s(bool={b})"),
            Json::Int(i) => format!("%!s(int={i})"),
            Json::Float(f) => format!("%!s(float64={})", rudder_gotmpl::fmt::format_float_v(*f)),
            Json::Str(s) => s.clone(),
            Json::List(items) => {
                let items: Vec<String> = items.iter().map(Json::go_s).collect();
                format!("[{}]", items.join(" "))
            }
            Json::Object(entries) => {
                let mut sorted: Vec<&(String, Json)> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                let items: Vec<String> = sorted
                    .iter()
                    .map(|(k, v)| format!("{k}:{}", v.go_s()))
                    .collect();
                format!("map[{}]", items.join(" "))
            }
        }
    }

    fn write(&self, out: &mut String) -> Option<()> {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => out.push_str(&i.to_string()),
            Json::Float(f) => out.push_str(&go_float(*f)?),
            Json::Str(s) => write_str(s, out),
            Json::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out)?;
                }
                out.push(']');
            }
            Json::Object(entries) => {
                let mut sorted: Vec<&(String, Json)> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                // A repeated key keeps its last value, as decoding into a Go map does.
                sorted.dedup_by(|later, earlier| {
                    let same = later.0 == earlier.0;
                    if same {
                        std::mem::swap(later, earlier);
                    }
                    same
                });
                out.push('{');
                for (i, (k, v)) in sorted.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out)?;
                }
                out.push('}');
            }
        }
        Some(())
    }
}

/// Go's float encoding: shortest digits, exponent form below 1e-6 and from 1e21, with a
/// two-digit positive exponent (`1e+21`) and no padding on a negative one (`1e-7`).
fn go_float(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e')?;
        let exp = match exp.strip_prefix('-') {
            Some(digits) => format!("-{digits}"),
            None => format!("+{exp:0>2}"),
        };
        return Some(format!("{mantissa}e{exp}"));
    }
    Some(format!("{f}"))
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_go() {
        let v = Json::Object(vec![
            ("b".into(), Json::Float(1e21)),
            ("a".into(), Json::List(vec![Json::Float(0.5), Json::Int(3)])),
            ("c".into(), Json::Str("<x>\"\u{1}".into())),
            ("d".into(), Json::Float(1e-7)),
            ("e".into(), Json::Float(100.0)),
        ]);
        assert_eq!(
            v.encode().unwrap(),
            r#"{"a":[0.5,3],"b":1e+21,"c":"<x>\"\u0001","d":1e-7,"e":100}"#
        );
    }

    #[test]
    fn percent_s_as_go_prints_it() {
        let v = Json::Object(vec![
            (
                "b".into(),
                Json::List(vec![Json::Bool(true), Json::Str("x".into())]),
            ),
            ("a".into(), Json::Float(1.5)),
        ]);
        assert_eq!(v.go_s(), "map[a:%!s(float64=1.5) b:[%!s(bool=true) x]]");
        assert_eq!(Json::Int(16).go_s(), "%!s(int=16)");
    }
}

//! values.yaml read as the npm `yaml` package's `YAML.parse` reads it: YAML 1.2's core
//! schema (`yes` and `017`-as-octal are YAML 1.1 only; `<<` is an ordinary key), one
//! document, unique keys.

use std::collections::HashMap;

use rudder_yaml::read::libyaml::{EventData, Parser, ScalarStyle};

use super::js::{number, Js, Object};

/// Parses `text`; an empty document is `null`.
pub fn parse(text: &str) -> Result<Js, String> {
    let mut parser = Parser::new(text.as_bytes());
    let mut b = Builder::default();
    loop {
        let event = parser
            .next()
            .map_err(|e| format!("{} at line {}", e.problem, e.problem_mark.line + 1))?;
        let line = event.start_mark.line + 1;
        match event.data {
            EventData::StreamEnd => break,
            EventData::DocumentStart => {
                b.documents += 1;
                if b.documents > 1 {
                    return Err("Source contains multiple documents".into());
                }
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
            } => b.finish(resolve(value, style, tag.as_deref()), anchor, line)?,
            EventData::SequenceStart { anchor, .. } => {
                b.stack.push((Js::Arr(Vec::new()), None, anchor))
            }
            EventData::MappingStart { anchor, .. } => {
                b.stack.push((Js::Obj(Object::default()), None, anchor))
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                if let Some((value, _, anchor)) = b.stack.pop() {
                    b.finish(value, anchor, line)?
                }
            }
            EventData::Alias { anchor } => {
                let value = b.anchors.get(&anchor).cloned().unwrap_or(Js::Null);
                b.finish(value, None, line)?
            }
            _ => {}
        }
    }
    Ok(b.root.unwrap_or(Js::Null))
}

#[derive(Default)]
struct Builder {
    /// Open collections, a mapping's pending key and the anchor with each.
    stack: Vec<(Js, Option<Js>, Option<String>)>,
    anchors: HashMap<String, Js>,
    root: Option<Js>,
    documents: usize,
}

impl Builder {
    fn finish(&mut self, value: Js, anchor: Option<String>, line: u64) -> Result<(), String> {
        if let Some(anchor) = anchor {
            self.anchors.insert(anchor, value.clone());
        }
        let Some((parent, key, _)) = self.stack.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        match parent {
            Js::Arr(items) => items.push(value),
            Js::Obj(object) => match key.take() {
                None => *key = Some(value),
                Some(k) => {
                    let name = key_text(&k);
                    if object.contains(&name) {
                        return Err(format!("Map keys must be unique at line {line}"));
                    }
                    object.set(name, value);
                }
            },
            _ => {}
        }
        Ok(())
    }
}

/// How a key becomes a property name: `String(key)`, with `null` as "".
fn key_text(key: &Js) -> String {
    match key {
        Js::Null => String::new(),
        Js::Num(n) => number(*n),
        other => Js::display(Some(other)),
    }
}

/// A scalar's value: quoted and block scalars are strings, plain ones resolve by the core
/// schema; `!!str` and the non-specific `!` force a string, unknown tags leave one.
fn resolve(text: String, style: ScalarStyle, tag: Option<&str>) -> Js {
    if let Some(tag) = tag {
        return match tag.strip_prefix("tag:yaml.org,2002:") {
            Some("null" | "bool" | "int" | "float") => core(&text).unwrap_or(Js::Str(text)),
            _ => Js::Str(text),
        };
    }
    if style != ScalarStyle::Plain {
        return Js::Str(text);
    }
    core(&text).unwrap_or(Js::Str(text))
}

/// The core schema's plain scalars, tried in the order the `yaml` package tries them.
fn core(text: &str) -> Option<Js> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Js::Null),
        "true" | "True" | "TRUE" => return Some(Js::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Js::Bool(false)),
        _ => {}
    }
    if let Some(octal) = text.strip_prefix("0o") {
        if !octal.is_empty() && octal.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return Some(Js::Num(radix(octal, 8)));
        }
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<f64>().ok().map(Js::Num);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(Js::Num(radix(hex, 16)));
        }
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            let negative = text.starts_with('-');
            return Some(Js::Num(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
        }
        _ if matches!(text, ".nan" | ".NaN" | ".NAN") => return Some(Js::Num(f64::NAN)),
        _ => {}
    }
    is_float(unsigned)
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .map(Js::Num)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, with a point or an exponent.
fn is_float(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => exponent.is_some() && digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)))
}

/// `parseInt(digits, radix)` for octal and hexadecimal digits.
fn radix(digits: &str, radix: u32) -> f64 {
    digits.chars().fold(0.0, |acc, c| {
        acc * radix as f64 + c.to_digit(radix).unwrap_or(0) as f64
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_scalars() {
        for (text, value) in [
            ("017", Js::Num(17.0)),
            ("0o17", Js::Num(15.0)),
            ("0x1F", Js::Num(31.0)),
            ("1e3", Js::Num(1000.0)),
            ("1.", Js::Num(1.0)),
            ("yes", Js::Str("yes".into())),
            ("1_000", Js::Str("1_000".into())),
            ("~", Js::Null),
            ("True", Js::Bool(true)),
        ] {
            assert_eq!(core(text).unwrap_or(Js::Str(text.into())), value, "{text}");
        }
    }

    #[test]
    fn merge_keys_stay_keys_and_duplicates_fail() {
        let v = parse("a: &x {b: 1}\nc:\n  <<: *x\n").unwrap();
        assert!(v.prop("c").unwrap().prop("<<").is_some());
        assert!(parse("a: 1\na: 2\n").is_err());
    }

    // A flow list closed at its key's indentation, as bitnami/chainloop writes one.
    #[test]
    fn flow_lists_may_close_at_the_key_indentation() {
        let v = parse("a:\n  b: [\n    x\n  ]\n").unwrap();
        assert_eq!(
            v.prop("a").unwrap().prop("b"),
            Some(&Js::Arr(vec![Js::Str("x".into())]))
        );
    }
}

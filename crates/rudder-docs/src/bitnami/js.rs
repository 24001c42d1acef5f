//! JavaScript values as readme-generator holds them after `YAML.parse`: objects iterate
//! integer-like keys first (ascending), then the others in insertion order; numbers print
//! as `Number.prototype.toString` and `JSON.stringify` print them.

/// A parsed value; `undefined` is `Option::None` where it can occur.
#[derive(Debug, Clone, PartialEq)]
pub enum Js {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Js>),
    Obj(Object),
}

/// A plain object, keeping insertion order; [`Object::keys`] gives JavaScript's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    entries: Vec<(String, Js)>,
}

/// An "array index" key, which objects list first: a canonical integer below 2^32 - 1.
pub fn is_index(key: &str) -> bool {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    canonical
        && key.len() <= 10
        && key.bytes().all(|b| b.is_ascii_digit())
        && key.parse::<u64>().is_ok_and(|n| n < u32::MAX as u64)
}

impl Object {
    /// Sets `key`, in place when it exists (its position stays).
    pub fn set(&mut self, key: String, value: Js) {
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Js> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Js> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in `Object.keys` order.
    pub fn entries(&self) -> Vec<(&String, &Js)> {
        let mut indexed: Vec<(u64, &String, &Js)> = self
            .entries
            .iter()
            .filter(|(k, _)| is_index(k))
            .map(|(k, v)| (k.parse().unwrap_or(0), k, v))
            .collect();
        indexed.sort_by_key(|(n, _, _)| *n);
        let named = self.entries.iter().filter(|(k, _)| !is_index(k));
        indexed
            .into_iter()
            .map(|(_, k, v)| (k, v))
            .chain(named.map(|(k, v)| (k, v)))
            .collect()
    }

    pub fn keys(&self) -> Vec<&String> {
        self.entries().into_iter().map(|(k, _)| k).collect()
    }
}

impl Js {
    /// `typeof`, with `None` as `undefined`.
    pub fn type_of(value: Option<&Js>) -> &'static str {
        match value {
            None => "undefined",
            Some(Js::Bool(_)) => "boolean",
            Some(Js::Num(_)) => "number",
            Some(Js::Str(_)) => "string",
            Some(Js::Null | Js::Arr(_) | Js::Obj(_)) => "object",
        }
    }

    /// JavaScript truthiness.
    pub fn truthy(value: Option<&Js>) -> bool {
        match value {
            None | Some(Js::Null) => false,
            Some(Js::Bool(b)) => *b,
            Some(Js::Num(n)) => *n != 0.0 && !n.is_nan(),
            Some(Js::Str(s)) => !s.is_empty(),
            Some(Js::Arr(_) | Js::Obj(_)) => true,
        }
    }

    /// A property: an object's own key or an array's index.
    pub fn prop(&self, key: &str) -> Option<&Js> {
        match self {
            Js::Obj(o) => o.get(key),
            Js::Arr(items) if is_index(key) => items.get(key.parse::<usize>().ok()?),
            _ => None,
        }
    }

    /// Template-literal text (`${value}`): arrays join their items with commas, objects are
    /// `[object Object]`.
    pub fn display(value: Option<&Js>) -> String {
        match value {
            None => "undefined".into(),
            Some(Js::Null) => "null".into(),
            Some(Js::Bool(b)) => b.to_string(),
            Some(Js::Num(n)) => number(*n),
            Some(Js::Str(s)) => s.clone(),
            Some(Js::Arr(items)) => items
                .iter()
                .map(|i| match i {
                    Js::Null => String::new(),
                    other => Js::display(Some(other)),
                })
                .collect::<Vec<_>>()
                .join(","),
            Some(Js::Obj(_)) => "[object Object]".into(),
        }
    }
}

/// `Number.prototype.toString()`: the shortest digits that read back, in plain notation
/// from 1e-7 up to 1e21 and in exponent notation outside.
pub fn number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let exp_form = format!("{:e}", n.abs());
    let (mantissa, exponent) = exp_form.split_once('e').unwrap_or((&exp_form, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i64;
    let point = exponent.parse::<i64>().unwrap_or(0) + 1;
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let sign = if e < 0 { '-' } else { '+' };
        match digits.len() {
            1 => format!("{digits}e{sign}{}", e.abs()),
            _ => format!("{}.{}e{sign}{}", &digits[..1], &digits[1..], e.abs()),
        }
    };
    format!("{sign}{body}")
}

/// `JSON.stringify(value)`, or with `indent` spaces per level as `JSON.stringify(v, null, n)`.
pub fn stringify(value: &Js, indent: usize) -> String {
    let mut out = String::new();
    write(value, indent, 0, &mut out);
    out
}

fn write(value: &Js, indent: usize, level: usize, out: &mut String) {
    match value {
        Js::Null => out.push_str("null"),
        Js::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Js::Num(n) if n.is_finite() => out.push_str(&number(*n)),
        Js::Num(_) => out.push_str("null"),
        Js::Str(s) => quote(s, out),
        Js::Arr(items) => {
            let items: Vec<&Js> = items.iter().collect();
            container(('[', ']'), &items, indent, level, out, |item, out| {
                write(item, indent, level + 1, out)
            })
        }
        Js::Obj(o) => {
            let entries = o.entries();
            container(('{', '}'), &entries, indent, level, out, |(k, v), out| {
                quote(k, out);
                out.push(':');
                if indent > 0 {
                    out.push(' ');
                }
                write(v, indent, level + 1, out)
            })
        }
    }
}

fn container<T>(
    (open, close): (char, char),
    items: &[T],
    indent: usize,
    level: usize,
    out: &mut String,
    mut each: impl FnMut(&T, &mut String),
) {
    out.push(open);
    if items.is_empty() {
        out.push(close);
        return;
    }
    let pad = |depth: usize| format!("\n{}", " ".repeat(indent * depth));
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if indent > 0 {
            out.push_str(&pad(level + 1));
        }
        each(item, out);
    }
    if indent > 0 {
        out.push_str(&pad(level));
    }
    out.push(close);
}

/// JSON.stringify's string quoting: only quotes, backslashes and control characters escape.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Length in UTF-16 code units, as `String.prototype.length` counts.
pub fn length(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript() {
        for (n, text) in [
            (17.0, "17"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (0.1, "0.1"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (-2.5, "-2.5"),
            (-0.0, "0"),
        ] {
            assert_eq!(number(n), text);
        }
    }

    #[test]
    fn integer_keys_come_first() {
        let mut o = Object::default();
        for k in ["b", "10", "a", "2", "01"] {
            o.set(k.into(), Js::Null);
        }
        let keys: Vec<&str> = o.keys().into_iter().map(String::as_str).collect();
        assert_eq!(keys, ["2", "10", "b", "a", "01"]);
    }

    #[test]
    fn stringify_indents_and_escapes() {
        let mut o = Object::default();
        o.set(
            "a".into(),
            Js::Arr(vec![Js::Str("x\"\n".into()), Js::Num(1.0)]),
        );
        o.set("e".into(), Js::Obj(Object::default()));
        assert_eq!(
            stringify(&Js::Obj(o.clone()), 0),
            r#"{"a":["x\"\n",1],"e":{}}"#
        );
        assert_eq!(
            stringify(&Js::Obj(o), 4),
            "{\n    \"a\": [\n        \"x\\\"\\n\",\n        1\n    ],\n    \"e\": {}\n}"
        );
    }
}

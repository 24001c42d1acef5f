//! `toYaml` exactly as helm produces it: the value goes through Go's `json.Marshal`, is read
//! back by go-yaml v2 (so integral floats become ints), and is written by go-yaml v2's emitter
//! (libyaml's algorithm: block style, natural key order, 80-column folding).

use rudder_gotmpl::Value;

use super::json::{json_number, CycleCheck};
use super::natural_order::sort_naturally;
use super::scalar_style::{is_break, is_printable, select, Style};
use crate::read::{is_base60_float, is_go_yaml_timestamp, resolve_plain, Scalar, MAX_DEPTH};

/// A value after the JSON round trip.
enum J {
    Null,
    Bool(bool),
    /// A number, as go-yaml prints it.
    Number(String),
    Str(String),
    Seq(Vec<J>),
    Map(Vec<(String, J)>),
}

/// `v` after the JSON round trip; `room` is how many more levels of nesting go-yaml will read
/// back (it refuses documents nested deeper than 10,000, so helm's `toYaml` fails on them).
fn to_j(v: &Value, room: usize, cycles: &mut CycleCheck) -> Result<J, String> {
    let inner = || {
        room.checked_sub(1)
            .ok_or_else(|| format!("yaml: exceeded max depth of {MAX_DEPTH}"))
    };
    Ok(match v {
        Value::Nil => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) | Value::Int64(i) => J::Number(i.to_string()),
        Value::Uint64(u) => J::Number(u.to_string()),
        Value::Float(f) => J::Number(yaml_number(&json_number(*f)?)),
        Value::Complex(..) => return Err("json: unsupported type: complex128".into()),
        Value::String(s) => J::Str(reread_json_string(s)),
        Value::Bytes(b) => {
            use base64::Engine;
            J::Str(base64::engine::general_purpose::STANDARD.encode(b))
        }
        Value::List(l) if l.nil => J::Null,
        Value::Map(m) if m.is_nil() => J::Null,
        Value::List(l) => {
            let entered = cycles.enter(v, MAX_DEPTH - room)?;
            let room = inner()?;
            let seq = l
                .items
                .iter()
                .map(|i| to_j(i, room, cycles))
                .collect::<Result<_, _>>()?;
            cycles.leave(entered);
            J::Seq(seq)
        }
        Value::Map(m) => {
            let entered = cycles.enter(v, MAX_DEPTH - room)?;
            let room = inner()?;
            let mut pairs: Vec<(String, J)> = m
                .borrow()
                .iter()
                .map(|(k, v)| {
                    if k.contains(NEL) {
                        // A folded line inside a flow mapping key: go-yaml fails to read it.
                        return Err(format!("yaml: key {k:?} spans lines"));
                    }
                    Ok((k.clone(), to_j(v, room, cycles)?))
                })
                .collect::<Result<_, String>>()?;
            cycles.leave(entered);
            sort_naturally(&mut pairs, |p| &p.0);
            J::Map(pairs)
        }
        Value::Object(o) => match o.to_plain() {
            Some(p) => to_j(&p, room, cycles)?,
            None => J::Map(Vec::new()),
        },
    })
}

const NEL: char = '\u{85}';

/// A JSON string as go-yaml re-reads it (a double-quoted YAML scalar): encoding/json leaves
/// NEL unescaped, and YAML 1.1 folds it as a line break (one break is a space, spaces
/// around breaks go).
fn reread_json_string(s: &str) -> String {
    if !s.contains(NEL) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while chars.peek().is_some() {
        while let Some(&c) = chars.peek().filter(|&&c| c != ' ' && c != NEL) {
            out.push(c);
            chars.next();
        }
        let (mut spaces, mut breaks) = (0, 0);
        while let Some(c) = chars.next_if(|&c| c == ' ' || c == NEL) {
            if c == NEL {
                breaks += 1;
            } else if breaks == 0 {
                spaces += 1;
            }
        }
        match breaks {
            0 => out.extend(std::iter::repeat_n(' ', spaces)),
            1 => out.push(' '),
            n => out.extend(std::iter::repeat_n('\n', n - 1)),
        }
    }
    out
}

/// How go-yaml v2 re-reads and re-prints a JSON number.
fn yaml_number(json: &str) -> String {
    match resolve_plain(json) {
        Scalar::Int(i) => i.to_string(),
        Scalar::Uint(u) => u.to_string(),
        Scalar::Float(f) => rudder_gotmpl::fmt::format_float(f, b'g', -1, 64),
        _ => json.to_string(),
    }
}

/// go-yaml v2's output for `v` (with its final newline), or the JSON error message.
pub fn to_yaml(v: &Value) -> Result<String, String> {
    emit(to_j(v, MAX_DEPTH, &mut CycleCheck::default())?, Flavor::V2)
}

/// Helm's `toYamlPretty`: go-yaml v3's encoder with indent 2 on the raw value (no JSON round
/// trip, so floats keep Go's `%g` form), sequences indented, no line folding.
pub fn to_yaml_pretty(v: &Value) -> Result<String, String> {
    emit(to_raw_j(v)?, Flavor::V3Pretty)
}

/// A value as-is (for go-yaml v3, which encodes Go values directly).
fn to_raw_j(v: &Value) -> Result<J, String> {
    Ok(match v {
        Value::Nil => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) | Value::Int64(i) => J::Number(i.to_string()),
        Value::Uint64(u) => J::Number(u.to_string()),
        Value::Float(f) => J::Number(
            match rudder_gotmpl::fmt::format_float(*f, b'g', -1, 64).as_str() {
                "+Inf" => ".inf".into(),
                "-Inf" => "-.inf".into(),
                "NaN" => ".nan".into(),
                other => other.to_string(),
            },
        ),
        Value::Complex(..) => return Err("cannot marshal type: complex128".into()),
        Value::String(s) => J::Str(s.to_string()),
        Value::Bytes(b) => J::Str(String::from_utf8_lossy(b).into_owned()),
        Value::List(l) => J::Seq(l.items.iter().map(to_raw_j).collect::<Result<_, _>>()?),
        Value::Map(m) => {
            let mut pairs: Vec<(String, J)> = m
                .borrow()
                .iter()
                .map(|(k, v)| Ok((k.clone(), to_raw_j(v)?)))
                .collect::<Result<_, String>>()?;
            sort_naturally(&mut pairs, |p| &p.0);
            J::Map(pairs)
        }
        // go-yaml v3 writes a time.Time as a plain RFC 3339 timestamp (as bare as a number).
        Value::Object(o) if o.type_name() == "time.Time" => match o.to_plain() {
            Some(Value::String(s)) => J::Number(s.to_string()),
            _ => J::Null,
        },
        // A struct's fields, in declaration order.
        Value::Object(o) => match (o.yaml_fields(), o.to_plain()) {
            (Some(fields), _) => J::Map(
                fields
                    .into_iter()
                    .map(|(name, v)| Ok((name, to_raw_j(&v)?)))
                    .collect::<Result<_, String>>()?,
            ),
            (None, Some(p)) => to_raw_j(&p)?,
            (None, None) => J::Map(Vec::new()),
        },
    })
}

/// Which go-yaml writes the document.
#[derive(Clone, Copy, PartialEq)]
enum Flavor {
    /// go-yaml v2 (`toYaml`): sequences in maps not indented, 80-column folding.
    V2,
    /// go-yaml v3 with indent 2 (`toYamlPretty`): sequences indented, no folding.
    V3Pretty,
}

fn emit(j: J, flavor: Flavor) -> Result<String, String> {
    let mut e = Emitter {
        flavor,
        ..Emitter::default()
    };
    match &j {
        J::Map(pairs) if !pairs.is_empty() => e.map(pairs, 0),
        J::Seq(items) if !items.is_empty() => e.seq(items, 0),
        other => e.value(other, 2),
    }
    // Document end: a newline unless the last scalar already ended with one.
    e.indent(0);
    let trimmed = e.out.trim_end_matches(' ').len();
    e.out.truncate(trimmed);
    Ok(e.out)
}

const BEST_WIDTH: usize = 80;

struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
    flavor: Flavor,
}

impl Default for Emitter {
    fn default() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            flavor: Flavor::V2,
        }
    }
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_str(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }

    fn indicator(
        &mut self,
        ind: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        self.write_str(ind);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn indent(&mut self, indent: usize) {
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn map(&mut self, pairs: &[(String, J)], indent: usize) {
        for (k, v) in pairs {
            self.indent(indent);
            // libyaml writes multi-line or long keys as `? key` / `: value`.
            if k.contains(is_break) || k.len() > 128 {
                self.indicator("?", true, false, true);
                self.scalar_str(k, indent + 2, false);
                self.indent(indent);
                self.indicator(":", true, false, true);
                // After `:` at the line start a sequence is not "indentless".
                self.child(v, indent, false);
            } else {
                self.scalar_str(k, indent, true);
                self.indicator(":", false, false, false);
                self.child(v, indent, true);
            }
        }
    }

    fn seq(&mut self, items: &[J], indent: usize) {
        for item in items {
            self.indent(indent);
            self.indicator("-", true, false, true);
            self.child(item, indent, false);
        }
    }

    /// A mapping value or sequence item; `indent` is the container's.
    fn child(&mut self, v: &J, indent: usize, in_map: bool) {
        match v {
            J::Map(pairs) if !pairs.is_empty() => self.map(pairs, indent + 2),
            // go-yaml v2 does not indent sequences inside mappings; v3 (indent 2) does.
            J::Seq(items) if !items.is_empty() => {
                let indented = !in_map || self.flavor == Flavor::V3Pretty;
                self.seq(items, if indented { indent + 2 } else { indent })
            }
            other => self.value(other, indent + 2),
        }
    }

    /// A scalar or empty collection; `indent` is where continuation lines start.
    fn value(&mut self, v: &J, indent: usize) {
        match v {
            J::Null => self.plain("null", indent, true),
            J::Bool(b) => self.plain(if *b { "true" } else { "false" }, indent, true),
            J::Number(n) => self.plain(n, indent, true),
            J::Str(s) => self.scalar_str(s, indent, false),
            J::Seq(_) => {
                self.indicator("[", true, true, false);
                self.indicator("]", false, false, false);
            }
            J::Map(_) => {
                self.indicator("{", true, true, false);
                self.indicator("}", false, false, false);
            }
        }
    }

    fn scalar_str(&mut self, s: &str, indent: usize, simple_key: bool) {
        let requested = if s.contains('\n') {
            Style::Literal
        } else if can_use_plain(s) {
            Style::Plain
        } else {
            Style::Double
        };
        match select(requested, s, simple_key) {
            Style::Plain => self.plain(s, indent, !simple_key),
            Style::Single => self.single(s, indent, !simple_key),
            Style::Double => self.double(s, indent, !simple_key),
            Style::Literal => self.literal(s, indent),
        }
    }

    fn plain(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let allow_breaks = allow_breaks && self.flavor == Flavor::V2;
        if !self.whitespace {
            self.put(' ');
        }
        if allow_breaks && s.contains(' ') {
            self.plain_folded(s, indent);
        } else {
            // Nowhere to fold: the text as it is (most scalars).
            self.write_str(s);
        }
        self.whitespace = false;
        self.indention = false;
    }

    /// A plain scalar's text, a run of spaces past the best width becoming a line break.
    fn plain_folded(&mut self, s: &str, indent: usize) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if !spaces && self.column > BEST_WIDTH && chars.get(i + 1) != Some(&' ') {
                    self.indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
    }

    fn single(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let allow_breaks = allow_breaks && self.flavor == Flavor::V2;
        self.indicator("'", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let last = chars.len().saturating_sub(1);
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i != last
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                // Only LS and PS get here (other breaks rule single quotes out); libyaml
                // copies them and starts a new line.
                self.put(c);
                self.column = 0;
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.indent(indent);
                }
                breaks = false;
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                spaces = false;
            }
        }
        self.indicator("'", false, false, false);
    }

    fn double(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let allow_breaks = allow_breaks && self.flavor == Flavor::V2;
        self.indicator("\"", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    c if (c as u32) <= 0xFF => self.write_str(&format!("x{:02X}", c as u32)),
                    c if (c as u32) <= 0xFFFF => self.write_str(&format!("u{:04X}", c as u32)),
                    c => self.write_str(&format!("U{:08X}", c as u32)),
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last {
                    self.indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.indicator("\"", false, false, false);
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.indicator("|", true, false, false);
        if s.starts_with(' ') || s.starts_with(is_break) {
            self.indicator("2", false, false, false);
        }
        let chars: Vec<char> = s.chars().collect();
        let chomp = match chars.as_slice() {
            [] => Some("-"),
            [.., last] if !is_break(*last) => Some("-"),
            [_] => Some("+"),
            [.., prev, _] if is_break(*prev) => Some("+"),
            _ => None,
        };
        if let Some(h) = chomp {
            self.indicator(h, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.put_break();
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.indent(indent);
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// go-yaml v2 writes a string plainly only if reading it back would give the same string.
fn can_use_plain(s: &str) -> bool {
    // The merge key resolves to its own tag, which go-yaml's emitter lets through plainly.
    matches!(resolve_plain_for_emit(s), Scalar::Str(_) | Scalar::Merge) && !is_base60_float(s)
}

/// Like reading, but timestamps count as non-strings (the emitter quotes them).
fn resolve_plain_for_emit(s: &str) -> Scalar {
    if s.is_empty() {
        return Scalar::Null;
    }
    if is_go_yaml_timestamp(s) {
        return Scalar::Null;
    }
    resolve_plain(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rudder_gotmpl::Map;

    fn y(v: Value) -> String {
        to_yaml(&v).unwrap()
    }

    fn map(pairs: Vec<(&str, Value)>) -> Value {
        Value::map(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Map>(),
        )
    }

    // compat-notes D12, verified with helm v4.1.4.
    #[test]
    fn layout_and_numbers() {
        let v = map(vec![
            (
                "l",
                Value::list(vec![map(vec![
                    ("a", Value::Float(1.0)),
                    ("b", Value::Float(2.0)),
                ])]),
            ),
            ("num", Value::Float(1e6)),
            ("e", Value::empty_map()),
            ("s", Value::list(vec![])),
            ("z", Value::Nil),
            ("big", Value::Float(1e20)),
            ("small", Value::Float(1e-7)),
        ]);
        assert_eq!(
            y(v),
            "big: 1e+20\ne: {}\nl:\n- a: 1\n  b: 2\nnum: 1000000\ns: []\nsmall: 1e-07\nz: null\n"
        );
        assert_eq!(y(Value::str("just a string")), "just a string\n");
        assert_eq!(y(Value::Nil), "null\n");
    }

    #[test]
    fn string_styles() {
        let cases = [
            ("true", "\"true\""),
            ("1", "\"1\""),
            ("", "\"\""),
            ("2024-01-01", "\"2024-01-01\""),
            ("1:20", "\"1:20\""),
            (" lead", "' lead'"),
            ("- x", "'- x'"),
            ("a: b", "'a: b'"),
            ("tab\there", "\"tab\\there\""),
            ("😀", "\"\\U0001F600\""),
            ("quote'd", "quote'd"),
            ("x:y", "x:y"),
        ];
        for (s, want) in cases {
            assert_eq!(
                y(map(vec![("k", Value::str(s))])),
                format!("k: {want}\n"),
                "{s:?}"
            );
        }
        assert_eq!(
            y(map(vec![("k", Value::str("a\nb\n"))])),
            "k: |\n  a\n  b\n"
        );
        assert_eq!(y(map(vec![("k", Value::str("a\nb"))])), "k: |-\n  a\n  b\n");
        assert_eq!(
            y(map(vec![("k", Value::str(" a\nb"))])),
            "k: |2-\n   a\n  b\n"
        );
    }

    #[test]
    fn folds_long_plain_strings() {
        let words: Vec<String> = (0..20).map(|i| format!("w{i:03}")).collect();
        let out = y(map(vec![("long", Value::string(words.join(" ")))]));
        assert_eq!(
            out,
            "long: w000 w001 w002 w003 w004 w005 w006 w007 w008 w009 w010 w011 w012 w013 w014 w015\n  w016 w017 w018 w019\n"
        );
    }
}

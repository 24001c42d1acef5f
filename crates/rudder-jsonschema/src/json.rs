//! JSON documents with exact numbers, read the way Go's `encoding/json` decoder (with
//! `UseNumber`) reads them, including its error texts.

use std::collections::BTreeMap;
use std::fmt;

use crate::number::Number;

/// A JSON value. Objects are sorted maps: Go decodes them into maps, whose order is not kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

impl Value {
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|o| o.get(key))
    }

    /// The JSON type name santhosh-tekuri reports (`got string, want ...`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Structural equality with numbers compared by value (`1.0` equals `1`).
    pub fn equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equals(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| x.equals(y)))
            }
            _ => self == other,
        }
    }
}

impl From<&serde_json::Value> for Value {
    fn from(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                Value::Number(Number::parse(&n.to_string()).unwrap_or_else(|| Number::from_i64(0)))
            }
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), Value::from(v))).collect())
            }
        }
    }
}

/// A JSON syntax error: `Display` is Go's text (`unexpected EOF`,
/// `invalid character '}' looking for beginning of object key string`, ...); `offset` is the
/// byte where reading stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub message: String,
    pub offset: usize,
}

impl JsonError {
    /// The 1-based line and 0-based byte column of the error in `text`, the document read.
    pub fn line_column(&self, text: &[u8]) -> (usize, usize) {
        let before = &text[..self.offset.min(text.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        (line, before.len() - line_start)
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonError {}

type PResult<T> = Result<T, JsonError>;

/// Parses one JSON document.
pub fn parse(text: &[u8]) -> Result<Value, JsonError> {
    let mut p = Parser { s: text, i: 0 };
    p.ws();
    if p.i == p.s.len() {
        return Err(p.fail("EOF"));
    }
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.fail("invalid character after top-level value"));
    }
    Ok(v)
}

/// Reads the first JSON value of `text` as a Go `json.Decoder` does: what follows it is not read.
pub fn parse_first(text: &[u8]) -> Result<Value, JsonError> {
    let mut p = Parser { s: text, i: 0 };
    p.ws();
    if p.i == p.s.len() {
        return Err(p.fail("EOF"));
    }
    p.value(0)
}

/// Nesting beyond this is refused (Go's decoder stops at 10000 too).
const MAX_DEPTH: usize = 10000;

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&self) -> PResult<u8> {
        self.s
            .get(self.i)
            .copied()
            .ok_or_else(|| self.fail("unexpected EOF"))
    }

    fn fail(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            message: message.into(),
            offset: self.i,
        }
    }

    fn err(&self, c: u8, context: &str) -> JsonError {
        self.fail(format!("invalid character {} {context}", quote_byte(c)))
    }

    /// A value inside `depth` open containers.
    fn value(&mut self, depth: usize) -> PResult<Value> {
        let c = self.peek()?;
        if matches!(c, b'{' | b'[') && depth >= MAX_DEPTH {
            return Err(self.err(c, "exceeded max depth"));
        }
        match c {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            _ => Err(self.err(c, "looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> PResult<Value> {
        for want in word.bytes() {
            let c = self.peek()?;
            if c != want {
                return Err(self.err(
                    c,
                    &format!("in literal {word} (expecting {})", quote_byte(want)),
                ));
            }
            self.i += 1;
        }
        Ok(v)
    }

    fn object(&mut self, depth: usize) -> PResult<Value> {
        self.i += 1;
        let mut map = BTreeMap::new();
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.ws();
            let c = self.peek()?;
            if c != b'"' {
                return Err(self.err(c, "looking for beginning of object key string"));
            }
            let key = self.string()?;
            self.ws();
            let c = self.peek()?;
            if c != b':' {
                return Err(self.err(c, "after object key"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            map.insert(key, v);
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                c => return Err(self.err(c, "after object key:value pair")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> PResult<Value> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                c => return Err(self.err(c, "after array element")),
            }
        }
    }

    fn hex4(&mut self) -> PResult<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let c = self.peek()?;
            let d = (c as char)
                .to_digit(16)
                .ok_or_else(|| self.err(c, "in \\u hexadecimal character escape"))?;
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> PResult<String> {
        self.i += 1;
        let mut raw = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    let ch = match e {
                        b'"' | b'\\' | b'/' => e as char,
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            self.surrogate(hi)?
                        }
                        _ => return Err(self.err(e, "in string escape code")),
                    };
                    let mut buf = [0; 4];
                    raw.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.err(c, "in string literal")),
                _ => raw.push(c),
            }
        }
        // Go replaces invalid UTF-8 by U+FFFD when it decodes a string.
        Ok(String::from_utf8_lossy(&raw).into_owned())
    }

    /// Joins a `\uD8xx\uDCxx` pair; a lone surrogate becomes U+FFFD.
    fn surrogate(&mut self, hi: u32) -> PResult<char> {
        if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.i = save;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn digits(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
    }

    fn need_digit(&mut self, context: &str) -> PResult<()> {
        let c = self.peek()?;
        if !c.is_ascii_digit() {
            return Err(self.err(c, context));
        }
        self.digits();
        Ok(())
    }

    fn number(&mut self) -> PResult<Value> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        if self.peek()? == b'0' {
            self.i += 1;
        } else {
            self.need_digit("in numeric literal")?;
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            self.need_digit("after decimal point in numeric literal")?;
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            self.need_digit("in exponent of numeric literal")?;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
        Number::parse(text)
            .map(Value::Number)
            .ok_or_else(|| self.fail("invalid number"))
    }
}

/// Go's `quoteChar` for a byte in a syntax error.
fn quote_byte(c: u8) -> String {
    match c {
        b'\'' => r"'\''".into(),
        b'"' => "'\"'".into(),
        _ => {
            let q = rudder_gocompat::quote::quote(&char::from(c).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_know_where_they_are() {
        let text = b"{\n  \"a\": 1,\n  }";
        let e = parse(text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid character '}' looking for beginning of object key string"
        );
        assert_eq!(e.line_column(text), (3, 2));
    }

    #[test]
    fn go_errors() {
        let e = |s: &str| parse(s.as_bytes()).unwrap_err().to_string();
        assert_eq!(e(""), "EOF");
        assert_eq!(e("{\"a\":"), "unexpected EOF");
        assert_eq!(
            e("{,}"),
            "invalid character ',' looking for beginning of object key string"
        );
        assert_eq!(e("{\"a\" 1}"), "invalid character '1' after object key");
        assert_eq!(
            e("{\"a\":1 \"b\"}"),
            "invalid character '\"' after object key:value pair"
        );
        assert_eq!(e("[1 2]"), "invalid character '2' after array element");
        assert_eq!(e("{} x"), "invalid character after top-level value");
        assert_eq!(
            e("tru "),
            "invalid character ' ' in literal true (expecting 'e')"
        );
        assert_eq!(e("\"a\nb\""), "invalid character '\\n' in string literal");
        assert_eq!(e("-x"), "invalid character 'x' in numeric literal");
        // Deep nesting recurses: give it room as rudder's render thread does.
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || {
                assert_eq!(
                    e(&"[".repeat(10001)),
                    "invalid character '[' exceeded max depth"
                );
                assert_eq!(e(&"[".repeat(10000)), "unexpected EOF");
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn values() {
        let v = parse(br#"{"a":[1.50,"\u00e9\ud83d\ude00"],"a":true}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Bool(true)));
        let v = parse(br#"[1.50,"\u00e9\ud83d\ude00"]"#).unwrap();
        assert!(v.equals(&Value::Array(vec![
            Value::Number(Number::parse("1.5").unwrap()),
            Value::String("é😀".into())
        ])));
    }
}

//! JSON read as Go's `encoding/json` decodes into `interface{}`: the whole input is checked
//! first (its syntax errors are Go's), then decoded; numbers are float64, strings valid UTF-8.

use rudder_gotmpl::{Map, Value};

use super::json_scan::check_valid;

/// Parses JSON text; the error is Go's message.
pub fn parse_json(text: &str) -> Result<Value, String> {
    let decoded = decode_json(text)?;
    match decoded.error {
        None => Ok(decoded.value),
        Some(error) => Err(error),
    }
}

/// A document Go's decoder read.
pub(crate) struct Decoded {
    pub value: Value,
    /// The JSON kind of the top-level value, as Go's type errors name it.
    pub kind: &'static str,
    /// A number out of float64's range: Go decodes it as nil, keeps going, and returns this.
    pub error: Option<String>,
}

/// Go's `Unmarshal` into `interface{}`; the error is a syntax error.
pub(crate) fn decode_json(text: &str) -> Result<Decoded, String> {
    let bytes = rudder_gotmpl::gostr::to_bytes(text);
    check_valid(&bytes)?;
    let mut decoder = Decoder {
        data: &bytes,
        at: 0,
        error: None,
    };
    let value = decoder.value();
    let first = bytes.iter().find(|c| !c.is_ascii_whitespace());
    let kind = match first {
        Some(b'{') => "object",
        Some(b'[') => "array",
        Some(b'"') => "string",
        Some(b't' | b'f') => "bool",
        Some(b'n') => "null",
        _ => "number",
    };
    Ok(Decoded {
        value,
        kind,
        error: decoder.error,
    })
}

enum Open {
    List(Vec<Value>),
    Map(Map, String),
}

/// Decodes input that `check_valid` accepted, without recursion (Go allows 10,000 levels).
struct Decoder<'a> {
    data: &'a [u8],
    at: usize,
    error: Option<String>,
}

impl Decoder<'_> {
    fn skip_space(&mut self) {
        while matches!(self.data.get(self.at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    /// The next significant byte, consumed.
    fn next(&mut self) -> u8 {
        self.skip_space();
        let c = self.data[self.at];
        self.at += 1;
        c
    }

    fn value(&mut self) -> Value {
        let mut open: Vec<Open> = Vec::new();
        loop {
            // Read a value, or open a container and go on to its first element.
            let mut done = match self.next() {
                b'[' => {
                    self.skip_space();
                    if self.data[self.at] == b']' {
                        self.at += 1;
                        Value::list(Vec::new())
                    } else {
                        open.push(Open::List(Vec::new()));
                        continue;
                    }
                }
                b'{' => {
                    if self.next() == b'}' {
                        Value::map(Map::new())
                    } else {
                        let key = self.string();
                        self.next(); // the colon
                        open.push(Open::Map(Map::new(), key));
                        continue;
                    }
                }
                b'"' => Value::string(self.string()),
                b't' => self.literal(4, Value::Bool(true)),
                b'f' => self.literal(5, Value::Bool(false)),
                b'n' => self.literal(4, Value::Nil),
                _ => {
                    self.at -= 1;
                    self.number()
                }
            };
            // Put the value in its container; close the containers that end here.
            loop {
                match open.last_mut() {
                    None => return done,
                    Some(Open::List(items)) => items.push(done),
                    Some(Open::Map(map, key)) => {
                        map.insert(std::mem::take(key), done);
                    }
                }
                match (self.next(), open.last_mut()) {
                    (b',', Some(Open::Map(_, key))) => {
                        self.next(); // the key's opening quote
                        *key = self.string();
                        self.next(); // the colon
                        break;
                    }
                    (b',', _) => break,
                    _ => {
                        done = match open.pop() {
                            Some(Open::List(items)) => Value::list(items),
                            Some(Open::Map(map, _)) => Value::map(map),
                            None => unreachable!("a closing bracket has its container"),
                        }
                    }
                }
            }
        }
    }

    fn literal(&mut self, len: usize, value: Value) -> Value {
        self.at += len - 1;
        value
    }

    fn number(&mut self) -> Value {
        let start = self.at;
        while matches!(
            self.data.get(self.at),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.data[start..self.at]).expect("ASCII digits");
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Value::Float(f),
            _ => {
                self.error.get_or_insert_with(|| {
                    format!("json: cannot unmarshal number {text} into Go value of type float64")
                });
                Value::Nil
            }
        }
    }

    /// The string whose opening quote was just read, as Go unquotes it: surrogate pairs
    /// joined, lone surrogates and invalid UTF-8 as U+FFFD.
    fn string(&mut self) -> String {
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = self.data[self.at];
            self.at += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.data[self.at];
                    self.at += 1;
                    let simple = match e {
                        b'b' => Some(b'\x08'),
                        b'f' => Some(b'\x0c'),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        other => Some(other),
                    };
                    match simple {
                        Some(b) => out.push(b),
                        None => {
                            let c = self.escaped_rune();
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                    }
                }
                c => out.push(c),
            }
        }
        match String::from_utf8(out) {
            Ok(s) => s,
            // Go replaces each byte of an invalid sequence.
            Err(e) => e
                .as_bytes()
                .utf8_chunks()
                .flat_map(|chunk| {
                    let bad =
                        std::iter::repeat_n(char::REPLACEMENT_CHARACTER, chunk.invalid().len());
                    chunk.valid().chars().chain(bad)
                })
                .collect(),
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.data.get(at..at + 4)?;
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    }

    /// The rune of a `\u` escape whose `u` was just read.
    fn escaped_rune(&mut self) -> char {
        let first = self.hex4(self.at).expect("checked: four hex digits");
        self.at += 4;
        if !(0xD800..0xE000).contains(&first) {
            return char::from_u32(first).expect("not a surrogate");
        }
        let low = (self.data.get(self.at..self.at + 2) == Some(b"\\u"))
            .then(|| self.hex4(self.at + 2))
            .flatten();
        match low {
            Some(low) if first < 0xDC00 && (0xDC00..0xE000).contains(&low) => {
                self.at += 6;
                char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))
                    .expect("a surrogate pair")
            }
            _ => char::REPLACEMENT_CHARACTER,
        }
    }
}

#[cfg(test)]
mod tests {
    /// Found by fuzzing: an error column inside a multi-byte character.
    #[test]
    fn error_inside_a_multibyte_character() {
        assert!(super::parse_json("\"ct\\u\u{43f}\u{3a4}\n---[-\nt\nt\\t\n").is_err());
    }
}

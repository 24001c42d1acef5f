//! Go's `encoding/json` syntax check (`checkValid`), which runs over the whole input before
//! anything is decoded: its state machine decides which byte a syntax error names, what the
//! scanner says it was doing, and that input ending inside a literal reports the space Go feeds
//! at the end (`invalid character ' ' in literal true (expecting 'r')`).

/// Go's limit on nested arrays and objects.
const MAX_DEPTH: usize = 10_000;

#[derive(Clone, Copy, PartialEq)]
enum Nest {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    BeginValueOrEmpty,
    BeginValue,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    /// After `\u` and this many hex digits.
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    DotZero,
    E,
    ESign,
    EZero,
    /// Inside `true`, `false` or `null`, this many bytes in.
    Literal(&'static [u8], usize),
}

struct Scanner {
    state: State,
    nest: Vec<Nest>,
    end_top: bool,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `quoteChar`: the byte as the rune of its value, quoted, between single quotes.
pub(crate) fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".into(),
        b'"' => "'\"'".into(),
        c => {
            let quoted = rudder_gotmpl::fmt::quote(&char::from(c).to_string());
            format!("'{}'", &quoted[1..quoted.len() - 1])
        }
    }
}

fn invalid(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

/// `Ok` when `data` is one JSON value, else Go's syntax error message.
pub(crate) fn check_valid(data: &[u8]) -> Result<(), String> {
    let mut s = Scanner {
        state: State::BeginValue,
        nest: Vec::new(),
        end_top: false,
    };
    for &c in data {
        s.step(c)?;
    }
    if s.end_top {
        return Ok(());
    }
    // Go steps a space at the end: a value that needs no more input ends there.
    s.step(b' ')?;
    if s.end_top {
        Ok(())
    } else {
        Err("unexpected end of JSON input".into())
    }
}

impl Scanner {
    fn push(&mut self, c: u8, nest: Nest) -> Result<(), String> {
        self.nest.push(nest);
        if self.nest.len() > MAX_DEPTH {
            return Err(invalid(c, "exceeded max depth"));
        }
        Ok(())
    }

    fn pop(&mut self) {
        self.nest.pop();
        if self.nest.is_empty() {
            self.state = State::EndTop;
            self.end_top = true;
        } else {
            self.state = State::EndValue;
        }
    }

    fn step(&mut self, c: u8) -> Result<(), String> {
        use State::*;
        match self.state {
            BeginValueOrEmpty if is_space(c) => {}
            BeginValueOrEmpty if c == b']' => return self.end_value(c),
            BeginValueOrEmpty | BeginValue => return self.begin_value(c),
            BeginStringOrEmpty if is_space(c) => {}
            BeginStringOrEmpty if c == b'}' => {
                *self.nest.last_mut().expect("inside an object") = Nest::ObjectValue;
                return self.end_value(c);
            }
            BeginStringOrEmpty | BeginString => match c {
                c if is_space(c) => {}
                b'"' => self.state = InString,
                c => return Err(invalid(c, "looking for beginning of object key string")),
            },
            EndValue => return self.end_value(c),
            EndTop if !is_space(c) => return Err(invalid(c, "after top-level value")),
            EndTop => {}
            InString => match c {
                b'"' => self.state = EndValue,
                b'\\' => self.state = InStringEsc,
                c if c < 0x20 => return Err(invalid(c, "in string literal")),
                _ => {}
            },
            InStringEsc => match c {
                b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => self.state = InString,
                b'u' => self.state = InStringEscU(0),
                c => return Err(invalid(c, "in string escape code")),
            },
            InStringEscU(n) if c.is_ascii_hexdigit() => {
                self.state = if n == 3 {
                    InString
                } else {
                    InStringEscU(n + 1)
                };
            }
            InStringEscU(_) => return Err(invalid(c, "in \\u hexadecimal character escape")),
            Neg => match c {
                b'0' => self.state = Zero,
                b'1'..=b'9' => self.state = One,
                c => return Err(invalid(c, "in numeric literal")),
            },
            One if c.is_ascii_digit() => {}
            One | Zero => match c {
                b'.' => self.state = Dot,
                b'e' | b'E' => self.state = E,
                c => return self.end_value(c),
            },
            Dot if c.is_ascii_digit() => self.state = DotZero,
            Dot => return Err(invalid(c, "after decimal point in numeric literal")),
            DotZero => match c {
                c if c.is_ascii_digit() => {}
                b'e' | b'E' => self.state = E,
                c => return self.end_value(c),
            },
            E if c == b'+' || c == b'-' => self.state = ESign,
            E | ESign if c.is_ascii_digit() => self.state = EZero,
            E | ESign => return Err(invalid(c, "in exponent of numeric literal")),
            EZero if c.is_ascii_digit() => {}
            EZero => return self.end_value(c),
            Literal(word, at) => {
                if c != word[at] {
                    let name = std::str::from_utf8(word).expect("ASCII");
                    let expected = char::from(word[at]);
                    return Err(invalid(
                        c,
                        &format!("in literal {name} (expecting '{expected}')"),
                    ));
                }
                self.state = if at + 1 == word.len() {
                    EndValue
                } else {
                    Literal(word, at + 1)
                };
            }
        }
        Ok(())
    }

    fn begin_value(&mut self, c: u8) -> Result<(), String> {
        use State::*;
        self.state = match c {
            c if is_space(c) => return Ok(()),
            b'{' => {
                self.push(c, Nest::ObjectKey)?;
                BeginStringOrEmpty
            }
            b'[' => {
                self.push(c, Nest::ArrayValue)?;
                BeginValueOrEmpty
            }
            b'"' => InString,
            b'-' => Neg,
            b'0' => Zero,
            b'1'..=b'9' => One,
            b't' => Literal(b"true", 1),
            b'f' => Literal(b"false", 1),
            b'n' => Literal(b"null", 1),
            c => return Err(invalid(c, "looking for beginning of value")),
        };
        Ok(())
    }

    fn end_value(&mut self, c: u8) -> Result<(), String> {
        let Some(&nest) = self.nest.last() else {
            self.state = State::EndTop;
            self.end_top = true;
            return self.step(c);
        };
        if is_space(c) {
            self.state = State::EndValue;
            return Ok(());
        }
        match (nest, c) {
            (Nest::ObjectKey, b':') => {
                *self.nest.last_mut().expect("not empty") = Nest::ObjectValue;
                self.state = State::BeginValue;
            }
            (Nest::ObjectKey, c) => return Err(invalid(c, "after object key")),
            (Nest::ObjectValue, b',') => {
                *self.nest.last_mut().expect("not empty") = Nest::ObjectKey;
                self.state = State::BeginString;
            }
            (Nest::ObjectValue, b'}') | (Nest::ArrayValue, b']') => self.pop(),
            (Nest::ObjectValue, c) => return Err(invalid(c, "after object key:value pair")),
            (Nest::ArrayValue, b',') => self.state = State::BeginValue,
            (Nest::ArrayValue, c) => return Err(invalid(c, "after array element")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::check_valid;

    fn err(s: &str) -> String {
        check_valid(s.as_bytes()).unwrap_err()
    }

    #[test]
    fn valid_documents() {
        for ok in [
            "1",
            " [1, 2.5e-3, -0] ",
            "{}",
            "[]",
            "{\"a\":[{\"b\":null}]}",
            "\"\\u00e9\"",
        ] {
            assert!(check_valid(ok.as_bytes()).is_ok(), "{ok}");
        }
    }

    /// Found by the differential fuzzer: Go steps a space at the end of input.
    #[test]
    fn input_ending_inside_a_literal_names_a_space() {
        assert_eq!(
            err("t"),
            "invalid character ' ' in literal true (expecting 'r')"
        );
        assert_eq!(
            err("1."),
            "invalid character ' ' after decimal point in numeric literal"
        );
        assert_eq!(err("[1"), "unexpected end of JSON input");
        assert_eq!(err(""), "unexpected end of JSON input");
    }

    #[test]
    fn contexts() {
        assert_eq!(err("[1 2]"), "invalid character '2' after array element");
        assert_eq!(err("{\"a\" 1}"), "invalid character '1' after object key");
        assert_eq!(
            err("{1:2}"),
            "invalid character '1' looking for beginning of object key string"
        );
        assert_eq!(err("1 2"), "invalid character '2' after top-level value");
        assert_eq!(
            err("\"\\x\""),
            "invalid character 'x' in string escape code"
        );
    }

    #[test]
    fn depth_limit() {
        assert_eq!(
            err(&"[".repeat(10_001)),
            "invalid character '[' exceeded max depth"
        );
    }
}

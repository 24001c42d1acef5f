//! yamale's validator expressions (`str(required=False)`, `list(include('maintainer'))`,
//! `any(str(), num())`): Python call syntax whose arguments are literals or other calls.

/// An argument as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Call(Call),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    /// A validator's name without a call: yamale takes it as a class, which no validator
    /// uses as a validator.
    Name(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Arg>,
    pub kwargs: Vec<(String, Arg)>,
}

struct Reader<'a> {
    chars: Vec<char>,
    at: usize,
    text: &'a str,
}

/// Parses one expression; the error is what yamale says after `Invalid schema expression`.
pub fn parse(text: &str) -> Result<Call, String> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        text,
    };
    let arg = reader.arg()?;
    reader.skip_spaces();
    if reader.at < reader.chars.len() {
        return Err(format!("invalid syntax in {:?}", reader.text));
    }
    match arg {
        Arg::Call(call) => Ok(call),
        _ => Err("Schema expressions must be enclosed by a validator.".into()),
    }
}

impl Reader<'_> {
    fn skip_spaces(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn syntax(&self) -> String {
        format!("invalid syntax in {:?}", self.text)
    }

    fn arg(&mut self) -> Result<Arg, String> {
        self.skip_spaces();
        match self.peek() {
            Some('\'' | '"') => self.string(),
            Some('r' | 'R') if matches!(self.chars.get(self.at + 1), Some('\'' | '"')) => {
                self.at += 1;
                self.raw_string()
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.word();
                self.skip_spaces();
                if self.peek() == Some('(') {
                    return self.call(name).map(Arg::Call);
                }
                Ok(match name.as_str() {
                    "True" => Arg::Bool(true),
                    "False" => Arg::Bool(false),
                    "None" => Arg::None,
                    _ => Arg::Name(name),
                })
            }
            _ => Err(self.syntax()),
        }
    }

    fn word(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn call(&mut self, name: String) -> Result<Call, String> {
        self.at += 1; // (
        let mut call = Call {
            name,
            args: Vec::new(),
            kwargs: Vec::new(),
        };
        loop {
            self.skip_spaces();
            if self.peek() == Some(')') {
                self.at += 1;
                return Ok(call);
            }
            let save = self.at;
            let keyword = match self.peek() {
                Some(c) if c.is_alphabetic() || c == '_' => {
                    let word = self.word();
                    self.skip_spaces();
                    if self.peek() == Some('=') && self.chars.get(self.at + 1) != Some(&'=') {
                        self.at += 1;
                        Some(word)
                    } else {
                        self.at = save;
                        None
                    }
                }
                _ => None,
            };
            let value = self.arg()?;
            match keyword {
                Some(word) => call.kwargs.push((word, value)),
                None if call.kwargs.is_empty() => call.args.push(value),
                None => return Err("positional argument follows keyword argument".into()),
            }
            self.skip_spaces();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(')') => {}
                _ => return Err(self.syntax()),
            }
        }
    }

    fn string(&mut self) -> Result<Arg, String> {
        let quote = self.peek().unwrap_or('\'');
        self.at += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.syntax()),
                Some(c) if c == quote => {
                    self.at += 1;
                    return Ok(Arg::Str(out));
                }
                Some('\\') => {
                    self.at += 1;
                    let escaped = self.peek().ok_or_else(|| self.syntax())?;
                    self.at += 1;
                    match escaped {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '\\' | '\'' | '"' => out.push(escaped),
                        other => {
                            // Python keeps unknown escapes as written.
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                Some(c) => {
                    out.push(c);
                    self.at += 1;
                }
            }
        }
    }

    fn raw_string(&mut self) -> Result<Arg, String> {
        let quote = self.peek().unwrap_or('\'');
        self.at += 1;
        let start = self.at;
        while self.peek().is_some_and(|c| c != quote) {
            if self.peek() == Some('\\') {
                self.at += 1;
            }
            self.at += 1;
        }
        if self.peek() != Some(quote) {
            return Err(self.syntax());
        }
        let text = self.chars[start..self.at].iter().collect();
        self.at += 1;
        Ok(Arg::Str(text))
    }

    fn number(&mut self) -> Result<Arg, String> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
        {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at]
            .iter()
            .filter(|c| **c != '_')
            .collect();
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Arg::Int(n));
        }
        text.parse::<f64>()
            .map(Arg::Float)
            .map_err(|_| self.syntax())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_with_literals_and_calls() {
        let call =
            parse("list(any(str(), include('import-value')), required=False, min=-1)").unwrap();
        assert_eq!(call.name, "list");
        assert_eq!(
            call.kwargs,
            [
                ("required".into(), Arg::Bool(false)),
                ("min".into(), Arg::Int(-1))
            ]
        );
        let Arg::Call(any) = &call.args[0] else {
            panic!()
        };
        assert_eq!(
            any.args[1],
            Arg::Call(Call {
                name: "include".into(),
                args: vec![Arg::Str("import-value".into())],
                kwargs: vec![]
            })
        );
        assert_eq!(
            parse("regex(r'^v\\d+$', name=\"version\")").unwrap().args,
            [Arg::Str("^v\\d+$".into())]
        );
        assert!(parse("'just a string'")
            .unwrap_err()
            .contains("enclosed by a validator"));
    }
}

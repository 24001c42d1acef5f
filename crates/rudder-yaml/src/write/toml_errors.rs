//! The first error BurntSushi/toml (helm's `fromToml`) reports for a malformed document, as
//! `toml: line N (last key "k"): message`. Only consulted once the document failed to parse,
//! so it walks the text the way BurntSushi's lexer does and stops at the first problem.

use std::collections::HashSet;

use rudder_gotmpl::fmt::quote_with;

struct Walker {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    /// The current `[table]` path.
    table: Vec<String>,
    /// The key of the value being read (empty between values).
    key: Vec<String>,
    defined: HashSet<String>,
}

/// A message with the line it is reported at and whether the last key is named.
struct Found {
    line: usize,
    with_key: bool,
    message: String,
}

type Step = Result<(), Found>;

/// Go's `%q` of a rune (`'\n'`, `'\x00'` for the end of input).
fn rune(c: Option<char>) -> String {
    quote_with(&c.unwrap_or('\0').to_string(), '\'')
}

fn is_bare(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

impl Walker {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn fail(&self, with_key: bool, message: String) -> Step {
        Err(Found {
            line: self.line,
            with_key,
            message,
        })
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.bump();
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while !matches!(self.peek(), None | Some('\n')) {
                self.bump();
            }
        }
    }

    fn skip_blank(&mut self) {
        loop {
            self.skip_spaces();
            self.skip_comment();
            match self.peek() {
                Some('\n' | '\r') => {
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn last_key(&self) -> String {
        let parts: Vec<&str> = self
            .table
            .iter()
            .chain(self.key.iter())
            .map(String::as_str)
            .collect();
        parts.join(".")
    }

    fn document(&mut self) -> Step {
        loop {
            self.skip_blank();
            match self.peek() {
                None => return Ok(()),
                Some('[') => self.table_header()?,
                Some(_) => {
                    self.key_value()?;
                    self.key.clear();
                }
            }
            self.skip_spaces();
            self.skip_comment();
            match self.peek() {
                None | Some('\n' | '\r') => {}
                other => {
                    return self.fail(
                        false,
                        format!(
                            "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
                            rune(other)
                        ),
                    )
                }
            }
        }
    }

    fn table_header(&mut self) -> Step {
        self.bump();
        let array = self.peek() == Some('[');
        if array {
            self.bump();
        }
        let line = self.line;
        let path = self.key_path(false)?;
        match self.peek() {
            Some(']') => {
                self.bump();
            }
            other => {
                return self.fail(
                    false,
                    format!(
                        "expected '.' or ']' to end table name, but got {} instead",
                        rune(other)
                    ),
                )
            }
        }
        if array {
            if self.peek() != Some(']') {
                return self.fail(
                    false,
                    format!(
                        "expected end of table array name delimiter ']', but got {} instead",
                        rune(self.peek())
                    ),
                );
            }
            self.bump();
        }
        let full = path.join(".");
        if !array && !self.defined.insert(full) {
            return Err(Found {
                line,
                with_key: false,
                message: format!("Key '{}' has already been defined.", path.join(".")),
            });
        }
        self.table = path;
        Ok(())
    }

    /// A dotted key; stops before `=` or `]`.
    fn key_path(&mut self, in_value: bool) -> Result<Vec<String>, Found> {
        let mut parts = Vec::new();
        loop {
            self.skip_spaces();
            let part = match self.peek() {
                Some('"') => self.quoted('"', false)?,
                Some('\'') => self.quoted('\'', false)?,
                Some(c) if is_bare(c) => {
                    let mut s = String::new();
                    while let Some(c) = self.peek().filter(|&c| is_bare(c)) {
                        s.push(c);
                        self.bump();
                    }
                    s
                }
                Some('=') => {
                    return Err(Found {
                        line: self.line,
                        with_key: false,
                        message: "unexpected '=': key name appears blank".into(),
                    })
                }
                None if !in_value => {
                    return Err(Found {
                        line: self.line,
                        with_key: false,
                        message: "unexpected EOF; expected key".into(),
                    })
                }
                other => {
                    return Err(Found {
                        line: self.line,
                        with_key: false,
                        message: format!("bare keys cannot contain {}", rune(other)),
                    })
                }
            };
            parts.push(part);
            self.skip_spaces();
            if self.peek() == Some('.') {
                self.bump();
                continue;
            }
            return Ok(parts);
        }
    }

    fn key_value(&mut self) -> Step {
        let line = self.line;
        let key = self.key_path(true)?;
        match self.peek() {
            Some('=') => {
                self.bump();
            }
            None => return self.fail(false, "unexpected EOF; expected key separator '='".into()),
            other => {
                return self.fail(
                    false,
                    format!("expected '.' or '=', but got {} instead", rune(other)),
                )
            }
        }
        self.key = key;
        let full = self.last_key();
        if !self.defined.insert(full.clone()) {
            return Err(Found {
                line,
                with_key: true,
                message: format!("Key '{full}' has already been defined."),
            });
        }
        self.skip_spaces();
        self.value()
    }

    fn value(&mut self) -> Step {
        match self.peek() {
            None => self.fail(true, "unexpected EOF; expected value".into()),
            Some('"') => self.quoted('"', true).map(drop),
            Some('\'') => self.quoted('\'', true).map(drop),
            Some('[') => self.array(),
            Some('{') => self.inline_table(),
            Some(c) if c.is_ascii_digit() || c == '+' || c == '-' => self.number(),
            Some(c) if c.is_alphabetic() => {
                let mut word = String::new();
                while let Some(c) = self.peek().filter(|&c| is_bare(c)) {
                    word.push(c);
                    self.bump();
                }
                match word.as_str() {
                    "true" | "false" | "inf" | "nan" => Ok(()),
                    _ => self.fail(
                        true,
                        format!(
                            "expected value but found {} instead",
                            rudder_gotmpl::fmt::quote(&word)
                        ),
                    ),
                }
            }
            other => self.fail(
                true,
                format!("expected value but found {} instead", rune(other)),
            ),
        }
    }

    /// A basic or literal string (multi-line when tripled); returns its raw text.
    fn quoted(&mut self, q: char, in_value: bool) -> Result<String, Found> {
        self.bump();
        let triple = in_value
            && self.chars.get(self.pos) == Some(&q)
            && self.chars.get(self.pos + 1) == Some(&q);
        if triple {
            self.bump();
            self.bump();
        }
        let mut s = String::new();
        loop {
            match self.bump() {
                None => {
                    let close = if triple {
                        format!("{q}{q}{q}")
                    } else {
                        q.to_string()
                    };
                    return Err(Found {
                        line: self.line,
                        with_key: in_value,
                        message: format!("unexpected EOF; expected '{close}'"),
                    });
                }
                Some('\\') if q == '"' => {
                    self.bump();
                }
                Some('\n') if !triple => {
                    return Err(Found {
                        line: self.line - 1,
                        with_key: in_value,
                        message: "strings cannot contain newlines".into(),
                    });
                }
                Some(c) if c == q => {
                    if !triple {
                        return Ok(s);
                    }
                    if self.peek() == Some(q) && self.chars.get(self.pos + 1) == Some(&q) {
                        self.bump();
                        self.bump();
                        return Ok(s);
                    }
                    s.push(c);
                }
                Some(c) => s.push(c),
            }
        }
    }

    fn array(&mut self) -> Step {
        self.bump();
        loop {
            self.skip_blank();
            if self.peek() == Some(']') {
                self.bump();
                return Ok(());
            }
            self.value()?;
            self.skip_blank();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {
                    self.bump();
                    return Ok(());
                }
                None => {
                    return self.fail(
                        true,
                        "expected a comma (',') or array terminator (']'), but got end of file"
                            .into(),
                    )
                }
                other => {
                    return self.fail(
                        true,
                        format!(
                            "expected a comma (',') or array terminator (']'), but got {}",
                            rune(other)
                        ),
                    )
                }
            }
        }
    }

    fn inline_table(&mut self) -> Step {
        self.bump();
        let outer = std::mem::take(&mut self.key);
        self.skip_spaces();
        if self.peek() == Some('}') {
            self.bump();
            self.key = outer;
            return Ok(());
        }
        loop {
            self.skip_spaces();
            let key = self.key_path(true)?;
            if self.peek() != Some('=') {
                return self.fail(
                    true,
                    format!(
                        "expected key separator '=', but got {} instead",
                        rune(self.peek())
                    ),
                );
            }
            self.bump();
            self.key = outer.iter().cloned().chain(key).collect();
            self.skip_spaces();
            self.value()?;
            self.skip_spaces();
            match self.bump() {
                Some(',') => continue,
                Some('}') => {
                    self.key = outer;
                    return Ok(());
                }
                other => {
                    let got = match other {
                        None => "end of file".to_string(),
                        c => rune(c),
                    };
                    return self.fail(
                        true,
                        format!(
                            "expected a comma or an inline table terminator '}}', but got {got} instead"
                        ),
                    );
                }
            }
        }
    }

    fn number(&mut self) -> Step {
        let mut text = String::new();
        while let Some(c) = self
            .peek()
            .filter(|&c| c.is_ascii_alphanumeric() || "_.+-:".contains(c))
        {
            text.push(c);
            self.bump();
        }
        let digits = text.trim_start_matches(['+', '-']);
        let underscores_ok = !digits.starts_with('_')
            && !digits.ends_with('_')
            && !digits.contains("__")
            && !digits.contains("_.")
            && !digits.contains("._");
        if !underscores_ok {
            let kind = if digits.contains(['.', 'e', 'E']) {
                "float"
            } else {
                "integer"
            };
            return self.fail(
                true,
                format!(
                    "Invalid {kind} {}: underscores must be surrounded by digits",
                    rudder_gotmpl::fmt::quote(&text)
                ),
            );
        }
        Ok(())
    }
}

/// BurntSushi's message for `text`, if this walk finds the problem.
pub fn burntsushi_error(text: &str) -> Option<String> {
    let mut w = Walker {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
        table: Vec::new(),
        key: Vec::new(),
        defined: HashSet::new(),
    };
    let found = w.document().err()?;
    let key = w.last_key();
    Some(if found.with_key && !key.is_empty() {
        format!(
            "toml: line {} (last key {}): {}",
            found.line,
            rudder_gotmpl::fmt::quote(&key),
            found.message
        )
    } else {
        format!("toml: line {}: {}", found.line, found.message)
    })
}

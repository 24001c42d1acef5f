//! helm's `--set` grammar (pkg/strvals): `a.b=v`, `,` separators, `\` escapes, `{x,y}` lists,
//! `a[0]` indexes, and the typing of `--set`, `--set-string`, `--set-file` and `--set-json`.

use rudder_gotmpl::{fmt, MapRef, Value};

/// helm's limits.
const MAX_INDEX: i64 = 65536;
const MAX_NESTED_NAME_LEVEL: usize = 30;

/// How values are typed.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// `--set`: true/false/null, int64, else string.
    Typed,
    /// `--set-string`: always strings.
    String,
    /// `--set-file`: the value is a path whose content becomes the string.
    File,
    /// `--set-json`: the value is JSON.
    Json,
}

enum Stop {
    Eof,
    At(char),
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    mode: Mode,
    read_file: &'a dyn Fn(&str) -> Result<String, String>,
}

/// A parse error; `eof` marks the end of input, which (wrapped or not) ends parsing quietly
/// in helm 4 with the values read so far, as Go's `errors.Is(err, io.EOF)` does.
#[derive(Debug)]
struct SetError {
    message: String,
    eof: bool,
}

impl SetError {
    fn eof() -> Self {
        SetError {
            message: "EOF".into(),
            eof: true,
        }
    }

    /// `fmt.Errorf("prefix: %w", self)`.
    fn wrap(self, prefix: &str) -> Self {
        SetError {
            message: format!("{prefix}: {}", self.message),
            eof: self.eof,
        }
    }
}

impl From<String> for SetError {
    fn from(message: String) -> Self {
        SetError {
            message,
            eof: false,
        }
    }
}

type R<T> = Result<T, SetError>;

/// Parses one `--set*` argument into `dest`.
pub fn parse_into(
    s: &str,
    dest: &MapRef,
    mode: Mode,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), String> {
    let mut p = Parser {
        chars: s.chars().collect(),
        pos: 0,
        mode,
        read_file,
    };
    loop {
        match p.key(dest, 0) {
            Ok(()) => continue,
            Err(e) if e.eof => return Ok(()),
            Err(e) => return Err(e.message),
        }
    }
}

/// `--set-literal`: everything after the first `=` verbatim.
pub fn parse_literal_into(s: &str, dest: &MapRef) -> Result<(), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| format!("key {:?} has no value", s))?;
    let parts: Vec<&str> = key.split('.').collect();
    let mut cur = dest.clone();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            cur.borrow_mut().insert(part.to_string(), Value::str(value));
        } else {
            let next = match cur.borrow().get(*part) {
                Some(Value::Map(m)) => m.clone(),
                _ => Value::empty_map().as_map().cloned().expect("a map"),
            };
            cur.borrow_mut()
                .insert(part.to_string(), Value::Map(next.clone()));
            cur = next;
        }
    }
    Ok(())
}

fn typed(v: &str) -> Value {
    if v.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if v.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if v.eq_ignore_ascii_case("null") {
        return Value::Nil;
    }
    if v == "0" {
        return Value::Int64(0);
    }
    if !v.is_empty() && !v.starts_with('0') {
        if let Ok(i) = v.parse::<i64>() {
            if !v.starts_with('+') || v.len() > 1 {
                return Value::Int64(i);
            }
        }
    }
    Value::str(v)
}

impl Parser<'_> {
    /// Reads until a stop character (consumed) or the end; `\` escapes the next character.
    fn until(&mut self, stops: &[char]) -> (String, Stop) {
        let mut out = String::new();
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            self.pos += 1;
            if c == '\\' {
                if self.pos < self.chars.len() {
                    out.push(self.chars[self.pos]);
                    self.pos += 1;
                }
                continue;
            }
            if stops.contains(&c) {
                return (out, Stop::At(c));
            }
            out.push(c);
        }
        (out, Stop::Eof)
    }

    fn reader(&self, raw: &str) -> R<Value> {
        match self.mode {
            Mode::String => Ok(Value::str(raw)),
            Mode::File => Ok((self.read_file)(raw).map(Value::string)?),
            _ => Ok(typed(raw)),
        }
    }

    /// One `key...=value`; `Err` with `eof` when the input ends.
    fn key(&mut self, data: &MapRef, level: usize) -> R<()> {
        let (k, stop) = self.until(&['=', '[', ',', '.']);
        match stop {
            Stop::Eof if k.is_empty() => Err(SetError::eof()),
            Stop::Eof => Err(format!("key {} has no value", fmt::quote(&k)).into()),
            Stop::At('[') => {
                let i = self
                    .key_index()
                    .map_err(|e| e.wrap("error parsing index"))?;
                let list = match data.borrow().get(&k) {
                    Some(Value::List(l)) => l.items.clone(),
                    None => Vec::new(),
                    Some(other) => return Err(not_a_list(other)),
                };
                // As in Go, the list is stored even when its item ends the input.
                let (list, result) = self.list_item(list, i, level);
                set(data, &k, Value::list(list));
                result
            }
            Stop::At('=') => {
                if self.mode == Mode::Json {
                    return self.json_value(data, &k);
                }
                match self.val_list()? {
                    Some(list) => set(data, &k, Value::list(list)),
                    None => {
                        let (raw, _) = self.until(&[',']);
                        let v = self.reader(&raw)?;
                        set(data, &k, v);
                    }
                }
                Ok(())
            }
            Stop::At(',') => {
                set(data, &k, Value::str(""));
                Err(format!("key {} has no value (cannot end with ,)", fmt::quote(&k)).into())
            }
            Stop::At(_) => {
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(format!("value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}").into());
                }
                let inner = match data.borrow().get(&k) {
                    Some(Value::Map(m)) => m.clone(),
                    None => Value::empty_map().as_map().cloned().expect("a map"),
                    Some(other) => {
                        return Err(format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                            if other.is_nil() { "nil".to_string() } else { other.go_type() }
                        )
                        .into())
                    }
                };
                let result = self.key(&inner, level);
                if result.is_ok() && inner.borrow().is_empty() {
                    return Err(format!("key map {} has no value", fmt::quote(&k)).into());
                }
                if !inner.borrow().is_empty() {
                    set(data, &k, Value::Map(inner));
                }
                result
            }
        }
    }

    fn key_index(&mut self) -> R<i64> {
        let (v, stop) = self.until(&[']']);
        if matches!(stop, Stop::Eof) {
            return Err(SetError::eof());
        }
        Ok(v.parse::<i64>()
            .map_err(|_| format!("strconv.Atoi: parsing {}: invalid syntax", fmt::quote(&v)))?)
    }

    /// `{a,b}` if the value starts with `{`; `None` otherwise (nothing consumed).
    fn val_list(&mut self) -> R<Option<Vec<Value>>> {
        if self.chars.get(self.pos) != Some(&'{') {
            return Ok(None);
        }
        self.pos += 1;
        let mut list = Vec::new();
        loop {
            let (rs, stop) = self.until(&[',', '}']);
            match stop {
                Stop::Eof => return Err("list must terminate with '}'".to_string().into()),
                Stop::At('}') => {
                    if self.chars.get(self.pos) == Some(&',') {
                        self.pos += 1;
                    }
                    list.push(self.reader(&rs)?);
                    return Ok(Some(list));
                }
                Stop::At(_) => list.push(self.reader(&rs)?),
            }
        }
    }

    /// The item at index `i` of `list` and what follows it; like Go's `listItem`, it gives the
    /// list back with the outcome, unchanged where the outcome is an error.
    fn list_item(&mut self, list: Vec<Value>, i: i64, level: usize) -> (Vec<Value>, R<()>) {
        if i < 0 {
            return (list, Err(format!("negative {i} index not allowed").into()));
        }
        let (k, stop) = self.until(&['[', '.', '=']);
        if !k.is_empty() {
            // Go's %q of a []rune: each rune quoted on its own.
            let runes: Vec<String> = k
                .chars()
                .map(|c| fmt::quote_with(&c.to_string(), '\''))
                .collect();
            let message = format!(
                "unexpected data at end of array index: [{}]",
                runes.join(" ")
            );
            return (list, Err(message.into()));
        }
        match stop {
            Stop::Eof => (list, Err(SetError::eof())),
            Stop::At('=') => self.list_value(list, i),
            Stop::At('[') => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(e) => return (list, Err(e.wrap("error parsing index"))),
                };
                let inner = match list.get(i as usize) {
                    Some(Value::List(l)) => l.items.clone(),
                    Some(Value::Nil) | None => Vec::new(),
                    Some(other) => return (list.clone(), Err(not_a_list(other))),
                };
                match self.list_item(inner, next, level) {
                    (inner, Ok(())) => set_index_in(list, i, Value::list(inner)),
                    (_, Err(e)) => (list, Err(e)),
                }
            }
            Stop::At(_) => {
                let inner = match list.get(i as usize) {
                    Some(Value::Map(m)) => m.clone(),
                    _ => Value::empty_map().as_map().cloned().expect("a map"),
                };
                match self.key(&inner, level) {
                    Ok(()) => set_index_in(list, i, Value::Map(inner)),
                    Err(e) => (list, Err(e)),
                }
            }
        }
    }

    /// `[i]=value`: the value (a `{...}` list, a scalar, or JSON) stored at `i`.
    fn list_value(&mut self, list: Vec<Value>, i: i64) -> (Vec<Value>, R<()>) {
        let value = if self.mode == Mode::Json {
            let tmp = Value::empty_map();
            let m = tmp.as_map().expect("a map").clone();
            if let Err(e) = self.json_value(&m, "v") {
                return (list, Err(e));
            }
            let v = m.borrow().get("v").cloned().unwrap_or_default();
            v
        } else {
            match self.val_list() {
                Ok(Some(vl)) => Value::list(vl),
                Ok(None) => {
                    let (raw, _) = self.until(&[',']);
                    match self.reader(&raw) {
                        Ok(v) => v,
                        Err(e) => return (list, Err(e)),
                    }
                }
                Err(e) => return (list, Err(e)),
            }
        };
        set_index_in(list, i, value)
    }

    fn json_value(&mut self, data: &MapRef, k: &str) -> R<()> {
        let rest: String = self.chars[self.pos..].iter().collect();
        let trimmed = rest.trim_start();
        if trimmed.is_empty() || trimmed.starts_with(',') {
            set(data, k, Value::Nil);
            let skip = rest.len() - trimmed.len() + trimmed.starts_with(',') as usize;
            self.pos += rest[..skip].chars().count();
            return Ok(());
        }
        let mut stream = serde_json::Deserializer::from_str(&rest).into_iter::<serde_json::Value>();
        let v = match stream.next() {
            Some(Ok(v)) => v,
            Some(Err(e)) => return Err(e.to_string().into()),
            None => serde_json::Value::Null,
        };
        let used = stream.byte_offset();
        set(
            data,
            k,
            rudder_yaml::parse_json(&v.to_string()).unwrap_or_default(),
        );
        let after = &rest[used..];
        let t = after.trim_start();
        let skip = after.len() - t.len() + t.starts_with(',') as usize;
        self.pos += rest[..used + skip].chars().count();
        Ok(())
    }
}

/// The panic Go's `.([]interface{})` assertion raises, as helm recovers it.
fn not_a_list(v: &Value) -> SetError {
    let ty = if v.is_nil() {
        "nil".to_string()
    } else {
        v.go_type()
    };
    format!(
        "unable to parse key: interface conversion: interface {{}} is {ty}, not []interface {{}}"
    )
    .into()
}

/// `set_index` on an owned list, giving the list back with the outcome.
fn set_index_in(mut list: Vec<Value>, i: i64, v: Value) -> (Vec<Value>, R<()>) {
    let result = set_index(&mut list, i, v);
    (list, result)
}

fn set(data: &MapRef, key: &str, v: Value) {
    if !key.is_empty() {
        data.borrow_mut().insert(key.to_string(), v);
    }
}

fn set_index(list: &mut Vec<Value>, i: i64, v: Value) -> R<()> {
    if i < 0 {
        return Err(format!("negative {i} index not allowed").into());
    }
    if i > MAX_INDEX {
        return Err(
            format!("index of {i} is greater than maximum supported index of {MAX_INDEX}").into(),
        );
    }
    let i = i as usize;
    if list.len() <= i {
        list.resize(i + 1, Value::Nil);
    }
    list[i] = v;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<String, String> {
        let v = Value::empty_map();
        parse_into(s, v.as_map().unwrap(), Mode::Typed, &|_| Ok(String::new()))?;
        Ok(rudder_yaml::to_json(&v).unwrap())
    }

    // compat-notes B6, verified with helm v4.1.4.
    #[test]
    fn set_grammar() {
        assert_eq!(parse("a.b=1,c=x").unwrap(), r#"{"a":{"b":1},"c":"x"}"#);
        assert_eq!(parse(r"dots\.key=1").unwrap(), r#"{"dots.key":1}"#);
        assert_eq!(parse("a=b=c").unwrap(), r#"{"a":"b=c"}"#);
        assert_eq!(parse("a={x, y }").unwrap(), r#"{"a":["x"," y "]}"#);
        assert_eq!(parse("a={}").unwrap(), r#"{"a":[""]}"#);
        assert_eq!(parse("a[2]=z").unwrap(), r#"{"a":[null,null,"z"]}"#);
        assert_eq!(parse("l[0].k=v").unwrap(), r#"{"l":[{"k":"v"}]}"#);
        assert_eq!(parse("n[0][1]=w").unwrap(), r#"{"n":[[null,"w"]]}"#);
        assert_eq!(
            parse("t=TRUE,n=null,z=0,i=+5,s=01,f=1.5").unwrap(),
            r#"{"f":"1.5","i":5,"n":null,"s":"01","t":true,"z":0}"#
        );
        assert_eq!(parse("a").unwrap_err(), "key \"a\" has no value");
        assert_eq!(
            parse("a,b=1").unwrap_err(),
            "key \"a\" has no value (cannot end with ,)"
        );
        assert_eq!(
            parse("a=2,a.b=1").unwrap_err(),
            "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"
        );
        assert_eq!(parse("a={a,b").unwrap_err(), "list must terminate with '}'");
        assert_eq!(
            parse("a[-1]=1").unwrap_err(),
            "negative -1 index not allowed"
        );
    }

    // helm 4.1.4: the end of input ends parsing with what was read, even inside an index.
    #[test]
    fn end_of_input_keeps_what_was_read() {
        assert_eq!(parse("x=1,a[=1").unwrap(), r#"{"x":1}"#);
        assert_eq!(parse("a[0]").unwrap(), r#"{"a":[]}"#);
        assert_eq!(parse("a.b[0]").unwrap(), r#"{"a":{"b":[]}}"#);
        assert_eq!(parse("a[0][").unwrap(), r#"{"a":[]}"#);
        assert_eq!(parse("a.").unwrap(), "{}");
        assert_eq!(
            parse("a[0]bc").unwrap_err(),
            "unexpected data at end of array index: ['b' 'c']"
        );
        assert_eq!(
            parse("a=null,a[0]=1").unwrap_err(),
            "unable to parse key: interface conversion: interface {} is nil, not []interface {}"
        );
    }
}

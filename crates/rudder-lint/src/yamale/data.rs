//! YAML loaded as PyYAML's `SafeLoader` loads it for yamale: YAML 1.1's plain scalars (`yes`
//! is a boolean, `1.0` a float, `2024-01-01` a date), anchors, merge keys; and the values as
//! Python prints them (`str()` and `repr()`), which yamale's messages show.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::yamllint::scanner::{scan, Kind, Token};

/// A Python value from `yaml.safe_load`.
#[derive(Debug, Clone, PartialEq)]
pub enum Py {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    /// A date or a datetime: as Python's `str()` and `repr()` print it.
    Date(String, String),
    DateTime(String, String),
    List(Vec<Py>),
    Map(Vec<(Py, Py)>),
}

impl Py {
    /// Python's `str()`.
    pub fn str(&self) -> String {
        match self {
            Py::Str(s) => s.clone(),
            Py::Date(text, _) | Py::DateTime(text, _) => text.clone(),
            other => other.repr(),
        }
    }

    /// Python's `repr()`.
    pub fn repr(&self) -> String {
        match self {
            Py::None => "None".into(),
            Py::Bool(true) => "True".into(),
            Py::Bool(false) => "False".into(),
            Py::Int(n) => n.to_string(),
            Py::Float(f) => float_repr(*f),
            Py::Str(s) => str_repr(s),
            Py::Date(_, repr) | Py::DateTime(_, repr) => repr.clone(),
            Py::List(items) => {
                let items: Vec<String> = items.iter().map(Py::repr).collect();
                format!("[{}]", items.join(", "))
            }
            Py::Map(pairs) => {
                let pairs: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.repr(), v.repr()))
                    .collect();
                format!("{{{}}}", pairs.join(", "))
            }
        }
    }

    /// A mapping's value for `key`.
    pub fn get(&self, key: &Py) -> Option<&Py> {
        match self {
            Py::Map(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Python's `repr()` of a float: the shortest text that reads back, positional from 1e-4 to
/// 1e16, else with an exponent of at least two digits.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let text = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        return format!("{sign}{text}");
    }
    let mantissa = match digits.len() {
        1 => digits.clone(),
        _ => format!("{}.{}", &digits[..1], &digits[1..]),
    };
    let exp_sign = if exponent < 0 { '-' } else { '+' };
    format!("{sign}{mantissa}e{exp_sign}{:02}", exponent.abs())
}

/// Python's `repr()` of a string.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

static BOOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
        .expect("valid regex")
});
static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?",
        r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?",
        r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*",
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ))
    .expect("valid regex")
});
static INT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)",
        r"|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
    ))
    .expect("valid regex")
});
static NULL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:~|null|Null|NULL|)$").expect("valid regex"));
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<year>[0-9][0-9][0-9][0-9])-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)",
        r"(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9])",
        r"(?:\.(?P<fraction>[0-9]*))?",
        r"(?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)(?::(?P<tz_minute>[0-9][0-9]))?))?)?$"
    ))
    .expect("valid regex")
});
/// PyYAML accepts a date only with two-digit month and day.
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").expect("valid regex"));

/// `<<`, which merges mappings into the one it is a key of.
const MERGE: &str = "<<";

/// A plain scalar's value under YAML 1.1's implicit types.
fn resolve_plain(text: &str) -> Result<Py, String> {
    if BOOL.is_match(text) {
        return Ok(Py::Bool(matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "true" | "on"
        )));
    }
    if INT.is_match(text) {
        return int(text);
    }
    if FLOAT.is_match(text) {
        return Ok(Py::Float(float(text)));
    }
    if NULL.is_match(text) {
        return Ok(Py::None);
    }
    if let Some(timestamp) = TIMESTAMP.captures(text) {
        if timestamp.name("hour").is_some() || DATE.is_match(text) {
            return timestamp_value(&timestamp);
        }
    }
    Ok(Py::Str(text.to_string()))
}

/// PyYAML's `construct_yaml_int`.
fn int(text: &str) -> Result<Py, String> {
    let clean = text.replace('_', "");
    let (sign, body) = match clean.strip_prefix('-') {
        Some(rest) => (-1, rest.to_string()),
        None => (1, clean.trim_start_matches('+').to_string()),
    };
    let parse = |digits: &str, radix| {
        i128::from_str_radix(digits, radix).map_err(|_| format!("cannot read the integer {text:?}"))
    };
    let value = if body == "0" {
        0
    } else if let Some(bin) = body.strip_prefix("0b") {
        parse(bin, 2)?
    } else if let Some(hex) = body.strip_prefix("0x") {
        parse(hex, 16)?
    } else if body.starts_with('0') {
        parse(&body, 8)?
    } else if body.contains(':') {
        body.split(':')
            .try_fold(0i128, |acc, part| parse(part, 10).map(|p| acc * 60 + p))?
    } else {
        parse(&body, 10)?
    };
    Ok(Py::Int(sign * value))
}

/// PyYAML's `construct_yaml_float`.
fn float(text: &str) -> f64 {
    let clean = text.replace('_', "").to_ascii_lowercase();
    let (sign, body) = match clean.strip_prefix('-') {
        Some(rest) => (-1.0, rest.to_string()),
        None => (1.0, clean.trim_start_matches('+').to_string()),
    };
    if body == ".inf" {
        return sign * f64::INFINITY;
    }
    if body == ".nan" {
        return f64::NAN;
    }
    if body.contains(':') {
        let value = body.split(':').fold(0.0, |acc, part| {
            acc * 60.0 + part.parse::<f64>().unwrap_or(0.0)
        });
        return sign * value;
    }
    sign * body.parse::<f64>().unwrap_or(0.0)
}

/// PyYAML's `construct_yaml_timestamp`, printed as Python prints a date or datetime.
fn timestamp_value(c: &regex::Captures) -> Result<Py, String> {
    let number = |name: &str| {
        c.name(name)
            .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(0))
    };
    let (year, month, day) = (number("year"), number("month"), number("day"));
    let valid_day = (1..=12).contains(&month) && day >= 1 && day <= days_in(year, month);
    if !valid_day {
        return Err("day is out of range for month".into());
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if c.name("hour").is_none() {
        return Ok(Py::Date(
            date,
            format!("datetime.date({year}, {month}, {day})"),
        ));
    }
    let (hour, minute, second) = (number("hour"), number("minute"), number("second"));
    if hour > 23 || minute > 59 || second > 59 {
        return Err("hour, minute or second out of range".into());
    }
    let mut text = format!("{date} {hour:02}:{minute:02}:{second:02}");
    let micro: u32 = c
        .name("fraction")
        .map(|m| format!("{:0<6}", m.as_str().chars().take(6).collect::<String>()))
        .and_then(|f| f.parse().ok())
        .unwrap_or(0);
    if micro != 0 {
        text.push_str(&format!(".{micro:06}"));
    }
    // datetime's repr drops a zero microsecond, then a zero second.
    let mut fields = vec![year, month, day, hour, minute, second, micro];
    for _ in 0..2 {
        if fields.last() == Some(&0) {
            fields.pop();
        }
    }
    let mut repr: Vec<String> = fields.iter().map(u32::to_string).collect();
    if let Some(tz) = c.name("tz") {
        let (sign, hours, minutes) = match tz.as_str() {
            "Z" => ('+', 0, 0),
            _ => (
                c.name("tz_sign")
                    .map_or('+', |m| m.as_str().chars().next().unwrap_or('+')),
                number("tz_hour"),
                number("tz_minute"),
            ),
        };
        text.push_str(&format!("{sign}{hours:02}:{minutes:02}"));
        let offset = i64::from(hours * 3600 + minutes * 60) * if sign == '-' { -1 } else { 1 };
        repr.push(format!("tzinfo={}", timezone_repr(offset)));
    }
    Ok(Py::DateTime(
        text,
        format!("datetime.datetime({})", repr.join(", ")),
    ))
}

/// Python's `repr()` of `datetime.timezone(timedelta(seconds=offset))`.
fn timezone_repr(offset: i64) -> String {
    if offset == 0 {
        return "datetime.timezone.utc".into();
    }
    let (days, seconds) = (offset.div_euclid(86400), offset.rem_euclid(86400));
    let delta = match days {
        0 => format!("seconds={seconds}"),
        _ => format!("days={days}, seconds={seconds}"),
    };
    format!("datetime.timezone(datetime.timedelta({delta}))")
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The documents of a YAML text, as `yaml.load_all(text, SafeLoader)` gives them.
pub fn load_all(text: &str) -> Result<Vec<Py>, String> {
    let buffer: Vec<char> = text.chars().chain(['\0']).collect();
    let scanned = scan(&buffer);
    let error = crate::yamllint::parser::first_error(
        &scanned.tokens,
        scanned.available,
        scanned.error.as_ref(),
    );
    if let Some(e) = error {
        return Err(format!(
            "{} (line {}, column {})",
            e.problem,
            e.mark.line + 1,
            e.mark.column + 1
        ));
    }
    let mut composer = Composer {
        tokens: &scanned.tokens,
        at: 1,
        anchors: HashMap::new(),
    };
    composer.documents()
}

/// Builds values from a token stream the parser found well formed.
struct Composer<'t> {
    tokens: &'t [Token],
    at: usize,
    anchors: HashMap<String, Py>,
}

/// What a node is made of while its mapping is built: a value, or `<<`.
enum Node {
    Value(Py),
    Merge,
}

impl Composer<'_> {
    fn kind(&self) -> Kind {
        self.tokens.get(self.at).map_or(Kind::StreamEnd, |t| t.kind)
    }

    fn next_is(&self, kinds: &[Kind]) -> bool {
        kinds.contains(&self.kind())
    }

    fn documents(&mut self) -> Result<Vec<Py>, String> {
        use Kind::*;
        let mut documents = Vec::new();
        loop {
            while self.next_is(&[DocumentEnd]) {
                self.at += 1;
            }
            if self.next_is(&[StreamEnd]) {
                return Ok(documents);
            }
            while self.next_is(&[Directive]) {
                self.at += 1;
            }
            if self.next_is(&[DocumentStart]) {
                self.at += 1;
            }
            if self.next_is(&[Directive, DocumentStart, DocumentEnd, StreamEnd]) {
                documents.push(Py::None);
            } else {
                documents.push(self.value(false)?);
            }
        }
    }

    /// A node that must be a value (a `<<` key is a mapping's business).
    fn value(&mut self, indentless: bool) -> Result<Py, String> {
        match self.node(indentless)? {
            Node::Value(v) => Ok(v),
            Node::Merge => Ok(Py::Str(MERGE.into())),
        }
    }

    fn node(&mut self, indentless: bool) -> Result<Node, String> {
        use Kind::*;
        if self.next_is(&[Alias]) {
            let name = &self.tokens[self.at].value;
            self.at += 1;
            return self
                .anchors
                .get(name)
                .cloned()
                .map(Node::Value)
                .ok_or_else(|| format!("found undefined alias {name:?}"));
        }
        let mut anchor = None;
        let mut tag: Option<&Token> = None;
        while self.next_is(&[Anchor, Tag]) {
            let token = &self.tokens[self.at];
            match token.kind {
                Anchor => anchor = Some(token.value.clone()),
                _ => tag = Some(token),
            }
            self.at += 1;
        }
        let tagged_str = tag.is_some_and(|t| standard_tag(t) == Some("str"));
        let node = match self.kind() {
            BlockEntry if indentless => Node::Value(self.indentless_sequence()?),
            Scalar => {
                let token = &self.tokens[self.at];
                self.at += 1;
                match (token.style, tag) {
                    (None, None) if token.value == MERGE => Node::Merge,
                    (None, None) => Node::Value(resolve_plain(&token.value)?),
                    (_, Some(tag)) => Node::Value(Self::tagged(tag, &token.value)?),
                    _ => Node::Value(Py::Str(token.value.clone())),
                }
            }
            FlowSequenceStart => Node::Value(self.flow_sequence()?),
            FlowMappingStart => Node::Value(self.flow_mapping()?),
            BlockSequenceStart => Node::Value(self.block_sequence()?),
            BlockMappingStart => Node::Value(self.block_mapping()?),
            _ if tagged_str => Node::Value(Py::Str(String::new())),
            _ => Node::Value(Py::None),
        };
        if let (Some(name), Node::Value(value)) = (anchor, &node) {
            self.anchors.insert(name, value.clone());
        }
        Ok(node)
    }

    fn tagged(tag: &Token, text: &str) -> Result<Py, String> {
        let shown = format!("{}{}", tag.handle.as_deref().unwrap_or_default(), tag.value);
        match standard_tag(tag) {
            Some("str") => Ok(Py::Str(text.to_string())),
            Some("int") => int(text),
            Some("float") => Ok(Py::Float(float(text))),
            Some("bool") => Ok(Py::Bool(matches!(
                text.to_ascii_lowercase().as_str(),
                "yes" | "true" | "on"
            ))),
            Some("null") => Ok(Py::None),
            _ => Err(format!(
                "could not determine a constructor for the tag {shown:?}"
            )),
        }
    }

    fn block_sequence(&mut self) -> Result<Py, String> {
        use Kind::*;
        self.at += 1;
        let mut items = Vec::new();
        while self.next_is(&[BlockEntry]) {
            self.at += 1;
            items.push(match self.next_is(&[BlockEntry, BlockEnd]) {
                true => Py::None,
                false => self.value(false)?,
            });
        }
        self.at += 1; // BlockEnd
        Ok(Py::List(items))
    }

    fn indentless_sequence(&mut self) -> Result<Py, String> {
        use Kind::*;
        let mut items = Vec::new();
        while self.next_is(&[BlockEntry]) {
            self.at += 1;
            items.push(match self.next_is(&[BlockEntry, Key, Value, BlockEnd]) {
                true => Py::None,
                false => self.value(false)?,
            });
        }
        Ok(Py::List(items))
    }

    fn block_mapping(&mut self) -> Result<Py, String> {
        use Kind::*;
        self.at += 1;
        let mut pairs = Vec::new();
        while self.next_is(&[Key, Value]) {
            let key = match self.next_is(&[Key]) {
                true => {
                    self.at += 1;
                    match self.next_is(&[Key, Value, BlockEnd]) {
                        true => Node::Value(Py::None),
                        false => self.node(true)?,
                    }
                }
                false => Node::Value(Py::None),
            };
            let value = if self.next_is(&[Value]) {
                self.at += 1;
                match self.next_is(&[Key, Value, BlockEnd]) {
                    true => Py::None,
                    false => self.value(true)?,
                }
            } else {
                Py::None
            };
            pairs.push((key, value));
        }
        self.at += 1; // BlockEnd
        mapping(pairs)
    }

    fn flow_sequence(&mut self) -> Result<Py, String> {
        use Kind::*;
        self.at += 1;
        let mut items = Vec::new();
        loop {
            match self.kind() {
                FlowSequenceEnd | StreamEnd => break,
                FlowEntry => self.at += 1,
                Key => {
                    self.at += 1;
                    let key = match self.next_is(&[Value, FlowEntry, FlowSequenceEnd]) {
                        true => Node::Value(Py::None),
                        false => self.node(false)?,
                    };
                    let value = self.flow_value(&[FlowEntry, FlowSequenceEnd])?;
                    items.push(mapping(vec![(key, value)])?);
                }
                _ => items.push(self.value(false)?),
            }
        }
        self.at += 1;
        Ok(Py::List(items))
    }

    fn flow_value(&mut self, ends: &[Kind]) -> Result<Py, String> {
        if !self.next_is(&[Kind::Value]) {
            return Ok(Py::None);
        }
        self.at += 1;
        match self.next_is(ends) {
            true => Ok(Py::None),
            false => self.value(false),
        }
    }

    fn flow_mapping(&mut self) -> Result<Py, String> {
        use Kind::*;
        self.at += 1;
        let mut pairs = Vec::new();
        loop {
            match self.kind() {
                FlowMappingEnd | StreamEnd => break,
                FlowEntry => self.at += 1,
                Key => {
                    self.at += 1;
                    let key = match self.next_is(&[Value, FlowEntry, FlowMappingEnd]) {
                        true => Node::Value(Py::None),
                        false => self.node(false)?,
                    };
                    let value = self.flow_value(&[FlowEntry, FlowMappingEnd])?;
                    pairs.push((key, value));
                }
                _ => {
                    let key = self.node(false)?;
                    pairs.push((key, Py::None));
                }
            }
        }
        self.at += 1;
        mapping(pairs)
    }
}

const STANDARD_TAGS: &[&str] = &["str", "int", "float", "bool", "null", "map", "seq"];

/// The standard tag `!!x` names (`x`), if it is one.
fn standard_tag(tag: &Token) -> Option<&str> {
    (tag.handle.as_deref() == Some("!!"))
        .then_some(tag.value.as_str())
        .filter(|suffix| STANDARD_TAGS.contains(suffix))
}

/// A mapping from its pairs: `<<` merges (the mapping's own keys win, then earlier merged
/// mappings), a repeated key keeps its first place and its last value.
fn mapping(pairs: Vec<(Node, Py)>) -> Result<Py, String> {
    let mut merged: Vec<(Py, Py)> = Vec::new();
    let mut own: Vec<(Py, Py)> = Vec::new();
    for (key, value) in pairs {
        match key {
            Node::Value(key) => own.push((key, value)),
            Node::Merge => match value {
                Py::Map(entries) => merged.extend(entries),
                Py::List(maps) => {
                    for map in maps.into_iter().rev() {
                        match map {
                            Py::Map(entries) => merged.extend(entries),
                            _ => return Err("expected a mapping for merging".into()),
                        }
                    }
                }
                _ => return Err("expected a mapping or list of mappings for merging".into()),
            },
        }
    }
    let mut out: Vec<(Py, Py)> = Vec::new();
    for (key, value) in merged.into_iter().chain(own) {
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => out.push((key, value)),
        }
    }
    Ok(Py::Map(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Py {
        load_all(text).unwrap().remove(0)
    }

    #[test]
    fn yaml_1_1_scalars_as_python_reads_them() {
        let shown = |text: &str| {
            one(&format!("v: {text}\n"))
                .get(&Py::Str("v".into()))
                .unwrap()
                .repr()
        };
        assert_eq!(shown("yes"), "True");
        assert_eq!(shown("1.0"), "1.0");
        assert_eq!(shown("1.0.0"), "'1.0.0'");
        assert_eq!(shown("010"), "8");
        assert_eq!(shown("1_000"), "1000");
        assert_eq!(shown("1e3"), "'1e3'");
        assert_eq!(shown("1.5e+3"), "1500.0");
        assert_eq!(shown("1.0e+16"), "1e+16");
        assert_eq!(shown("0.00001"), "1e-05");
        assert_eq!(shown("~"), "None");
        assert_eq!(shown("2024-01-02"), "datetime.date(2024, 1, 2)");
        assert_eq!(
            shown("2024-01-02 10:20:00.5+01:00"),
            "datetime.datetime(2024, 1, 2, 10, 20, 0, 500000, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))"
        );
        assert_eq!(shown("\"it's\""), "\"it's\"");
        assert_eq!(shown("[a, {b: 1}]"), "['a', {'b': 1}]");
        assert_eq!(shown("!!str 1"), "'1'");
        let merged = one("a: &x {p: 1, q: 2}\nb:\n  <<: *x\n  q: 3\n");
        assert_eq!(
            merged.get(&Py::Str("b".into())).unwrap().repr(),
            "{'p': 1, 'q': 3}"
        );
    }
}

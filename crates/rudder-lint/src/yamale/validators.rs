//! yamale's validators and constraints: what each accepts, and its messages.

use regex::{Regex, RegexBuilder};

use super::data::Py;
use super::expression::{Arg, Call};

#[derive(Debug, Clone)]
pub enum Kind {
    Str,
    Int,
    Num,
    Bool,
    Null,
    Day,
    Timestamp,
    Enum(Vec<Py>),
    Map(Vec<Validator>),
    List(Vec<Validator>),
    Any(Vec<Validator>),
    Subset(Vec<Validator>),
    Include {
        name: String,
        strict: Option<bool>,
    },
    /// `regex`, `semver`, `mac`: a string one of the patterns matches at its start.
    Regex {
        regexes: Vec<Regex>,
        name: String,
    },
}

#[derive(Debug, Clone)]
enum Constraint {
    Min(Py),
    Max(Py),
    LengthMin(i64),
    LengthMax(i64),
    Exclude { chars: String, ignore_case: bool },
    Equals { text: String, ignore_case: bool },
    StartsWith { text: String, ignore_case: bool },
    EndsWith { text: String, ignore_case: bool },
    Matches(Regex),
    Key(Box<Validator>),
}

#[derive(Debug, Clone)]
pub struct Validator {
    pub kind: Kind,
    pub required: bool,
    pub none: bool,
    /// `subset(allow_empty=True)`.
    allow_empty: bool,
    constraints: Vec<Constraint>,
}

const SEMVER: &str = r"^(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)(?:-(?P<prerelease>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+(?P<buildmetadata>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$";
const MAC: &[&str] = &[
    r"[0-9a-fA-F]{2}([-:]?)[0-9a-fA-F]{2}([-:]?[0-9a-fA-F]{2}){4}$",
    r"[0-9a-fA-F]{4}([-.:]?)[0-9a-fA-F]{4}([-.:]?[0-9a-fA-F]{4})$",
];

fn truthy(arg: &Arg) -> bool {
    match arg {
        Arg::Bool(b) => *b,
        Arg::Int(n) => *n != 0,
        Arg::Float(f) => *f != 0.0,
        Arg::Str(s) => !s.is_empty(),
        Arg::None => false,
        Arg::Call(_) | Arg::Name(_) => true,
    }
}

fn arg_text(arg: &Arg) -> String {
    match arg {
        Arg::Str(s) => s.clone(),
        Arg::Int(n) => n.to_string(),
        Arg::Float(f) => super::data::float_repr(*f),
        Arg::Bool(b) => {
            if *b {
                "True".into()
            } else {
                "False".into()
            }
        }
        Arg::None => "None".into(),
        Arg::Name(n) => n.clone(),
        Arg::Call(c) => c.name.clone(),
    }
}

fn literal(arg: &Arg) -> Py {
    match arg {
        Arg::Str(s) => Py::Str(s.clone()),
        Arg::Int(n) => Py::Int(i128::from(*n)),
        Arg::Float(f) => Py::Float(*f),
        Arg::Bool(b) => Py::Bool(*b),
        _ => Py::None,
    }
}

/// A regex as Python's `re.compile(pattern, flags)`; `re.match` anchors at the start.
fn compile(
    pattern: &str,
    ignore_case: bool,
    multiline: bool,
    dotall: bool,
) -> Result<Regex, String> {
    RegexBuilder::new(&format!(r"\A(?:{pattern})"))
        .case_insensitive(ignore_case)
        .multi_line(multiline)
        .dot_matches_new_line(dotall)
        .build()
        .map_err(|e| format!("cannot compile the regex {pattern:?}: {e}"))
}

impl Validator {
    /// The validator a call builds; the error names what is wrong.
    pub fn build(call: &Call) -> Result<Validator, String> {
        let kwarg = |name: &str| call.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        let flag = |name: &str| kwarg(name).is_some_and(truthy);
        let validators = || -> Result<Vec<Validator>, String> {
            call.args
                .iter()
                .filter_map(|a| match a {
                    Arg::Call(c) => Some(Validator::build(c)),
                    _ => None,
                })
                .collect()
        };
        let kind = match call.name.as_str() {
            "str" | "String" => Kind::Str,
            "int" | "Integer" => Kind::Int,
            "num" | "Number" => Kind::Num,
            "bool" | "Boolean" => Kind::Bool,
            "null" | "Null" => Kind::Null,
            "day" | "Day" => Kind::Day,
            "timestamp" | "Timestamp" => Kind::Timestamp,
            "enum" | "Enum" => Kind::Enum(call.args.iter().map(literal).collect()),
            "map" | "Map" => Kind::Map(validators()?),
            "list" | "List" => Kind::List(validators()?),
            "any" | "Any" => Kind::Any(validators()?),
            "subset" | "Subset" => {
                let validators = validators()?;
                if validators.is_empty() {
                    return Err("'subset' requires at least one validator!".into());
                }
                Kind::Subset(validators)
            }
            "include" | "Include" => Kind::Include {
                name: call.args.first().map(arg_text).unwrap_or_default(),
                strict: kwarg("strict").map(truthy),
            },
            "regex" | "Regex" => {
                let (i, m, s) = (flag("ignore_case"), flag("multiline"), flag("dotall"));
                let regexes = call
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        Arg::Str(p) => Some(compile(p, i, m, s)),
                        _ => None,
                    })
                    .collect::<Result<_, _>>()?;
                let name = kwarg("name").map_or("regex match".to_string(), arg_text);
                Kind::Regex { regexes, name }
            }
            "semver" | "SemVer" => Kind::Regex {
                regexes: vec![compile(SEMVER, false, false, false)?],
                name: kwarg("name").map_or("semver match".to_string(), arg_text),
            },
            "mac" | "Mac" => Kind::Regex {
                regexes: MAC
                    .iter()
                    .map(|p| compile(p, false, false, false))
                    .collect::<Result<_, _>>()?,
                name: kwarg("name").map_or("mac match".to_string(), arg_text),
            },
            "ip" | "Ip" => return Err("rudder does not implement yamale's ip() validator".into()),
            other => return Err(format!("Not a registered validator: '{other}'. ")),
        };
        let mut validator = Validator {
            required: kwarg("required").is_none_or(truthy),
            none: kwarg("none").is_none_or(truthy),
            allow_empty: flag("allow_empty"),
            constraints: Vec::new(),
            kind,
        };
        validator.constraints = constraints(&validator.kind, call)?;
        Ok(validator)
    }

    pub fn is_optional(&self) -> bool {
        match self.kind {
            Kind::Subset(_) => self.allow_empty,
            _ => !self.required,
        }
    }

    pub fn can_be_none(&self) -> bool {
        match self.kind {
            Kind::Subset(_) => self.allow_empty,
            _ => self.none,
        }
    }

    /// The validator's name in `'x' is not a NAME.`
    fn name(&self) -> String {
        match &self.kind {
            Kind::Str => "str".into(),
            Kind::Int => "int".into(),
            Kind::Num => "num".into(),
            Kind::Bool => "bool".into(),
            Kind::Null => "null".into(),
            Kind::Day => "day".into(),
            Kind::Timestamp => "timestamp".into(),
            Kind::Enum(_) => "enum".into(),
            Kind::Map(_) => "map".into(),
            Kind::List(_) => "list".into(),
            Kind::Any(_) => "any".into(),
            Kind::Subset(_) => "subset".into(),
            Kind::Include { name, .. } => name.clone(),
            Kind::Regex { name, .. } => name.clone(),
        }
    }

    fn accepts(&self, value: &Py) -> bool {
        match (&self.kind, value) {
            (Kind::Str, Py::Str(_)) => true,
            (Kind::Int, Py::Int(_)) => true,
            (Kind::Num, Py::Int(_) | Py::Float(_)) => true,
            (Kind::Bool, Py::Bool(_)) => true,
            (Kind::Null, Py::None) => true,
            (Kind::Day, Py::Date(..) | Py::DateTime(..)) => true,
            (Kind::Timestamp, Py::DateTime(..)) => true,
            (Kind::Enum(values), value) => values.iter().any(|v| py_eq(v, value)),
            (Kind::Map(_), Py::Map(_)) => true,
            (Kind::List(_), Py::List(_)) => true,
            (Kind::Any(_) | Kind::Include { .. }, _) => true,
            (Kind::Subset(_), value) => self.can_be_none() || *value != Py::None,
            (Kind::Regex { regexes, .. }, Py::Str(s)) => regexes.iter().any(|r| r.is_match(s)),
            _ => false,
        }
    }

    /// yamale's `Validator.validate`: the type, then the constraints.
    pub fn validate(&self, value: &Py) -> Vec<String> {
        if !self.accepts(value) {
            return vec![match &self.kind {
                Kind::Enum(values) => format!("'{}' not in {}", value.str(), tuple(values)),
                Kind::Subset(_) => "'subset' may not be an empty set.".into(),
                _ => format!("'{}' is not a {}.", value.str(), self.name()),
            }];
        }
        self.constraints
            .iter()
            .flat_map(|c| c.check(value))
            .collect()
    }
}

/// Python's `repr` of a tuple.
fn tuple(values: &[Py]) -> String {
    let items: Vec<String> = values.iter().map(Py::repr).collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// Python's `==` between loaded values (numbers compare across int, float and bool).
pub fn py_eq(a: &Py, b: &Py) -> bool {
    let number = |p: &Py| match p {
        Py::Int(n) => Some(*n as f64),
        Py::Float(f) => Some(*f),
        Py::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The constraints a validator class takes, from the call's keywords.
fn constraints(kind: &Kind, call: &Call) -> Result<Vec<Constraint>, String> {
    let kwarg = |name: &str| call.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let mut out = Vec::new();
    let int_of = |name: &str, arg: &Arg| -> Result<i64, String> {
        match arg {
            Arg::Int(n) => Ok(*n),
            Arg::Float(f) => Ok(*f as i64),
            Arg::Bool(b) => Ok(i64::from(*b)),
            Arg::Str(s) => s
                .trim()
                .parse()
                .map_err(|_| format!("{name} is not a <class 'int'>")),
            _ => Err(format!("{name} is not a <class 'int'>")),
        }
    };
    let ignore_case = kwarg("ignore_case").is_some_and(truthy);
    match kind {
        Kind::Str | Kind::Map(_) | Kind::List(_) => {
            if let Some(min) = kwarg("min") {
                out.push(Constraint::LengthMin(int_of("min", min)?));
            }
            if let Some(max) = kwarg("max") {
                out.push(Constraint::LengthMax(int_of("max", max)?));
            }
        }
        Kind::Int | Kind::Num => {
            let number = |name: &str, arg: &Arg| -> Result<Py, String> {
                let value = match arg {
                    Arg::Int(n) => *n as f64,
                    Arg::Float(f) => *f,
                    Arg::Bool(b) => f64::from(u8::from(*b)),
                    Arg::Str(s) => s
                        .trim()
                        .parse()
                        .map_err(|_| format!("{name} is not a number"))?,
                    _ => return Err(format!("{name} is not a number")),
                };
                // int() truncates, float() keeps the fraction: as the message shows.
                Ok(match kind {
                    Kind::Int => Py::Int(value as i128),
                    _ => Py::Float(value),
                })
            };
            if let Some(min) = kwarg("min") {
                out.push(Constraint::Min(number("min", min)?));
            }
            if let Some(max) = kwarg("max") {
                out.push(Constraint::Max(number("max", max)?));
            }
        }
        _ => {}
    }
    if matches!(kind, Kind::Str) {
        if let Some(chars) = kwarg("exclude") {
            out.push(Constraint::Exclude {
                chars: arg_text(chars),
                ignore_case,
            });
        }
        for (name, make) in [
            (
                "equals",
                (|text, ignore_case| Constraint::Equals { text, ignore_case })
                    as fn(String, bool) -> Constraint,
            ),
            ("starts_with", |text, ignore_case| Constraint::StartsWith {
                text,
                ignore_case,
            }),
            ("ends_with", |text, ignore_case| Constraint::EndsWith {
                text,
                ignore_case,
            }),
        ] {
            if let Some(text) = kwarg(name) {
                out.push(make(arg_text(text), ignore_case));
            }
        }
        if let Some(pattern) = kwarg("matches") {
            let flag = |name: &str| kwarg(name).is_some_and(truthy);
            out.push(Constraint::Matches(compile(
                &arg_text(pattern),
                ignore_case,
                flag("multiline"),
                flag("dotall"),
            )?));
        }
    }
    if let (Kind::Map(_), Some(Arg::Call(key))) = (kind, kwarg("key")) {
        out.push(Constraint::Key(Box::new(Validator::build(key)?)));
    }
    Ok(out)
}

fn fold(text: &str, ignore_case: bool) -> String {
    match ignore_case {
        true => text.to_lowercase(),
        false => text.to_string(),
    }
}

fn length(value: &Py) -> i64 {
    match value {
        Py::Str(s) => s.chars().count() as i64,
        Py::List(items) => items.len() as i64,
        Py::Map(pairs) => pairs.len() as i64,
        _ => 0,
    }
}

fn number(value: &Py) -> f64 {
    match value {
        Py::Int(n) => *n as f64,
        Py::Float(f) => *f,
        _ => f64::NAN,
    }
}

impl Constraint {
    fn check(&self, value: &Py) -> Vec<String> {
        let text = value.str();
        let fail = |message: String| vec![message];
        match self {
            Constraint::Min(min) if number(min) > number(value) => {
                fail(format!("{text} is less than {}", min.str()))
            }
            Constraint::Max(max) if number(max) < number(value) => {
                fail(format!("{text} is greater than {}", max.str()))
            }
            Constraint::LengthMin(min) if *min > length(value) => {
                fail(format!("Length of {text} is less than {min}"))
            }
            Constraint::LengthMax(max) if *max < length(value) => {
                fail(format!("Length of {text} is greater than {max}"))
            }
            Constraint::Exclude { chars, ignore_case } => {
                let haystack = fold(&text, *ignore_case);
                match chars
                    .chars()
                    .find(|c| haystack.contains(&fold(&c.to_string(), *ignore_case)))
                {
                    Some(c) => fail(format!("'{text}' contains excluded character '{c}'")),
                    None => Vec::new(),
                }
            }
            Constraint::Equals {
                text: want,
                ignore_case,
            } if fold(&text, *ignore_case) != fold(want, *ignore_case) => {
                fail(format!("{text} does not equal {want}"))
            }
            Constraint::StartsWith {
                text: want,
                ignore_case,
            } if !fold(&text, *ignore_case).starts_with(&fold(want, *ignore_case)) => {
                fail(format!("{text} does not start with {want}"))
            }
            Constraint::EndsWith {
                text: want,
                ignore_case,
            } if !fold(&text, *ignore_case).ends_with(&fold(want, *ignore_case)) => {
                fail(format!("{text} does not end with {want}"))
            }
            Constraint::Matches(regex) if !regex.is_match(&text) => {
                fail(format!("{text} is not a regex match."))
            }
            Constraint::Key(key) => match value {
                Py::Map(pairs) => pairs
                    .iter()
                    .flat_map(|(k, _)| key.validate(k))
                    .map(|e| format!("Key error - {e}"))
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

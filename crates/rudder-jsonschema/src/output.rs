//! Validation errors: the tree santhosh-tekuri builds and its text (`- at '/a': ...` lines,
//! causes indented two spaces, single-cause `$ref` wrappers left out).

use std::fmt;

use crate::json::Value;
use crate::number::{display_float, display_int, Number};
use crate::url::escape;

/// What failed.
#[derive(Clone, Debug)]
pub enum Kind {
    /// The root of a report: `jsonschema validation failed with 'url#'`.
    Schema(String),
    Group,
    Not,
    AllOf,
    AnyOf,
    /// `None`: no subschema matched; `Some((i, j))`: two did.
    OneOf(Option<(usize, usize)>),
    FalseSchema,
    RefCycle {
        url: String,
        loc1: String,
        loc2: String,
    },
    Type {
        got: &'static str,
        want: Vec<&'static str>,
    },
    Enum(Vec<Value>),
    Const(Value),
    Format {
        got: Value,
        want: String,
        err: String,
    },
    Reference,
    MinProperties(usize, usize),
    MaxProperties(usize, usize),
    MinItems(usize, usize),
    MaxItems(usize, usize),
    AdditionalItems(usize),
    Required(Vec<String>),
    Dependency(String, Vec<String>),
    AdditionalProperties(Vec<String>),
    PropertyNames(String),
    UniqueItems(usize, usize),
    Contains,
    MinContains(Vec<usize>, usize),
    MaxContains(Vec<usize>, usize),
    MinLength(usize, usize),
    MaxLength(usize, usize),
    Pattern(String, String),
    Minimum(Number, Number),
    Maximum(Number, Number),
    ExclusiveMinimum(Number, Number),
    ExclusiveMaximum(Number, Number),
    MultipleOf(Number, Number),
}

/// One node of the error tree.
#[derive(Clone, Debug)]
pub struct ValidationError {
    pub kind: Box<Kind>,
    pub instance_location: Vec<String>,
    pub causes: Vec<ValidationError>,
}

/// santhosh-tekuri's `quote`: Go's `%q` with `"` left alone and `'` escaped, in single quotes.
pub fn quote(s: &str) -> String {
    let q = rudder_gocompat::quote::quote(s);
    let inner = q[1..q.len() - 1].replace("\\\"", "\"").replace('\'', "\\'");
    format!("'{inner}'")
}

fn join_quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| quote(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A primitive as santhosh-tekuri shows it (`%v`, strings quoted).
fn display(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.text().to_string(),
        Value::Array(_) | Value::Object(_) => "value".into(),
    }
}

fn composite(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_))
}

fn indexes(ix: &[usize]) -> String {
    ix.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num = |n: &Number| display_float(n.to_f64());
        let int = |i: &usize| display_int(*i);
        match self {
            Kind::Schema(loc) => write!(f, "jsonschema validation failed with {}", quote(loc)),
            Kind::Group | Kind::Reference => f.write_str("validation failed"),
            Kind::Not => f.write_str("'not' failed"),
            Kind::AllOf => f.write_str("'allOf' failed"),
            Kind::AnyOf => f.write_str("'anyOf' failed"),
            Kind::OneOf(None) => f.write_str("'oneOf' failed, none matched"),
            Kind::OneOf(Some((i, j))) => {
                write!(
                    f,
                    "'oneOf' failed, subschemas {}, {} matched",
                    int(i),
                    int(j)
                )
            }
            Kind::FalseSchema => f.write_str("false schema"),
            Kind::RefCycle { url, loc1, loc2 } => write!(
                f,
                "both {loc1} and {loc2} resolve to {} causing reference cycle",
                rudder_gocompat::quote::quote(url)
            ),
            Kind::Type { got, want } => write!(f, "got {got}, want {}", want.join(" or ")),
            Kind::Enum(want) => {
                if want.iter().any(composite) {
                    f.write_str("'enum' failed")
                } else if want.len() == 1 {
                    write!(f, "value must be {}", display(&want[0]))
                } else {
                    let all: Vec<String> = want.iter().map(display).collect();
                    write!(f, "value must be one of {}", all.join(", "))
                }
            }
            Kind::Const(want) => {
                if composite(want) {
                    f.write_str("'const' failed")
                } else {
                    write!(f, "value must be {}", display(want))
                }
            }
            Kind::Format { got, want, err } => {
                write!(f, "{} is not valid {want}: {err}", display(got))
            }
            Kind::MinProperties(g, w) => {
                write!(f, "minProperties: got {}, want {}", int(g), int(w))
            }
            Kind::MaxProperties(g, w) => {
                write!(f, "maxProperties: got {}, want {}", int(g), int(w))
            }
            Kind::MinItems(g, w) => write!(f, "minItems: got {}, want {}", int(g), int(w)),
            Kind::MaxItems(g, w) => write!(f, "maxItems: got {}, want {}", int(g), int(w)),
            Kind::AdditionalItems(n) => write!(f, "last {} additionalItem(s) not allowed", int(n)),
            Kind::Required(m) if m.len() == 1 => write!(f, "missing property {}", quote(&m[0])),
            Kind::Required(m) => write!(f, "missing properties {}", join_quoted(m)),
            Kind::Dependency(p, m) => write!(
                f,
                "properties {} required, if {} exists",
                join_quoted(m),
                quote(p)
            ),
            Kind::AdditionalProperties(p) => {
                write!(f, "additional properties {} not allowed", join_quoted(p))
            }
            Kind::PropertyNames(p) => write!(f, "invalid propertyName {}", quote(p)),
            Kind::UniqueItems(i, j) => {
                write!(f, "items at {} and {} are equal", int(i), int(j))
            }
            Kind::Contains => f.write_str("no items match contains schema"),
            Kind::MinContains(got, want) if got.is_empty() => write!(
                f,
                "min {} items required to match contains schema, but none matched",
                int(want)
            ),
            Kind::MinContains(got, want) => write!(
                f,
                "min {} items required to match contains schema, but matched {} items at {}",
                int(want),
                int(&got.len()),
                indexes(got)
            ),
            Kind::MaxContains(got, want) => write!(
                f,
                "max {} items required to match contains schema, but matched {} items at {}",
                int(want),
                int(&got.len()),
                indexes(got)
            ),
            Kind::MinLength(g, w) => write!(f, "minLength: got {}, want {}", int(g), int(w)),
            Kind::MaxLength(g, w) => write!(f, "maxLength: got {}, want {}", int(g), int(w)),
            Kind::Pattern(got, want) => {
                write!(f, "{} does not match pattern {}", quote(got), quote(want))
            }
            Kind::Minimum(g, w) => write!(f, "minimum: got {}, want {}", num(g), num(w)),
            Kind::Maximum(g, w) => write!(f, "maximum: got {}, want {}", num(g), num(w)),
            Kind::ExclusiveMinimum(g, w) => {
                write!(f, "exclusiveMinimum: got {}, want {}", num(g), num(w))
            }
            Kind::ExclusiveMaximum(g, w) => {
                write!(f, "exclusiveMaximum: got {}, want {}", num(g), num(w))
            }
            Kind::MultipleOf(g, w) => write!(f, "multipleOf: got {}, want {}", num(g), num(w)),
        }
    }
}

impl ValidationError {
    /// A `$ref` wrapper with one cause is not shown.
    fn skipped(&self) -> bool {
        matches!(*self.kind, Kind::Reference) && self.causes.len() == 1
    }

    fn write(&self, out: &mut String, mut indent: usize) {
        if !self.skipped() {
            if indent > 0 {
                out.push('\n');
                for _ in 1..indent {
                    out.push_str("  ");
                }
                out.push_str("- ");
            }
            indent += 1;
            if let Kind::Schema(_) = *self.kind {
                out.push_str(&self.kind.to_string());
            } else {
                out.push_str(&format!(
                    "at {}: {}",
                    quote(&self.instance_pointer()),
                    self.kind
                ));
            }
        }
        for c in &self.causes {
            c.write(out, indent);
        }
    }
}

impl ValidationError {
    /// The JSON pointer of the failing value (`/a/0`).
    pub fn instance_pointer(&self) -> String {
        self.instance_location
            .iter()
            .map(|t| format!("/{}", escape(t)))
            .collect()
    }

    /// The report without its first line (`jsonschema validation failed with ...`): the
    /// causes, one level less indented, as helm prints them under each chart's name.
    pub fn causes_text(&self) -> String {
        let mut out = String::new();
        for c in &self.causes {
            c.write(&mut out, 1);
        }
        out.strip_prefix('\n').map(str::to_string).unwrap_or(out)
    }

    /// Every failure at the end of a chain of causes, as (instance pointer, message).
    pub fn leaves(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.collect_leaves(&mut out);
        out
    }

    fn collect_leaves(&self, out: &mut Vec<(String, String)>) {
        if self.causes.is_empty() {
            out.push((self.instance_pointer(), self.kind.to_string()));
        }
        for c in &self.causes {
            c.collect_leaves(out);
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out, 0);
        f.write_str(&out)
    }
}

impl std::error::Error for ValidationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_santhosh() {
        assert_eq!(quote("x\"y'z\n"), r#"'x"y\'z\n'"#);
    }

    #[test]
    fn tree_text() {
        let leaf = |k| ValidationError {
            kind: Box::new(k),
            instance_location: vec!["a".into()],
            causes: vec![],
        };
        let tree = ValidationError {
            kind: Box::new(Kind::Schema("file:///s.json#".into())),
            instance_location: vec![],
            causes: vec![ValidationError {
                kind: Box::new(Kind::Reference),
                instance_location: vec![],
                causes: vec![ValidationError {
                    kind: Box::new(Kind::AnyOf),
                    instance_location: vec!["a".into()],
                    causes: vec![leaf(Kind::Not), leaf(Kind::FalseSchema)],
                }],
            }],
        };
        assert_eq!(
            tree.to_string(),
            "jsonschema validation failed with 'file:///s.json#'\n- at '/a': 'anyOf' failed\n  - at '/a': 'not' failed\n  - at '/a': false schema"
        );
        assert_eq!(
            tree.causes_text(),
            "- at '/a': 'anyOf' failed\n  - at '/a': 'not' failed\n  - at '/a': false schema"
        );
        assert_eq!(
            tree.leaves(),
            vec![
                ("/a".to_string(), "'not' failed".to_string()),
                ("/a".to_string(), "false schema".to_string())
            ]
        );
    }
}

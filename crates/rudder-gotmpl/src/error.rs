//! Template errors with Go's exact text and the structured facts behind it.

use std::rc::Rc;

use rudder_report::Location;

use crate::func::FuncError;
use crate::parse::ParseError;

/// A parse or execution failure; `Display` is the text Go's `text/template` produces.
#[derive(Debug, Clone)]
pub enum Error {
    Parse(ParseError),
    /// Boxed: results of the executor carry this type, and stay small on the happy path.
    Exec(Box<ExecError>),
    /// `ExecuteTemplate` of an unknown name.
    NoTemplate {
        name: String,
        set: String,
    },
    /// Functions nested executions deeper than the executor allows (Go would run out of stack).
    TooDeep {
        limit: usize,
    },
}

/// An execution failure at a node.
#[derive(Debug, Clone)]
pub struct ExecError {
    /// The template being executed (`executing "NAME"`).
    pub template: String,
    /// Where the failing node is (the file that holds its text; 0-based byte column), if
    /// there was a node.
    pub location: Option<Location>,
    /// The failing node as Go prints it (in full: Go 1.25 no longer truncates it).
    pub context: Option<String>,
    /// The message, including any nested error's text.
    pub message: String,
    /// The function error that caused this one, for error chains.
    pub cause: Option<Rc<FuncError>>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Parse(p) => write!(f, "{p}"),
            Error::Exec(e) => match (&e.location, &e.context) {
                (Some(loc), Some(ctx)) => write!(
                    f,
                    "template: {loc}: executing {} at <{ctx}>: {}",
                    crate::fmt::quote(&e.template),
                    e.message
                ),
                _ => write!(f, "template: {}: {}", e.template, e.message),
            },
            Error::TooDeep { limit } => write!(
                f,
                "template: exceeded maximum nesting of template executions ({limit})"
            ),
            Error::NoTemplate { name, set } => write!(
                f,
                "template: no template {} associated with template {}",
                crate::fmt::quote(name),
                crate::fmt::quote(set)
            ),
        }
    }
}

impl Error {
    /// Where the failure is in the template files: the failing node of an execution error,
    /// the line of a parse error.
    pub fn location(&self) -> Option<Location> {
        match self {
            Error::Parse(p) => Some(Location::new(&p.name, p.line, None)),
            Error::Exec(e) => e.location.clone(),
            Error::NoTemplate { .. } | Error::TooDeep { .. } => None,
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Exec(e) => e
                .cause
                .as_deref()
                .map(|c| c as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Parse(e)
    }
}

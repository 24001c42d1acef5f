//! Findings of checks, as data: only the CLI decides how they look.

use crate::Location;

/// How serious a finding is. The order is helm lint's: an `Error` fails the run, a `Warning`
/// fails it under `--strict`, `Info` never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One finding: which rule, how serious, what it says and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable id (e.g. `chart-name`, `K8S001`).
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// What to do about it, when the rule knows.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

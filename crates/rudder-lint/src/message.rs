//! A finding, as helm lint prints it: `[SEVERITY] path: message`.

use std::fmt;

use rudder_report::Location;

/// helm lint's severities, lowest first: `Info` never fails a run, `Warning` fails it under
/// `--strict`, `Error` always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The label helm prints.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
        }
    }
}

/// One finding: the rule that made it, how serious, the path helm names (a file of the chart,
/// `templates/`, the chart folder, or nothing) and helm's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The rule's stable id (see `rules`).
    pub rule: &'static str,
    pub severity: Severity,
    pub path: String,
    pub text: String,
    /// Where in the chart the problem is, when known (file relative to the chart folder, line
    /// and column): for machine output and terminal excerpts; helm prints only `path`.
    pub location: Option<Location>,
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}: {}",
            self.severity.label(),
            self.path,
            self.text
        )
    }
}

//! The channel from the libraries up to the CLI. Libraries never print: they report log lines,
//! progress and findings to a [`Reporter`], which the CLI's printer implements (helm's slog
//! lines on stderr, progress bars on a terminal, findings as text, JSON or SARIF).

mod diagnostic;
mod location;

pub use diagnostic::{Diagnostic, Severity};
pub use location::Location;

/// The level of a log line, named as Go's slog names them (helm's log format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

impl Level {
    /// The name slog prints.
    pub fn name(self) -> &'static str {
        match self {
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }
}

/// Receives what a library has to say while it works. Every method has a default that drops
/// the report, so a reporter implements only what it shows.
pub trait Reporter: Sync {
    /// Whether lines of `level` are shown: callers skip building costly messages otherwise.
    fn enabled(&self, level: Level) -> bool {
        let _ = level;
        true
    }

    /// A log line: a message and its attributes (key, value), in order.
    fn log(&self, level: Level, message: &str, attrs: &[(&str, &str)]) {
        let _ = (level, message, attrs);
    }

    /// A line written as it is: helm 3 logs through Go's `log` package (`file.go:N: text`)
    /// and prints warnings as `WARNING: text`, with no level or attributes.
    fn line(&self, text: &str) {
        let _ = text;
    }

    /// A unit of work among `total` is finished (`label` names it, e.g. a chart path).
    fn progress(&self, done: u64, total: u64, label: &str) {
        let _ = (done, total, label);
    }

    /// A finding of a check (lint rule, validation, policy).
    fn finding(&self, diagnostic: &Diagnostic) {
        let _ = diagnostic;
    }
}

/// A reporter that drops everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Reporter for Silent {
    fn enabled(&self, _: Level) -> bool {
        false
    }
}

/// A reporter that keeps what it is told, one text per report (`LEVEL message k=v` for log
/// lines, verbatim lines as they are): for tests of what libraries report.
#[derive(Debug, Default)]
pub struct Recorder(std::sync::Mutex<Vec<String>>);

impl Recorder {
    /// The reports so far, in order.
    pub fn reports(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn push(&self, report: String) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(report);
    }
}

impl Reporter for Recorder {
    fn log(&self, level: Level, message: &str, attrs: &[(&str, &str)]) {
        let attrs: Vec<String> = attrs.iter().map(|(k, v)| format!(" {k}={v}")).collect();
        self.push(format!("{} {message}{}", level.name(), attrs.concat()));
    }

    fn line(&self, text: &str) {
        self.push(text.to_string());
    }
}

/// Calls `reporter.log` only when the level is shown, building the attributes lazily.
pub fn log_with(
    reporter: &dyn Reporter,
    level: Level,
    message: &str,
    attrs: impl FnOnce() -> Vec<(String, String)>,
) {
    if reporter.enabled(level) {
        let owned = attrs();
        let borrowed: Vec<(&str, &str)> = owned
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        reporter.log(level, message, &borrowed);
    }
}

/// helm's way with some failures: an ERROR line `msg=<context> error=<cause>` first, then the
/// failure itself, `<context>: <cause>`, which this returns.
pub fn log_failure(reporter: &dyn Reporter, context: &str, cause: &str) -> String {
    reporter.log(Level::Error, context, &[("error", cause)]);
    format!("{context}: {cause}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Collect(Mutex<Vec<String>>, Option<Level>);

    impl Reporter for Collect {
        fn enabled(&self, level: Level) -> bool {
            self.1.is_none_or(|min| level >= min)
        }
        fn log(&self, level: Level, message: &str, attrs: &[(&str, &str)]) {
            let attrs: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let line = format!("{} {message} {}", level.name(), attrs.join(" "));
            self.0.lock().unwrap().push(line);
        }
    }

    #[test]
    fn lazy_attributes_are_built_only_when_shown() {
        let quiet = Collect(Mutex::default(), Some(Level::Warn));
        log_with(&quiet, Level::Debug, "m", || panic!("not shown, not built"));
        log_with(&quiet, Level::Warn, "w", || vec![("k".into(), "v".into())]);
        assert_eq!(*quiet.0.lock().unwrap(), vec!["WARN w k=v".to_string()]);
    }

    #[test]
    fn a_logged_failure_is_reported_then_returned() {
        let all = Collect::default();
        let err = log_failure(&all, "check failed", "bad name");
        assert_eq!(err, "check failed: bad name");
        assert_eq!(
            *all.0.lock().unwrap(),
            vec!["ERROR check failed error=bad name".to_string()]
        );
    }

    #[test]
    fn silent_shows_nothing() {
        assert!(!Silent.enabled(Level::Error));
        Silent.log(Level::Error, "dropped", &[]);
    }
}

//! All of rudder's output goes through here: helm's slog lines on stderr, `Error:` lines, and
//! the [`Reporter`] the libraries talk to.

use std::io::Write;

use rudder_report::{Level, Reporter};

/// Prints what libraries report, as helm prints it: `level=INFO msg="..." key=value` lines on
/// stderr (Go's slog text format without the time), DEBUG lines only with `--debug`.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub debug: bool,
}

impl Printer {
    pub fn new(debug: bool) -> Self {
        Printer { debug }
    }
}

/// helm's last words on a failure: `Error: <message>` on stderr.
pub fn error(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "Error: {message}");
}

impl Reporter for Printer {
    fn enabled(&self, level: Level) -> bool {
        level > Level::Debug || self.debug
    }

    fn log(&self, level: Level, message: &str, attrs: &[(&str, &str)]) {
        if !self.enabled(level) {
            return;
        }
        let line = slog_line(level, message, attrs);
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

/// The attributes (message, key) helm logs as Go byte slices, which slog always quotes.
const BYTE_ATTRIBUTES: &[(&str, &str)] = &[("unmarshalled JSON schema", "schema")];

/// One line of Go's slog text handler, without the time attribute (helm removes it).
fn slog_line(level: Level, message: &str, attrs: &[(&str, &str)]) -> String {
    let mut line = format!("level={} msg={}", level.name(), slog_value(message));
    for (key, value) in attrs {
        let value = if BYTE_ATTRIBUTES.contains(&(message, key)) {
            rudder_gotmpl::fmt::quote(value)
        } else {
            slog_value(value)
        };
        line.push_str(&format!(" {key}={value}"));
    }
    line.push('\n');
    line
}

/// slog quotes a value that is empty or holds spaces, quotes, `=` or unprintable characters.
fn slog_value(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| !c.is_whitespace() && c != '"' && c != '=' && rudder_gotmpl::fmt::is_print(c));
    if plain {
        v.to_string()
    } else {
        rudder_gotmpl::fmt::quote(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_slog_text() {
        assert_eq!(
            slog_line(
                Level::Warn,
                "returned non-bool value",
                &[("path", "a.b"), ("chart", "")]
            ),
            "level=WARN msg=\"returned non-bool value\" path=a.b chart=\"\"\n"
        );
        assert_eq!(
            slog_line(Level::Info, "x=y", &[]),
            "level=INFO msg=\"x=y\"\n"
        );
        assert_eq!(
            slog_line(
                Level::Debug,
                "unmarshalled JSON schema",
                &[("schema", "{}")]
            ),
            "level=DEBUG msg=\"unmarshalled JSON schema\" schema=\"{}\"\n"
        );
    }

    #[test]
    fn debug_lines_only_with_debug() {
        assert!(!Printer::new(false).enabled(Level::Debug));
        assert!(Printer::new(false).enabled(Level::Info));
        assert!(Printer::new(true).enabled(Level::Debug));
    }
}

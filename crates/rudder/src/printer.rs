//! All of rudder's output goes through here: helm's slog lines on stderr, `Error:` lines, and
//! the [`Reporter`] the libraries talk to.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rudder_report::{Level, Reporter};

use crate::settings::ColorMode;

/// Prints what libraries report, as helm prints it: `level=INFO msg="..." key=value` lines on
/// stderr (Go's slog text format without the time), DEBUG lines only with `--debug`; progress
/// as a bar on stderr when it is a terminal (never in pipes and CI logs).
#[derive(Debug)]
pub struct Printer {
    debug: bool,
    color: ColorMode,
    bar: Mutex<Option<ProgressBar>>,
}

impl Printer {
    pub fn new(debug: bool, color: ColorMode) -> Self {
        Printer {
            debug,
            color,
            bar: Mutex::new(None),
        }
    }

    /// A line on stderr as it is, outside helm's log format (pflag's deprecation notices).
    pub fn notice(&self, line: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    /// Writes a whole line (with its newline) on stderr, as Go's bytes.
    fn write_line(&self, line: &str) {
        let bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        match bar.as_ref() {
            // A line printed under a bar would be overdrawn by it.
            Some(bar) => bar.suspend(|| eprint!("{line}")),
            None => {
                let _ = std::io::stderr()
                    .lock()
                    .write_all(&rudder_gotmpl::gostr::to_bytes(line));
            }
        }
    }

    fn stderr_is_terminal() -> bool {
        std::io::stderr().is_terminal()
    }

    /// Whether stderr gets colours: `always`, or `auto` on a terminal.
    fn color_stderr(&self) -> bool {
        match self.color {
            ColorMode::Always => true,
            ColorMode::Never => false,
            ColorMode::Auto => Self::stderr_is_terminal(),
        }
    }

    fn new_bar(&self, total: u64) -> ProgressBar {
        let template = if self.color_stderr() {
            "{bar:30.cyan/blue} {pos}/{len} {elapsed} {wide_msg}"
        } else {
            "{bar:30} {pos}/{len} {elapsed} {wide_msg}"
        };
        let style =
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(style)
    }
}

/// helm's last words on a failure: `Error: <message>` on stderr, with the raw bytes a
/// template's strings carry (a `b64dec` result in `range can't iterate over ...`) as bytes.
pub fn error(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(b"Error: ");
    let _ = err.write_all(&rudder_gotmpl::gostr::to_bytes(message));
    let _ = err.write_all(b"\n");
}

impl Reporter for Printer {
    fn enabled(&self, level: Level) -> bool {
        level > Level::Debug || self.debug
    }

    fn log(&self, level: Level, message: &str, attrs: &[(&str, &str)]) {
        if !self.enabled(level) {
            return;
        }
        self.write_line(&slog_line(level, message, attrs));
    }

    fn line(&self, text: &str) {
        self.write_line(&format!("{text}\n"));
    }

    fn progress(&self, done: u64, total: u64, label: &str) {
        if !Self::stderr_is_terminal() {
            return;
        }
        let mut bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        let current = bar.get_or_insert_with(|| self.new_bar(total));
        current.set_length(total);
        current.set_position(done);
        current.set_message(label.to_string());
        if done >= total {
            current.finish_and_clear();
            *bar = None;
        }
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
        assert!(!Printer::new(false, ColorMode::Never).enabled(Level::Debug));
        assert!(Printer::new(false, ColorMode::Never).enabled(Level::Info));
        assert!(Printer::new(true, ColorMode::Never).enabled(Level::Debug));
    }
}

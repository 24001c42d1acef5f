//! Render errors with helm's exact text: parse errors cleaned as helm's `cleanupParseError`,
//! execution errors reformatted as helm 4's `reformatExecErrorMsg` (one line, or the multi-line
//! trace of nested template calls).

use std::error::Error as StdError;
use std::sync::LazyLock;

use regex::Regex;

/// A failure while rendering; `Display` is the message helm prints after `Error: `.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Template(String),
    #[error("{0}")]
    Output(String),
}

/// helm's `cleanupParseError`: `parse error at (<location>): <last part>`.
pub fn parse_error(filename: &str, err: &dyn StdError) -> RenderError {
    let text = err.to_string();
    let tokens: Vec<&str> = text.split(": ").collect();
    if tokens.len() == 1 {
        return RenderError::Template(format!("parse error in ({filename}): {text}"));
    }
    RenderError::Template(format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    ))
}

const WARN_START: &str = "HELM_ERR_START";
const WARN_END: &str = "HELM_ERR_END";

/// Wraps a `required`/`fail` message so the reformatting finds it.
pub fn warn_wrap(msg: &str) -> String {
    format!("{WARN_START}{msg}{WARN_END}")
}

static WARN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("{WARN_START}((?s).*){WARN_END}")).expect("valid regex"));

/// helm 4's `reformatExecErrorMsg`, over the error's `source()` chain.
pub fn exec_error(filename: &str, err: &(dyn StdError + 'static)) -> RenderError {
    let text = err.to_string();
    let tokens: Vec<&str> = text.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return RenderError::Template(format!("execution error in ({filename}): {text}"));
    }
    if let Some(caps) = WARN.captures(tokens[2]) {
        return RenderError::Template(format!("execution error at ({}): {}", tokens[1], &caps[1]));
    }
    let mut trace: Vec<Traceable> = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        let Some(t) = Traceable::parse(&e.to_string()) else {
            return RenderError::Template(text);
        };
        if trace.last() != Some(&t) {
            trace.push(t);
        }
        current = e.source();
    }
    let joined: String = trace.iter().map(Traceable::render).collect();
    RenderError::Template(joined.trim_matches(crate::output::is_go_space).to_string())
}

/// One link of a template error chain, as helm's `TraceableError`.
#[derive(Debug, PartialEq)]
struct Traceable {
    location: String,
    executed: String,
    message: String,
}

impl Traceable {
    fn parse(s: &str) -> Option<Traceable> {
        let rest = s.strip_prefix("template: ")?;
        if rest.starts_with("no template ") {
            return Some(Traceable {
                location: String::new(),
                executed: String::new(),
                message: s.to_string(),
            });
        }
        if let Some(idx) = rest.find(": executing ") {
            return Self::parse_executing(&rest[..idx], &rest[idx + ": executing ".len()..]);
        }
        let sep = rest.rfind(": ")?;
        Some(Traceable {
            location: rest[..sep].to_string(),
            executed: String::new(),
            message: cut_nested(&rest[sep + 2..]).to_string(),
        })
    }

    fn parse_executing(location: &str, after: &str) -> Option<Traceable> {
        let after = after.strip_prefix('"')?;
        let end = after.find('"')?;
        let function = &after[..end];
        let after_at = after[end + 1..].strip_prefix(" at <")?;
        let end_loc = after_at.find(">: ")?;
        Some(Traceable {
            location: location.to_string(),
            executed: format!("executing \"{function}\" at <{}>:", &after_at[..end_loc]),
            message: cut_nested(&after_at[end_loc + 3..]).to_string(),
        })
    }

    fn render(&self) -> String {
        let mut s = String::new();
        if !self.location.is_empty() {
            s.push_str(&self.location);
            s.push_str("\n  ");
        }
        if !self.executed.is_empty() {
            s.push_str(&self.executed);
            s.push_str("\n    ");
        }
        if !self.message.is_empty() {
            s.push_str(&self.message);
            s.push('\n');
        }
        s
    }
}

fn cut_nested(msg: &str) -> &str {
    match msg.find(" template:") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    /// An error with a text and an optional source, to build chains like Go's.
    #[derive(Debug)]
    struct Link(String, Option<Box<Link>>);
    impl fmt::Display for Link {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }
    impl StdError for Link {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.1.as_deref().map(|l| l as &(dyn StdError + 'static))
        }
    }

    // helm v4.1.4 output for compat-notes F3's include example.
    #[test]
    fn nested_include_errors_become_a_trace() {
        let inner = "template: errs/templates/incnil.yaml:1:26: executing \"h\" at <.Values.missing.deep>: nil pointer evaluating interface {}.deep";
        let outer = format!("template: errs/templates/incnil.yaml:1:57: executing \"errs/templates/incnil.yaml\" at <include \"h\" .>: error calling include: {inner}");
        let chain = Link(outer.clone(), Some(Box::new(Link(inner.into(), None))));
        assert_eq!(
            exec_error("errs/templates/incnil.yaml", &chain).to_string(),
            "errs/templates/incnil.yaml:1:57\n  executing \"errs/templates/incnil.yaml\" at <include \"h\" .>:\n    error calling include:\nerrs/templates/incnil.yaml:1:26\n  executing \"h\" at <.Values.missing.deep>:\n    nil pointer evaluating interface {}.deep"
        );
    }

    #[test]
    fn plain_function_errors_keep_the_single_line() {
        let text = "template: t/templates/t.yaml:1:3: executing \"t/templates/t.yaml\" at <index 1 2>: error calling index: can't index item of type float64";
        let chain = Link(
            text.into(),
            Some(Box::new(Link(
                "can't index item of type float64".into(),
                None,
            ))),
        );
        assert_eq!(exec_error("t/templates/t.yaml", &chain).to_string(), text);
    }

    #[test]
    fn required_and_fail_use_the_outer_location() {
        let text = format!("template: t/templates/t.yaml:2:5: executing \"t/templates/t.yaml\" at <fail \"x\">: error calling fail: {}", warn_wrap("boom\nline2"));
        let chain = Link(text, None);
        assert_eq!(
            exec_error("t/templates/t.yaml", &chain).to_string(),
            "execution error at (t/templates/t.yaml:2:5): boom\nline2"
        );
    }

    #[test]
    fn parse_errors_keep_location_and_last_part() {
        let e = Link(
            "template: t/templates/t.yaml:1: missing value for if".into(),
            None,
        );
        assert_eq!(
            parse_error("t/templates/t.yaml", &e).to_string(),
            "parse error at (t/templates/t.yaml:1): missing value for if"
        );
    }
}

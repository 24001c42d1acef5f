//! Render failures: `Display` is helm's text (parse errors cleaned as helm's
//! `cleanupParseError`, execution errors reformatted as helm 4's `reformatExecErrorMsg`: one
//! line, or the multi-line trace of nested template calls), while the values keep the
//! structured errors underneath and where they happened.

use std::error::Error as StdError;
use std::sync::LazyLock;

use regex::Regex;
use rudder_chart::{ChartError, Helm};
use rudder_report::Location;
use rudder_yaml::DocError;

/// A failure of `helm template` once the chart is loaded; `Display` is the message helm
/// prints after `Error: `.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("library charts are not installable")]
    LibraryChart,
    /// Dependencies declared in Chart.yaml with no chart under `charts/` (helm 3 capitalises
    /// the message).
    #[error(
        "{}n error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
        if helm.is_v3() { "A" } else { "a" },
        missing.join(", ")
    )]
    MissingDependencies { missing: Vec<String>, helm: Helm },
    /// Dependency processing, values coalescing or schema validation failed.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// Dependency processing (conditions, tags, aliases, import-values) failed.
    #[error("chart dependencies processing failed: {0}")]
    Dependencies(#[source] ChartError),
    #[error(
        "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {version}"
    )]
    KubeVersion { constraint: String, version: String },
    /// Template `file` does not parse.
    #[error("{}", parse_text(file, source))]
    Parse {
        file: String,
        source: rudder_gotmpl::Error,
    },
    /// Executing template `file` failed (the source chains nested `include`/`tpl` errors);
    /// helm 3 prints Go's text as it is.
    #[error("{}", exec_text(file, source, *helm))]
    Exec {
        file: String,
        source: rudder_gotmpl::Error,
        helm: Helm,
    },
    /// A document of rendered file `file`, starting at its line `document_line`, is not YAML
    /// helm can read.
    #[error("YAML parse error on {file}: {source}")]
    Manifest {
        file: String,
        document_line: usize,
        source: DocError,
    },
    /// Handing the rendered files to the post-renderer, running it, or reading its output failed.
    #[error(transparent)]
    PostRender(#[from] crate::output::PostRenderError),
    /// `--show-only` named a template that rendered nothing.
    #[error("could not find template {pattern} in chart")]
    ShowOnly { pattern: String },
}

impl RenderError {
    /// Whether rendering had started (helm then hints at `--debug`).
    pub fn after_render(&self) -> bool {
        matches!(
            self,
            RenderError::KubeVersion { .. }
                | RenderError::Parse { .. }
                | RenderError::Exec { .. }
                | RenderError::Manifest { .. }
                | RenderError::PostRender(_)
        )
    }

    /// Where the failure is. Template errors name the template file as helm prints it
    /// (`mychart/templates/cm.yaml`, 0-based byte column); an execution error is placed at the
    /// innermost failing node of its chain (inside an `include`d helper, say). A manifest
    /// error is placed in the rendered file's text. Chart errors name files relative to the
    /// chart's folder (see [`ChartError::location`]).
    pub fn location(&self) -> Option<Location> {
        match self {
            RenderError::Parse { source, .. } => source.location(),
            RenderError::Exec { source, .. } => innermost_location(source),
            RenderError::Manifest {
                file,
                document_line,
                source,
            } => Some(match source.position() {
                Some((line, column)) => Location::new(file, document_line + line - 1, column),
                None => Location::new(file, *document_line, None),
            }),
            RenderError::Chart(e) | RenderError::Dependencies(e) => e.location(),
            RenderError::LibraryChart
            | RenderError::MissingDependencies { .. }
            | RenderError::KubeVersion { .. }
            | RenderError::PostRender(_)
            | RenderError::ShowOnly { .. } => None,
        }
    }
}

/// The location of the last template error with one along the chain of causes.
fn innermost_location(err: &rudder_gotmpl::Error) -> Option<Location> {
    let mut found = err.location();
    let mut current = err.source();
    while let Some(e) = current {
        if let Some(location) = e
            .downcast_ref::<rudder_gotmpl::Error>()
            .and_then(rudder_gotmpl::Error::location)
        {
            found = Some(location);
        }
        current = e.source();
    }
    found
}

/// helm's `cleanupParseError`: `parse error at (<location>): <last part>`. helm cuts Go's
/// text at `: `, and so does this, to print the same.
fn parse_text(filename: &str, err: &dyn StdError) -> String {
    let text = err.to_string();
    let tokens: Vec<&str> = text.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {text}");
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

const WARN_START: &str = "HELM_ERR_START";
const WARN_END: &str = "HELM_ERR_END";

/// Wraps a `required`/`fail` message so the reformatting finds it.
pub fn warn_wrap(msg: &str) -> String {
    format!("{WARN_START}{msg}{WARN_END}")
}

static WARN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("{WARN_START}((?s).*){WARN_END}")).expect("valid regex"));

/// helm 4's `reformatExecErrorMsg`, over the error's `source()` chain. helm reads the links'
/// texts back with regular expressions; so does this, to print the same. helm 3's
/// `cleanupExecError` rewrites only `required`/`fail` messages and errors without a location.
fn exec_text(filename: &str, err: &(dyn StdError + 'static), helm: Helm) -> String {
    let text = err.to_string();
    let tokens: Vec<&str> = text.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {text}");
    }
    if let Some(caps) = WARN.captures(tokens[2]) {
        return format!("execution error at ({}): {}", tokens[1], &caps[1]);
    }
    if helm.is_v3() {
        return text;
    }
    let mut trace: Vec<Traceable> = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        let Some(t) = Traceable::parse(&e.to_string()) else {
            return text;
        };
        if trace.last() != Some(&t) {
            trace.push(t);
        }
        current = e.source();
    }
    let joined: String = trace.iter().map(Traceable::render).collect();
    joined.trim_matches(crate::output::is_go_space).to_string()
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
            exec_text("errs/templates/incnil.yaml", &chain, Helm::V4),
            "errs/templates/incnil.yaml:1:57\n  executing \"errs/templates/incnil.yaml\" at <include \"h\" .>:\n    error calling include:\nerrs/templates/incnil.yaml:1:26\n  executing \"h\" at <.Values.missing.deep>:\n    nil pointer evaluating interface {}.deep"
        );
    }

    // helm v3.17.2 (testdata/charts/include-errors, helm-3.17.2 golden): no trace.
    #[test]
    fn helm_3_keeps_gos_text_of_nested_errors() {
        let inner = "template: inc/templates/_h.tpl:1:26: executing \"h\" at <.Values.missing.deep>: nil pointer evaluating interface {}.deep";
        let outer = format!("template: inc/templates/a.yaml:1:26: executing \"inc/templates/a.yaml\" at <include \"h\" .>: error calling include: {inner}");
        let chain = Link(outer.clone(), Some(Box::new(Link(inner.into(), None))));
        assert_eq!(exec_text("inc/templates/a.yaml", &chain, Helm::V3), outer);
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
        assert_eq!(exec_text("t/templates/t.yaml", &chain, Helm::V4), text);
    }

    #[test]
    fn required_and_fail_use_the_outer_location() {
        let text = format!("template: t/templates/t.yaml:2:5: executing \"t/templates/t.yaml\" at <fail \"x\">: error calling fail: {}", warn_wrap("boom\nline2"));
        let chain = Link(text, None);
        assert_eq!(
            exec_text("t/templates/t.yaml", &chain, Helm::V4),
            "execution error at (t/templates/t.yaml:2:5): boom\nline2"
        );
        assert_eq!(
            exec_text("t/templates/t.yaml", &chain, Helm::V3),
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
            parse_text("t/templates/t.yaml", &e),
            "parse error at (t/templates/t.yaml:1): missing value for if"
        );
    }
}

//! Machine-readable lint output (`--output json|sarif|github|junit`), the same for one chart and
//! for a whole repository. Each run (a chart, maybe with a values file) lists its findings; paths
//! in locations are the chart's path joined with the finding's file.
//!
//! - `json`: `{"runs": [{"chart", "valuesFile", "error", "findings": [{"rule", "severity", "path",
//!   "message"} and, when known, "file", "line", "column" (1-based)]}], "summary": {"runs",
//!   "failed", "errors", "warnings", "infos"}}`;
//! - `sarif`: SARIF 2.1.0, one result per finding (`error`, `warning`, `note`);
//! - `github`: GitHub Actions workflow commands (`::error file=...,title=...::message`);
//! - `junit`: one test case per run, failing with its findings.

use rudder_lint::{Message, Severity};
use serde_json::{json, Value};

/// How findings are printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// helm lint's text (the default)
    #[default]
    Human,
    Json,
    Sarif,
    Github,
    Junit,
}

/// One lint run and what it found (or the error that kept it from running).
pub struct Run {
    pub chart: String,
    pub values_file: Option<String>,
    pub result: Result<Vec<Message>, String>,
}

impl Run {
    /// Whether findings at or above `failing` (or an error) fail this run.
    pub fn failed(&self, failing: Severity) -> bool {
        match &self.result {
            Ok(messages) => messages.iter().any(|m| m.severity >= failing),
            Err(_) => true,
        }
    }

    fn findings(&self) -> &[Message] {
        self.result.as_deref().unwrap_or_default()
    }

    fn name(&self) -> String {
        match &self.values_file {
            Some(file) => format!("{} with {file}", self.chart),
            None => self.chart.clone(),
        }
    }
}

/// The file a finding names, as a path from where rudder runs (its chart folder when the
/// finding names no file or an absolute folder).
fn location(run: &Run, message: &Message) -> String {
    if let Some(location) = &message.location {
        return format!("{}/{}", run.chart.trim_end_matches('/'), location.file);
    }
    let path = message.path.trim_end_matches('/');
    if path.is_empty() || path.starts_with('/') {
        return run.chart.clone();
    }
    format!("{}/{path}", run.chart.trim_end_matches('/'))
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The text of `runs` in `format` (not `Human`).
pub fn render(format: Format, runs: &[Run], failing: Severity) -> String {
    match format {
        Format::Human => String::new(),
        Format::Json => json_text(runs, failing),
        Format::Sarif => sarif_text(runs),
        Format::Github => github_text(runs),
        Format::Junit => junit_text(runs, failing),
    }
}

fn count(runs: &[Run], severity: Severity) -> usize {
    runs.iter()
        .flat_map(|r| r.findings())
        .filter(|m| m.severity == severity)
        .count()
}

fn json_text(runs: &[Run], failing: Severity) -> String {
    let items: Vec<Value> = runs
        .iter()
        .map(|run| {
            let findings: Vec<Value> = run
                .findings()
                .iter()
                .map(|m| {
                    let mut finding = json!({
                        "rule": m.rule,
                        "severity": severity_name(m.severity),
                        "path": m.path,
                        "message": m.text,
                    });
                    if let Some(l) = &m.location {
                        finding["file"] = json!(l.file);
                        finding["line"] = json!(l.line);
                        finding["column"] = json!(l.column.map(|c| c + 1));
                    }
                    finding
                })
                .collect();
            json!({
                "chart": run.chart,
                "valuesFile": run.values_file,
                "error": run.result.as_ref().err(),
                "findings": findings,
            })
        })
        .collect();
    let doc = json!({
        "runs": items,
        "summary": {
            "runs": runs.len(),
            "failed": runs.iter().filter(|r| r.failed(failing)).count(),
            "errors": count(runs, Severity::Error),
            "warnings": count(runs, Severity::Warning),
            "infos": count(runs, Severity::Info),
        },
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

fn sarif_text(runs: &[Run]) -> String {
    let mut rules: Vec<&str> = runs
        .iter()
        .flat_map(|r| r.findings())
        .map(|m| m.rule)
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let mut results = Vec::new();
    for run in runs {
        if let Err(e) = &run.result {
            results.push(json!({
                "ruleId": "chart-load",
                "level": "error",
                "message": {"text": e},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": run.chart}}}],
            }));
        }
        for m in run.findings() {
            let level = match m.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut text = m.text.clone();
            if let Some(file) = &run.values_file {
                text.push_str(&format!(" (with {file})"));
            }
            let mut physical = json!({"artifactLocation": {"uri": location(run, m)}});
            if let Some(l) = m.location.as_ref().filter(|l| l.line > 0) {
                physical["region"] = json!({"startLine": l.line});
                if let Some(column) = l.column {
                    physical["region"]["startColumn"] = json!(column + 1);
                }
            }
            results.push(json!({
                "ruleId": m.rule,
                "level": level,
                "message": {"text": text},
                "locations": [{"physicalLocation": physical}],
            }));
        }
    }
    if runs.iter().any(|r| r.result.is_err()) && !rules.contains(&"chart-load") {
        rules.push("chart-load");
    }
    let rules: Vec<Value> = rules.iter().map(|id| json!({"id": id})).collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rudder",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

/// GitHub's escaping of a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github_text(runs: &[Run]) -> String {
    let mut out = String::new();
    for run in runs {
        if let Err(e) = &run.result {
            out.push_str(&format!(
                "::error file={},title={}::{}\n",
                escape_property(&run.chart),
                escape_property("rudder lint: chart-load"),
                escape_data(e)
            ));
        }
        for m in run.findings() {
            let command = match m.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut place = escape_property(&location(run, m));
            if let Some(l) = m.location.as_ref().filter(|l| l.line > 0) {
                place.push_str(&format!(",line={}", l.line));
                if let Some(column) = l.column {
                    place.push_str(&format!(",col={}", column + 1));
                }
            }
            out.push_str(&format!(
                "::{command} file={place},title={}::{}\n",
                escape_property(&format!("rudder lint: {}", m.rule)),
                escape_data(&m.text)
            ));
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn junit_text(runs: &[Run], failing: Severity) -> String {
    let failures = runs.iter().filter(|r| r.failed(failing)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites>\n  <testsuite name=\"rudder lint\" tests=\"{}\" failures=\"{failures}\">\n",
        runs.len()
    ));
    for run in runs {
        let name = xml_escape(&run.name());
        if !run.failed(failing) {
            out.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"lint\"/>\n"
            ));
            continue;
        }
        let body: Vec<String> = match &run.result {
            Err(e) => vec![format!("Error {e}")],
            Ok(messages) => messages.iter().map(ToString::to_string).collect(),
        };
        let first = body.first().cloned().unwrap_or_default();
        out.push_str(&format!(
            "    <testcase name=\"{name}\" classname=\"lint\">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
            xml_escape(&first),
            xml_escape(&body.join("\n"))
        ));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

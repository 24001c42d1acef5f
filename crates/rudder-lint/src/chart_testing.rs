//! chart-testing's `ct lint` checks beyond helm lint, each off unless asked for (flags, or the
//! `lint:` settings of `.rudder-lint.yaml` / `rudder.yaml`):
//!
//! | id | severity | finds |
//! |---|---|---|
//! | `chart-yaml-schema` | error | Chart.yaml against chart-testing's yamale schema, or `--chart-yaml-schema`'s (`--validate-chart-schema`) |
//! | `yamllint-<rule>` | the rule's level | yamllint's findings on Chart.yaml, values.yaml and `ci/*-values.yaml` (`--validate-yaml`) |
//! | `yamllint-syntax` | error | a file yamllint cannot parse |
//! | `yamllint-file` | error | a file ct lints that cannot be read |
//! | `chart-maintainers-accounts` | error | maintainers missing, on a deprecated chart, or not accounts on the git host (`--validate-maintainers`) |

use std::path::{Path, PathBuf};

use rudder_report::Location;

use crate::{yamale, yamllint};
use crate::{Message, Severity};

/// Which checks run, as flags and settings files ask: `None` leaves the choice to the next
/// source (flag, then the chart's settings, then the repository's; off at the end).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub validate_chart_schema: Option<bool>,
    /// `--chart-yaml-schema`: a yamale schema file (default: chart-testing's chart_schema.yaml).
    pub chart_yaml_schema: Option<PathBuf>,
    pub validate_yaml: Option<bool>,
    /// `--lint-conf`: a yamllint config file (default: chart-testing's lintconf.yaml).
    pub lint_conf: Option<PathBuf>,
    pub validate_maintainers: Option<bool>,
}

impl Settings {
    /// `self`, with what it leaves open taken from `below`.
    pub fn or(&self, below: &Settings) -> Settings {
        Settings {
            validate_chart_schema: self.validate_chart_schema.or(below.validate_chart_schema),
            chart_yaml_schema: (self.chart_yaml_schema.clone())
                .or_else(|| below.chart_yaml_schema.clone()),
            validate_yaml: self.validate_yaml.or(below.validate_yaml),
            lint_conf: self.lint_conf.clone().or_else(|| below.lint_conf.clone()),
            validate_maintainers: self.validate_maintainers.or(below.validate_maintainers),
        }
    }
}

/// Whether a maintainer's name is an account on the repository's git host (chart-testing asks
/// `https://<host>/<name>` over HTTPS); the error says why not, or why it could not be told.
pub trait AccountCheck: Sync {
    fn check(&self, account: &str) -> Result<(), String>;
}

/// The files `ct lint` runs yamllint on, relative to the chart: Chart.yaml, values.yaml and
/// `ci/*-values.yaml`.
fn yaml_files(chart_dir: &Path) -> Vec<String> {
    let mut files = vec!["Chart.yaml".to_string(), "values.yaml".to_string()];
    let mut ci: Vec<String> = std::fs::read_dir(chart_dir.join("ci"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with("-values.yaml"))
                .map(|name| format!("ci/{name}"))
                .collect()
        })
        .unwrap_or_default();
    ci.sort();
    files.extend(ci);
    files
}

/// The rule id of a yamllint rule's findings.
fn yamllint_rule_id(rule: Option<&str>) -> &'static str {
    match rule {
        None => "yamllint-syntax",
        Some(rule) => yamllint::config::RULES
            .iter()
            .position(|r| r.id == rule)
            .map(|i| YAMLLINT_IDS[i])
            .unwrap_or("yamllint-syntax"),
    }
}

/// `yamllint-` and each rule's id, in [`yamllint::config::RULES`]'s order.
const YAMLLINT_IDS: &[&str] = &[
    "yamllint-anchors",
    "yamllint-braces",
    "yamllint-brackets",
    "yamllint-colons",
    "yamllint-commas",
    "yamllint-comments",
    "yamllint-comments-indentation",
    "yamllint-document-end",
    "yamllint-document-start",
    "yamllint-empty-lines",
    "yamllint-empty-values",
    "yamllint-float-values",
    "yamllint-hyphens",
    "yamllint-indentation",
    "yamllint-key-duplicates",
    "yamllint-key-ordering",
    "yamllint-line-length",
    "yamllint-new-line-at-end-of-file",
    "yamllint-new-lines",
    "yamllint-octal-values",
    "yamllint-quoted-strings",
    "yamllint-trailing-spaces",
    "yamllint-truthy",
];

/// yamllint on the chart's YAML files, findings as `[LEVEL] file: line:column message (rule)`.
pub fn yaml(chart_dir: &Path, config: &yamllint::Config) -> Vec<Message> {
    let mut messages = Vec::new();
    for file in yaml_files(chart_dir) {
        let text = match std::fs::read_to_string(chart_dir.join(&file)) {
            Ok(text) => text,
            Err(e) => {
                messages.push(Message {
                    rule: "yamllint-file",
                    severity: Severity::Error,
                    path: file.clone(),
                    text: format!("cannot lint {file}: {}", rudder_chart::load::io_text(&e)),
                    location: None,
                });
                continue;
            }
        };
        for problem in yamllint::lint(&text, config) {
            messages.push(Message {
                rule: yamllint_rule_id(problem.rule),
                severity: match problem.level {
                    yamllint::Level::Warning => Severity::Warning,
                    yamllint::Level::Error => Severity::Error,
                },
                path: file.clone(),
                text: format!("{}:{} {}", problem.line, problem.column, problem.message()),
                location: Some(Location::new(
                    file.clone(),
                    problem.line,
                    Some(problem.column),
                )),
            });
        }
    }
    messages
}

/// yamale on Chart.yaml, one finding per error, in yamale's words.
pub fn chart_schema(chart_dir: &Path, schema: &yamale::Schema) -> Vec<Message> {
    let finding = |text: String| Message {
        rule: "chart-yaml-schema",
        severity: Severity::Error,
        path: "Chart.yaml".into(),
        text,
        location: None,
    };
    let text = match std::fs::read_to_string(chart_dir.join("Chart.yaml")) {
        Ok(text) => text,
        Err(e) => {
            return vec![finding(format!(
                "cannot read Chart.yaml: {}",
                rudder_chart::load::io_text(&e)
            ))]
        }
    };
    match schema.validate_text(&text) {
        Ok(errors) => errors.into_iter().map(finding).collect(),
        Err(e) => vec![finding(format!("cannot load Chart.yaml: {e}"))],
    }
}

/// chart-testing's `ValidateMaintainers`: a deprecated chart has none, any other has some, and
/// each maintainer's name is an account on the git host (stopping at the first that is not).
pub fn maintainers(chart_dir: &Path, accounts: &dyn AccountCheck) -> Vec<Message> {
    let failure = |text: String| {
        vec![Message {
            rule: "chart-maintainers-accounts",
            severity: Severity::Error,
            path: "Chart.yaml".into(),
            text,
            location: None,
        }]
    };
    let text = match std::fs::read_to_string(chart_dir.join("Chart.yaml")) {
        Ok(text) => text,
        Err(e) => {
            return failure(format!(
                "cannot read Chart.yaml: {}",
                rudder_chart::load::io_text(&e)
            ))
        }
    };
    let metadata = match rudder_chart::metadata::Metadata::parse(&text) {
        Ok(metadata) => metadata,
        Err(e) => return failure(format!("cannot read Chart.yaml: {e}")),
    };
    let names = metadata.maintainer_names();
    if metadata.is_deprecated() {
        if names.is_empty() {
            return Vec::new();
        }
        return failure("deprecated chart must not have maintainers".into());
    }
    if names.is_empty() {
        return failure("chart doesn't have maintainers".into());
    }
    for name in &names {
        if let Err(e) = accounts.check(name) {
            return failure(e);
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Known(&'static [&'static str]);

    impl AccountCheck for Known {
        fn check(&self, account: &str) -> Result<(), String> {
            match self.0.contains(&account) {
                true => Ok(()),
                false => Err(format!(
                    "failed validating maintainer {account:?}: 404 Not Found"
                )),
            }
        }
    }

    fn chart(text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Chart.yaml"), text).unwrap();
        dir
    }

    #[test]
    fn maintainers_as_chart_testing_checks_them() {
        let head = "apiVersion: v2\nname: web\nversion: 1.0.0\n";
        let texts = |dir: &tempfile::TempDir| -> Vec<String> {
            maintainers(dir.path(), &Known(&["alice"]))
                .into_iter()
                .map(|m| m.text)
                .collect()
        };
        assert_eq!(texts(&chart(head)), ["chart doesn't have maintainers"]);
        let ok = chart(&format!("{head}maintainers: [{{name: alice}}]\n"));
        assert!(texts(&ok).is_empty());
        let unknown = chart(&format!(
            "{head}maintainers: [{{name: alice}}, {{name: bob}}]\n"
        ));
        assert_eq!(
            texts(&unknown),
            ["failed validating maintainer \"bob\": 404 Not Found"]
        );
        let deprecated = chart(&format!(
            "{head}deprecated: true\nmaintainers: [{{name: alice}}]\n"
        ));
        assert_eq!(
            texts(&deprecated),
            ["deprecated chart must not have maintainers"]
        );
        assert!(texts(&chart(&format!("{head}deprecated: true\n"))).is_empty());
    }

    #[test]
    fn chart_schema_findings() {
        let dir = chart("apiVersion: v2\nname: web\nversion: 1.0\n");
        let shown: Vec<String> = chart_schema(dir.path(), &yamale::Schema::chart_testing())
            .iter()
            .map(|m| format!("{m} [{}]", m.rule))
            .collect();
        assert_eq!(
            shown,
            ["[ERROR] Chart.yaml: version: '1.0' is not a str. [chart-yaml-schema]"]
        );
    }

    #[test]
    fn yaml_lints_the_files_chart_testing_lints() {
        let dir = chart("apiVersion: v2\nname: web\nversion: 1.0.0\n");
        std::fs::write(dir.path().join("values.yaml"), "a:   1\n").unwrap();
        std::fs::create_dir(dir.path().join("ci")).unwrap();
        std::fs::write(dir.path().join("ci/prod-values.yaml"), "on: 1\n").unwrap();
        std::fs::write(dir.path().join("ci/other.yaml"), "a:   1\n").unwrap();
        let shown: Vec<String> = yaml(dir.path(), &yamllint::Config::chart_testing())
            .iter()
            .map(|m| format!("{m} [{}]", m.rule))
            .collect();
        assert_eq!(
            shown,
            [
                "[ERROR] values.yaml: 1:5 too many spaces after colon (colons) [yamllint-colons]",
                "[WARNING] ci/prod-values.yaml: 1:1 truthy value should be one of [false, true] (truthy) [yamllint-truthy]",
            ]
        );
        assert_eq!(YAMLLINT_IDS.len(), yamllint::config::RULES.len());
        for (id, rule) in YAMLLINT_IDS.iter().zip(yamllint::config::RULES) {
            assert_eq!(*id, format!("yamllint-{}", rule.id));
        }
    }
}

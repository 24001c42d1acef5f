//! Silencing and re-grading findings. A `.rudder-lint.yaml` in the chart folder, and the nearest
//! one in the folders above it (the repository's), map rule ids to a severity or `off`; the
//! chart's own file wins rule by rule:
//!
//! ```yaml
//! rules:
//!   chart-icon: off          # never reported
//!   object-name: error       # fails the run (helm reports a warning)
//!   deprecated-api: info
//! ```
//!
//! A template silences rules for its own findings with a comment anywhere in it:
//! `{{/* rudder-lint: disable object-name, deprecated-api */}}` (or `# rudder-lint: disable ...`).
//! Without any of these, findings are exactly helm's.
//!
//! `policy: true` in either file runs the [`crate::policy`] rules, as `--policy` does;
//! `validateChartSchema`, `chartYamlSchema`, `validateYaml`, `lintConf` and
//! `validateMaintainers` turn on chart-testing's checks as the flags of the same names do (see
//! [`crate::chart_testing`]; a relative `chartYamlSchema` or `lintConf` is read from the folder
//! of the file that names it).
//!
//! In a folder without a `.rudder-lint.yaml`, the `lint:` section of a `rudder.yaml` (the
//! repository's settings file) counts as one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rudder_gotmpl::Value;

use crate::chart_testing::Settings;
use crate::{Linter, Message, Severity};

pub const FILE: &str = ".rudder-lint.yaml";
/// The repository's settings file, whose `lint:` section takes what [`FILE`] takes.
pub const REPOSITORY_FILE: &str = "rudder.yaml";
const DIRECTIVE: &str = "rudder-lint: disable";

/// Reads a config file's text.
type Parser = fn(&str) -> Result<Config, String>;

/// Rule id → the severity to report it at (`None`: not reported).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    rules: HashMap<String, Option<Severity>>,
    /// `policy:` — run the policy rules (`None`: the file does not say).
    policy: Option<bool>,
    /// chart-testing's checks.
    chart_testing: Settings,
}

impl Config {
    /// Reads a config file's text; the error names what is wrong.
    pub fn parse(text: &str) -> Result<Config, String> {
        let doc = rudder_yaml::parse_document(text).map_err(|e| e.to_string())?;
        Config::from_value(&doc)
    }

    /// The `lint:` section of a `rudder.yaml`'s text (the defaults without one).
    pub fn parse_section(text: &str) -> Result<Config, String> {
        let doc = rudder_yaml::parse_document(text).map_err(|e| e.to_string())?;
        match doc.as_map().and_then(|m| m.borrow().get("lint").cloned()) {
            None | Some(Value::Nil) => Ok(Config::default()),
            Some(section) => Config::from_value(&section).map_err(|e| format!("lint: {e}")),
        }
    }

    fn from_value(doc: &Value) -> Result<Config, String> {
        let mut config = Config::default();
        let field = |name: &str| doc.as_map().and_then(|m| m.borrow().get(name).cloned());
        let switch = |name: &str| match field(name) {
            None | Some(Value::Nil) => Ok(None),
            Some(Value::Bool(on)) => Ok(Some(on)),
            Some(other) => {
                let shown = rudder_gotmpl::fmt::format_v(&other);
                Err(format!("{name} must be true or false, not {shown:?}"))
            }
        };
        config.policy = switch("policy")?;
        config.chart_testing.validate_chart_schema = switch("validateChartSchema")?;
        config.chart_testing.validate_yaml = switch("validateYaml")?;
        config.chart_testing.validate_maintainers = switch("validateMaintainers")?;
        let file = |name: &str| match field(name) {
            None | Some(Value::Nil) => Ok(None),
            Some(Value::String(path)) => Ok(Some(PathBuf::from(&*path))),
            Some(_) => Err(format!("{name} must be a file's path")),
        };
        config.chart_testing.lint_conf = file("lintConf")?;
        config.chart_testing.chart_yaml_schema = file("chartYamlSchema")?;
        let rules = match doc.as_map().and_then(|m| m.borrow().get("rules").cloned()) {
            None | Some(Value::Nil) => return Ok(config),
            Some(rules) => rules,
        };
        let Some(rules) = rules.as_map() else {
            return Err("rules must be a mapping of rule ids to severities".into());
        };
        for (rule, level) in rules.borrow().iter() {
            let level = match level {
                Value::Bool(false) => None,
                Value::String(s) => match s.to_ascii_lowercase().as_str() {
                    "off" | "none" => None,
                    "info" => Some(Severity::Info),
                    "warning" => Some(Severity::Warning),
                    "error" => Some(Severity::Error),
                    other => return Err(format!("rule {rule}: unknown severity {other:?}")),
                },
                other => {
                    let shown = rudder_gotmpl::fmt::format_v(other);
                    return Err(format!("rule {rule}: unknown severity {shown:?}"));
                }
            };
            config.rules.insert(rule.clone(), level);
        }
        Ok(config)
    }

    /// `self` with `over`'s rules taking precedence.
    fn overridden_by(mut self, over: Config) -> Config {
        self.rules.extend(over.rules);
        self.policy = over.policy.or(self.policy);
        self.chart_testing = over.chart_testing.or(&self.chart_testing);
        self
    }

    /// The chart-testing checks the files turn on or off.
    pub fn chart_testing(&self) -> &Settings {
        &self.chart_testing
    }

    /// Whether the files ask for the policy rules.
    pub fn policy(&self) -> bool {
        self.policy.unwrap_or(false)
    }

    /// The config that applies to the chart in `chart_dir`: the nearest file above it, then
    /// the chart's own.
    pub fn for_chart(chart_dir: &Path) -> Result<Config, String> {
        let read = |dir: &Path| -> Result<Option<Config>, String> {
            let files: [(&str, Parser); 2] = [
                (FILE, Config::parse),
                (REPOSITORY_FILE, Config::parse_section),
            ];
            for (name, parse) in files {
                let path = dir.join(name);
                if let Ok(text) = std::fs::read_to_string(&path) {
                    let mut config =
                        parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                    let settings = &mut config.chart_testing;
                    let files = [&mut settings.lint_conf, &mut settings.chart_yaml_schema];
                    for file in files.into_iter().flatten() {
                        *file = dir.join(&*file);
                    }
                    return Ok(Some(config));
                }
            }
            Ok(None)
        };
        let repository = chart_dir
            .ancestors()
            .skip(1)
            .find_map(|dir| read(dir).transpose())
            .transpose()?
            .unwrap_or_default();
        let own = read(chart_dir)?.unwrap_or_default();
        Ok(repository.overridden_by(own))
    }

    fn severity(&self, message: &Message) -> Option<Severity> {
        match self.rules.get(message.rule) {
            Some(level) => *level,
            None => Some(message.severity),
        }
    }
}

/// The rules a template disables for its own findings.
fn disabled_in(text: &str) -> Vec<String> {
    let mut rules = Vec::new();
    for (at, _) in text.match_indices(DIRECTIVE) {
        let rest = &text[at + DIRECTIVE.len()..];
        let end = rest.find(['\n', '*', '}']).unwrap_or(rest.len());
        rules.extend(
            rest[..end]
                .split([',', ' '])
                .filter(|r| !r.is_empty())
                .map(str::to_string),
        );
    }
    rules
}

/// Applies the chart's config and its templates' directives to the linter's findings.
pub fn apply(linter: &mut Linter, config: &Config) {
    let mut directives: HashMap<String, Vec<String>> = HashMap::new();
    let dir = linter.chart_dir.clone();
    linter.messages.retain_mut(|message| {
        let disabled = directives.entry(message.path.clone()).or_insert_with(|| {
            let file = dir.join(&message.path);
            match message.path.starts_with("templates/") && file.is_file() {
                true => std::fs::read_to_string(file)
                    .map(|t| disabled_in(&t))
                    .unwrap_or_default(),
                false => Vec::new(),
            }
        });
        if disabled.iter().any(|r| r == message.rule) {
            return false;
        }
        match config.severity(message) {
            Some(severity) => {
                message.severity = severity;
                true
            }
            None => false,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(rule: &'static str, severity: Severity) -> Message {
        Message {
            rule,
            severity,
            path: "Chart.yaml".into(),
            text: String::new(),
            location: None,
        }
    }

    #[test]
    fn severities_and_off() {
        let config = Config::parse("rules:\n  chart-icon: off\n  object-name: error\n").unwrap();
        assert_eq!(
            config.severity(&message("chart-icon", Severity::Info)),
            None
        );
        assert_eq!(
            config.severity(&message("object-name", Severity::Warning)),
            Some(Severity::Error)
        );
        assert_eq!(
            config.severity(&message("chart-name", Severity::Error)),
            Some(Severity::Error)
        );
        assert!(Config::parse("rules:\n  x: loud\n").is_err());
        assert!(Config::parse("rules: [a]\n").is_err());
        assert!(Config::parse("policy: true\n").unwrap().policy());
        assert!(!Config::parse("rules: {}\n").unwrap().policy());
        assert!(Config::parse("policy: maybe\n").is_err());
    }

    #[test]
    fn the_lint_section_of_the_repository_file() {
        let config = Config::parse_section("chartDirs: [charts]\nlint:\n  policy: true\n").unwrap();
        assert!(config.policy());
        assert_eq!(
            Config::parse_section("chartDirs: [charts]\n").unwrap(),
            Config::default()
        );
        assert_eq!(
            Config::parse_section("lint: {policy: maybe}\n").unwrap_err(),
            "lint: policy must be true or false, not \"maybe\""
        );
    }

    #[test]
    fn for_chart_reads_the_repository_file() {
        let tmp = tempfile::tempdir().unwrap();
        let chart = tmp.path().join("charts/web");
        std::fs::create_dir_all(&chart).unwrap();
        std::fs::write(tmp.path().join(REPOSITORY_FILE), "lint: {policy: true}\n").unwrap();
        assert!(Config::for_chart(&chart).unwrap().policy());
        // A .rudder-lint.yaml in the same folder is read instead.
        std::fs::write(tmp.path().join(FILE), "rules: {}\n").unwrap();
        assert!(!Config::for_chart(&chart).unwrap().policy());
    }

    #[test]
    fn chart_testing_settings_relative_to_their_file() {
        let tmp = tempfile::tempdir().unwrap();
        let chart = tmp.path().join("charts/web");
        std::fs::create_dir_all(&chart).unwrap();
        let repository =
            "lint: {validateYaml: true, lintConf: lintconf.yaml, validateMaintainers: true}\n";
        std::fs::write(tmp.path().join(REPOSITORY_FILE), repository).unwrap();
        std::fs::write(chart.join(FILE), "validateMaintainers: false\n").unwrap();
        let config = Config::for_chart(&chart).unwrap();
        let settings = config.chart_testing();
        assert_eq!(settings.validate_yaml, Some(true));
        assert_eq!(settings.validate_maintainers, Some(false));
        assert_eq!(settings.lint_conf, Some(tmp.path().join("lintconf.yaml")));
        assert_eq!(
            Config::parse("validateYaml: 1\n").unwrap_err(),
            "validateYaml must be true or false, not \"1\""
        );
    }

    #[test]
    fn template_directives() {
        let text = "{{/* rudder-lint: disable object-name, deprecated-api */}}\n# rudder-lint: disable workload-selector\n";
        assert_eq!(
            disabled_in(text),
            ["object-name", "deprecated-api", "workload-selector"]
        );
    }
}

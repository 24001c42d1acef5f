//! `rudder lint` over a folder of charts: discovery, the values matrix, parallel runs printed
//! in a stable order, and one summary (rudder's own output: an insta snapshot).

use rudder_testkit::write_file;
use std::path::Path;
use std::process::Command;

fn chart_yaml(name: &str) -> String {
    format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\nicon: https://example.com/i.png\n")
}

/// A repository: a clean chart, one whose ci values break its schema, one with a warning.
fn repository(root: &Path) {
    write_file(root, "charts/clean/Chart.yaml", &chart_yaml("clean"));
    write_file(root, "charts/clean/values.yaml", "replicas: 1\n");
    write_file(root, "charts/schema/Chart.yaml", &chart_yaml("schema"));
    write_file(root, "charts/schema/values.yaml", "replicas: 1\n");
    write_file(
        root,
        "charts/schema/values.schema.json",
        r#"{"properties": {"replicas": {"type": "integer"}}}"#,
    );
    write_file(root, "charts/schema/ci/good-values.yaml", "replicas: 2\n");
    write_file(root, "charts/schema/ci/bad-values.yaml", "replicas: two\n");
    write_file(root, "charts/warn/Chart.yaml", &chart_yaml("warn"));
    write_file(root, "charts/warn/values.yaml", "name: Bad_Name\n");
    write_file(
        root,
        "charts/warn/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n",
    );
    write_file(root, "charts/warn/values/prod.yaml", "name: prod\n");
}

fn lint(root: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .arg("lint")
        .args(args)
        .current_dir(root)
        .env("HOME", root)
        .output()
        .expect("rudder runs");
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The summary's duration changes from run to run.
    let re = regex::Regex::new(r" in [0-9]+\.[0-9]+s:").unwrap();
    re.replace_all(&text, " in [time]:").into_owned()
}

#[test]
fn a_folder_of_charts_is_linted_with_each_values_file() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    insta::assert_snapshot!(lint(dir.path(), &["charts"]));
}

#[test]
fn chart_dirs_quiet_and_strict() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    insta::assert_snapshot!(lint(
        dir.path(),
        &["--chart-dirs", "charts", "--quiet", "--strict"]
    ));
}

#[test]
fn each_run_reports_what_a_single_chart_lint_reports() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let whole = lint(dir.path(), &["charts"]);
    let single = lint(
        dir.path(),
        &["-f", "charts/schema/ci/bad-values.yaml", "charts/schema"],
    );
    let findings = |text: &str, header: &str| -> Vec<String> {
        text.split("==> Linting ")
            .find(|block| block.starts_with(header))
            .map(|block| {
                let lines = block.lines().skip(1);
                lines
                    .take_while(|l| !l.contains("chart(s) linted") && !l.starts_with("--- "))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let in_whole = findings(&whole, "charts/schema with ci/bad-values.yaml");
    assert!(
        in_whole
            .iter()
            .any(|l| l.starts_with("[ERROR] values.yaml")),
        "{whole}"
    );
    assert_eq!(in_whole, findings(&single, "charts/schema\n"));
}

#[test]
fn a_folder_without_charts_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let out = lint(dir.path(), &["--chart-dirs", "empty"]);
    assert!(out.contains("Error: no charts found in empty"), "{out}");
}

#[test]
fn config_files_and_template_directives_change_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    repository(root);
    let before = lint(root, &["charts"]);
    assert!(
        before.contains("[WARNING] templates/cm.yaml: object name"),
        "{before}"
    );
    // The repository raises object names to errors and silences missing templates folders;
    // the schema chart brings the latter back as an info.
    write_file(
        root,
        ".rudder-lint.yaml",
        "rules:\n  object-name: error\n  templates-dir: off\n",
    );
    write_file(
        root,
        "charts/schema/.rudder-lint.yaml",
        "rules:\n  templates-dir: info\n",
    );
    let after = lint(root, &["charts"]);
    assert!(
        after.contains("[ERROR] templates/cm.yaml: object name"),
        "{after}"
    );
    assert!(
        !after.contains("[WARNING] templates/: directory does not exist"),
        "{after}"
    );
    assert!(
        after.contains("[INFO] templates/: directory does not exist"),
        "{after}"
    );
    // A template's comment silences a rule for that template.
    write_file(
        root,
        "charts/warn/templates/cm.yaml",
        "{{/* rudder-lint: disable object-name */}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n",
    );
    let silenced = lint(root, &["charts"]);
    assert!(!silenced.contains("object name"), "{silenced}");
}

#[test]
fn a_repository_as_json() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .args(["lint", "charts", "-o", "json"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 6);
    assert_eq!(runs[2]["chart"], "charts/schema");
    assert_eq!(runs[2]["valuesFile"], "ci/bad-values.yaml");
    assert_eq!(runs[2]["findings"][0]["rule"], "values-syntax");
    assert_eq!(doc["summary"]["failed"], 1);
}

//! `rudder lint --policy`: rudder's own findings on rendered objects (insta snapshots), how a
//! repository's config turns them on and re-grades them, and that without it lint is helm's.

use std::path::Path;
use std::process::Command;

const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations:
        lint.rudder.dev/ignore: "liveness-probe, readiness-probe"
    spec:
      containers:
      - name: web
        image: "nginx:{{ .Values.tag }}"
        env:
        - {name: API_TOKEN, value: {{ .Values.token | quote }}}
        - {name: BACKEND, value: "http://api.{{ .Release.Namespace }}.svc.cluster.local"}
        resources: {limits: {cpu: 1, memory: 1Gi}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector: {app: webapp}
  ports: [{name: http, port: 80}]
"#;

fn chart(root: &Path) -> std::path::PathBuf {
    let chart = root.join("web");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 1.0.0\nicon: https://example.com/i.png\n",
    )
    .unwrap();
    std::fs::write(chart.join("values.yaml"), "tag: latest\ntoken: s3cr3t\n").unwrap();
    std::fs::write(chart.join("templates/web.yaml"), DEPLOYMENT).unwrap();
    chart
}

fn lint(args: &[&str], cwd: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .arg("lint")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn policy_findings_by_object() {
    let dir = tempfile::tempdir().unwrap();
    chart(dir.path());
    insta::assert_snapshot!(lint(&["web", "--policy", "-n", "shop"], dir.path()));
}

#[test]
fn without_policy_lint_is_helms() {
    let dir = tempfile::tempdir().unwrap();
    chart(dir.path());
    let out = lint(&["web"], dir.path());
    assert!(!out.contains("hardcoded-credentials"), "{out}");
    assert!(out.starts_with("exit: 0\n"), "{out}");
}

#[test]
fn a_repository_config_turns_policy_on_and_regrades() {
    let dir = tempfile::tempdir().unwrap();
    chart(dir.path());
    std::fs::write(
        dir.path().join(".rudder-lint.yaml"),
        "policy: true\nrules:\n  hardcoded-credentials: warning\n  service-selector: off\n  default-namespace: off\n",
    )
    .unwrap();
    let out = lint(&["web", "--quiet"], dir.path());
    assert!(
        out.contains(
            "[WARNING] templates/web.yaml: Deployment test-release-web: holds a literal credential"
        ),
        "{out}"
    );
    assert!(!out.contains("service-selector"), "{out}");
    assert!(out.starts_with("exit: 0\n"), "{out}");
}

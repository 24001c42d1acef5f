//! `rudder validate`: kubeconform's flags (single-dash too), output formats and exit status on
//! small manifest folders.

use std::path::Path;

use rudder_testkit::write_file;
use rudder_testkit::{rudder_binary, run_isolated};

fn validate(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let bin = rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    let mut all = vec!["validate"];
    all.extend_from_slice(args);
    run_isolated(&bin, dir, &all)
}

const GOOD: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\ndata: {a: b}\n";
const BAD: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n  namespace: ns\nspec:\n  replicas: two\n  selector: {}\n  template: {}\n";

fn manifests() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "m/a.yaml", &format!("{GOOD}---\n{BAD}"));
    write_file(
        dir.path(),
        "m/b.json",
        r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}"#,
    );
    write_file(dir.path(), "m/notes.txt", "not a manifest");
    write_file(dir.path(), "m/empty.yaml", "# nothing\n");
    dir
}

const INVALID_MSG: &str = "problem validating schema. Check JSON formatting: jsonschema validation failed with 'https://kubernetes.io/kubernetes-validate/v1.37.0-local/deployment-apps-v1.json#' - at '/spec/replicas': got string, want null or integer";

#[test]
fn text_with_summary_and_exit_status() {
    let dir = manifests();
    let (code, out, err) = validate(dir.path(), &["-summary", "m"]);
    assert_eq!(err, "");
    assert_eq!(
        out,
        format!("m/a.yaml - Deployment bad is invalid: {INVALID_MSG}\nSummary: 3 resources found in 3 files - Valid: 2, Invalid: 1, Errors: 0, Skipped: 0\n")
    );
    assert_eq!(code, 1);
    let (code, out, _) = validate(dir.path(), &["--verbose", "m/b.json"]);
    assert_eq!((code, out.as_str()), (0, "m/b.json - Service s is valid\n"));
}

#[test]
fn json_output() {
    let dir = manifests();
    let (code, out, _) = validate(dir.path(), &["-output", "json", "-summary", "m/a.yaml"]);
    assert_eq!(code, 1);
    let expected = format!(
        r#"{{
  "resources": [
    {{
      "filename": "m/a.yaml",
      "kind": "Deployment",
      "name": "bad",
      "version": "apps/v1",
      "status": "statusInvalid",
      "msg": "{INVALID_MSG}",
      "validationErrors": [
        {{
          "path": "/spec/replicas",
          "msg": "got string, want null or integer"
        }}
      ]
    }}
  ],
  "summary": {{
    "valid": 1,
    "invalid": 0,
    "errors": 0,
    "skipped": 0
  }}
}}
"#
    );
    // (the summary counts come from the run; see below)
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed["summary"]["invalid"], 1);
    assert_eq!(out.replace("\"invalid\": 1", "\"invalid\": 0"), expected);
}

#[test]
fn tap_and_junit() {
    let dir = manifests();
    let (_, out, _) = validate(dir.path(), &["-output=tap", "m/a.yaml", "m/empty.yaml"]);
    assert_eq!(
        out,
        format!("TAP version 13\nok 1 - m/a.yaml (v1/ConfigMap//good)\nnot ok 2 - m/a.yaml (apps/v1/Deployment/ns/bad): {INVALID_MSG}\nok 3 - m/empty.yaml (empty)\n1..3\n")
    );
    let (_, out, _) = validate(dir.path(), &["-output", "junit", "m/a.yaml"]);
    let out = regex::Regex::new(r#"time="[0-9.e-]+""#)
        .unwrap()
        .replace(&out, "time=\"T\"");
    assert_eq!(
        out,
        format!("<testsuites name=\"kubeconform\" time=\"T\" tests=\"2\" failures=\"1\" disabled=\"0\" errors=\"0\">\n  <testsuite name=\"m/a.yaml\" id=\"1\" tests=\"2\" failures=\"1\" errors=\"0\" disabled=\"0\" skipped=\"0\">\n    <testcase name=\"good\" classname=\"ConfigMap@v1\" time=\"0\"></testcase>\n    <testcase name=\"ns/bad\" classname=\"Deployment@apps/v1\" time=\"0\">\n      <failure message=\"{}\" type=\"\"></failure>\n    </testcase>\n  </testsuite>\n</testsuites>\n", INVALID_MSG.replace('\'', "&#39;"))
    );
}

#[test]
fn flags_as_kubeconform() {
    let dir = manifests();
    // -skip by kind, -reject by GVK, -ignore-filename-pattern, -n
    let (code, out, _) = validate(
        dir.path(),
        &[
            "-skip",
            "Deployment",
            "-reject",
            "v1/Service",
            "-ignore-filename-pattern",
            "empty",
            "-n",
            "2",
            "-verbose",
            "m",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "m/a.yaml - ConfigMap good is valid\nm/a.yaml - bad Deployment skipped\nm/b.json - Service s failed validation: prohibited resource kind Service\n"
    );
    // a version without bundled schemas, and a bad version
    let (code, _, err) = validate(dir.path(), &["-kubernetes-version", "1.20.0", "m"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no bundled schemas for Kubernetes 1.20.0"),
        "{err}"
    );
    let (_, _, err) = validate(dir.path(), &["-kubernetes-version", "latest", "m"]);
    assert!(err.contains("latest is not a valid version"), "{err}");
    // a missing path is an error result of its own
    let (code, out, _) = validate(dir.path(), &["nothing.yaml"]);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "nothing.yaml - failed validation: lstat nothing.yaml: no such file or directory\n"
        )
    );
}

#[test]
fn strict_and_versions() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1, maxUnavailablee: 1}\n");
    assert_eq!(validate(dir.path(), &["pdb.yaml"]).0, 0);
    let (code, out, _) = validate(dir.path(), &["-strict", "pdb.yaml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("additional properties 'maxUnavailablee' not allowed"),
        "{out}"
    );
    write_file(
        dir.path(),
        "dup.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: {a: b}\ndata: {c: d}\n",
    );
    let (code, out, _) = validate(dir.path(), &["-strict", "dup.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(out, "dup.yaml - ConfigMap d failed validation: error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key \"data\" already set in map\n");
}

#[test]
fn lint_validates_rendered_objects_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "c/Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 1.0.0\nicon: https://example.com/i.png\n",
    );
    write_file(dir.path(), "c/values.yaml", "replicas: two\n");
    write_file(
        dir.path(),
        "c/templates/dep.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        imagePullPolicyy: Always\n",
    );
    let bin = rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    // helm lint's findings only, by default
    let (code, out, _) = run_isolated(&bin, dir.path(), &["lint", "c"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "==> Linting c\n\n1 chart(s) linted, 0 chart(s) failed\n")
    );
    let (code, out, _) = run_isolated(&bin, dir.path(), &["lint", "c", "--kube-schemas", "lax"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "==> Linting c\n[ERROR] templates/dep.yaml: Deployment \"web\" does not match the Kubernetes v1.35.0 schema: at '/spec/replicas': got string, want null or integer\n\n"
    );
    let (_, out, _) = run_isolated(
        &bin,
        dir.path(),
        &[
            "lint",
            "c",
            "--kube-schemas=strict",
            "--kube-version",
            "1.29.0",
            "--set",
            "replicas=2",
        ],
    );
    assert!(out.contains("[ERROR] templates/dep.yaml: Deployment \"web\" does not match the Kubernetes v1.29.0 schema: at '/spec/template/spec/containers/0': additional properties 'imagePullPolicyy' not allowed\n"), "{out}");
}

#[test]
fn lint_checks_custom_resources_against_the_charts_crds() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "c/Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 1.0.0\nicon: https://example.com/i.png\n",
    );
    write_file(
        dir.path(),
        "c/crds/widget.yaml",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              size: {type: integer}\n",
    );
    write_file(
        dir.path(),
        "c/templates/w.yaml",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n---\napiVersion: other.example.com/v1\nkind: Unknown\nmetadata: {name: u}\n---\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1}\n",
    );
    let bin = rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    let (code, out, _) = run_isolated(&bin, dir.path(), &["lint", "c", "--kube-schemas", "lax"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "==> Linting c\n[INFO] values.yaml: file does not exist\n[ERROR] templates/w.yaml: Widget \"w\" does not match the Kubernetes v1.35.0 schema: at '/spec/size': got string, want integer\n[ERROR] templates/w.yaml: PodDisruptionBudget \"p\": Kubernetes v1.35.0 does not serve policy/v1beta1 PodDisruptionBudget\n[WARNING] templates/w.yaml: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget\n\n"
    );
}

#[test]
fn deeply_nested_documents_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!("{}1{}", "[".repeat(9_000), "]".repeat(9_000));
    write_file(
        dir.path(),
        "deep.yaml",
        &format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x, labels: {{a: {nested}}}}}\n"
        ),
    );
    let (code, out, _) = validate(dir.path(), &["deep.yaml"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("deep.yaml - ConfigMap x is invalid: "),
        "{out}"
    );
}

//! `rudder lint --output json|sarif|github|junit`: rudder's own formats (insta snapshots), and
//! the SARIF output valid against the SARIF 2.1.0 schema (installed by `cargo xtask helm`).

use std::path::Path;
use std::process::Command;

use rudder_testkit::repo_root;
use rudder_testkit::write_file;

/// A chart with an error, a warning and an info, one whose template fails at a known place,
/// and a path that is no chart.
fn charts(root: &Path) {
    write_file(
        root,
        "broken/Chart.yaml",
        "apiVersion: v2\nname: broken\nversion: 1.0.0\n",
    );
    write_file(
        root,
        "broken/templates/cm.yaml",
        "a: 1\nb: {{ .Values.x.y }}\n",
    );
    write_file(
        root,
        "web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 1.0\n",
    );
    write_file(
        root,
        "web/templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: Web_Svc\n",
    );
}

fn lint(root: &Path, format: &str) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .args(["lint", "web", "broken", "missing", "--output", format])
        .current_dir(root)
        .env("HOME", root)
        .output()
        .expect("rudder runs");
    (
        String::from_utf8_lossy(&out.stdout).replace(env!("CARGO_PKG_VERSION"), "[version]"),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn machine_formats() {
    let dir = tempfile::tempdir().unwrap();
    charts(dir.path());
    for format in ["json", "sarif", "github", "junit"] {
        let (out, code) = lint(dir.path(), format);
        assert_eq!(code, 1, "{format}: a failing chart fails the command");
        insta::assert_snapshot!(format!("output_{format}"), out);
    }
}

#[test]
#[allow(clippy::print_stderr)] // a skipped test says why
fn sarif_meets_the_sarif_2_1_0_schema() {
    let schema_path = repo_root().join(".cache/sarif/sarif-2.1.0-rtm.5.json");
    if !schema_path.exists() {
        assert!(
            std::env::var_os("RUDDER_REQUIRE_REFERENCES").is_none(),
            "the SARIF schema is not installed (cargo xtask helm)"
        );
        eprintln!("skipped: the SARIF schema is not installed (run `cargo xtask helm`)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    charts(dir.path());
    let (out, _) = lint(dir.path(), "sarif");
    let schema = rudder_jsonschema::parse(&std::fs::read(&schema_path).unwrap()).unwrap();
    struct NoRemote;
    impl rudder_jsonschema::Loader for NoRemote {
        fn load(&self, url: &str) -> Result<rudder_jsonschema::Value, String> {
            Err(format!("no remote schemas in this test: {url}"))
        }
    }
    let compiled = rudder_jsonschema::compile("file:///sarif.json", schema, &NoRemote).unwrap();
    let document = rudder_jsonschema::parse(out.as_bytes()).unwrap();
    if let Err(e) = compiled.validate(&document) {
        panic!("invalid SARIF: {e}\n{out}");
    }
    // The check can fail: a result with a level SARIF does not know is refused.
    let broken = out.replacen("\"level\": \"error\"", "\"level\": \"fatal\"", 1);
    let broken = rudder_jsonschema::parse(broken.as_bytes()).unwrap();
    assert!(compiled.validate(&broken).is_err());
}

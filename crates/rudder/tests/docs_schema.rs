//! `rudder docs --schema`: the values.schema.json it writes is accepted by helm 4.1.4's
//! `helm lint` (with the chart's ci values too), values that break it fail both rudder's
//! check and helm's, and `--check` treats a stale or missing schema as it treats a README.

use std::path::{Path, PathBuf};

use rudder_testkit::{reference_helm, run_isolated};

fn rudder() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_rudder"))
}

/// A repository holding the fixture chart at charts/web.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let chart = tmp.path().join("charts/web");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docs_schema/web");
    for file in [
        "Chart.yaml",
        "values.yaml",
        "templates/configmap.yaml",
        "ci/ha-values.yaml",
    ] {
        let target = chart.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(file), target).unwrap();
    }
    (tmp, chart)
}

/// The summary's duration changes from run to run.
fn redact(text: &str) -> String {
    let re = regex::Regex::new(r"\([0-9]+\.[0-9]+s\)").unwrap();
    re.replace_all(text, "([time])").into_owned()
}

fn docs(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["docs", "--schema"];
    all.extend_from_slice(args);
    run_isolated(rudder(), root, &all)
}

#[test]
fn generated_schema_is_written_checked_and_kept_up_to_date() {
    let (tmp, chart) = repository();
    let root = tmp.path();
    let (code, _, stderr) = docs(root, &[]);
    assert_eq!(code, 0, "{stderr}");
    let schema = std::fs::read_to_string(chart.join("values.schema.json")).unwrap();
    insta::assert_snapshot!("docs_schema_web", schema);
    let (code, stdout, stderr) = docs(root, &["--check"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");

    // A stale schema is a difference, with its diff.
    let values = chart.join("values.yaml");
    let text = std::fs::read_to_string(&values).unwrap();
    std::fs::write(&values, text.replace("maximum:10", "maximum:20")).unwrap();
    let (code, stdout, _) = docs(root, &["--check"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("docs_schema_stale", stdout);

    // So is a missing one; --dry-run shows it and succeeds, writing nothing.
    std::fs::remove_file(chart.join("values.schema.json")).unwrap();
    let (code, stdout, _) = docs(root, &["--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("+++ charts/web/values.schema.json"),
        "{stdout}"
    );
    assert!(!chart.join("values.schema.json").exists());
}

#[test]
fn values_that_break_the_schema_fail_here_and_in_helm() {
    let (tmp, chart) = repository();
    let root = tmp.path();
    std::fs::write(
        chart.join("ci/broken-values.yaml"),
        "replicaCount: 50\nimage:\n  tag: latest\n",
    )
    .unwrap();
    let (code, _, ours) = docs(root, &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("docs_schema_broken", redact(&ours));

    let Some(helm) = reference_helm() else {
        return;
    };
    let (code, stdout, stderr) = run_isolated(
        &helm,
        root,
        &[
            "lint",
            "charts/web",
            "--values",
            "charts/web/ci/broken-values.yaml",
        ],
    );
    assert_ne!(code, 0, "{stdout}{stderr}");
    let said = format!("{stdout}{stderr}");
    assert!(
        said.contains("values don't meet the specifications of the schema"),
        "{said}"
    );
    for pointer in ["at '/replicaCount'", "at '/image/tag'"] {
        assert!(said.contains(pointer), "{said}");
        assert!(ours.contains(pointer), "rudder: {ours}");
    }
}

#[test]
fn helm_lint_accepts_charts_carrying_a_generated_schema() {
    let Some(helm) = reference_helm() else {
        return;
    };
    let (tmp, _) = repository();
    let root = tmp.path();
    // The fixture chart, and one per values file of rudder-docs' schema tests.
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rudder-docs/tests/schema");
    let mut charts = vec!["charts/web".to_string()];
    for name in ["inference", "dadav", "losisin"] {
        let chart = root.join("charts").join(name);
        std::fs::create_dir_all(&chart).unwrap();
        std::fs::write(
            chart.join("Chart.yaml"),
            format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n"),
        )
        .unwrap();
        std::fs::copy(
            cases.join(format!("{name}.yaml")),
            chart.join("values.yaml"),
        )
        .unwrap();
        charts.push(format!("charts/{name}"));
    }
    let (code, _, stderr) = docs(root, &[]);
    assert_eq!(code, 0, "{stderr}");
    for chart in &charts {
        let (code, stdout, stderr) = run_isolated(&helm, root, &["lint", chart]);
        assert_eq!(code, 0, "{chart}: {stdout}{stderr}");
    }
    let (code, stdout, stderr) = run_isolated(
        &helm,
        root,
        &[
            "lint",
            "charts/web",
            "--values",
            "charts/web/ci/ha-values.yaml",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn rudder_yaml_turns_schemas_on() {
    let (tmp, chart) = repository();
    std::fs::write(tmp.path().join("rudder.yaml"), "docs: {schema: true}\n").unwrap();
    let (code, _, stderr) = run_isolated(rudder(), tmp.path(), &["docs"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(chart.join("values.schema.json").exists());
    std::fs::write(tmp.path().join("rudder.yaml"), "docs: {scheme: true}\n").unwrap();
    let (code, _, stderr) = run_isolated(rudder(), tmp.path(), &["docs"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown key docs.scheme"), "{stderr}");
}

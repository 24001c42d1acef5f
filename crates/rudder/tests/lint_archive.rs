//! `rudder lint CHART.tgz` against `helm lint` 4.1.4 on archives helm packaged (archives are
//! binary, so these cases live here rather than in testdata/cases).

use std::path::Path;

use rudder_testkit::write_file;
use rudder_testkit::{reference_helm, run_isolated};

#[test]
fn archives_lint_as_helm_lints_them() {
    let Some(helm) = reference_helm() else {
        return;
    };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(
        root,
        "src/good/Chart.yaml",
        "apiVersion: v2\nname: good\nversion: 1.0.0\n",
    );
    write_file(root, "src/good/values.yaml", "name: web\n");
    write_file(
        root,
        "src/good/templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n",
    );
    write_file(
        root,
        "src/bad/Chart.yaml",
        "apiVersion: v2\nname: bad\nversion: 1.0.0\nicon: x\n",
    );
    write_file(root, "src/bad/templates/cm.yaml", "a: {{ .Values.x.y }}\n");
    write_file(
        root,
        "src/bad/crds/c.yaml",
        "apiVersion: v1\nkind: Secret\n",
    );
    for chart in ["good", "bad"] {
        let (code, _, err) = run_isolated(&helm, root, &["package", &format!("src/{chart}")]);
        assert_eq!(code, 0, "{err}");
    }
    std::fs::write(root.join("garbage.tgz"), b"not an archive").unwrap();
    let cases: &[&[&str]] = &[
        &["lint", "good-1.0.0.tgz"],
        &["lint", "bad-1.0.0.tgz"],
        &["lint", "good-1.0.0.tgz", "bad-1.0.0.tgz", "--quiet"],
        &[
            "lint",
            "good-1.0.0.tgz",
            "--strict",
            "--set",
            "name=Bad_Name",
        ],
        &["lint", "garbage.tgz"],
        &["lint", "missing.tgz"],
    ];
    for args in cases {
        assert_eq!(
            run_isolated(rudder, root, args),
            run_isolated(&helm, root, args),
            "{args:?}"
        );
    }
}

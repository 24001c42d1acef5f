//! The chart `helm create` scaffolds (made at test time with the reference helm, never
//! committed: it is helm's text) renders identically with rudder, with default values and
//! with its optional parts switched on.

use std::path::Path;
use std::process::Command;

use rudder_testkit::repo_root;

fn run(bin: &Path, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("KUBECONFIG", dir.join("no-kubeconfig"))
        .env_remove("HELM_NAMESPACE")
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn helm_create_scaffold_renders_identically() {
    let helm = repo_root().join(".cache/helm/v4.1.4/helm");
    assert!(
        helm.exists(),
        "the reference helm is missing: run `cargo xtask helm` first"
    );
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let (code, _, err) = run(&helm, tmp.path(), &["create", "scaffold"]);
    assert_eq!(code, 0, "helm create failed: {err}");
    let variants: &[&[&str]] = &[
        &[],
        &[
            "--set",
            "ingress.enabled=true",
            "--set",
            "autoscaling.enabled=true",
        ],
        &[
            "--set",
            "serviceAccount.create=false",
            "--set",
            "httpRoute.enabled=true",
            "-n",
            "web",
        ],
        &["my-release", "--set", "image.tag=v9", "--skip-tests"],
        &["-s", "templates/service.yaml"],
    ];
    for extra in variants {
        let mut args = vec!["template"];
        args.extend_from_slice(extra);
        args.push("scaffold");
        let want = run(&helm, tmp.path(), &args);
        let got = run(rudder, tmp.path(), &args);
        assert_eq!(got.0, want.0, "exit status for {args:?}: {}", got.2);
        assert_eq!(got.1, want.1, "stdout for {args:?}");
    }
}

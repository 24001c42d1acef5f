//! `rudder changed` and `rudder bump` as a user runs them: ct's output and exit status on a
//! repository with a remote, ct's version-check words, and bump's dry-run diff (snapshots).

use std::path::Path;

use rudder_testkit::git_repo::Git;
use rudder_testkit::{rudder_binary, run_isolated_with};

fn rudder(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let bin = rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    // A fixed day for CHANGELOG.md entries.
    run_isolated_with(&bin, dir, args, &[("SOURCE_DATE_EPOCH", "1796428800")])
}

/// An upstream with two charts, a clone on a feature branch that bumps `a` and changes `b`
/// without a bump, and a file directly in `charts/`.
fn feature_branch(tmp: &Path) -> Git {
    let up = Git::init(&tmp.join("upstream"));
    up.chart("charts/a", "a", "1.0.0", &[]);
    up.chart("charts/b", "b", "0.3.0", &[]);
    up.commit_all("charts");
    let local = Git::clone(&up.dir, &tmp.join("local"));
    local.run(&["checkout", "-q", "-b", "feature"]);
    local.write(
        "charts/a/Chart.yaml",
        "apiVersion: v2\nname: a\nversion: 1.1.0\n",
    );
    local.write("charts/b/values.yaml", "name: b2\n");
    local.write("charts/index.md", "charts\n");
    local.commit_all("feature");
    local
}

#[test]
fn changed_prints_one_chart_per_line() {
    let tmp = tempfile::tempdir().unwrap();
    let local = feature_branch(tmp.path());
    let (code, out, err) = rudder(&local.dir, &["changed"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "charts/a\ncharts/b\n");
    assert_eq!(
        err,
        "Directory \"charts\" is not a valid chart directory. Skipping...\n"
    );

    let (code, out, _) = rudder(&local.dir, &["changed", "--excluded-charts", "a"]);
    assert_eq!((code, out.as_str()), (0, "charts/b\n"));
}

#[test]
fn changed_fails_as_ct_does() {
    let tmp = tempfile::tempdir().unwrap();
    let local = feature_branch(tmp.path());
    let (code, out, err) = rudder(&local.dir, &["changed", "--target-branch", "develop"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, "Error: targetBranch 'origin/develop' does not exist\n");
    let (code, _, err) = rudder(tmp.path(), &["changed"]);
    assert_eq!(
        (code, err.as_str()),
        (1, "Error: must be in a git repository\n")
    );
}

#[test]
fn version_increment_check_in_ct_words() {
    let tmp = tempfile::tempdir().unwrap();
    let local = feature_branch(tmp.path());
    let (code, out, err) = rudder(&local.dir, &["changed", "--check-version-increment"]);
    assert_eq!(code, 1);
    assert_eq!(out, "charts/a\ncharts/b\n");
    insta::assert_snapshot!("changed_version_check_stderr", err);
}

#[test]
fn bump_dry_run_prints_the_diff_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let local = feature_branch(tmp.path());
    let before = local.read("charts/b/Chart.yaml");
    let (code, out, err) = rudder(
        &local.dir,
        &[
            "bump",
            "charts/b",
            "minor",
            "--app-version",
            "2.0",
            "-m",
            "fix: probes",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(local.read("charts/b/Chart.yaml"), before);
    insta::assert_snapshot!(
        "bump_dry_run",
        out.replace(&*local.dir.to_string_lossy(), "<repo>")
    );

    let (code, out, err) = rudder(&local.dir, &["bump", "charts/b", "rc", "--no-changelog"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "b: 0.3.0 -> 0.3.1-rc.1\n"),
        "{err}"
    );
    let (code, _, err) = rudder(
        &local.dir,
        &["bump", "charts/b", "release", "--no-changelog"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = rudder(&local.dir, &["bump", "charts/b", "release"]);
    assert_eq!(code, 1);
    assert!(err.contains("0.3.1 is a release already"), "{err}");
}

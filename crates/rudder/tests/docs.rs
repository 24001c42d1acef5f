//! `rudder docs` against helm-docs v1.14.2's own output (tests/docs/README.md says where each
//! expected README comes from), and rudder's own output (`--check`, `--dry-run`, the
//! summary) as insta snapshots.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docs")
}

/// Copies `from` into `to`, with a hook to rewrite each file's text.
fn copy(from: &Path, to: &Path, rewrite: &dyn Fn(&Path, Vec<u8>) -> Vec<u8>) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target, rewrite);
        } else {
            let bytes = std::fs::read(entry.path()).unwrap();
            std::fs::write(&target, rewrite(&entry.path(), bytes)).unwrap();
        }
    }
}

/// A case's flags: its `flags` file, one per line.
fn flags(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("flags"))
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

fn docs(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .arg("docs")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("rudder runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The summary's duration changes from run to run.
fn redact(text: &str) -> String {
    let re = regex::Regex::new(r"\([0-9]+\.[0-9]+s\)").unwrap();
    re.replace_all(text, "([time])").into_owned()
}

/// Checks the case in `dir` (copied away first) with its flags: every README up to date.
fn assert_up_to_date(dir: &Path, rewrite: &dyn Fn(&Path, Vec<u8>) -> Vec<u8>) {
    let tmp = tempfile::tempdir().unwrap();
    copy(dir, tmp.path(), rewrite);
    let mut args = flags(dir);
    args.push("--check".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = docs(tmp.path(), &args);
    assert_eq!(code, 0, "{}\n{stdout}{stderr}", dir.display());
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn each_comment_form_template_and_flag() {
    let cases = fixtures().join("cases");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 12);
    for case in names {
        assert_up_to_date(&case, &|_, bytes| bytes);
    }
}

/// A repository of two charts: one README up to date, one stale, one chart skipped.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let cases = fixtures().join("cases");
    copy(&cases.join("sort-file"), tmp.path(), &|_, b| b);
    let stale = tmp.path().join("charts/stale");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(
        stale.join("Chart.yaml"),
        "apiVersion: v2\nname: stale\nversion: 0.2.0\n",
    )
    .unwrap();
    std::fs::write(stale.join("values.yaml"), "# -- New value\nadded: 1\n").unwrap();
    std::fs::write(
        stale.join("README.md"),
        "# stale\n\n![Version: 0.1.0](https://img.shields.io/badge/Version-0.1.0-informational?style=flat-square)\n",
    )
    .unwrap();
    let library = tmp.path().join("charts/library");
    std::fs::create_dir_all(&library).unwrap();
    std::fs::write(
        library.join("Chart.yaml"),
        "apiVersion: v2\nname: library\nversion: 0.1.0\ntype: library\n",
    )
    .unwrap();
    tmp
}

#[test]
fn check_prints_a_diff_per_stale_readme_and_fails() {
    let repo = repository();
    let (code, stdout, stderr) = docs(repo.path(), &["--check", "--sort-values-order=file"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(
        "docs_check",
        format!("--- stdout\n{stdout}--- stderr\n{}", redact(&stderr))
    );
    // Nothing was written.
    let readme = std::fs::read_to_string(repo.path().join("charts/stale/README.md")).unwrap();
    assert!(!readme.contains("New value"));
}

#[test]
fn dry_run_prints_the_changes_and_succeeds() {
    let repo = repository();
    let (code, stdout, stderr) = docs(repo.path(), &["--dry-run", "-s", "file", "-l", "error"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(
        "docs_dry_run",
        format!("--- stdout\n{stdout}--- stderr\n{}", redact(&stderr))
    );
}

#[test]
fn writing_brings_every_readme_up_to_date() {
    let repo = repository();
    let (code, stdout, stderr) = docs(repo.path(), &["-s", "file", "-l", "error"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    insta::assert_snapshot!("docs_write", redact(&stderr));
    let (code, _, stderr) = docs(repo.path(), &["-s", "file", "--check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!repo.path().join("charts/library/README.md").exists());
}

#[test]
fn ignore_file_excludes_charts() {
    let repo = repository();
    std::fs::write(repo.path().join(".helmdocsignore"), "charts/stale\n").unwrap();
    let (code, _, stderr) = docs(repo.path(), &["--check", "-s", "file", "-l", "error"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with("2 charts: 1 up to date, 0 out of date, 1 skipped"),
        "{stderr}"
    );
}

#[test]
fn broken_input_is_a_warning_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, chart, values) in [
        ("badyaml", "apiVersion: v2\nname: a\nversion: 1\n", "a: [\n"),
        ("badchart", "name: [\n", "a: 1\n"),
        (
            "scalar",
            "apiVersion: v2\nname: c\nversion: 1\n",
            "just text\n",
        ),
        (
            "tagged",
            "apiVersion: v2\nname: d\nversion: 1\n",
            "a: !vault x\n",
        ),
        ("types", "apiVersion: v2\nname: [e]\nversion: 1\n", "a: 1\n"),
    ] {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Chart.yaml"), chart).unwrap();
        std::fs::write(dir.join("values.yaml"), values).unwrap();
    }
    let broken = tmp.path().join("template");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("Chart.yaml"),
        "apiVersion: v2\nname: f\nversion: 1\n",
    )
    .unwrap();
    std::fs::write(broken.join("values.yaml"), "a: 1\n").unwrap();
    std::fs::write(
        broken.join("README.md.gotmpl"),
        "{{ .Name }} {{ template \"nope\" . }}",
    )
    .unwrap();
    let (code, _, stderr) = docs(tmp.path(), &["--check"]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!("docs_broken_input", redact(&stderr));
}

/// Beyond helm-docs (helm-docs#163): a dependency from a repository or registry, packaged in
/// `charts/` by `dependency build`, is documented from its archive; without the archive it is
/// left out with helm-docs' warning.
#[test]
fn dependency_values_come_from_packaged_dependencies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "src/db/Chart.yaml",
        "apiVersion: v2\nname: db\nversion: 1.2.0\n",
    );
    write("src/db/values.yaml", "# -- the port\nport: 5432\n");
    write(
        "charts/app/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: db\n    version: 1.2.0\n    repository: oci://registry.example/charts\n    alias: database\n",
    );
    write("charts/app/values.yaml", "# -- replicas\nreplicas: 1\n");
    let readme = root.join("charts/app/README.md");
    let args = [
        "--document-dependency-values",
        "--chart-search-root",
        "charts",
    ];

    let (code, _, err) = docs(root, &args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("has a remote dependency"), "{err}");
    assert!(!std::fs::read_to_string(&readme)
        .unwrap()
        .contains("database.port"));

    let package = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .args(["package", "src/db", "-d", "charts/app/charts"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(package.status.success());
    let (code, _, err) = docs(root, &args);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("remote dependency"), "{err}");
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(
        text.contains("| database.port | int | `5432` | the port |"),
        "{text}"
    );
}

//! `rudder repo index` writes the same `index.yaml` as `helm repo index` 4.1.4 (entries,
//! digests, order, URLs, merging), apart from the times both take from the clock.

use std::fs;
use std::path::Path;
use std::process::Command;

use rudder_testkit::reference_helm as helm;

/// Packages a chart `name` at `version` with helm into `dir`.
fn package(helm: &Path, work: &Path, name: &str, version: &str, extra: &str, dir: &Path) {
    let src = work.join(format!("src-{name}-{version}"));
    fs::create_dir_all(src.join("templates")).unwrap();
    fs::write(
        src.join("Chart.yaml"),
        format!("apiVersion: v2\nname: {name}\nversion: {version}\ndescription: the {name} chart\n{extra}"),
    )
    .unwrap();
    fs::write(src.join("templates/cm.yaml"), "kind: ConfigMap\n").unwrap();
    let ok = Command::new(helm)
        .arg("package")
        .arg(&src)
        .arg("-d")
        .arg(dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok);
}

/// The index with `created` and `generated` times blanked.
fn normalised(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap_or_else(|e| format!("no index: {e}"))
        .lines()
        .map(|l| {
            let t = l.trim_start();
            let json_time = t.starts_with("\"created\": ") || t.starts_with("\"generated\": ");
            if t.starts_with("created: ") || t.starts_with("generated: ") || json_time {
                format!("{}: TIME", l.split(':').next().unwrap())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn index(bin: &Path, dir: &Path, args: &[&str]) -> String {
    fs::remove_file(dir.join("index.yaml")).ok();
    let o = Command::new(bin)
        .args(["repo", "index"])
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    format!(
        "exit {:?}\n{}{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
        normalised(&dir.join("index.yaml"))
    )
}

#[test]
fn index_matches_helm_repo_index() {
    let Some(helm) = helm() else { return };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let maint = "maintainers:\n- name: me\n  email: m@x\nannotations:\n  a: b\n";
    for (name, version, extra, sub) in [
        ("alpha", "1.0.0", "", ""),
        ("alpha", "1.10.0", maint, ""),
        ("alpha", "1.2.0-rc.1", "", ""),
        ("beta", "0.1.0", "type: library\n", "nested"),
        ("beta", "0.2.0", "", "nested"),
        ("gamma", "2.0.0", "deprecated: true\n", "nested/deeper"),
    ] {
        package(&helm, tmp.path(), name, version, extra, &repo.join(sub));
    }
    fs::write(repo.join("broken.tgz"), b"not an archive").unwrap();
    // An older index to merge: one version the folder has too, one it lacks, one invalid.
    let old = tmp.path().join("old.yaml");
    fs::write(
        &old,
        "apiVersion: v1\nentries:\n  alpha:\n  - apiVersion: v2\n    name: alpha\n    version: 1.0.0\n    urls: [https://old/alpha-1.0.0.tgz]\n    digest: old\n  - apiVersion: v2\n    name: alpha\n    version: 0.9.0\n    urls: [https://old/alpha-0.9.0.tgz]\n    created: 2020-01-02T03:04:05.5+01:00\n  - apiVersion: v2\n    name: alpha\n    version: bad\ngenerated: 2020-01-01T00:00:00Z\n",
    )
    .unwrap();
    let old_arg = old.to_string_lossy().into_owned();
    let missing = tmp
        .path()
        .join("missing.yaml")
        .to_string_lossy()
        .into_owned();
    for args in [
        vec![],
        vec!["--url", "https://charts.example.com/stable/"],
        vec!["--url", "https://charts.example.com"],
        vec!["--merge", old_arg.as_str()],
        vec!["--merge", missing.as_str()],
        vec!["--json"],
        vec!["--json", "--url", "https://charts.example.com/x?y=<z>&w"],
        vec!["--json", "--merge", old_arg.as_str()],
        vec!["--json", "--merge", missing.as_str()],
    ] {
        let want = index(&helm, &repo, &args);
        // Subfolders one level down are indexed; deeper ones are not (helm's glob).
        let has = |name: &str| {
            want.contains(&format!("name: {name}"))
                || want.contains(&format!("\"name\": \"{name}\""))
        };
        assert!(has("beta") && !has("gamma"), "{want}");
        fs::remove_file(&missing).ok();
        let got = index(rudder, &repo, &args);
        fs::remove_file(&missing).ok();
        assert_eq!(want, got, "{args:?}");
    }
}

#[test]
fn merge_errors_match_helm() {
    let Some(helm) = helm() else { return };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    package(&helm, tmp.path(), "alpha", "1.0.0", "", &repo);
    for (name, text) in [
        ("not-yaml.yaml", "garbage: [\n"),
        ("empty.yaml", ""),
        ("no-api-version.yaml", "entries: {}\n"),
        ("unknown-top.yaml", "apiVersion: v1\nentries: {}\nextra: 1\n"),
        (
            "unknown-nested.yaml",
            "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    maintainers: [{name: x, foo: 1}]\n",
        ),
    ] {
        let path = tmp.path().join(name);
        fs::write(&path, text).unwrap();
        let arg = path.to_string_lossy().into_owned();
        let want = index(&helm, &repo, &["--merge", &arg]);
        let got = index(rudder, &repo, &["--merge", &arg]);
        assert_eq!(want, got, "{name}");
    }
    let folder = repo.to_string_lossy().into_owned();
    assert_eq!(
        index(&helm, &repo, &["--merge", &folder]),
        index(rudder, &repo, &["--merge", &folder])
    );
}

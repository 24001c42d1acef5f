//! `rudder package` writes the same `.tgz` bytes and messages as `helm package` 4.1.4, for
//! chart folders of many shapes built at test time (run against the real helm).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use rudder_testkit::reference_helm as helm;

/// Writes `files` (path, content) under `dir`, each with a distinct modification time with a
/// fraction of a second (Go's tar writer rounds it).
fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    for (i, (name, data)) in files.iter().enumerate() {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, data).unwrap();
        let t = SystemTime::UNIX_EPOCH
            + Duration::from_millis(1_600_000_000_000 + i as u64 * 1_250_700);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }
}

fn chart_yaml(name: &str, extra: &str) -> Vec<u8> {
    format!("apiVersion: v2\nname: {name}\nversion: 1.0.0\n{extra}").into_bytes()
}

/// Runs `bin package CHART -d OUT ARGS` in `cwd`; returns the output (the output folder's
/// name replaced by `OUT`) and the archives written, by name.
fn run(
    bin: &Path,
    cwd: &Path,
    out: &str,
    chart: &str,
    args: &[&str],
) -> (String, Vec<(String, Vec<u8>)>) {
    let o = Command::new(bin)
        .current_dir(cwd)
        .args(["package", chart, "-d", out])
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "exit {:?}\n{}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
    .replace(out, "OUT");
    let mut archives = Vec::new();
    if let Ok(entries) = fs::read_dir(cwd.join(out)) {
        for e in entries.flatten() {
            archives.push((
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            ));
        }
    }
    archives.sort();
    (text, archives)
}

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &'static [&'static str],
}

fn case(name: &'static str, files: Vec<(&'static str, Vec<u8>)>) -> Case {
    Case {
        name,
        files,
        args: &[],
    }
}

fn basic(name: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("Chart.yaml", chart_yaml(name, "")),
        ("values.yaml", b"a: 1\n".to_vec()),
        ("templates/cm.yaml", b"kind: ConfigMap\n".to_vec()),
    ]
}

fn cases() -> Vec<Case> {
    let every_field = "# comment\ndescription: |\n  two\n  lines\tand tab\nappVersion: 1.10\nhome: h\nicon: i\n\
        sources: [s1, s2]\nkeywords: [b, a]\nkubeVersion: '>=1.20'\ntype: application\ndeprecated: true\n\
        condition: c\ntags: t\nannotations:\n  z: \"1\"\n  a10: x\n  a9: y\n  n: ~\n\
        maintainers:\n- name: me\n  email: m@x\n  url: u\n- name: \"you\\u200b\"\n\
        dependencies:\n- name: sub\n  version: ~1\n  repository: r\n  condition: a.b\n  tags: [x]\n  enabled: true\n  import-values: [data, {child: a, parent: b}]\n  alias: al\n\
        unknown: 1\n";
    let long_dir = "templates/dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";
    vec![
        case("minimal", basic("minimal")),
        case("every-field", {
            let mut f = basic("every-field");
            f[0].1 = chart_yaml("every-field", every_field);
            f.push(("charts/sub/Chart.yaml", chart_yaml("sub", "")));
            f
        }),
        case("files", {
            let mut f = basic("files");
            f.extend([
                (".helmignore", b"*.bak\nsecret/\n# comment\n".to_vec()),
                ("x.bak", b"ignored".to_vec()),
                ("secret/s", b"ignored".to_vec()),
                ("crds/crd.yaml", b"kind: CustomResourceDefinition\n".to_vec()),
                ("values.schema.json", b"{\"type\": \"object\"}".to_vec()),
                ("bom.txt", b"\xef\xbb\xbfbom\n".to_vec()),
                ("templates/_helpers.tpl", b"{{- define \"x\" }}{{ end }}".to_vec()),
                ("templates/.hidden", b"ignored by default".to_vec()),
                ("files/big.txt", "line of text that repeats\n".repeat(5000).into_bytes()),
                ("files/\u{fc}n\u{ef}.txt", b"non-ASCII name".to_vec()),
            ]);
            f
        }),
        case("long-names", {
            let mut f = basic("long-names");
            // Leaked: the case table holds static names, and the test ends soon after.
            for n in [
                format!("{long_dir}/file.yaml"),
                format!("templates/{}.yaml", "n".repeat(110)),
                format!("files/{}/f", "q".repeat(160)),
            ] {
                f.push((Box::leak(n.into_boxed_str()), b"x\n".to_vec()));
            }
            f
        }),
        case("subcharts", {
            let mut f = basic("subcharts");
            f[0].1 = chart_yaml("subcharts", "dependencies:\n- name: folder\n  version: 1.0.0\n  repository: \"\"\n");
            f.extend([
                ("charts/folder/Chart.yaml", chart_yaml("folder", "")),
                ("charts/folder/values.yaml", b"b: 2\n".to_vec()),
                ("charts/_skipped/Chart.yaml", chart_yaml("skipped", "")),
                ("charts/folder.prov", b"signature".to_vec()),
                (
                    "Chart.lock",
                    b"dependencies:\n- name: folder\n  repository: \"\"\n  version: 1.0.0\ndigest: sha256:abc\ngenerated: \"2023-05-06T07:08:09.987654321+02:00\"\n".to_vec(),
                ),
            ]);
            f
        }),
        case("v1-requirements", vec![
            ("Chart.yaml", b"name: v1-requirements\nversion: 0.1.0\n".to_vec()),
            ("requirements.yaml", b"dependencies:\n- name: dep\n  version: 1.0.0\n  repository: http://x\n".to_vec()),
            ("requirements.lock", b"dependencies:\n- name: dep\n  version: 1.0.0\n  repository: http://x\ndigest: d\ngenerated: 2020-01-01T00:00:00Z\n".to_vec()),
            ("charts/dep/Chart.yaml", b"name: dep\nversion: 1.0.0\n".to_vec()),
        ]),
        case("library", {
            let mut f = basic("library");
            f[0].1 = chart_yaml("library", "type: library\n");
            f
        }),
        Case { name: "overrides", files: basic("overrides"), args: &["--version", "3.4.5-rc.1+b", "--app-version", "a b"] },
        Case { name: "bad-version-flag", files: basic("bad-version-flag"), args: &["--version", "x.y"] },
        case("no-chart-yaml", vec![("values.yaml", b"a: 1\n".to_vec())]),
        case("invalid-version", vec![("Chart.yaml", b"apiVersion: v2\nname: x\nversion: one\n".to_vec())]),
        case("invalid-schema", {
            let mut f = basic("invalid-schema");
            f.push(("values.schema.json", b"{bad".to_vec()));
            f
        }),
        case("missing-dependency", {
            let mut f = basic("missing-dependency");
            f[0].1 = chart_yaml("missing-dependency", "dependencies:\n- name: gone\n  version: 1\n  repository: x\n");
            f
        }),
        case("bad-values", {
            let mut f = basic("bad-values");
            f[1].1 = b"a: [\n".to_vec();
            f
        }),
        case("api-v3", vec![("Chart.yaml", b"apiVersion: v3\nname: x\nversion: 1.0.0\n".to_vec())]),
        case("api-unknown", vec![("Chart.yaml", b"apiVersion: v9\nname: x\nversion: 1.0.0\n".to_vec())]),
    ]
}

#[test]
fn archives_and_messages_match_helm_package() {
    let Some(helm) = helm() else { return };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut archives = 0;
    for c in cases() {
        let dir = tmp.path().join(c.name);
        let files: Vec<(&str, &[u8])> = c.files.iter().map(|(n, d)| (*n, d.as_slice())).collect();
        write_files(&dir, &files);
        let want = run(
            &helm,
            tmp.path(),
            &format!("{}-helm", c.name),
            c.name,
            c.args,
        );
        let got = run(
            rudder,
            tmp.path(),
            &format!("{}-rudder", c.name),
            c.name,
            c.args,
        );
        archives += want.1.len();
        if want != got {
            failures.push(format!(
                "{}: helm {:?} / rudder {:?}\n{}\n{}",
                c.name,
                want.1.iter().map(|a| &a.0).collect::<Vec<_>>(),
                got.1.iter().map(|a| &a.0).collect::<Vec<_>>(),
                want.0,
                got.0
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(archives, 8, "the cases that helm packages");
}

#[test]
fn subchart_archives_are_unpacked_into_the_parent() {
    let Some(helm) = helm() else { return };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let tmp = tempfile::tempdir().unwrap();
    write_files(
        &tmp.path().join("sub"),
        &[
            ("Chart.yaml", &chart_yaml("sub", "")),
            ("templates/a.yaml", b"a\n"),
        ],
    );
    let (_, sub) = run(&helm, tmp.path(), "parent/charts", "sub", &[]);
    assert_eq!(sub.len(), 1);
    write_files(
        &tmp.path().join("parent"),
        &[
            ("Chart.yaml", &chart_yaml("parent", "")),
            ("values.yaml", b"a: 1\n"),
        ],
    );
    let want = run(&helm, tmp.path(), "out-helm", "parent", &[]);
    let got = run(rudder, tmp.path(), "out-rudder", "parent", &[]);
    assert_eq!(want, got);
}

#[test]
fn destination_errors_match_helm() {
    let Some(helm) = helm() else { return };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let tmp = tempfile::tempdir().unwrap();
    write_files(
        &tmp.path().join("c"),
        &[("Chart.yaml", &chart_yaml("c", ""))],
    );
    fs::write(tmp.path().join("a-file"), b"").unwrap();
    for dest in ["a-file", "new/nested/dir", "./new/../new/"] {
        fs::remove_dir_all(tmp.path().join("new")).ok();
        let want = run(&helm, tmp.path(), dest, "c", &[]);
        fs::remove_dir_all(tmp.path().join("new")).ok();
        let got = run(rudder, tmp.path(), dest, "c", &[]);
        assert_eq!(want, got, "{dest}");
    }
    let missing = |bin: &Path| {
        let o = Command::new(bin)
            .current_dir(tmp.path())
            .args(["package", "nowhere"])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    assert_eq!(missing(&helm), missing(rudder));
}

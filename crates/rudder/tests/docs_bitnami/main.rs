//! `rudder docs` in Bitnami's format against the real `@bitnami/readme-generator-for-helm`
//! 2.7.2 (installed by `cargo xtask helm`): README and schema bytes, the check's messages
//! and the exit status, on charts written here (each a disagreement once found, reduced)
//! and on random ones.

mod cases;
mod gen;

use std::path::{Path, PathBuf};
use std::process::Command;

use gen::{Words, CUSTOM_WORDS, DEFAULT_WORDS};

/// What a run printed and left behind.
#[derive(Debug, PartialEq)]
struct Run {
    ok: bool,
    /// The check's `Skipping ...` and `ERROR: ...` lines.
    lines: Vec<String>,
    readme: Option<String>,
    schema: Option<String>,
}

fn tool() -> Option<PathBuf> {
    rudder_testkit::installed_reference(
        rudder_testkit::readme_generator_path(),
        "Bitnami's readme-generator 2.7.2",
    )
}

fn run(program: &Path, pre: &[&str], dir: &Path, config: bool) -> Run {
    let mut args: Vec<&str> = pre.to_vec();
    args.extend(["-v", "values.yaml", "-r", "README.md", "-s", "schema.json"]);
    if config {
        args.extend(["-c", "config.json"]);
    }
    let out = Command::new(program)
        .args(&args)
        .current_dir(dir)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    Run {
        ok: out.status.success(),
        lines: stdout
            .lines()
            .filter(|l| l.starts_with("ERROR: ") || l.starts_with("Skipping "))
            .map(String::from)
            .collect(),
        readme: std::fs::read(dir.join("README.md"))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned()),
        schema: std::fs::read(dir.join("schema.json"))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned()),
    }
}

/// A chart folder holding the values, README and (for custom words) config.
fn chart(dir: &Path, values: &str, readme: &str, words: &Words) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("values.yaml"), values).unwrap();
    std::fs::write(dir.join("README.md"), readme).unwrap();
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    )
    .unwrap();
    if words.prefix != DEFAULT_WORDS.prefix {
        std::fs::write(dir.join("config.json"), gen::config_json(words)).unwrap();
    }
}

/// Runs both on a copy each: whether the tool succeeded when they agree, else what differs.
/// A README the tool wrote must also be up to date for `rudder docs --check` on the chart.
fn compare(tool: &Path, values: &str, readme: &str, words: &Words) -> Result<bool, String> {
    let tmp = tempfile::tempdir().unwrap();
    let custom = words.prefix != DEFAULT_WORDS.prefix;
    let (theirs, ours) = (tmp.path().join("tool"), tmp.path().join("rudder"));
    chart(&theirs, values, readme, words);
    chart(&ours, values, readme, words);
    let expected = run(tool, &[], &theirs, custom);
    let got = run(
        Path::new(env!("CARGO_BIN_EXE_rudder")),
        &["docs", "bitnami"],
        &ours,
        custom,
    );
    if expected != got {
        return Err(format!("readme-generator: {expected:#?}\nrudder: {got:#?}"));
    }
    if expected.ok {
        let _ = std::fs::remove_file(theirs.join("schema.json"));
        let mut check = Command::new(env!("CARGO_BIN_EXE_rudder"));
        check.args(["docs", "--check", "--chart-search-root", "tool"]);
        if custom {
            check.args(["--config", "tool/config.json"]);
        }
        let out = check.current_dir(tmp.path()).output().unwrap();
        if !out.status.success() {
            return Err(format!(
                "rudder docs --check finds the tool's README stale:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(expected.ok)
}

#[test]
fn fixture_charts_match_readme_generator() {
    let Some(tool) = tool() else { return };
    let mut failures = Vec::new();
    for (name, values, readme) in cases::CASES {
        let words = if name.starts_with("config") {
            &CUSTOM_WORDS
        } else {
            &DEFAULT_WORDS
        };
        if let Err(diff) = compare(&tool, values, readme, words) {
            failures.push(format!("case {name}:\n{diff}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn random_charts_match_readme_generator() {
    let Some(tool) = tool() else { return };
    let count: u64 = std::env::var("RUDDER_BITNAMI_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(120);
    let (mut failures, mut written) = (Vec::new(), 0);
    for seed in 0..count {
        let words = if seed % 5 == 4 {
            &CUSTOM_WORDS
        } else {
            &DEFAULT_WORDS
        };
        let (values, readme) = gen::chart(seed, words);
        match compare(&tool, &values, &readme, words) {
            Ok(true) => written += 1,
            Ok(false) => {}
            Err(diff) => failures.push(format!(
                "seed {seed}:\n--- values.yaml\n{values}\n--- README.md\n{readme}\n{diff}"
            )),
        }
    }
    eprintln!("{written} of {count} random charts documented, the others refused alike");
    assert!(
        written * 3 > count,
        "too few random charts pass the tool's checks"
    );
    let shown: Vec<&String> = failures.iter().take(3).collect();
    assert!(
        failures.is_empty(),
        "{} of {count} differ; first ones:\n{shown:#?}",
        failures.len()
    );
}

/// A repository with one chart of each kind: each documented in its own format, and
/// `--format` forcing one.
#[test]
fn each_chart_in_its_own_format() {
    let tmp = tempfile::tempdir().unwrap();
    let bitnami = tmp.path().join("charts/bn");
    chart(
        &bitnami,
        "## @section Main\n## @param a The a\na: 1\n",
        "# bn\n\n## Parameters\n",
        &DEFAULT_WORDS,
    );
    let helm = tmp.path().join("charts/hd");
    chart(&helm, "# -- The b\nb: 2\n", "", &DEFAULT_WORDS);
    let docs = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
            .arg("docs")
            .args(args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text.into_owned())
    };
    assert!(docs(&[]).0);
    let bn = std::fs::read_to_string(bitnami.join("README.md")).unwrap();
    assert_eq!(
        bn,
        "# bn\n\n## Parameters\n\n### Main\n\n| Name | Description | Value |\n| ---- | ----------- | ----- |\n| `a`  | The a       | `1`   |\n"
    );
    let hd = std::fs::read_to_string(helm.join("README.md")).unwrap();
    assert!(hd.contains("| b | int | `2` | The b |"), "{hd}");
    assert!(docs(&["--check"]).0);
    let (ok, diff) = docs(&["--check", "--format", "helm-docs"]);
    assert!(!ok && diff.contains("charts/bn/README.md"), "{diff}");
    // helm-docs comments are no metadata: the tool refuses the chart.
    let (ok, out) = docs(&["--dry-run", "--format", "bitnami"]);
    assert!(
        !ok && out.contains("ERROR: Missing metadata for key: b"),
        "{out}"
    );
}

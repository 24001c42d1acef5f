//! rudder's yamale against the real yamale (PyPI, installed by `cargo xtask helm`): seeded
//! random Chart.yaml files under chart-testing's schema, and random documents under a schema
//! that uses the other validators and constraints. The errors must be the same; yamale lists
//! unexpected keys in Python's set order (random from run to run), so those are compared as a
//! set and every other error in order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rudder_lint::yamale::{Schema, CHART_TESTING};
use rudder_testkit::seeded::Seeded;

const YAMALE_VERSION: &str = "6.1.0";
const RANDOM_FILES: usize = 300;

/// A schema with the validators chart-testing's does not use.
const OTHER_SCHEMA: &str = "\
count: int(min=1, max=5, required=False)
ratio: num(min=0.5, max=2, required=False)
level: enum('low', 'high', 1, True, required=False)
tag: regex('^v[0-9]+$', name='version tag', required=False)
word: str(min=2, max=5, exclude='xz', required=False)
prefixed: str(starts_with='ab', ends_with='yz', required=False)
exact: str(equals='Yes', ignore_case=True, required=False)
pattern: str(matches='[a-c]+', required=False)
labels: map(int(), key=regex('^[a-z]+$'), required=False)
items: list(str(), num(), min=1, max=3, required=False)
either: any(int(), include('pair'), required=False)
nothing: null(required=False)
when: day(required=False)
stamp: timestamp(required=False)
release: semver(required=False)
choice: subset(int(), str(), allow_empty=True)
loose: include('pair', strict=False, required=False)
strict: str(required=False, none=False)
---
pair: {left: str(), right: int(required=False)}
";

/// yamale's errors per file (`None`: the file did not load), through its Python API, which
/// its command line wraps.
fn yamale_errors(
    python: &Path,
    schema: &Path,
    files: &[PathBuf],
) -> BTreeMap<String, Option<Vec<String>>> {
    let script = "
import sys, yamale
schema = yamale.make_schema(sys.argv[1])
for path in sys.argv[2:]:
    try:
        results = yamale.validate(schema, yamale.make_data(path), strict=True, _raise_error=False)
        errors = [e for r in results for e in r.errors]
        print(path + '\\x1e' + '\\x1f'.join(errors))
    except Exception:
        print(path + '\\x1e!')
";
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(schema)
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let (path, errors) = line.split_once('\x1e').unwrap();
            let errors = match errors {
                "!" => None,
                "" => Some(Vec::new()),
                errors => Some(errors.split('\x1f').map(str::to_string).collect()),
            };
            (path.to_string(), errors)
        })
        .collect()
}

/// Errors in a comparable form: unexpected keys as a sorted set, the others in order.
fn comparable(errors: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut unexpected, others): (Vec<String>, Vec<String>) = errors
        .iter()
        .cloned()
        .partition(|e| e.ends_with(": Unexpected element"));
    unexpected.sort();
    (unexpected, others)
}

const WORDS: &[&str] = &[
    "web",
    "v2",
    "1.0.0",
    "x",
    "yes",
    "No",
    "on",
    "null",
    "~",
    "2024-01-02",
    "v12",
    "abxyz",
    "abc",
    "ZZ",
];
const NUMBERS: &[&str] = &[
    "1", "0", "7", "-3", "1.5", "1.0", "0.25", "3.0e+2", "0x1F", "010", "1_000", ".inf",
];

fn scalar(r: &mut Seeded) -> String {
    match r.below(8) {
        0 => format!("\"{}\"", r.pick(WORDS)),
        1 => format!("'{}'", r.pick(NUMBERS)),
        2..=4 => r.pick(WORDS).to_string(),
        5 | 6 => r.pick(NUMBERS).to_string(),
        _ => r
            .pick(&[
                "true",
                "false",
                "2024-01-02 10:20:30",
                "2024-02-30",
                "",
                "Yes",
            ])
            .to_string(),
    }
}

fn flow_value(r: &mut Seeded, keys: &[&str], depth: usize) -> String {
    match r.below(if depth < 2 { 6 } else { 4 }) {
        0..=2 => scalar(r),
        3 => {
            let items: Vec<String> = (0..r.below(4)).map(|_| scalar(r)).collect();
            format!("[{}]", items.join(", "))
        }
        4 => {
            let items: Vec<String> = (0..r.below(4))
                .map(|_| flow_value(r, keys, depth + 1))
                .collect();
            format!("[{}]", items.join(", "))
        }
        _ => {
            let pairs: Vec<String> = (0..r.below(4))
                .map(|_| format!("{}: {}", r.pick(keys), flow_value(r, keys, depth + 1)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
    }
}

const CHART_KEYS: &[&str] = &[
    "name",
    "home",
    "version",
    "apiVersion",
    "appVersion",
    "description",
    "keywords",
    "sources",
    "maintainers",
    "dependencies",
    "icon",
    "engine",
    "condition",
    "tags",
    "deprecated",
    "kubeVersion",
    "annotations",
    "type",
    "extra",
];
const ENTRY_KEYS: &[&str] = &[
    "name",
    "email",
    "url",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
    "child",
    "parent",
    "nick",
];

/// A Chart.yaml: mostly the fields chart-testing's schema knows, with values of every type.
fn chart(r: &mut Seeded) -> String {
    let mut out = String::new();
    for key in CHART_KEYS {
        let required = matches!(*key, "name" | "version" | "apiVersion");
        if r.below(if required { 8 } else { 3 }) != 0 && !(required || r.below(2) == 0) {
            continue;
        }
        if !required && r.below(2) == 0 {
            continue;
        }
        let value = match *key {
            "maintainers" | "dependencies" if r.below(3) != 0 => {
                let mut block = String::new();
                for _ in 0..1 + r.below(3) {
                    let mut first = true;
                    for entry_key in ENTRY_KEYS {
                        if r.below(3) != 0 {
                            continue;
                        }
                        block.push_str(if first { "\n- " } else { "\n  " });
                        first = false;
                        block.push_str(&format!("{entry_key}: {}", flow_value(r, ENTRY_KEYS, 0)));
                    }
                    if first {
                        block.push_str("\n- {}");
                    }
                }
                block
            }
            "annotations" if r.below(2) == 0 => format!("\n  a: {}\n  b: {}", scalar(r), scalar(r)),
            _ => format!(" {}", flow_value(r, ENTRY_KEYS, 0)),
        };
        out.push_str(&format!("{key}:{value}\n"));
    }
    out
}

const OTHER_KEYS: &[&str] = &[
    "count", "ratio", "level", "tag", "word", "prefixed", "exact", "pattern", "labels", "items",
    "either", "nothing", "when", "stamp", "release", "choice", "loose", "strict", "left", "right",
];

fn other(r: &mut Seeded) -> String {
    let mut out = String::new();
    for key in OTHER_KEYS {
        if r.below(2) == 0 {
            continue;
        }
        let value = match r.below(4) {
            0 => format!("{{left: {}, right: {}}}", scalar(r), scalar(r)),
            _ => flow_value(r, OTHER_KEYS, 0),
        };
        out.push_str(&format!("{key}: {value}\n"));
    }
    out
}

#[test]
#[allow(clippy::print_stderr)] // the agreement figures and the differences, for the record
fn errors_agree_with_yamale() {
    let environment = rudder_testkit::pypi_tool_environment("yamale", YAMALE_VERSION);
    let Some(yamale) =
        rudder_testkit::installed_reference(environment.join("bin/yamale"), "yamale")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut random = Seeded::new(20261206);
    let mut differences = Vec::new();
    let (mut files_total, mut errors_total, mut failing) = (0, 0, 0);
    for (name, schema_text, generate) in [
        ("chart", CHART_TESTING, chart as fn(&mut Seeded) -> String),
        ("other", OTHER_SCHEMA, other),
    ] {
        let schema_path = dir.path().join(format!("{name}-schema.yaml"));
        std::fs::write(&schema_path, schema_text).unwrap();
        let schema = Schema::parse(schema_text).unwrap();
        let files: Vec<PathBuf> = (0..RANDOM_FILES)
            .map(|i| {
                let path = dir.path().join(format!("{name}-{i:03}.yaml"));
                std::fs::write(&path, generate(&mut random)).unwrap();
                path
            })
            .collect();
        let theirs = yamale_errors(&environment.join("bin/python"), &schema_path, &files);
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let ours = schema.validate_text(&text).ok();
            let theirs = theirs[&file.display().to_string()].clone();
            files_total += 1;
            errors_total += theirs.as_ref().map_or(0, Vec::len);
            failing += usize::from(theirs.as_ref().is_some_and(|e| !e.is_empty()));
            let same = match (&ours, &theirs) {
                (Some(ours), Some(theirs)) => comparable(ours) == comparable(theirs),
                (None, None) => true,
                _ => false,
            };
            if !same {
                differences.push(format!(
                    "{}:\n{text}\n  yamale: {theirs:#?}\n  rudder: {ours:#?}",
                    file.display()
                ));
            }
        }
    }
    // The command line prints the same errors, a tab before each.
    let sample = dir.path().join("chart-sample.yaml");
    std::fs::write(
        &sample,
        "name: 1\nversion: 1.0\nmaintainers: [{email: x}]\n",
    )
    .unwrap();
    let output = Command::new(&yamale)
        .arg("--schema")
        .arg(dir.path().join("chart-schema.yaml"))
        .arg(&sample)
        .output()
        .unwrap();
    let printed: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix('\t').map(str::to_string))
        .collect();
    let ours = Schema::chart_testing()
        .validate_text(&std::fs::read_to_string(&sample).unwrap())
        .unwrap();
    assert_eq!(printed, ours);

    eprintln!(
        "yamale agreement: {files_total} files, {failing} failing, {errors_total} errors from yamale, {} files differ",
        differences.len()
    );
    for difference in differences.iter().take(8) {
        eprintln!("{difference}");
    }
    assert!(differences.is_empty(), "{} differences", differences.len());
}

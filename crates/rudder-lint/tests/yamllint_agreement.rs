//! rudder's yamllint rules against the real yamllint (PyPI, installed by `cargo xtask helm`):
//! the hand-written cases in `tests/yamllint/` (one or more per rule, and each disagreement
//! found once, reduced) and a few hundred seeded random documents, under chart-testing's
//! lintconf.yaml and under configs that set every option another way. The findings (line,
//! column, level, message, in order) must be identical.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rudder_lint::yamllint::{self, config::CHART_TESTING, Config};
use rudder_testkit::seeded::Seeded;

const YAMLLINT_VERSION: &str = "1.38.0";
const RANDOM_DOCUMENTS: usize = 400;

/// Configs that change what chart-testing's leaves at its defaults.
const OTHER_CONFIGS: &[&str] = &[
    "rules:
  braces: {min-spaces-inside: 1, max-spaces-inside: 2, min-spaces-inside-empty: 0, max-spaces-inside-empty: 0}
  brackets: {forbid: non-empty}
  colons: {max-spaces-before: 1, max-spaces-after: -1}
  commas: {max-spaces-before: -1, min-spaces-after: 0, max-spaces-after: 3}
  comments: {require-starting-space: false, min-spaces-from-content: 1}
  empty-lines: {max: 0, max-start: 1, max-end: 1}
  hyphens: {max-spaces-after: 2}
  indentation: {spaces: 2, indent-sequences: true, check-multi-line-strings: true}
  key-duplicates: {forbid-duplicated-merge-keys: true}
  new-lines: {type: dos}
  truthy: {allowed-values: ['yes', 'no', 'true'], check-keys: false, level: error}
",
    "rules:
  truthy: enable
  trailing-spaces: {level: warning}
  indentation: {spaces: 4, indent-sequences: false}
  brackets: {forbid: true}
  braces: {forbid: true}
  new-line-at-end-of-file: enable
  key-duplicates: enable
",
    "rules:
  indentation: {spaces: consistent, indent-sequences: consistent, check-multi-line-strings: true}
  comments: enable
  colons: enable
",
    "rules:
  document-start: enable
  document-end: {present: false}
  line-length: {max: 20, allow-non-breakable-inline-mappings: true}
",
    "rules:
  document-start: {present: false}
  document-end: enable
  line-length: {max: 30, allow-non-breakable-words: false, level: warning}
",
];

/// yamllint's findings by file, as `-f parsable` prints them (with the file's name only).
fn yamllint_findings(
    yamllint: &Path,
    config: &Path,
    files: &[PathBuf],
) -> BTreeMap<String, Vec<String>> {
    let output = Command::new(yamllint)
        .args(["-f", "parsable", "-c"])
        .arg(config)
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let (path, rest) = line.split_once(':').unwrap();
        let name = Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        by_file
            .entry(name.clone())
            .or_default()
            .push(format!("{name}:{rest}"));
    }
    by_file
}

fn rudder_findings(config: &Config, file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    yamllint::lint(&text, config)
        .iter()
        .map(|p| p.parsable(&name))
        .collect()
}

const WORDS: &[&str] = &[
    "a",
    "name",
    "image",
    "tag",
    "port",
    "enabled",
    "key",
    "x",
    "replicaCount",
    "service",
];
const SCALARS: &[&str] = &[
    "1",
    "0.5",
    "true",
    "false",
    "yes",
    "No",
    "on",
    "OFF",
    "~",
    "null",
    "nginx",
    "\"quoted\"",
    "'single'",
    "'it''s'",
    "\"esc\\t\"",
    "two words",
    "http://x:80/y",
    "a#b",
    "\"\"",
    "''",
    "-1",
    "1.0.0",
    "True",
    "y",
    "*anchor",
    "a long value with many words to pass the limit",
    "averylongnonbreakablewordthatgoesonandonandon",
    "http://example.com/a/long/url/without/any/spaces",
];
const COMMENTS: &[&str] = &[
    "# comment",
    "#tight",
    "## double",
    "#!shebang",
    "#",
    "# yamllint disable-line rule:colons",
];

/// A random YAML document: block mappings and sequences at varied indentation, flow
/// collections with varied spacing, comments, quotes, truthy values, repeated keys, document
/// markers, block scalars, blank lines, trailing spaces, and sometimes no final newline.
fn document(r: &mut Seeded) -> String {
    let mut out = String::new();
    for _ in 0..r.below(3) {
        match r.below(6) {
            0 => out.push('\n'),
            1 => out.push_str("---\n"),
            2 => out.push_str("%YAML 1.2\n---\n"),
            _ => {
                out.push_str(r.pick(COMMENTS));
                out.push('\n');
            }
        }
    }
    mapping(r, &mut out, 0, 0);
    match r.below(8) {
        0 => out.push_str("...\n"),
        1 => {
            out.push_str("---\n");
            mapping(r, &mut out, 0, 0);
        }
        2 => out.push_str("\n\n"),
        3 => {
            while out.ends_with('\n') {
                out.pop();
            }
        }
        _ => {}
    }
    out
}

fn spaces(r: &mut Seeded, weights: &[&str]) -> String {
    r.pick(weights).to_string()
}

fn line_end(r: &mut Seeded, out: &mut String) {
    match r.below(14) {
        0 => out.push_str("  "),
        1 => {
            out.push_str(r.pick(&[" ", "  ", "   "]));
            out.push_str(r.pick(COMMENTS));
        }
        2 => out.push('\t'),
        _ => {}
    }
    out.push('\n');
    match r.below(12) {
        0 => out.push('\n'),
        1 => out.push_str("\n\n\n"),
        2 => {
            out.push_str(&" ".repeat(r.below(6)));
            out.push_str(r.pick(COMMENTS));
            out.push('\n');
        }
        _ => {}
    }
}

fn flow(r: &mut Seeded, depth: usize) -> String {
    let inside = ["", "", " ", "  "];
    let (open_in, close_in) = (spaces(r, &inside), spaces(r, &inside));
    let comma = |r: &mut Seeded| {
        format!(
            "{},{}",
            r.pick(&["", "", " "]),
            r.pick(&[" ", " ", "", "  "])
        )
    };
    let n = r.below(4);
    let mut items = Vec::new();
    for _ in 0..n {
        let item = if depth < 2 && r.below(5) == 0 {
            flow(r, depth + 1)
        } else {
            r.pick(SCALARS).trim_start_matches('*').to_string()
        };
        items.push(item);
    }
    if r.below(2) == 0 {
        let mut text = format!("[{open_in}");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                text.push_str(&comma(r));
            }
            text.push_str(item);
        }
        text.push_str(&close_in);
        text.push(']');
        text
    } else {
        let mut text = format!("{{{open_in}");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                text.push_str(&comma(r));
            }
            let key = r.pick(WORDS);
            text.push_str(&format!("{key}:{}{item}", r.pick(&[" ", " ", "  "])));
        }
        text.push_str(&close_in);
        text.push('}');
        text
    }
}

fn mapping(r: &mut Seeded, out: &mut String, indent: usize, depth: usize) {
    let step = [2, 2, 2, 4, 3][r.below(5)];
    let entries = 1 + r.below(5);
    for _ in 0..entries {
        let pad = if r.below(25) == 0 { indent + 1 } else { indent };
        out.push_str(&" ".repeat(pad));
        let key = match r.below(10) {
            0 => format!("\"{}\"", r.pick(WORDS)),
            1 => r.pick(&["yes", "on", "true", "<<"]).to_string(),
            _ => r.pick(WORDS).to_string(),
        };
        out.push_str(&key);
        out.push_str(r.pick(&[":", ":", ":", ":", " :"]));
        match r.below(if depth < 3 { 10 } else { 5 }) {
            0..=2 => {
                out.push_str(r.pick(&[" ", " ", " ", "  "]));
                if r.below(8) == 0 {
                    out.push_str("&anchor ");
                }
                out.push_str(r.pick(SCALARS));
                line_end(r, out);
            }
            3 => {
                out.push_str(r.pick(&[" ", " ", "   "]));
                out.push_str(&flow(r, 0));
                line_end(r, out);
            }
            4 => {
                out.push_str(r.pick(&[" |", " >", " |-", " >+", " |2"]));
                out.push('\n');
                let body = indent + step;
                for _ in 0..1 + r.below(3) {
                    let extra = if r.below(6) == 0 { 1 } else { 0 };
                    out.push_str(&" ".repeat(body + extra));
                    out.push_str(r.pick(&["text", "more text", "x: y", "# not a comment"]));
                    out.push('\n');
                }
                if r.below(4) == 0 {
                    out.push('\n');
                }
            }
            5 | 6 => {
                line_end(r, out);
                mapping(r, out, indent + step, depth + 1);
            }
            _ => {
                line_end(r, out);
                let dash_indent = if r.below(2) == 0 {
                    indent
                } else {
                    indent + step
                };
                sequence(r, out, dash_indent, depth + 1);
            }
        }
    }
}

fn sequence(r: &mut Seeded, out: &mut String, indent: usize, depth: usize) {
    for _ in 0..1 + r.below(3) {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        out.push_str(r.pick(&[" ", " ", " ", "  "]));
        match r.below(4) {
            0 if depth < 4 => {
                // A mapping inside the entry: its first key on the dash's line.
                let inner = out.len();
                mapping(r, out, indent + 2, depth + 1);
                let first_line_pad =
                    out[inner..].len() - out[inner..].trim_start_matches(' ').len();
                out.replace_range(inner..inner + first_line_pad, "");
            }
            1 => {
                out.push_str(&flow(r, 0));
                line_end(r, out);
            }
            _ => {
                out.push_str(r.pick(SCALARS));
                line_end(r, out);
            }
        }
    }
}

/// The hand-written cases and the random documents, written into `dir`.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/yamllint");
    let mut files = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for case in names {
        let target = dir.join(case.file_name().unwrap());
        std::fs::copy(&case, &target).unwrap();
        files.push(target);
    }
    let mut random = Seeded::new(20261206);
    for i in 0..RANDOM_DOCUMENTS {
        let path = dir.join(format!("random-{i:03}.yaml"));
        std::fs::write(&path, document(&mut random)).unwrap();
        files.push(path);
    }
    files
}

#[test]
#[allow(clippy::print_stderr)] // the agreement figures and the differences, for the record
fn findings_agree_with_yamllint() {
    let Some(yamllint) = rudder_testkit::installed_reference(
        rudder_testkit::pypi_tool_environment("yamllint", YAMLLINT_VERSION).join("bin/yamllint"),
        "yamllint",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(dir.path());
    let mut differences = Vec::new();
    let mut findings = 0;
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let configs = std::iter::once(CHART_TESTING).chain(OTHER_CONFIGS.iter().copied());
    for (n, config_text) in configs.enumerate() {
        let config_path = dir.path().join(format!("config-{n}.conf"));
        std::fs::write(&config_path, config_text).unwrap();
        let config = Config::parse(config_text).unwrap();
        let theirs = yamllint_findings(&yamllint, &config_path, &files);
        for file in &files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let ours = rudder_findings(&config, file);
            let theirs = theirs.get(&name).cloned().unwrap_or_default();
            findings += theirs.len();
            for line in &theirs {
                let rule = line
                    .rsplit_once(" (")
                    .map_or("", |(_, r)| r.trim_end_matches(')'));
                *by_rule.entry(rule.to_string()).or_default() += 1;
            }
            if ours != theirs {
                differences.push(format!(
                    "config {n}, {name}:\n  yamllint: {theirs:#?}\n  rudder:   {ours:#?}"
                ));
            }
        }
    }
    eprintln!(
        "yamllint agreement: {} files x {} configs, {findings} findings from yamllint, {} files differ",
        files.len(),
        OTHER_CONFIGS.len() + 1,
        differences.len()
    );
    eprintln!("yamllint findings by rule: {by_rule:?}");
    for difference in differences.iter().take(10) {
        eprintln!("{difference}");
    }
    if !differences.is_empty() {
        // Keep the corpus for reducing the differences.
        let kept = dir.keep();
        panic!(
            "{} differences; corpus kept in {}",
            differences.len(),
            kept.display()
        );
    }
}

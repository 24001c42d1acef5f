//! Whole-suite operations: generate goldens with helm, check them for drift, and run rudder on
//! every case against the goldens and the expected-failures list.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::cases::Case;
use crate::compare::{compare, first_difference};
use crate::golden::{self, Outcome, Recorded};
use crate::runner::run_template;

/// Runs `f` on every case on a few threads, keeping the cases' order in the result.
pub fn run_parallel<T: Send>(cases: &[Case], f: impl Fn(&Case) -> T + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..cases.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                let r = f(case);
                results.lock().expect("no poisoned lock")[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .expect("no poisoned lock")
        .into_iter()
        .map(|r| r.expect("every case ran"))
        .collect()
}

/// Runs helm on every case and returns the golden text of each suite (`.cases` file).
pub fn generate(helm: &Path, cases: &[Case]) -> Result<BTreeMap<String, String>> {
    let outcomes = run_parallel(cases, |c| run_template(helm, c));
    let mut by_suite: BTreeMap<String, Vec<Recorded>> = BTreeMap::new();
    for (case, outcome) in cases.iter().zip(outcomes) {
        by_suite
            .entry(case.suite.clone())
            .or_default()
            .push(Recorded {
                case: case.name.clone(),
                outcome: outcome?,
            });
    }
    Ok(by_suite
        .into_iter()
        .map(|(suite, records)| (suite, golden::render(&records)))
        .collect())
}

/// The golden file of a suite under a golden folder.
pub fn golden_path(dir: &Path, suite: &str) -> std::path::PathBuf {
    dir.join(format!("{suite}.golden"))
}

/// Compares freshly generated goldens with the committed ones, through each case's filters.
/// Returns one message per drifting case or file (empty = no drift). With `check_orphans`,
/// committed goldens without a `.cases` file are reported too (only meaningful for a full run).
pub fn drift(
    committed_dir: &Path,
    fresh: &BTreeMap<String, String>,
    cases: &[Case],
    check_orphans: bool,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for (suite, text) in fresh {
        let path = golden_path(committed_dir, suite);
        let Ok(old) = fs::read_to_string(&path) else {
            problems.push(format!("{suite}: no committed golden {}", path.display()));
            continue;
        };
        let old = index(golden::parse(&old).with_context(|| path.display().to_string())?);
        let new = index(golden::parse(text)?);
        for case in cases.iter().filter(|c| &c.suite == suite) {
            let (Some(want), Some(got)) = (old.get(&case.name), new.get(&case.name)) else {
                problems.push(format!("{}: missing from the committed golden", case.id));
                continue;
            };
            if let Some(d) = compare(&case.filters, want, got)? {
                problems.push(format!("{}: {d}", case.id));
            } else if case.filters.is_empty() {
                // Unfiltered cases must match exactly, warnings on stderr included.
                if let Some(d) = first_difference(&want.stderr, &got.stderr) {
                    problems.push(format!("{}: stderr differs: {d}", case.id));
                }
            }
        }
        for name in old.keys().filter(|n| !new.contains_key(*n)) {
            problems.push(format!(
                "{suite}:{name}: in the committed golden but not a case"
            ));
        }
    }
    if check_orphans {
        let mut committed = Vec::new();
        list_goldens(committed_dir, committed_dir, &mut committed)?;
        for suite in committed.iter().filter(|s| !fresh.contains_key(*s)) {
            problems.push(format!("{suite}: committed golden without a .cases file"));
        }
    }
    Ok(problems)
}

fn index(records: Vec<Recorded>) -> BTreeMap<String, Outcome> {
    records.into_iter().map(|r| (r.case, r.outcome)).collect()
}

fn list_goldens(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_goldens(base, &path, out)?;
        } else if let Some(rel) = path
            .strip_prefix(base)
            .ok()
            .and_then(|p| p.to_str())
            .and_then(|p| p.strip_suffix(".golden"))
        {
            out.push(rel.replace('\\', "/"));
        }
    }
    Ok(())
}

/// The outcome of running rudder on one case.
#[derive(Debug)]
pub struct CaseResult {
    pub id: String,
    /// `None` when rudder agrees with helm, else the first difference.
    pub failure: Option<String>,
}

/// Runs `rudder` on every case and compares with the committed goldens.
pub fn run_rudder(rudder: &Path, golden_dir: &Path, cases: &[Case]) -> Result<Vec<CaseResult>> {
    let mut goldens: BTreeMap<String, BTreeMap<String, Outcome>> = BTreeMap::new();
    for case in cases {
        if !goldens.contains_key(&case.suite) {
            let path = golden_path(golden_dir, &case.suite);
            let text = fs::read_to_string(&path).unwrap_or_default();
            let parsed = golden::parse(&text).with_context(|| path.display().to_string())?;
            goldens.insert(case.suite.clone(), index(parsed));
        }
    }
    let results = run_parallel(cases, |case| {
        let failure = match goldens[&case.suite].get(&case.name) {
            None => Some("no golden: run `cargo xtask goldens`".to_string()),
            Some(want) => match run_template(rudder, case) {
                Err(e) => Some(format!("could not run: {e:#}")),
                Ok(got) => {
                    compare(&case.filters, want, &got).unwrap_or_else(|e| Some(format!("{e:#}")))
                }
            },
        };
        CaseResult {
            id: case.id.clone(),
            failure,
        }
    });
    Ok(results)
}

/// The expected-failures list: case id → reason.
pub fn read_expected_failures(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = fs::read_to_string(path).unwrap_or_default();
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, reason)) => (id.to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect())
}

/// A verdict on a run: which results contradict the expected-failures list.
pub struct Verdict {
    pub passed: usize,
    pub total: usize,
    pub expected_failures: usize,
    /// Failing cases not listed, passing cases still listed, listed ids that are not cases.
    pub problems: Vec<String>,
}

pub fn judge(
    results: &[CaseResult],
    expected: &BTreeMap<String, String>,
    cases: &[Case],
) -> Verdict {
    let mut problems = Vec::new();
    let mut passed = 0;
    let mut expected_failures = 0;
    for r in results {
        match (&r.failure, expected.contains_key(&r.id)) {
            (None, false) => passed += 1,
            (None, true) => {
                passed += 1;
                problems.push(format!(
                    "{}: passes now; remove it from expected-failures.txt",
                    r.id
                ));
            }
            (Some(_), true) => expected_failures += 1,
            (Some(d), false) => problems.push(format!("{}: {d}", r.id)),
        }
    }
    let ids: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    let suites: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.suite.as_str()).collect();
    for id in expected.keys() {
        let suite = id.split_once(':').map(|(s, _)| s).unwrap_or(id);
        if suites.contains(suite) && !ids.contains(id.as_str()) {
            problems.push(format!(
                "{id}: listed in expected-failures.txt but no such case"
            ));
        }
    }
    Verdict {
        passed,
        total: results.len(),
        expected_failures,
        problems,
    }
}

/// Rewrites the expected-failures list from a run: failing cases keep their reason, new ones get
/// the first difference as reason, passing ones are removed. Entries of suites not run are kept.
pub fn write_expected_failures(path: &Path, results: &[CaseResult], cases: &[Case]) -> Result<()> {
    let old = read_expected_failures(path)?;
    let mut list = old.clone();
    let suites: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.suite.as_str()).collect();
    list.retain(|id, _| !suites.contains(id.split_once(':').map(|(s, _)| s).unwrap_or(id)));
    for r in results {
        if let Some(d) = &r.failure {
            let reason = old
                .get(&r.id)
                .cloned()
                .unwrap_or_else(|| d.chars().take(160).collect());
            list.insert(r.id.clone(), reason.replace('\n', " "));
        }
    }
    let mut text = String::from(
        "# Cases rudder does not pass yet: `<case id>  <reason>`, one per line.\n\
         # Maintained by `cargo xtask expected-failures`; the golden test fails when this list is wrong.\n",
    );
    for (id, reason) in list {
        text.push_str(&format!("{id}  {reason}\n"));
    }
    fs::write(path, text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{parse_cases, ChartSource};

    /// The drift check is what keeps goldens honest: a hand edit must be caught.
    #[test]
    fn drift_check_catches_a_hand_edited_golden() {
        let cases = parse_cases(
            "cases/x/y",
            "=== a\nv: 1\n=== b\nv: 2\n",
            ChartSource::Snippet,
        )
        .unwrap();
        let outcome = |s: &str| Outcome {
            exit: 0,
            stdout: s.into(),
            stderr: String::new(),
        };
        let text = golden::render(&[
            Recorded {
                case: "a".into(),
                outcome: outcome("---\nv: 1\n"),
            },
            Recorded {
                case: "b".into(),
                outcome: outcome("---\nv: 2\n"),
            },
        ]);
        let fresh: BTreeMap<String, String> = [("cases/x/y".to_string(), text.clone())].into();
        let dir = tempfile::tempdir().unwrap();
        let path = golden_path(dir.path(), "cases/x/y");
        fs::create_dir_all(path.parent().unwrap()).unwrap();

        fs::write(&path, &text).unwrap();
        assert!(drift(dir.path(), &fresh, &cases, true).unwrap().is_empty());

        fs::write(&path, text.replace("v: 2", "v: 3")).unwrap();
        assert_eq!(
            drift(dir.path(), &fresh, &cases, true).unwrap(),
            vec![
                "cases/x/y:b: stdout differs: line 2: expected \"v: 3\\n\", got \"v: 2\\n\""
                    .to_string()
            ]
        );

        fs::write(&path, &text).unwrap();
        fs::write(golden_path(dir.path(), "cases/x/orphan"), "").unwrap();
        assert_eq!(
            drift(dir.path(), &fresh, &cases, true).unwrap(),
            vec!["cases/x/orphan: committed golden without a .cases file".to_string()]
        );
    }

    #[test]
    fn verdict_flags_unlisted_failures_and_stale_entries() {
        let cases =
            parse_cases("cases/x/y", "=== a\n=== b\n=== c\n", ChartSource::Snippet).unwrap();
        let r = |id: &str, f: Option<&str>| CaseResult {
            id: id.into(),
            failure: f.map(String::from),
        };
        let results = vec![
            r("cases/x/y:a", None),
            r("cases/x/y:b", Some("d")),
            r("cases/x/y:c", Some("d")),
        ];
        let expected: BTreeMap<String, String> = [
            ("cases/x/y:a".to_string(), "old".to_string()),
            ("cases/x/y:c".to_string(), "why".to_string()),
            ("cases/x/y:gone".to_string(), "why".to_string()),
        ]
        .into();
        let v = judge(&results, &expected, &cases);
        assert_eq!((v.passed, v.total, v.expected_failures), (1, 3, 1));
        assert_eq!(v.problems.len(), 3, "{:?}", v.problems);
    }
}

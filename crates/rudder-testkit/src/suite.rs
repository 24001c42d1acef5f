//! Whole-suite operations: record goldens with a reference tool, read them back, check a run of
//! any binary against them, and keep the expected-failures list.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::cases::Case;
use crate::compare::compare;
use crate::golden::{self, Outcome, Recorded};
use crate::reference::{Reference, DEFAULT_REFERENCE, REFERENCES};
use crate::runner::run_case;

/// Runs `f` on every item on a few threads, keeping the items' order in the result.
pub fn run_parallel<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().expect("no poisoned lock")[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .expect("no poisoned lock")
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}

/// Runs a reference tool's `binary` on the cases it records and returns the golden text of
/// each suite (`.cases` file).
pub fn generate(
    reference: &Reference,
    binary: &Path,
    cases: &[Case],
) -> Result<BTreeMap<String, String>> {
    let recorded: Vec<Case> = cases
        .iter()
        .filter(|c| c.references.contains(&reference))
        .cloned()
        .collect();
    let outcomes = run_parallel(&recorded, |c| run_case(binary, &[], c));
    let mut by_suite: BTreeMap<String, Vec<Recorded>> = BTreeMap::new();
    for (case, outcome) in recorded.iter().zip(outcomes) {
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
pub fn golden_path(dir: &Path, suite: &str) -> PathBuf {
    dir.join(format!("{suite}.golden"))
}

/// One check of the harness: a case as one reference recorded it.
#[derive(Clone, Debug)]
pub struct Check {
    pub case: Case,
    pub reference: &'static Reference,
}

impl Check {
    /// Every (case, reference) pair, in case order.
    pub fn all(cases: &[Case]) -> Vec<Check> {
        cases
            .iter()
            .flat_map(|case| {
                case.references.iter().map(|reference| Check {
                    case: case.clone(),
                    reference,
                })
            })
            .collect()
    }

    /// The case id, followed by `@<reference>` for a reference other than the default: the
    /// test's name and its key in `expected-failures.txt`.
    pub fn key(&self) -> String {
        if self.reference == DEFAULT_REFERENCE {
            self.case.id.clone()
        } else {
            format!("{}@{}", self.case.id, self.reference.id())
        }
    }
}

/// The committed goldens of the checks' suites, by (reference id, suite), then case name.
pub struct Goldens(BTreeMap<(String, String), BTreeMap<String, Outcome>>);

impl Goldens {
    /// Reads the golden files the checks need (a missing file holds no cases).
    pub fn load(checks: &[Check]) -> Result<Goldens> {
        let mut all = BTreeMap::new();
        for check in checks {
            let key = (check.reference.id(), check.case.suite.clone());
            if all.contains_key(&key) {
                continue;
            }
            let path = golden_path(&check.reference.golden_dir(), &check.case.suite);
            let text = fs::read_to_string(&path).unwrap_or_default();
            let parsed = golden::parse(&text).with_context(|| path.display().to_string())?;
            all.insert(key, index(parsed));
        }
        Ok(Goldens(all))
    }

    /// The recorded outcome of a check.
    pub fn get(&self, check: &Check) -> Option<&Outcome> {
        self.0
            .get(&(check.reference.id(), check.case.suite.clone()))?
            .get(&check.case.name)
    }

    /// Compares a run of `binary` (with global `flags`) on the check's case with the recorded
    /// outcome: `None` when they agree, else the first difference.
    pub fn verify(&self, check: &Check, binary: &Path, flags: &[&str]) -> Option<String> {
        let Some(want) = self.get(check) else {
            return Some(format!(
                "no golden: run `cargo xtask goldens {}`",
                check.case.suite
            ));
        };
        match run_case(binary, flags, &check.case) {
            Err(e) => Some(format!("could not run: {e:#}")),
            Ok(got) => {
                compare(&check.case.filters, want, &got).unwrap_or_else(|e| Some(format!("{e:#}")))
            }
        }
    }
}

/// Golden files and recorded cases that no `.cases` file asks for (only meaningful when
/// `cases` are all the cases).
pub fn orphans(cases: &[Case]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for reference in REFERENCES {
        problems.extend(orphans_in(&reference.golden_dir(), reference, cases)?);
    }
    Ok(problems)
}

fn orphans_in(dir: &Path, reference: &Reference, cases: &[Case]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut committed = Vec::new();
    list_goldens(dir, dir, &mut committed)?;
    committed.sort();
    for suite in committed {
        let wanted: Vec<&Case> = cases
            .iter()
            .filter(|c| c.suite == suite && c.references.contains(&reference))
            .collect();
        let id = reference.id();
        if wanted.is_empty() {
            problems.push(format!(
                "{id}/{suite}.golden: no .cases file asks {id} for it"
            ));
            continue;
        }
        let path = golden_path(dir, &suite);
        let recorded = golden::parse(&fs::read_to_string(&path)?)
            .with_context(|| path.display().to_string())?;
        for r in recorded
            .iter()
            .filter(|r| !wanted.iter().any(|c| c.name == r.case))
        {
            problems.push(format!(
                "{id}/{suite}.golden: records {}, which is not a case",
                r.case
            ));
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

/// The outcome of running rudder on one check.
#[derive(Debug)]
pub struct CheckResult {
    pub key: String,
    /// `None` when rudder agrees with the reference, else the first difference.
    pub failure: Option<String>,
}

/// Runs `rudder` on every check and compares with the committed goldens.
pub fn run_rudder(rudder: &Path, checks: &[Check]) -> Result<Vec<CheckResult>> {
    let goldens = Goldens::load(checks)?;
    Ok(run_parallel(checks, |check| CheckResult {
        key: check.key(),
        failure: goldens.verify(check, rudder, check.reference.rudder_flags),
    }))
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

/// Whether a check's result agrees with the expected-failures list: `Ok(None)` passes,
/// `Ok(Some(reason))` is an expected failure, `Err` names the disagreement.
pub fn judge(failure: Option<String>, expected: Option<&String>) -> Result<Option<String>, String> {
    match (failure, expected) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err("passes now; remove it from expected-failures.txt".to_string()),
        (Some(_), Some(reason)) => Ok(Some(reason.clone())),
        (Some(d), None) => Err(d),
    }
}

/// Entries of the expected-failures list that name no check although their suite ran.
pub fn stale_expected_failures(
    expected: &BTreeMap<String, String>,
    checks: &[Check],
) -> Vec<String> {
    let keys: BTreeSet<String> = checks.iter().map(Check::key).collect();
    let suites: BTreeSet<&str> = checks.iter().map(|c| c.case.suite.as_str()).collect();
    expected
        .keys()
        .filter(|key| suites.contains(suite_of(key)) && !keys.contains(*key))
        .map(|key| format!("{key}: listed in expected-failures.txt but no such case"))
        .collect()
}

/// The suite part of a check key (`<suite>:<name>[@<reference>]`).
fn suite_of(key: &str) -> &str {
    key.split_once(':').map(|(s, _)| s).unwrap_or(key)
}

/// Rewrites the expected-failures list from a run: failing cases keep their reason, new ones get
/// the first difference as reason, passing ones are removed. Entries of suites not run are kept.
pub fn write_expected_failures(
    path: &Path,
    results: &[CheckResult],
    checks: &[Check],
) -> Result<()> {
    let old = read_expected_failures(path)?;
    let mut list = old.clone();
    let suites: BTreeSet<&str> = checks.iter().map(|c| c.case.suite.as_str()).collect();
    list.retain(|key, _| !suites.contains(suite_of(key)));
    for r in results {
        if let Some(d) = &r.failure {
            let reason = old
                .get(&r.key)
                .cloned()
                .unwrap_or_else(|| d.chars().take(160).collect());
            list.insert(r.key.clone(), reason.replace('\n', " "));
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

    #[test]
    fn goldens_without_their_case_are_found() {
        let cases = parse_cases("cases/x/y", "=== a\n", ChartSource::Snippet).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = golden_path(dir.path(), "cases/x/y");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let record = |name: &str| Recorded {
            case: name.into(),
            outcome: Outcome::default(),
        };
        fs::write(&path, golden::render(&[record("a")])).unwrap();
        assert!(orphans_in(dir.path(), DEFAULT_REFERENCE, &cases)
            .unwrap()
            .is_empty());
        fs::write(&path, golden::render(&[record("a"), record("b")])).unwrap();
        fs::write(golden_path(dir.path(), "cases/x/old"), "").unwrap();
        assert_eq!(
            orphans_in(dir.path(), DEFAULT_REFERENCE, &cases).unwrap(),
            vec![
                "helm-4.1.4/cases/x/old.golden: no .cases file asks helm-4.1.4 for it",
                "helm-4.1.4/cases/x/y.golden: records b, which is not a case"
            ]
        );
    }

    #[test]
    fn expected_failures_are_judged_both_ways() {
        let why = "why".to_string();
        assert_eq!(judge(None, None), Ok(None));
        assert_eq!(judge(Some("d".into()), Some(&why)), Ok(Some(why.clone())));
        assert_eq!(judge(Some("d".into()), None), Err("d".to_string()));
        assert!(judge(None, Some(&why)).unwrap_err().contains("passes now"));
    }

    #[test]
    fn stale_entries_are_those_of_suites_that_ran() {
        let text = "references: helm-4.1.4 helm-3.17.2\n=== a\n";
        let checks = Check::all(&parse_cases("cases/x/y", text, ChartSource::Snippet).unwrap());
        let keys: Vec<String> = checks.iter().map(Check::key).collect();
        assert_eq!(keys, vec!["cases/x/y:a", "cases/x/y:a@helm-3.17.2"]);
        let expected: BTreeMap<String, String> = [
            ("cases/x/y:a@helm-3.17.2".to_string(), "why".to_string()),
            ("cases/x/y:gone".to_string(), "why".to_string()),
            ("cases/other:b".to_string(), "not run".to_string()),
        ]
        .into();
        assert_eq!(
            stale_expected_failures(&expected, &checks),
            vec!["cases/x/y:gone: listed in expected-failures.txt but no such case".to_string()]
        );
    }
}

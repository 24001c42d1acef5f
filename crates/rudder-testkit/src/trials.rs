//! The harness as tests: each check (a case as one reference recorded it) is its own
//! `libtest-mimic` trial named by its key, so a failure names its case and
//! `cargo test ... -- cases/gotmpl/range:map-order` runs one case.

use std::path::PathBuf;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use crate::cases;
use crate::reference::Reference;
use crate::suite::{self, Check, Goldens};

/// `RUDDER_CASES=cases/gotmpl,charts`: only the `.cases` files under these `testdata/` paths.
const CASES_VARIABLE: &str = "RUDDER_CASES";
/// Set (as `cargo xtask ci` does): a missing reference binary fails its checks instead of
/// skipping them.
pub(crate) const REQUIRE_VARIABLE: &str = "RUDDER_REQUIRE_REFERENCES";

/// The checks of the cases selected by `RUDDER_CASES` (all by default); the second value tells
/// whether that is every case.
pub fn selected_checks() -> Result<(Vec<Check>, bool), Failed> {
    let prefixes: Vec<String> = std::env::var(CASES_VARIABLE)
        .map(|v| {
            v.split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let cases = cases::discover(&crate::testdata_dir(), &prefixes)
        .map_err(|e| format!("reading the cases: {e:#}"))?;
    if cases.is_empty() {
        return Err(format!("{CASES_VARIABLE}={prefixes:?} selects no .cases file").into());
    }
    Ok((Check::all(&cases), prefixes.is_empty()))
}

/// One trial per check: `binary` (rudder) must agree with the recorded outcome, or fail as
/// `testdata/expected-failures.txt` says; one more trial checks that list's entries exist.
pub fn rudder_trials(binary: PathBuf, checks: &[Check]) -> Result<Vec<Trial>, Failed> {
    let goldens = std::sync::Arc::new(Goldens::load(checks).map_err(|e| format!("{e:#}"))?);
    let list = crate::testdata_dir().join("expected-failures.txt");
    let expected = suite::read_expected_failures(&list).map_err(|e| format!("{e:#}"))?;
    let stale = suite::stale_expected_failures(&expected, checks);
    let mut trials: Vec<Trial> = checks
        .iter()
        .map(|check| {
            let goldens = goldens.clone();
            let binary = binary.clone();
            let check = check.clone();
            let expected = expected.get(&check.key()).cloned();
            Trial::ignorable_test(check.key(), move || {
                let failure = goldens.verify(&check, &binary, check.reference.rudder_flags);
                match suite::judge(failure, expected.as_ref()) {
                    Ok(None) => Ok(Completion::Completed),
                    Ok(Some(reason)) => Ok(Completion::ignored_with(format!(
                        "expected failure: {reason}"
                    ))),
                    Err(message) => Err(message.into()),
                }
            })
        })
        .collect();
    trials.push(Trial::test("testdata/expected-failures.txt", move || {
        problems(stale)
    }));
    Ok(trials)
}

/// One trial per check: the reference tool, run again, must produce what its golden holds
/// (through the case's filters). A reference that is not installed skips its checks, unless
/// `RUDDER_REQUIRE_REFERENCES` is set. With `all`, one more trial checks that every golden
/// file and record belongs to a case.
pub fn drift_trials(checks: &[Check], all: bool) -> Result<Vec<Trial>, Failed> {
    let goldens = std::sync::Arc::new(Goldens::load(checks).map_err(|e| format!("{e:#}"))?);
    let require = std::env::var_os(REQUIRE_VARIABLE).is_some();
    let mut trials: Vec<Trial> = checks
        .iter()
        .map(|check| {
            let goldens = goldens.clone();
            let check = check.clone();
            Trial::ignorable_test(check.key(), move || {
                let binary = check.reference.binary();
                if !binary.exists() {
                    let missing = not_installed(check.reference);
                    return match require {
                        true => Err(missing.into()),
                        false => Ok(Completion::ignored_with(missing)),
                    };
                }
                match goldens.verify(&check, &binary, &[]) {
                    None => Ok(Completion::Completed),
                    Some(d) => Err(format!(
                        "{d}\n(goldens are exactly what {} produces: `cargo xtask goldens {}` \
                         records them again)",
                        check.reference.id(),
                        check.case.suite
                    )
                    .into()),
                }
            })
        })
        .collect();
    if all {
        let orphans = suite::orphans(&checks.iter().map(|c| c.case.clone()).collect::<Vec<_>>())
            .map_err(|e| format!("{e:#}"))?;
        trials.push(Trial::test("testdata/golden", move || problems(orphans)));
    }
    Ok(trials)
}

/// The notice for a reference binary that is not installed.
pub fn not_installed(reference: &Reference) -> String {
    format!(
        "{} is not installed at {}; `cargo xtask helm` installs it",
        reference.id(),
        reference.binary().display()
    )
}

fn problems(list: Vec<String>) -> Result<(), Failed> {
    match list.is_empty() {
        true => Ok(()),
        false => Err(list.join("\n").into()),
    }
}

/// Runs the trials with the command line's test arguments and exits. A filter that matches no
/// trial is an error (a mistyped case id would otherwise pass as "0 of 0").
pub fn run(trials: Result<Vec<Trial>, Failed>) -> ! {
    let trials = match trials {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", e.message().unwrap_or("the harness failed"));
            std::process::exit(101);
        }
    };
    let args = Arguments::from_args();
    if let Some(filter) = &args.filter {
        if trials.iter().all(|t| args.is_filtered_out(t)) {
            eprintln!(
                "error: no case matches the filter {filter:?} (case ids look like \
                 `cases/gotmpl/range:map-order`; other tests of the crate run with `--lib` or \
                 `--test NAME`)"
            );
            std::process::exit(101);
        }
    }
    libtest_mimic::run(&args, trials).exit()
}

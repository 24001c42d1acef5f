//! Runs rudder on every golden case (helm's recorded outcomes) and checks the result against
//! `testdata/expected-failures.txt`. `RUDDER_CASES=cases/gotmpl,charts` narrows the run.

use std::path::Path;

use rudder_testkit::{cases, golden_dir, suite, testdata_dir};

#[test]
fn rudder_matches_helm_on_every_case() {
    let prefixes: Vec<String> = std::env::var("RUDDER_CASES")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let cases = cases::discover(&testdata_dir(), &prefixes).expect("case files parse");
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let results = suite::run_rudder(rudder, &golden_dir(), &cases).expect("goldens readable");
    let expected = suite::read_expected_failures(&testdata_dir().join("expected-failures.txt"))
        .expect("expected-failures.txt readable");
    let verdict = suite::judge(&results, &expected, &cases);
    eprintln!(
        "golden cases: passed {} of {} ({} expected failures)",
        verdict.passed, verdict.total, verdict.expected_failures
    );
    assert!(
        verdict.problems.is_empty(),
        "{} case(s) disagree with the expected-failures list \
         (update it with `cargo xtask expected-failures` only when the change is intended):\n{}",
        verdict.problems.len(),
        verdict.problems.join("\n")
    );
}

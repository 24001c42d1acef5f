//! `cargo xtask goldens` and `cargo xtask expected-failures`.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};
use rudder_testkit::reference::REFERENCES;
use rudder_testkit::suite::{self, Check};
use rudder_testkit::{cases, testdata_dir};

use crate::helm;

/// Records the goldens of the selected cases with the reference tools that record them, or
/// with `check` runs the drift check on them.
pub fn run(check: bool, prefixes: &[String]) -> Result<()> {
    if check {
        return drift_check(prefixes);
    }
    let cases = cases::discover(&testdata_dir(), prefixes)?;
    if cases.is_empty() {
        bail!("no cases under {prefixes:?}");
    }
    for reference in REFERENCES {
        let count = cases
            .iter()
            .filter(|c| c.references.contains(&reference))
            .count();
        if count == 0 {
            continue;
        }
        let binary = helm::install_all(&[reference.version.to_string()])?.remove(0);
        eprintln!("running {} on {count} cases", reference.id());
        let fresh = suite::generate(reference, &binary, &cases)?;
        let dir = reference.golden_dir();
        for (suite_name, text) in &fresh {
            let path = suite::golden_path(&dir, suite_name);
            fs::create_dir_all(path.parent().expect("has a parent"))?;
            fs::write(&path, text)?;
        }
        eprintln!(
            "wrote {} golden files of {} for {count} cases",
            fresh.len(),
            reference.id()
        );
    }
    Ok(())
}

/// The drift check is the `drift` test of rudder-testkit, with every reference installed and
/// required: each case's reference, run again, must reproduce its golden.
fn drift_check(prefixes: &[String]) -> Result<()> {
    helm::install_all(&[])?;
    crate::ci::cargo(
        &["test", "--package", "rudder-testkit", "--test", "drift"],
        &[
            ("RUDDER_CASES", prefixes.join(",").as_str()),
            crate::ci::REQUIRE_REFERENCES,
        ],
    )
}

/// Runs rudder on the selected cases and rewrites the expected-failures list from the result.
pub fn update_expected_failures(prefixes: &[String]) -> Result<()> {
    let rudder = build_rudder(false)?;
    let checks = Check::all(&cases::discover(&testdata_dir(), prefixes)?);
    let results = suite::run_rudder(&rudder, &checks)?;
    let path = testdata_dir().join("expected-failures.txt");
    suite::write_expected_failures(&path, &results, &checks)?;
    let passed = results.iter().filter(|r| r.failure.is_none()).count();
    eprintln!(
        "passed {passed} of {}; wrote {}",
        results.len(),
        path.display()
    );
    Ok(())
}

/// Builds the rudder binary (optimised with `release`), showing cargo's progress, and returns
/// its path.
pub fn build_rudder(release: bool) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut args = vec!["build", "--package", "rudder", "--bin", "rudder"];
    if release {
        args.push("--release");
    }
    let status = Command::new(cargo)
        .args(&args)
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("cargo build of rudder failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| rudder_testkit::repo_root().join("target"));
    Ok(target.join(if release {
        "release/rudder"
    } else {
        "debug/rudder"
    }))
}

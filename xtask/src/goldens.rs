//! `cargo xtask goldens` and `cargo xtask expected-failures`.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};
use rudder_testkit::{cases, golden_dir, suite, testdata_dir, REFERENCE_HELM};

use crate::helm;

/// Regenerates the goldens of the selected cases with the reference helm, or with `check`
/// compares the regenerated outcomes with the committed goldens.
pub fn run(check: bool, prefixes: &[String]) -> Result<()> {
    let helm = helm::install_all(&[REFERENCE_HELM.to_string()])?.remove(0);
    let cases = cases::discover(&testdata_dir(), prefixes)?;
    if cases.is_empty() {
        bail!("no cases under {prefixes:?}");
    }
    eprintln!("running helm v{REFERENCE_HELM} on {} cases", cases.len());
    let fresh = suite::generate(&helm, &cases)?;
    let dir = golden_dir();
    if check {
        let problems = suite::drift(&dir, &fresh, &cases, prefixes.is_empty())?;
        if !problems.is_empty() {
            for p in &problems {
                eprintln!("drift: {p}");
            }
            bail!(
                "{} golden difference(s): goldens must be exactly what helm v{REFERENCE_HELM} produces; \
                 regenerate them with `cargo xtask goldens`",
                problems.len()
            );
        }
        eprintln!(
            "goldens match helm v{REFERENCE_HELM} for {} cases",
            cases.len()
        );
        return Ok(());
    }
    for (suite_name, text) in &fresh {
        let path = suite::golden_path(&dir, suite_name);
        fs::create_dir_all(path.parent().expect("has a parent"))?;
        fs::write(&path, text)?;
    }
    eprintln!(
        "wrote {} golden files for {} cases",
        fresh.len(),
        cases.len()
    );
    Ok(())
}

/// Runs rudder on the selected cases and rewrites the expected-failures list from the result.
pub fn update_expected_failures(prefixes: &[String]) -> Result<()> {
    let rudder = build_rudder(false)?;
    let cases = cases::discover(&testdata_dir(), prefixes)?;
    let results = suite::run_rudder(&rudder, &golden_dir(), &cases)?;
    let path = testdata_dir().join("expected-failures.txt");
    suite::write_expected_failures(&path, &results, &cases)?;
    let passed = results.iter().filter(|r| r.failure.is_none()).count();
    eprintln!(
        "passed {passed} of {}; wrote {}",
        results.len(),
        path.display()
    );
    Ok(())
}

/// Builds the rudder binary (optimised with `release`) and returns its path.
pub fn build_rudder(release: bool) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut args = vec!["build", "--quiet", "--package", "rudder", "--bin", "rudder"];
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

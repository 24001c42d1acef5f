//! `cargo xtask examples`: renders every example chart case with rudder, writes the output
//! under `target/examples/`, and compares each outcome with helm's recorded one (the goldens
//! under `testdata/golden/`), showing the errors of cases that fail.

use std::fs;

use anyhow::{bail, Result};
use rudder_testkit::compare::compare;
use rudder_testkit::suite::{Check, Goldens};
use rudder_testkit::{cases, runner, testdata_dir};

pub fn run() -> Result<()> {
    let rudder = crate::goldens::build_rudder(true)?;
    let checks = Check::all(&cases::discover(
        &testdata_dir(),
        &["examples".to_string()],
    )?);
    let goldens = Goldens::load(&checks)?;
    let out_dir = rudder_testkit::repo_root().join("target/examples");
    fs::create_dir_all(&out_dir)?;
    let mut failures = 0;
    for check in &checks {
        let reference = check.reference.id();
        let flags = check.reference.rudder_flags;
        let command = format!(
            "rudder {}",
            [flags.join(" "), check.case.argv().join(" ")].join(" ")
        );
        let outcome = runner::run_case(&rudder, flags, &check.case)?;
        let Some(recorded) = goldens.get(check) else {
            failures += 1;
            println!("NO RECORDING of {reference}  {command}: run `cargo xtask goldens examples`");
            continue;
        };
        match compare(&check.case.filters, recorded, &outcome)? {
            Some(d) => {
                failures += 1;
                println!("DIFFERS from {reference}'s recorded outcome  {command}: {d}");
            }
            None if outcome.exit == 0 => {
                let file = out_dir.join(format!("{}.yaml", check.key().replace(['/', ':'], "-")));
                fs::write(&file, &outcome.stdout)?;
                println!(
                    "same output as {reference}  {command}  ({} lines, {})",
                    outcome.stdout.lines().count(),
                    file.display()
                );
            }
            None => {
                println!(
                    "same failure as {reference} (exit {})  {command}",
                    outcome.exit
                );
                println!("  {reference} (recorded):");
                print_indented(&recorded.stderr);
                println!("  rudder:");
                print_indented(&outcome.stderr);
            }
        }
    }
    if failures > 0 {
        bail!("{failures} example case(s) differ from helm's recorded outcomes");
    }
    Ok(())
}

fn print_indented(text: &str) {
    for line in text.lines() {
        println!("    {line}");
    }
}

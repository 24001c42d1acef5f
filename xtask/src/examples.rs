//! `cargo xtask examples`: renders every example chart case with rudder, writes the output
//! under `target/examples/`, and checks it against helm's recorded output.

use std::fs;

use anyhow::{bail, Result};
use rudder_testkit::{cases, golden_dir, runner, suite, testdata_dir};

pub fn run() -> Result<()> {
    let rudder = crate::goldens::build_rudder(true)?;
    let cases = cases::discover(&testdata_dir(), &["examples".to_string()])?;
    let out_dir = rudder_testkit::repo_root().join("target/examples");
    fs::create_dir_all(&out_dir)?;
    let results = suite::run_rudder(&rudder, &golden_dir(), &cases)?;
    let mut failures = 0;
    for (case, result) in cases.iter().zip(&results) {
        let outcome = runner::run_template(&rudder, case)?;
        let file = out_dir.join(format!("{}.yaml", case.id.replace(['/', ':'], "-")));
        fs::write(&file, &outcome.stdout)?;
        let args = case.template_args().join(" ");
        match &result.failure {
            None => println!(
                "identical to helm  rudder template {args}  ({} lines, {})",
                outcome.stdout.lines().count(),
                file.display()
            ),
            Some(d) => {
                failures += 1;
                println!("DIFFERS from helm  rudder template {args}: {d}");
            }
        }
    }
    if failures > 0 {
        bail!("{failures} example case(s) differ from helm");
    }
    Ok(())
}

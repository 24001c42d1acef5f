//! The policy benchmark: every chart of the examples and fixtures with all its values files,
//! checked the way a CI job does it today — `helm template` to a file, then each scanner on
//! that file, one process after the other for every chart and values file — against one
//! `rudder lint --policy` process over the same charts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::bench::{measure, median};

const RUNS: usize = 3;

/// A scanner run on `helm template`'s output: the program and its arguments before the file.
pub struct Scanner {
    pub name: &'static str,
    pub program: PathBuf,
    pub args: Vec<String>,
}

/// The scanners a CI job runs after rendering (checkov's Kubernetes checks).
pub fn scanners() -> Result<Vec<Scanner>> {
    let checkov = crate::pypi::CHECKOV.install()?;
    Ok(vec![Scanner {
        name: "checkov",
        program: checkov,
        args: [
            "--framework",
            "kubernetes",
            "--quiet",
            "--compact",
            "--skip-download",
            "-f",
        ]
        .map(String::from)
        .to_vec(),
    }])
}

pub fn run(helm: &Path, rudder: &Path) -> Result<()> {
    let root = rudder_testkit::repo_root();
    let dirs = [root.join("examples/charts"), root.join("testdata/charts")];
    let jobs = rudder_lint::repository::plan(&rudder_lint::repository::discover(&dirs));
    let scanners = scanners()?;
    let scratch = tempfile::Builder::new().prefix("bench-policy").tempdir()?;
    let rendered = scratch.path().join("rendered.yaml");
    let mut theirs = Duration::ZERO;
    for job in &jobs {
        let mut args = vec!["template".to_string(), job.chart.display().to_string()];
        if let Some(file) = &job.values_file {
            args.extend(["-f".to_string(), file.display().to_string()]);
        }
        let start = Instant::now();
        let out = Command::new(helm)
            .args(&args)
            .current_dir(&root)
            .stderr(Stdio::null())
            .output()
            .with_context(|| format!("running {}", helm.display()))?;
        std::fs::write(&rendered, &out.stdout)?;
        for scanner in &scanners {
            Command::new(&scanner.program)
                .args(&scanner.args)
                .arg(&rendered)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .with_context(|| format!("running {}", scanner.name))?;
        }
        theirs += start.elapsed();
    }
    let chart_dirs = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(",");
    let args = vec![
        "lint".to_string(),
        "--policy".into(),
        "--chart-dirs".into(),
        chart_dirs,
    ];
    let times = (0..RUNS)
        .map(|_| measure(rudder, &args, &root, true).map(|(t, _)| t))
        .collect::<Result<Vec<_>>>()?;
    let ours = median(times);
    let names: Vec<&str> = scanners.iter().map(|s| s.name).collect();
    println!(
        "policy: {} runs: helm template + {} run by run {:.1} s, rudder lint --policy in one process {:.0} ms, {:.0}x",
        jobs.len(),
        names.join(" + "),
        theirs.as_secs_f64(),
        ours.as_secs_f64() * 1e3,
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    Ok(())
}

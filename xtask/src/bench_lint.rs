//! The lint benchmark: every chart of the examples and fixtures with all its values files, as
//! CI lints a repository. helm: one `helm lint CHART [-f FILE]` process per chart and values
//! file, in sequence (the times added up); rudder: one `rudder lint --chart-dirs ...` process.

use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use crate::bench::{measure, median};

const RUNS: usize = 5;

pub fn run(helm: &Path, rudder: &Path) -> Result<()> {
    let root = rudder_testkit::repo_root();
    let dirs = [root.join("examples/charts"), root.join("testdata/charts")];
    let jobs = rudder_lint::repository::plan(&rudder_lint::repository::discover(&dirs));
    let mut helm_total = Duration::ZERO;
    let mut helm_peak = 0;
    for job in &jobs {
        let mut args = vec!["lint".to_string(), job.chart.display().to_string()];
        if let Some(file) = &job.values_file {
            args.extend(["-f".to_string(), file.display().to_string()]);
        }
        let (t, m) = measure(helm, &args, &root, true)?;
        helm_total += t;
        helm_peak = helm_peak.max(m);
    }
    let chart_dirs = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(",");
    let args = vec!["lint".to_string(), "--chart-dirs".into(), chart_dirs];
    let mut times = Vec::new();
    let mut rudder_peak = 0;
    for _ in 0..RUNS {
        let (t, m) = measure(rudder, &args, &root, true)?;
        times.push(t);
        rudder_peak = rudder_peak.max(m);
    }
    let rudder_time = median(times);
    println!(
        "lint: {} runs (charts x values files): helm chart by chart {:.0} ms, rudder in one process {:.0} ms, {:.1}x; peak memory helm {:.1} MiB, rudder {:.1} MiB",
        jobs.len(),
        helm_total.as_secs_f64() * 1e3,
        rudder_time.as_secs_f64() * 1e3,
        helm_total.as_secs_f64() / rudder_time.as_secs_f64(),
        helm_peak as f64 / 1024.0,
        rudder_peak as f64 / 1024.0
    );
    Ok(())
}

//! `rudder lint` over a whole repository: every chart under the given folders, with its default
//! values and each file of its values matrix, linted in parallel on all cores. Each run prints
//! as helm lint prints one chart (its log lines kept with it), then one summary.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Result};
use rayon::prelude::*;
use rudder_lint::repository::{discover, is_chart, plan, Job};
use rudder_lint::{lint_path, Message, Options, Severity};
use rudder_render::objects::capabilities::KubeVersion;
use rudder_report::{Level, Reporter};

use super::{failing_severity, LintArgs};
use crate::commands::values::user_values;
use crate::commands::Context;

/// The folders to lint as a repository: `--chart-dirs`, or the PATHs when none of them is a
/// chart or an archive and they hold charts. `None`: lint the PATHs as helm does.
pub fn roots(args: &LintArgs) -> Option<Vec<PathBuf>> {
    if !args.chart_dirs.is_empty() {
        let mut roots: Vec<PathBuf> = args.chart_dirs.iter().map(PathBuf::from).collect();
        roots.extend(args.paths.iter().map(PathBuf::from));
        return Some(roots);
    }
    let paths: Vec<PathBuf> = args.paths.iter().map(PathBuf::from).collect();
    let repository = !paths.is_empty()
        && paths.iter().all(|p| p.is_dir() && !is_chart(p))
        && !discover(&paths).is_empty();
    repository.then_some(paths)
}

/// A log line: level, message, attributes.
type LogLine = (Level, String, Vec<(String, String)>);

/// What one run produced: its findings (or helm's error line) and its log lines.
struct Outcome {
    job: Job,
    result: Result<Vec<Message>, String>,
    log: Vec<LogLine>,
}

/// Log lines of one run, kept until its output is printed.
struct Captured<'p> {
    printer: &'p dyn Reporter,
    lines: Mutex<Vec<LogLine>>,
}

impl Reporter for Captured<'_> {
    fn enabled(&self, level: Level) -> bool {
        self.printer.enabled(level)
    }

    fn log(&self, level: Level, message: &str, attrs: &[(&str, &str)]) {
        let attrs = attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        lines.push((level, message.to_string(), attrs));
    }
}

pub fn run(
    args: &LintArgs,
    roots: &[PathBuf],
    kube_version: Option<&KubeVersion>,
    cx: &Context,
) -> Result<()> {
    let started = Instant::now();
    let charts = discover(roots);
    if charts.is_empty() {
        bail!("no charts found in {}", display_list(roots));
    }
    // The user's values flags are checked once, before any run.
    user_values(&args.values)?;
    let jobs = plan(&charts);
    let total = jobs.len() as u64;
    let done = AtomicU64::new(0);
    let outcomes: Vec<Outcome> = jobs
        .into_par_iter()
        .map(|job| {
            let outcome = lint_job(args, job, kube_version, cx);
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            cx.printer
                .progress(finished, total, &outcome.job.chart.display().to_string());
            outcome
        })
        .collect();
    print(args, &charts, &outcomes, started, cx)
}

fn lint_job(
    args: &LintArgs,
    job: Job,
    kube_version: Option<&KubeVersion>,
    cx: &Context,
) -> Outcome {
    let captured = Captured {
        printer: &cx.printer,
        lines: Mutex::new(Vec::new()),
    };
    let result =
        rudder_gotmpl::stack::on_new_stack(crate::commands::template::RENDER_STACK, || {
            let mut values_args = args.values.clone();
            if let Some(file) = &job.values_file {
                values_args.values.insert(0, file.display().to_string());
            }
            let values = user_values(&values_args).map_err(|e| e.to_string())?;
            let options = Options {
                values,
                namespace: cx.settings.namespace(),
                kube_version: kube_version.cloned(),
                skip_schema_validation: args.skip_schema_validation,
                reporter: &captured,
            };
            lint_path(&job.chart.display().to_string(), &options).map(|l| l.messages)
        });
    let log = captured
        .lines
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    Outcome { job, result, log }
}

fn print(
    args: &LintArgs,
    charts: &[PathBuf],
    outcomes: &[Outcome],
    started: Instant,
    cx: &Context,
) -> Result<()> {
    let failing = failing_severity(args);
    let mut out = String::new();
    let (mut errors, mut warnings, mut failed_runs) = (0, 0, 0);
    let mut failed_charts: Vec<&Path> = Vec::new();
    for outcome in outcomes {
        for (level, message, attrs) in &outcome.log {
            let attrs: Vec<(&str, &str)> = attrs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            cx.printer.log(*level, message, &attrs);
        }
        let failed = match &outcome.result {
            Ok(messages) => messages.iter().any(|m| m.severity >= failing),
            Err(_) => true,
        };
        let noteworthy = failed
            || outcome
                .result
                .as_ref()
                .is_ok_and(|m| m.iter().any(|m| m.severity > Severity::Info));
        if failed {
            failed_runs += 1;
            if !failed_charts.contains(&outcome.job.chart.as_path()) {
                failed_charts.push(&outcome.job.chart);
            }
        }
        if let Ok(messages) = &outcome.result {
            errors += messages
                .iter()
                .filter(|m| m.severity == Severity::Error)
                .count();
            warnings += messages
                .iter()
                .filter(|m| m.severity == Severity::Warning)
                .count();
        }
        if args.quiet && !noteworthy {
            continue;
        }
        let _ = write!(out, "==> Linting {}", outcome.job.chart.display());
        if let Some(file) = &outcome.job.values_file {
            let shown = file.strip_prefix(&outcome.job.chart).unwrap_or(file);
            let _ = write!(out, " with {}", shown.display());
        }
        out.push('\n');
        match &outcome.result {
            Err(e) => {
                errors += 1;
                let _ = writeln!(out, "Error {e}");
            }
            Ok(messages) => {
                for m in messages {
                    if !args.quiet || m.severity > Severity::Info {
                        let _ = writeln!(out, "{m}");
                    }
                }
            }
        }
        out.push('\n');
    }
    let values_files = outcomes
        .iter()
        .filter(|o| o.job.values_file.is_some())
        .count();
    let summary = format!(
        "{} chart(s) linted with {} values file(s) in {:.2}s: {errors} error(s), {warnings} warning(s), {failed_runs} run(s) failed in {} chart(s)",
        charts.len(),
        values_files,
        started.elapsed().as_secs_f64(),
        failed_charts.len()
    );
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(&rudder_gotmpl::gostr::to_bytes(&out))?;
    if failed_runs > 0 {
        stdout.flush()?;
        bail!("{summary}");
    }
    writeln!(stdout, "{summary}")?;
    Ok(())
}

fn display_list(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

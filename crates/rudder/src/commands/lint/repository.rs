//! `rudder lint` over a whole repository: every chart under the given folders, with its default
//! values and each file of its values matrix, linted in parallel on all cores. Each run prints
//! as helm lint prints one chart (its log lines kept with it), then one summary.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Result};
use rayon::prelude::*;
use rudder_lint::repository::{discover, is_chart, plan, schedule, Job};
use rudder_lint::{lint_path, Message, Options, Severity};
use rudder_report::{Level, Reporter};

use super::output::{Format, Run};
use super::{failing_severity, helm_text, print_machine, Kube, LintArgs};
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

pub fn run(args: &LintArgs, roots: &[PathBuf], kube: &Kube, cx: &Context) -> Result<()> {
    let started = Instant::now();
    let charts = discover(roots);
    if charts.is_empty() {
        bail!("no charts found in {}", display_list(roots));
    }
    // The user's values flags are checked once, before any run.
    user_values(&args.values, cx.settings.helm)?;
    let jobs = plan(&charts);
    let total = jobs.len() as u64;
    let done = AtomicU64::new(0);
    let accounts = super::accounts::Accounts::new(&args.remote, args.maintainers_url.as_deref());
    // The kube config is read once, not once a run.
    let namespace = cx.settings.namespace();
    let mut outcomes: Vec<(usize, Outcome)> = schedule(&jobs)
        .into_par_iter()
        .map(|i| {
            let outcome = lint_job(args, jobs[i].clone(), &namespace, kube, &accounts, cx);
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            cx.printer
                .progress(finished, total, &outcome.job.chart.display().to_string());
            (i, outcome)
        })
        .collect();
    // Printed as planned, whatever order they ran in.
    outcomes.sort_by_key(|(i, _)| *i);
    let outcomes = outcomes.into_iter().map(|(_, o)| o).collect();
    print(args, &charts, outcomes, started, cx)
}

fn lint_job(
    args: &LintArgs,
    job: Job,
    namespace: &str,
    kube: &Kube,
    accounts: &super::accounts::Accounts,
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
            let values = user_values(&values_args, cx.settings.helm).map_err(|e| e.to_string())?;
            let options = Options {
                values,
                namespace: namespace.to_string(),
                kube_version: kube.version.clone(),
                helm: cx.settings.helm,
                skip_schema_validation: args.skip_schema_validation,
                schema_fetcher: &cx.schema_fetcher,
                policy: args.policy,
                kube_schemas: args.kube_schemas.strict(),
                kube_schema_sources: kube.sources.clone(),
                reporter: &captured,
                // chart-testing's checks are on the chart's files: once, with its defaults.
                chart_testing: match &job.values_file {
                    None => args.chart_testing(),
                    Some(_) => rudder_lint::chart_testing::Settings {
                        validate_chart_schema: Some(false),
                        validate_yaml: Some(false),
                        validate_maintainers: Some(false),
                        ..Default::default()
                    },
                },
                accounts: Some(accounts),
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
    outcomes: Vec<Outcome>,
    started: Instant,
    cx: &Context,
) -> Result<()> {
    let mut runs = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        for (level, message, attrs) in &outcome.log {
            let attrs: Vec<(&str, &str)> = attrs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            cx.printer.log(*level, message, &attrs);
        }
        let chart = &outcome.job.chart;
        let values_file = outcome.job.values_file.as_ref().map(|file| {
            let shown = file.strip_prefix(chart).unwrap_or(file);
            shown.display().to_string()
        });
        runs.push(Run {
            chart: chart.display().to_string(),
            values_file,
            result: outcome.result,
        });
    }
    let failing = failing_severity(args);
    let count = |severity| {
        runs.iter()
            .flat_map(|r| r.result.as_deref().unwrap_or_default())
            .filter(|m| m.severity == severity)
            .count()
    };
    let loading_errors = runs.iter().filter(|r| r.result.is_err()).count();
    let failed: Vec<&Run> = runs.iter().filter(|r| r.failed(failing)).collect();
    let mut failed_charts: Vec<&str> = failed.iter().map(|r| r.chart.as_str()).collect();
    failed_charts.dedup();
    let summary = format!(
        "{} chart(s) linted with {} values file(s) in {:.2}s: {} error(s), {} warning(s), {} run(s) failed in {} chart(s)",
        charts.len(),
        runs.iter().filter(|r| r.values_file.is_some()).count(),
        started.elapsed().as_secs_f64(),
        count(Severity::Error) + loading_errors,
        count(Severity::Warning),
        failed.len(),
        failed_charts.len()
    );
    if args.output != Format::Human {
        return print_machine(args, &runs, &summary);
    }
    let (text, _) = helm_text(args, &runs);
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(&rudder_gotmpl::gostr::to_bytes(&text))?;
    if !failed.is_empty() {
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

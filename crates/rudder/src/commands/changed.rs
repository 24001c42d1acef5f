//! `rudder changed`: chart-testing's `ct list-changed` (one changed chart folder per line on
//! stdout), and with `--check-version-increment` ct's version check of each listed chart.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use rudder_release::version_check::check_version_increment;
use rudder_release::{ChangedChart, Reason, Repo};
use rudder_report::{Level, Reporter};

use crate::commands::Context;

/// ct's flags for finding changed charts, and rudder's additions.
#[derive(Args, Debug)]
pub struct ChangedArgs {
    /// The Git reference used to identify changed charts (its merge base with the target branch)
    #[arg(long, default_value = "HEAD")]
    pub since: String,
    /// The name of the target branch used to identify changed charts
    #[arg(long)]
    pub target_branch: Option<String>,
    /// The name of the Git remote used to identify changed charts
    #[arg(long, default_value = "origin")]
    pub remote: String,
    /// Directories containing Helm charts (comma separated, repeatable; default: charts, or
    /// the folders holding charts in the repository when there is no charts folder)
    #[arg(long, value_delimiter = ',')]
    pub chart_dirs: Vec<String>,
    /// Charts that should be skipped (folder names, comma separated, repeatable)
    #[arg(long, value_delimiter = ',')]
    pub excluded_charts: Vec<String>,
    /// Use each chart's .helmignore when identifying changed charts
    #[arg(long)]
    pub use_helmignore: bool,
    /// Changed files to disregard: .helmignore patterns matched inside each chart (repeatable)
    #[arg(long = "ignore", value_name = "PATTERN")]
    pub ignore: Vec<String>,
    /// Do not list charts whose only change is in a file:// dependency
    #[arg(long)]
    pub skip_local_dependencies: bool,
    /// Fail unless every changed chart's version is greater than on the target branch
    #[arg(long)]
    pub check_version_increment: bool,
}

pub fn run(args: &ChangedArgs, cx: &Context) -> Result<()> {
    let cwd = PathBuf::from(".");
    let repo = Repo::discover(&cwd)?;
    let opts = rudder_release::Options {
        cwd,
        since: args.since.clone(),
        remote: args.remote.clone(),
        target_branch: args.target_branch.clone().unwrap_or_else(|| "main".into()),
        since_alone: args.target_branch.is_none() && args.since != "HEAD",
        chart_dirs: args.chart_dirs.clone(),
        excluded_charts: args.excluded_charts.clone(),
        use_helmignore: args.use_helmignore,
        ignore: args.ignore.clone(),
        local_dependencies: !args.skip_local_dependencies,
    };
    let changed = rudder_release::changed(&repo, &opts)?;
    for dir in &changed.not_charts {
        let quoted = rudder_gotmpl::fmt::quote(dir);
        cx.printer.notice(&format!(
            "Directory {quoted} is not a valid chart directory. Skipping..."
        ));
    }
    let mut out = String::new();
    for chart in &changed.charts {
        explain(cx, chart);
        out.push_str(&chart.path);
        out.push('\n');
    }
    print!("{out}");
    if args.check_version_increment {
        check_versions(&repo, &changed, &opts.target_branch, cx)?;
    }
    Ok(())
}

/// Why a chart is listed, as a debug line.
fn explain(cx: &Context, chart: &ChangedChart) {
    let (key, value) = match &chart.reason {
        Reason::Files(files) => ("files", files.join(",")),
        Reason::Dependency(dir) => ("dependency", dir.clone()),
    };
    cx.printer.log(
        Level::Debug,
        "chart changed",
        &[("chart", &chart.path), (key, &value)],
    );
}

/// ct's version check and its words, on stderr (stdout holds the list).
fn check_versions(
    repo: &Repo,
    changed: &rudder_release::Changed,
    target_branch: &str,
    cx: &Context,
) -> Result<()> {
    let say = |line: String| cx.printer.notice(&line);
    let mut failed = Vec::new();
    for chart in &changed.charts {
        let check = check_version_increment(repo, changed.target, &chart.repo_path)?;
        let shown = format!(
            "{} => (version: \"{}\", path: \"{}\")",
            check.name, check.version, chart.path
        );
        let quoted = rudder_gotmpl::fmt::quote(&shown);
        say(format!("Checking chart {quoted} for a version bump..."));
        match &check.old {
            None => say(format!(
                "Unable to find chart on {target_branch}. New chart detected."
            )),
            Some(old) => {
                say(format!("Old chart version: {old}"));
                say(format!("New chart version: {}", check.version));
                if check.ok {
                    say("Chart version ok.".into());
                }
            }
        }
        if !check.ok {
            failed.push(shown);
        }
    }
    for shown in &failed {
        say(format!(
            " ✖︎ {shown} > chart version not ok. Needs a version bump! "
        ));
    }
    if !failed.is_empty() {
        bail!("failed processing charts");
    }
    Ok(())
}

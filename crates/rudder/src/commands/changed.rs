//! `rudder changed`: chart-testing's `ct list-changed` (one changed chart folder per line on
//! stdout), and with `--check-version-increment` ct's version check of each listed chart.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Args;
use rudder_release::config::Config;
use rudder_release::version_check::check_version_increment;
use rudder_release::{ChangedChart, Reason, Repo};
use rudder_report::{Level, Reporter};

use crate::commands::Context;

/// ct's flags for finding changed charts, and rudder's additions; unset ones come from
/// `rudder.yaml` at the repository root.
#[derive(Args, Debug)]
pub struct Selection {
    /// The Git reference used to identify changed charts (its merge base with the target branch)
    #[arg(long, default_value = "HEAD")]
    pub since: String,
    /// The name of the target branch used to identify changed charts (default: main)
    #[arg(long)]
    pub target_branch: Option<String>,
    /// The name of the Git remote used to identify changed charts (default: origin)
    #[arg(long)]
    pub remote: Option<String>,
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
}

impl Selection {
    /// The library's options: flags first, then the config file, then ct's defaults.
    pub fn options(&self, config: &Config) -> rudder_release::Options {
        let or_config = |flags: &Vec<String>, file: &Vec<String>| {
            if flags.is_empty() { file } else { flags }.clone()
        };
        let target_branch = self.target_branch.clone().or(config.target_branch.clone());
        rudder_release::Options {
            cwd: PathBuf::from("."),
            since: self.since.clone(),
            remote: (self.remote.clone().or(config.remote.clone()))
                .unwrap_or_else(|| "origin".into()),
            since_alone: target_branch.is_none() && self.since != "HEAD",
            target_branch: target_branch.unwrap_or_else(|| "main".into()),
            chart_dirs: or_config(&self.chart_dirs, &config.chart_dirs),
            excluded_charts: or_config(&self.excluded_charts, &config.excluded_charts),
            use_helmignore: self.use_helmignore,
            ignore: self.ignore.clone(),
            local_dependencies: !self.skip_local_dependencies,
        }
    }
}

#[derive(Args, Debug)]
pub struct ChangedArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Fail unless every changed chart's version is greater than on the target branch
    #[arg(long)]
    pub check_version_increment: bool,
}

pub fn run(args: &ChangedArgs, cx: &Context) -> Result<()> {
    let repo = Repo::discover(Path::new("."))?;
    let config = Config::load(repo.root())?;
    let opts = args.selection.options(&config);
    let changed = list(&repo, &opts, cx)?;
    let mut out = String::new();
    for chart in &changed.charts {
        out.push_str(&chart.path);
        out.push('\n');
    }
    print!("{out}");
    if args.check_version_increment {
        check_versions(&repo, &changed, &opts.target_branch, cx)?;
    }
    Ok(())
}

/// The changed charts, with ct's notice for each listed folder that holds no chart and a
/// debug line saying why each chart is listed.
pub fn list(
    repo: &Repo,
    opts: &rudder_release::Options,
    cx: &Context,
) -> Result<rudder_release::Changed> {
    let changed = rudder_release::changed(repo, opts)?;
    for dir in &changed.not_charts {
        let quoted = rudder_gotmpl::fmt::quote(dir);
        cx.printer.notice(&format!(
            "Directory {quoted} is not a valid chart directory. Skipping..."
        ));
    }
    for chart in &changed.charts {
        explain(cx, chart);
    }
    Ok(changed)
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

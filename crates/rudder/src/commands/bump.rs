//! `rudder bump CHART major|minor|patch|rc|release`: a new chart version written into
//! Chart.yaml's version line alone, with appVersion, dependents' constraints and a CHANGELOG.md
//! entry when asked.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use clap::{Args, ValueEnum};
use rudder_release::bump::{Bump, Part, RcStyle};
use rudder_release::bump_chart::{apply, plan, BumpOptions, BumpPlan};
use rudder_release::changelog::date_of;
use rudder_release::Repo;

use crate::commands::Context;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Level {
    Major,
    Minor,
    Patch,
    /// The next release candidate (1.2.0-rc.1 -> 1.2.0-rc.2; from a release, see --rc-bump)
    Rc,
    /// A release candidate's release (1.2.0-rc.2 or 1.2.0+RC2 -> 1.2.0)
    Release,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RcStyleArg {
    /// 1.2.0-rc.1 (a pre-release: lower than 1.2.0)
    Pre,
    /// 1.2.0+RC1 (build metadata: equal to 1.2.0 in semver)
    Build,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PartArg {
    Major,
    Minor,
    Patch,
}

#[derive(Args, Debug)]
pub struct BumpArgs {
    /// The chart folder
    #[arg(value_name = "CHART")]
    pub chart: String,
    /// What to bump
    #[arg(value_enum, value_name = "LEVEL")]
    pub level: Level,
    /// How a first release candidate is written (a version that is one already keeps its style)
    #[arg(long, value_enum, default_value = "pre")]
    pub rc_style: RcStyleArg,
    /// What a first release candidate of a release increases
    #[arg(long, value_enum, default_value = "patch")]
    pub rc_bump: PartArg,
    /// Also set appVersion (added after version when Chart.yaml has none)
    #[arg(long)]
    pub app_version: Option<String>,
    /// Raise the version constraints of charts in the repository that depend on this one
    #[arg(long)]
    pub update_dependents: bool,
    /// The CHANGELOG.md entry's lines (repeatable; default: the commit messages since the last
    /// version change)
    #[arg(short = 'm', long = "message")]
    pub messages: Vec<String>,
    /// Leave CHANGELOG.md alone
    #[arg(long)]
    pub no_changelog: bool,
    /// Write nothing; print the changes as a diff
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: &BumpArgs, cx: &Context) -> Result<()> {
    let dir = Path::new(&args.chart);
    let repo = Repo::discover(dir).ok();
    let opts = BumpOptions {
        bump: match args.level {
            Level::Major => Bump::Part(Part::Major),
            Level::Minor => Bump::Part(Part::Minor),
            Level::Patch => Bump::Part(Part::Patch),
            Level::Rc => Bump::Rc,
            Level::Release => Bump::Release,
        },
        rc_style: match args.rc_style {
            RcStyleArg::Pre => RcStyle::PreRelease,
            RcStyleArg::Build => RcStyle::Build,
        },
        rc_part: match args.rc_bump {
            PartArg::Major => Part::Major,
            PartArg::Minor => Part::Minor,
            PartArg::Patch => Part::Patch,
        },
        app_version: args.app_version.clone(),
        update_dependents: args.update_dependents,
        changelog: !args.no_changelog,
        messages: args.messages.clone(),
        date: today(),
    };
    // main prints the top error alone: the cause goes into its text.
    let plan = plan(dir, repo.as_ref(), &opts)
        .map_err(|e| anyhow::anyhow!("bumping the chart in {}: {e}", dir.display()))?;
    for note in &plan.notes {
        cx.printer.notice(&format!("note: {note}"));
    }
    if args.dry_run {
        print!("{}", diff(&plan));
        return Ok(());
    }
    apply(&plan)?;
    println!("{}: {} -> {}", plan.name, plan.old, plan.new);
    Ok(())
}

/// Every planned change as a unified diff.
fn diff(plan: &BumpPlan) -> String {
    let mut out = String::new();
    for edit in plan.edits.iter().filter(|e| e.before != e.after) {
        let name = edit.path.display().to_string();
        let text = similar::TextDiff::from_lines(&edit.before, &edit.after)
            .unified_diff()
            .header(&name, &name)
            .to_string();
        out.push_str(&text);
    }
    out
}

/// Today in UTC, or the day of `SOURCE_DATE_EPOCH` (reproducible builds' convention).
fn today() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    let now = fixed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    date_of(now)
}

//! `rudder docs`: each chart's README generated from its values.yaml comments as helm-docs
//! v1.14.2 writes it, for every chart under the search root, in parallel. `--check` writes
//! nothing and fails on stale READMEs; `--check` and `--dry-run` print a diff for each.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use rudder_docs::{ChartInfo, Options, SortOrder};
use rudder_report::{Level, Reporter};

use crate::commands::Context;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortValues {
    Alphanum,
    File,
}

/// helm-docs' flags (their names, short forms and defaults), and `--check`.
#[derive(Args, Debug)]
pub struct DocsArgs {
    /// Directory to search recursively within for charts
    #[arg(short = 'c', long, default_value = ".")]
    pub chart_search_root: String,
    /// Go template files from which documentation is generated: a bare name is relative to
    /// each chart, a path starting with `.` to the search root (comma separated, repeatable)
    #[arg(
        short = 't',
        long,
        value_delimiter = ',',
        default_value = "README.md.gotmpl"
    )]
    pub template_files: Vec<String>,
    /// Markdown file path relative to each chart directory to which documentation is written
    #[arg(short = 'o', long, default_value = "README.md")]
    pub output_file: String,
    /// Order in which to sort the values table
    #[arg(short = 's', long, value_enum, default_value = "alphanum")]
    pub sort_values_order: SortValues,
    /// Leave out the helm-docs version footer of the default template
    #[arg(long)]
    pub skip_version_footer: bool,
    /// Values file of each chart
    #[arg(short = 'f', long, default_value = "values.yaml")]
    pub values_file: String,
    /// Leave values without a description out of the table
    #[arg(long)]
    pub ignore_non_descriptions: bool,
    /// Ignore file excluding chart directories (gitignore rules, read at the root of the git
    /// repository, or in the working directory outside one)
    #[arg(short = 'i', long, default_value = ".helmdocsignore")]
    pub ignore_file: String,
    /// Badge style of the version badges
    #[arg(short = 'b', long, default_value = "flat-square")]
    pub badge_style: String,
    /// For charts with dependencies, include the dependency values in the values table
    #[arg(short = 'u', long)]
    pub document_dependency_values: bool,
    /// Only document these charts (as found under the search root, e.g. charts/foo)
    #[arg(short = 'g', long, value_delimiter = ',')]
    pub chart_to_generate: Vec<String>,
    /// Level of log lines printed (warnings show at info, warning and below)
    #[arg(short = 'l', long, default_value = "info")]
    pub log_level: String,
    /// Write nothing; print a diff for each README that would change
    #[arg(short = 'd', long)]
    pub dry_run: bool,
    /// Write nothing; print a diff for each README that is not up to date, and fail if any
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
}

impl DocsArgs {
    fn options(&self) -> Options {
        Options {
            chart_search_root: PathBuf::from(&self.chart_search_root),
            template_files: self.template_files.clone(),
            values_file: self.values_file.clone(),
            sort_order: match self.sort_values_order {
                SortValues::Alphanum => SortOrder::AlphaNum,
                SortValues::File => SortOrder::File,
            },
            skip_version_footer: self.skip_version_footer,
            ignore_non_descriptions: self.ignore_non_descriptions,
            badge_style: self.badge_style.clone(),
            document_dependency_values: self.document_dependency_values,
        }
    }

    /// logrus' levels: warnings print unless the level is error or quieter.
    fn warnings_shown(&self) -> bool {
        !matches!(
            self.log_level.to_ascii_lowercase().as_str(),
            "error" | "fatal" | "panic"
        )
    }
}

/// What became of one chart.
enum Outcome {
    UpToDate,
    /// Written, or (checking) stale: the diff from the file to the README.
    Changed(String),
    /// Not documented, as helm-docs skips it.
    Skipped,
}

pub fn run(args: &DocsArgs, cx: &Context) -> Result<()> {
    let started = Instant::now();
    let opts = args.options();
    let root = Path::new(&args.chart_search_root);
    let dirs = rudder_docs::find_charts(root, &args.ignore_file)
        .with_context(|| format!("finding charts under {}", root.display()))?;
    let warn = |message: &str| {
        if args.warnings_shown() {
            cx.printer.log(Level::Warn, message, &[]);
        }
    };

    let loaded: Vec<(PathBuf, Result<ChartInfo, rudder_docs::Error>)> = dirs
        .par_iter()
        .map(|dir| (dir.clone(), rudder_docs::load(dir, &opts)))
        .collect();
    let mut charts = HashMap::new();
    let mut order = Vec::new();
    let mut skipped = 0;
    for (dir, result) in loaded {
        match result {
            Ok(info) => {
                order.push(dir.clone());
                charts.insert(dir, info);
            }
            Err(e) => {
                skipped += 1;
                warn(&format!(
                    "Error parsing information for chart {}, skipping: {e}",
                    dir.display()
                ))
            }
        }
    }
    if !args.chart_to_generate.is_empty() {
        for wanted in &args.chart_to_generate {
            if !charts.contains_key(Path::new(wanted)) {
                warn(&format!(
                    "Couldn't find documentation Info for <{wanted}> - skipping"
                ));
            }
        }
        order.retain(|d| args.chart_to_generate.iter().any(|w| Path::new(w) == d));
    }

    let writing = !args.check && !args.dry_run;
    let outcomes: Vec<(Result<Outcome>, Vec<String>)> = order
        .par_iter()
        .map(|dir| document(&charts[dir], &charts, &opts, &args.output_file, writing))
        .collect();

    let mut out = std::io::stdout().lock();
    let (mut fresh, mut changed) = (0, 0);
    for (outcome, warnings) in outcomes {
        warnings.iter().for_each(|w| warn(w));
        match outcome? {
            Outcome::UpToDate => fresh += 1,
            Outcome::Changed(diff) => {
                changed += 1;
                if !writing {
                    out.write_all(diff.as_bytes())?;
                }
            }
            Outcome::Skipped => skipped += 1,
        }
    }
    out.flush()?;
    let verb = if writing { "written" } else { "out of date" };
    let summary = format!(
        "{} charts: {fresh} up to date, {changed} {verb}, {skipped} skipped ({:.2}s)",
        fresh + changed + skipped,
        started.elapsed().as_secs_f64()
    );
    cx.printer.notice(&summary);
    if args.check && changed > 0 {
        bail!("{changed} README(s) out of date: run `rudder docs` to regenerate");
    }
    Ok(())
}

/// Renders one chart's README and writes it, or compares it with the file.
fn document(
    info: &ChartInfo,
    charts: &HashMap<PathBuf, ChartInfo>,
    opts: &Options,
    output_file: &str,
    writing: bool,
) -> (Result<Outcome>, Vec<String>) {
    let dir = info.dir.display().to_string();
    let readme = match rudder_docs::render(info, charts, opts) {
        Ok(readme) => readme,
        Err(e) => {
            let warning = format!("Error generating documentation for chart {dir}: {e}");
            return (Ok(Outcome::Skipped), vec![warning]);
        }
    };
    let mut warnings: Vec<String> = readme
        .warnings
        .iter()
        .map(|w| format!("Error generating documentation for chart {dir}: {w}"))
        .collect();
    let target = info.dir.join(output_file);
    let current = match std::fs::read(&target) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            warnings.push(format!("Could not read {}: {e}", target.display()));
            String::new()
        }
    };
    if current == readme.text {
        return (Ok(Outcome::UpToDate), warnings);
    }
    let name = target.display().to_string();
    let diff = similar::TextDiff::from_lines(&current, &readme.text)
        .unified_diff()
        .header(&name, &name)
        .to_string();
    if writing {
        if let Err(e) = std::fs::write(&target, &readme.text) {
            let failed = anyhow::anyhow!("{}: {e}", target.display());
            return (Err(failed), warnings);
        }
    }
    (Ok(Outcome::Changed(diff)), warnings)
}

//! `rudder docs`: each chart's README generated from its values.yaml comments as helm-docs
//! v1.14.2 writes it; `--check` writes nothing and fails on stale READMEs, with a diff each.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use rudder_docs::{Options, SortOrder};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortValues {
    Alphanum,
    File,
}

#[derive(Args, Debug)]
pub struct DocsArgs {
    /// Directory to search recursively within for charts
    #[arg(short = 'c', long, default_value = ".")]
    pub chart_search_root: String,
    /// Go template files (relative to each chart, or to the search root when starting with
    /// `./`) from which documentation is generated
    #[arg(short = 't', long, value_delimiter = ',', default_value = "README.md.gotmpl")]
    pub template_files: Vec<String>,
    /// Markdown file path relative to each chart directory
    #[arg(short = 'o', long, default_value = "README.md")]
    pub output_file: String,
    /// Order of the values table
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
    /// Ignore file (gitignore rules, at the repository's root) excluding chart directories
    #[arg(short = 'i', long, default_value = ".helmdocsignore")]
    pub ignore_file: String,
    /// Badge style of the version badges
    #[arg(short = 'b', long, default_value = "flat-square")]
    pub badge_style: String,
    /// Print the documentation instead of writing it
    #[arg(short = 'd', long)]
    pub dry_run: bool,
    /// Write nothing; fail, with a diff per file, when a README differs from its generation
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
}

pub fn run(args: &DocsArgs) -> Result<()> {
    let root = Path::new(&args.chart_search_root);
    let opts = Options {
        chart_search_root: root.to_path_buf(),
        template_files: args.template_files.clone(),
        values_file: args.values_file.clone(),
        sort_order: match args.sort_values_order {
            SortValues::Alphanum => SortOrder::AlphaNum,
            SortValues::File => SortOrder::File,
        },
        skip_version_footer: args.skip_version_footer,
        ignore_non_descriptions: args.ignore_non_descriptions,
        badge_style: args.badge_style.clone(),
    };
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    let mut stale = 0;
    for dir in rudder_docs::find_charts(root, &args.ignore_file)? {
        let readme = match rudder_docs::render(&dir, &opts) {
            Ok(text) => text,
            // As helm-docs: a chart without values (a library chart) is skipped.
            Err(e @ rudder_docs::Error::NoValues { .. }) => {
                eprintln!("Warning: {e}");
                continue;
            }
            Err(e) => {
                eprintln!("Error: {e}");
                failed += 1;
                continue;
            }
        };
        let target = dir.join(&args.output_file);
        if args.dry_run {
            out.write_all(readme.as_bytes())?;
        } else if args.check {
            let current = std::fs::read_to_string(&target).unwrap_or_default();
            if current != readme {
                stale += 1;
                let name = target.display().to_string();
                let diff = similar::TextDiff::from_lines(&current, &readme);
                write!(out, "{}", diff.unified_diff().header(&name, &name))?;
            }
        } else {
            std::fs::write(&target, readme)
                .map_err(|e| anyhow::anyhow!("{}: {e}", target.display()))?;
        }
    }
    if stale > 0 {
        bail!("{stale} file(s) out of date: run `rudder docs` to regenerate");
    }
    if failed > 0 {
        bail!("{failed} chart(s) could not be documented");
    }
    Ok(())
}

//! `rudder docs`: each chart's README generated from its values.yaml comments as helm-docs
//! v1.14.2 writes it, or, for a chart whose values use `## @param` comments, as Bitnami's
//! readme-generator 2.7.2 does, for every chart under the search root, in parallel.
//! `--check` writes nothing and fails on stale READMEs; `--check` and `--dry-run` print a
//! diff for each. With `--schema` (or `docs: {schema: true}` in rudder.yaml), a helm-docs
//! chart's values.schema.json is generated too, checked and diffed like its README, and the
//! chart's values files are validated against it.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand, ValueEnum};
use rayon::prelude::*;
use rudder_docs::bitnami;
use rudder_docs::{ChartInfo, Options, SortOrder};
use rudder_release::config::Config;
use rudder_report::{Level, Reporter};

use crate::commands::docs_bitnami::{self, BitnamiArgs};
use crate::commands::Context;

/// Which comment convention documents a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Bitnami's for values with `## @param` comments, helm-docs' for the others
    Auto,
    /// helm-docs' `# --` comments and README.md.gotmpl
    HelmDocs,
    /// Bitnami's `## @param` comments and the README's parameters section
    Bitnami,
}

#[derive(Subcommand, Debug)]
pub enum DocsCommand {
    /// One chart in Bitnami's format with readme-generator's flags (`readme-generator -v
    /// values.yaml -r README.md` is `rudder docs bitnami -v values.yaml -r README.md`)
    #[command(alias = "readme-generator")]
    Bitnami(BitnamiArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortValues {
    Alphanum,
    File,
}

/// helm-docs' flags (their names, short forms and defaults), `--check`, and the choice of
/// format; readme-generator's own flags live under `rudder docs bitnami`.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DocsArgs {
    #[command(subcommand)]
    pub command: Option<DocsCommand>,
    /// Comment convention of the charts
    #[arg(long, value_enum, default_value = "auto")]
    pub format: Format,
    /// readme-generator config file (comment format, tags, modifiers, section title) for the
    /// charts documented in Bitnami's format
    #[arg(long)]
    pub config: Option<PathBuf>,
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
    /// Also generate each helm-docs chart's values.schema.json from its values file (types,
    /// descriptions, `@schema` annotations) and validate values.yaml, ci/*.yaml and
    /// values/*.yaml against it (also `docs: {schema: true}` in rudder.yaml)
    #[arg(long)]
    pub schema: bool,
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
    /// Written, or (checking) stale: the diff from each file to what it becomes.
    Changed(String),
    /// Not documented, as helm-docs skips it.
    Skipped,
    /// A Bitnami-style chart the tool would refuse, or a chart whose schema cannot be made
    /// or whose values files break it: the messages, and the diffs of what changed anyway.
    Failed {
        messages: Vec<String>,
        diff: String,
    },
}

/// Whether a chart is documented in Bitnami's format: forced, or its values use `@param`.
fn bitnami_style(dir: &Path, args: &DocsArgs, config: &bitnami::Config) -> bool {
    match args.format {
        Format::HelmDocs => false,
        Format::Bitnami => true,
        Format::Auto => std::fs::read_to_string(dir.join(&args.values_file))
            .is_ok_and(|text| bitnami::uses_params(&text, config)),
    }
}

pub fn run(args: &DocsArgs, cx: &Context) -> Result<()> {
    if let Some(DocsCommand::Bitnami(bitnami_args)) = &args.command {
        return docs_bitnami::run(bitnami_args);
    }
    let started = Instant::now();
    let opts = args.options();
    let config = docs_bitnami::config(args.config.as_deref())?;
    let root = Path::new(&args.chart_search_root);
    let dirs = rudder_docs::find_charts(root, &args.ignore_file)
        .with_context(|| format!("finding charts under {}", root.display()))?;
    let warn = |message: &str| {
        if args.warnings_shown() {
            cx.printer.log(Level::Warn, message, &[]);
        }
    };

    // A Bitnami-style chart is read for helm-docs only as another chart's dependency.
    type Loaded = (PathBuf, bool, Option<Result<ChartInfo, rudder_docs::Error>>);
    let loaded: Vec<Loaded> = dirs
        .par_iter()
        .map(|dir| {
            let bitnami = bitnami_style(dir, args, &config);
            let info = (!bitnami || args.document_dependency_values)
                .then(|| rudder_docs::load(dir, &opts));
            (dir.clone(), bitnami, info)
        })
        .collect();
    // Dependencies packaged in charts/ (from repositories and registries) are read too.
    let archives: Vec<(PathBuf, Result<ChartInfo, rudder_docs::Error>)> =
        match args.document_dependency_values {
            true => dirs
                .par_iter()
                .flat_map(|dir| rudder_docs::load_archives(dir, &opts))
                .collect(),
            false => Vec::new(),
        };
    let mut charts = HashMap::new();
    let mut order = Vec::new();
    let mut bitnami_dirs = std::collections::HashSet::new();
    let mut skipped = 0;
    for (dir, bitnami, result) in loaded {
        if bitnami {
            bitnami_dirs.insert(dir.clone());
            order.push(dir.clone());
        }
        match result {
            None => {}
            Some(Ok(info)) => {
                if !bitnami {
                    order.push(dir.clone());
                }
                charts.insert(dir, info);
            }
            Some(Err(_)) if bitnami => {}
            Some(Err(e)) => {
                skipped += 1;
                warn(&format!(
                    "Error parsing information for chart {}, skipping: {e}",
                    dir.display()
                ))
            }
        }
    }
    for (archive, result) in archives {
        match result {
            Ok(info) => {
                charts.insert(archive, info);
            }
            Err(e) => warn(&format!(
                "Error parsing information for packaged dependency {}, skipping: {e}",
                archive.display()
            )),
        }
    }
    if !args.chart_to_generate.is_empty() {
        for wanted in &args.chart_to_generate {
            if !order.iter().any(|d| d == Path::new(wanted)) {
                warn(&format!(
                    "Couldn't find documentation Info for <{wanted}> - skipping"
                ));
            }
        }
        order.retain(|d| args.chart_to_generate.iter().any(|w| Path::new(w) == d));
    }

    let writing = !args.check && !args.dry_run;
    let schema = args.schema || Config::load(Path::new("."))?.docs_schema;
    let outcomes: Vec<(Result<Outcome>, Vec<String>)> = order
        .par_iter()
        .map(|dir| match bitnami_dirs.contains(dir) {
            true => (document_bitnami(dir, args, &config, writing), Vec::new()),
            false => {
                let files = Files {
                    output: &args.output_file,
                    schema,
                    writing,
                    fetcher: &cx.schema_fetcher,
                };
                document(&charts[dir], &charts, &opts, &files)
            }
        })
        .collect();

    let mut out = std::io::stdout().lock();
    let (mut fresh, mut changed, mut failed) = (0, 0, 0);
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
            Outcome::Failed { messages, diff } => {
                failed += 1;
                if !writing {
                    out.write_all(diff.as_bytes())?;
                }
                for message in messages {
                    cx.printer.log(Level::Error, &message, &[]);
                }
            }
        }
    }
    out.flush()?;
    let verb = if writing { "written" } else { "out of date" };
    let failures = match failed {
        0 => String::new(),
        n => format!(", {n} failed"),
    };
    let summary = format!(
        "{} charts: {fresh} up to date, {changed} {verb}{failures}, {skipped} skipped ({:.2}s)",
        fresh + changed + skipped + failed,
        started.elapsed().as_secs_f64()
    );
    cx.printer.notice(&summary);
    if failed > 0 {
        bail!("{failed} chart(s) failed their checks (readme-generator's, or their values against the schema)");
    }
    if args.check && changed > 0 {
        bail!("{changed} README(s) out of date: run `rudder docs` to regenerate");
    }
    Ok(())
}

/// A Bitnami-style chart: its README's parameters section, compared or written.
fn document_bitnami(
    dir: &Path,
    args: &DocsArgs,
    config: &bitnami::Config,
    writing: bool,
) -> Result<Outcome> {
    let values = dir.join(&args.values_file);
    let readme = dir.join(&args.output_file);
    let changes = match docs_bitnami::chart(&values, Some(&readme), None, config) {
        Ok(changes) => changes,
        Err(message) => {
            return Ok(Outcome::Failed {
                messages: vec![format!("{}: {message}", dir.display())],
                diff: String::new(),
            })
        }
    };
    settle(&changes, writing)
}

/// What `document` writes or compares for a chart.
struct Files<'a> {
    output: &'a str,
    schema: bool,
    writing: bool,
    /// Loads the `http(s)://` documents a generated schema's `$ref`s name.
    fetcher: &'a dyn rudder_chart::schema::SchemaFetcher,
}

/// Renders one chart's README (and with `--schema` its values.schema.json, then checks its
/// values files against it) and writes them, or compares them with the files.
fn document(
    info: &ChartInfo,
    charts: &HashMap<PathBuf, ChartInfo>,
    opts: &Options,
    files: &Files,
) -> (Result<Outcome>, Vec<String>) {
    let dir = info.dir.display().to_string();
    let readme = match rudder_docs::render(info, charts, opts) {
        Ok(readme) => readme,
        Err(e) => {
            let warning = format!("Error generating documentation for chart {dir}: {e}");
            return (Ok(Outcome::Skipped), vec![warning]);
        }
    };
    let warnings: Vec<String> = readme
        .warnings
        .iter()
        .map(|w| format!("Error generating documentation for chart {dir}: {w}"))
        .collect();
    let mut changes = vec![docs_bitnami::Change::new(
        &info.dir.join(files.output),
        readme.text,
    )];
    let mut failures = Vec::new();
    if files.schema {
        match schema_change(info, opts, files.fetcher) {
            Ok((change, broken)) => {
                changes.push(Ok(change));
                failures = broken;
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    let outcome = changes
        .into_iter()
        .collect::<Result<Vec<_>>>()
        .and_then(|changes| settle(&changes, files.writing));
    let outcome = outcome.map(|outcome| match (outcome, failures.is_empty()) {
        (outcome, true) => outcome,
        (Outcome::Changed(diff), false) => Outcome::Failed {
            messages: failures,
            diff,
        },
        (_, false) => Outcome::Failed {
            messages: failures,
            diff: String::new(),
        },
    });
    (outcome, warnings)
}

/// The chart's generated values.schema.json, and its values files' failures against it.
fn schema_change(
    info: &ChartInfo,
    opts: &Options,
    fetcher: &dyn rudder_chart::schema::SchemaFetcher,
) -> Result<(docs_bitnami::Change, Vec<String>)> {
    let values = info.dir.join(&opts.values_file);
    let text = rudder_docs::schema::generate(&info.values_text, &values)?;
    // A chart helm cannot load still gets its schema; the check reports why it stopped.
    let checked = rudder_docs::schema::check::check(&info.dir, &opts.values_file, &text, fetcher);
    let failures = match checked {
        Ok(failures) => failures.iter().map(ToString::to_string).collect(),
        Err(e) => vec![e.to_string()],
    };
    let change = docs_bitnami::Change::new(&info.dir.join(rudder_docs::schema::FILE), text)?;
    Ok((change, failures))
}

/// Writes the files that change (when writing); the diffs of those that do.
fn settle(changes: &[docs_bitnami::Change], writing: bool) -> Result<Outcome> {
    let stale: Vec<&docs_bitnami::Change> = changes.iter().filter(|c| c.changed()).collect();
    if stale.is_empty() {
        return Ok(Outcome::UpToDate);
    }
    if writing {
        stale.iter().try_for_each(|c| c.write())?;
    }
    Ok(Outcome::Changed(stale.iter().map(|c| c.diff()).collect()))
}

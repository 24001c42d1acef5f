//! `rudder lint`: helm lint's findings, output and exit status, chart by chart; given a folder of
//! charts (or `--chart-dirs`), a whole repository in parallel ([`repository`]).

mod accounts;
mod output;
mod repository;

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Result};
use clap::Args;
use rudder_kube::{Downloads, Location, Sources};
use rudder_lint::{lint_path, Options, Severity};
use rudder_repo::kube_download::KubeSchemaDownloader;

use output::Run;
use rudder_render::objects::capabilities::KubeVersion;

use crate::commands::values::{user_values, ValuesArgs};
use crate::commands::Context;

/// `helm lint PATH...` and its flags.
#[derive(Args, Debug, Default)]
pub struct LintArgs {
    /// Chart folders or packaged charts (.tgz); a folder of charts lints each of them
    #[arg(value_name = "PATH", required_unless_present = "chart_dirs")]
    pub paths: Vec<String>,
    /// Folders holding charts: lint every chart in them, with its default values and each of
    /// its ci/*.yaml and values/*.yaml files, in parallel (can specify multiple)
    #[arg(long = "chart-dirs", value_delimiter = ',')]
    pub chart_dirs: Vec<String>,
    /// Fail on lint warnings
    #[arg(long)]
    pub strict: bool,
    /// Lint dependent charts
    #[arg(long = "with-subcharts")]
    pub with_subcharts: bool,
    /// Print only warnings and errors
    #[arg(long)]
    pub quiet: bool,
    /// If set, disables JSON schema validation
    #[arg(long = "skip-schema-validation")]
    pub skip_schema_validation: bool,
    /// Also run rudder's policy rules on the rendered objects (security context, resources,
    /// probes, images, RBAC, credentials, references between objects)
    #[arg(long)]
    pub policy: bool,
    /// Kubernetes version used for capabilities and deprecation checks
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,
    /// Also validate rendered objects against the Kubernetes schemas of the kube version
    /// (`lax`, or `strict`: unknown fields are errors), as `rudder validate` does
    #[arg(long = "kube-schemas", value_enum, default_value = "off")]
    pub kube_schemas: KubeSchemas,
    /// Where --kube-schemas finds schemas, as `rudder validate -schema-location` (repeatable,
    /// searched in order): `default` (the bundled schemas), a folder or URL laid out as
    /// kubernetes-json-schema, or a file path or URL template
    #[arg(long = "schema-location", value_name = "LOCATION")]
    pub schema_location: Vec<String>,
    /// Keep the schemas --schema-location downloads in this folder, and read them from it
    /// (`rudder validate -cache`)
    #[arg(long = "schema-cache", value_name = "DIR")]
    pub schema_cache: Option<String>,
    /// How findings are printed: helm's text, or json, sarif, github (annotations), junit
    #[arg(long = "output", short = 'o', value_enum, default_value = "human")]
    pub output: output::Format,
    /// chart-testing's check: Chart.yaml against chart-testing's yamale schema (or
    /// --chart-yaml-schema's)
    #[arg(long = "validate-chart-schema", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub validate_chart_schema: Option<bool>,
    /// The yamale schema file --validate-chart-schema uses (default: chart-testing's
    /// chart_schema.yaml)
    #[arg(long = "chart-yaml-schema", value_name = "FILE")]
    pub chart_yaml_schema: Option<std::path::PathBuf>,
    /// chart-testing's check: lint Chart.yaml, values.yaml and ci/*-values.yaml with yamllint's
    /// rules, as chart-testing's lintconf.yaml sets them (or --lint-conf's)
    #[arg(long = "validate-yaml", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub validate_yaml: Option<bool>,
    /// The yamllint config file --validate-yaml uses (default: chart-testing's lintconf.yaml)
    #[arg(long = "lint-conf", value_name = "FILE")]
    pub lint_conf: Option<std::path::PathBuf>,
    /// chart-testing's check: maintainers present (none on a deprecated chart), each an account
    /// on the git host of --remote
    #[arg(long = "validate-maintainers", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub validate_maintainers: Option<bool>,
    /// The git remote whose host --validate-maintainers asks for accounts
    #[arg(long, default_value = "origin")]
    pub remote: String,
    /// Where --validate-maintainers looks accounts up, instead of https://<host of --remote>
    /// (a HEAD request to URL/NAME must answer 200)
    #[arg(long = "maintainers-url", value_name = "URL")]
    pub maintainers_url: Option<String>,
    #[command(flatten)]
    pub values: ValuesArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum KubeSchemas {
    #[default]
    Off,
    Lax,
    Strict,
}

impl LintArgs {
    /// The chart-testing checks the flags turn on or off.
    fn chart_testing(&self) -> rudder_lint::chart_testing::Settings {
        rudder_lint::chart_testing::Settings {
            validate_chart_schema: self.validate_chart_schema,
            chart_yaml_schema: self.chart_yaml_schema.clone(),
            validate_yaml: self.validate_yaml,
            lint_conf: self.lint_conf.clone(),
            validate_maintainers: self.validate_maintainers,
        }
    }
}

impl KubeSchemas {
    /// `Some(strict)` when on.
    fn strict(self) -> Option<bool> {
        match self {
            KubeSchemas::Off => None,
            KubeSchemas::Lax => Some(false),
            KubeSchemas::Strict => Some(true),
        }
    }
}

/// What the charts of a run share: the Kubernetes version, and where `kube-schema` finds
/// schemas (a URL is downloaded once per run, whichever chart needs it first).
pub(super) struct Kube {
    version: Option<KubeVersion>,
    sources: Sources,
}

impl Kube {
    fn of(args: &LintArgs, cx: &Context) -> Result<Kube> {
        let version = match &args.kube_version {
            Some(v) => Some(KubeVersion::parse(v, cx.settings.helm).map_err(anyhow::Error::msg)?),
            None => None,
        };
        let asked = !args.schema_location.is_empty() || args.schema_cache.is_some();
        if asked && args.kube_schemas == KubeSchemas::Off {
            bail!("--schema-location and --schema-cache need --kube-schemas lax or strict");
        }
        let (locations, cache) =
            Location::parse_all(&args.schema_location, args.schema_cache.as_deref())
                .map_err(anyhow::Error::msg)?;
        let downloads = Downloads::new(Box::new(KubeSchemaDownloader::new()), cache, false);
        Ok(Kube {
            version,
            sources: Sources {
                locations,
                downloads: Some(Arc::new(downloads)),
            },
        })
    }
}

pub fn run(args: &LintArgs, cx: &Context) -> Result<()> {
    let kube = Kube::of(args, cx)?;
    if let Some(roots) = repository::roots(args) {
        return repository::run(args, &roots, &kube, cx);
    }
    // Template calls may nest as deeply as Go allows (see `template::RENDER_STACK`).
    rudder_gotmpl::stack::on_new_stack(crate::commands::template::RENDER_STACK, || {
        lint(args, &kube, cx)
    })
}

/// The severity from which a finding fails a chart (`--strict`: warnings too).
fn failing_severity(args: &LintArgs) -> Severity {
    if args.strict {
        Severity::Warning
    } else {
        Severity::Error
    }
}

fn lint(args: &LintArgs, kube: &Kube, cx: &Context) -> Result<()> {
    let mut paths = args.paths.clone();
    if args.with_subcharts {
        for path in &args.paths {
            subcharts(
                Path::new(&rudder_gocompat::path::clean(&format!("{path}/charts"))),
                &mut paths,
            );
        }
    }
    let values = user_values(&args.values, cx.settings.helm)?;
    let accounts = accounts::Accounts::new(&args.remote, args.maintainers_url.as_deref());
    let runs: Vec<Run> = paths
        .iter()
        .map(|path| {
            let options = Options {
                values: values.clone(),
                namespace: cx.settings.namespace(),
                kube_version: kube.version.clone(),
                helm: cx.settings.helm,
                skip_schema_validation: args.skip_schema_validation,
                schema_fetcher: &cx.schema_fetcher,
                policy: args.policy,
                kube_schemas: args.kube_schemas.strict(),
                kube_schema_sources: kube.sources.clone(),
                reporter: &cx.printer,
                chart_testing: args.chart_testing(),
                accounts: Some(&accounts),
            };
            Run {
                chart: path.clone(),
                values_file: None,
                result: lint_path(path, &options).map(|linter| linter.messages),
            }
        })
        .collect();
    let failed = runs
        .iter()
        .filter(|r| r.failed(failing_severity(args)))
        .count();
    let summary = format!("{} chart(s) linted, {failed} chart(s) failed", paths.len());
    if args.output != output::Format::Human {
        return print_machine(args, &runs, &summary);
    }
    let (text, noteworthy) = helm_text(args, &runs);
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(&rudder_gotmpl::gostr::to_bytes(&text))?;
    if failed > 0 {
        stdout.flush()?;
        bail!("{summary}");
    }
    if !args.quiet || noteworthy > 0 {
        writeln!(stdout, "{summary}")?;
    }
    Ok(())
}

/// helm lint's text for the runs (`==> Linting PATH`, the findings, a blank line), and how many
/// runs had warnings or errors.
fn helm_text(args: &LintArgs, runs: &[Run]) -> (String, usize) {
    let mut out = String::new();
    let mut noteworthy = 0;
    for run in runs {
        let messages = match &run.result {
            Ok(messages) => messages,
            Err(e) => {
                noteworthy += 1;
                let _ = writeln!(out, "==> Linting {}", run_header(run));
                let _ = writeln!(out, "Error {e}\n");
                continue;
            }
        };
        let notable = run.failed(failing_severity(args))
            || messages.iter().any(|m| m.severity > Severity::Info);
        if notable {
            noteworthy += 1;
        }
        if args.quiet && !notable {
            continue;
        }
        let _ = writeln!(out, "==> Linting {}", run_header(run));
        let terminal = std::io::stdout().is_terminal();
        for message in messages {
            if !args.quiet || message.severity > Severity::Info {
                let _ = writeln!(out, "{message}");
                if let Some(shown) = terminal.then(|| excerpt(run, message)).flatten() {
                    out.push_str(&shown);
                }
            }
        }
        out.push('\n');
    }
    (out, noteworthy)
}

/// On a terminal, the lines of the chart's file a finding points at (rudder's addition).
fn excerpt(run: &Run, message: &rudder_lint::Message) -> Option<String> {
    let location = message.location.as_ref()?;
    let text = std::fs::read_to_string(Path::new(&run.chart).join(&location.file)).ok()?;
    crate::excerpt::excerpt(location, &text, None)
}

/// A run's `==> Linting` header: the chart, and the values file it ran with.
fn run_header(run: &Run) -> String {
    match &run.values_file {
        Some(file) => format!("{} with {file}", run.chart),
        None => run.chart.clone(),
    }
}

/// `--output json|sarif|github|junit` on stdout; a failed run still fails the command.
fn print_machine(args: &LintArgs, runs: &[Run], summary: &str) -> Result<()> {
    let failing = failing_severity(args);
    let text = output::render(args.output, runs, failing);
    std::io::stdout().lock().write_all(text.as_bytes())?;
    if runs.iter().any(|r| r.failed(failing)) {
        bail!("{summary}");
    }
    Ok(())
}

/// `--with-subcharts`: every folder holding a Chart.yaml and every archive below `dir`, in
/// `filepath.Walk` order.
fn subcharts(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let text = path.to_string_lossy().into_owned();
        if name == "Chart.yaml" {
            out.push(dir.to_string_lossy().into_owned());
        } else if text.ends_with(".tgz") || text.ends_with(".tar.gz") {
            out.push(text);
        }
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            subcharts(&path, out);
        }
    }
}

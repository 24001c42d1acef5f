//! `rudder lint`: helm lint's findings, output and exit status, chart by chart; given a folder of
//! charts (or `--chart-dirs`), a whole repository in parallel ([`repository`]).

mod repository;

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};
use clap::Args;
use rudder_lint::{lint_path, Options, Severity};
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
    /// Kubernetes version used for capabilities and deprecation checks
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,
    #[command(flatten)]
    pub values: ValuesArgs,
}

pub fn run(args: &LintArgs, cx: &Context) -> Result<()> {
    let kube_version = match &args.kube_version {
        Some(v) => Some(KubeVersion::parse(v).map_err(anyhow::Error::msg)?),
        None => None,
    };
    if let Some(roots) = repository::roots(args) {
        return repository::run(args, &roots, kube_version.as_ref(), cx);
    }
    // Template calls may nest as deeply as Go allows (see `template::RENDER_STACK`).
    rudder_gotmpl::stack::on_new_stack(crate::commands::template::RENDER_STACK, || {
        lint(args, kube_version, cx)
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

fn lint(args: &LintArgs, kube_version: Option<KubeVersion>, cx: &Context) -> Result<()> {
    let mut paths = args.paths.clone();
    if args.with_subcharts {
        for path in &args.paths {
            subcharts(
                Path::new(&rudder_gocompat::path::clean(&format!("{path}/charts"))),
                &mut paths,
            );
        }
    }
    let values = user_values(&args.values)?;
    let lowest = failing_severity(args);
    let mut out = String::new();
    let mut failed = 0;
    let mut with_findings = 0;
    for path in &paths {
        let options = Options {
            values: values.clone(),
            namespace: cx.settings.namespace(),
            kube_version: kube_version.clone(),
            skip_schema_validation: args.skip_schema_validation,
            reporter: &cx.printer,
        };
        let (messages, errors) = match lint_path(path, &options) {
            Ok(linter) => {
                let errors = linter
                    .messages
                    .iter()
                    .filter(|m| m.severity >= lowest)
                    .count();
                (linter.messages, errors)
            }
            Err(e) => {
                let _ = writeln!(out, "==> Linting {path}");
                let _ = writeln!(out, "Error {e}\n");
                failed += 1;
                with_findings += 1;
                continue;
            }
        };
        let noteworthy = messages.iter().any(|m| m.severity > Severity::Info) || errors > 0;
        if noteworthy {
            with_findings += 1;
        }
        if args.quiet && !noteworthy {
            continue;
        }
        let _ = writeln!(out, "==> Linting {path}");
        for message in &messages {
            if !args.quiet || message.severity > Severity::Info {
                let _ = writeln!(out, "{message}");
            }
        }
        if errors > 0 {
            failed += 1;
        }
        out.push('\n');
    }
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(&rudder_gotmpl::gostr::to_bytes(&out))?;
    let summary = format!("{} chart(s) linted, {failed} chart(s) failed", paths.len());
    if failed > 0 {
        stdout.flush()?;
        bail!("{summary}");
    }
    if !args.quiet || with_findings > 0 {
        writeln!(stdout, "{summary}")?;
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

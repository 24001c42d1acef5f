//! `rudder template`: render a chart locally, exactly as `helm template` does.

pub mod args;
mod install_flags;
mod locate;
mod post_renderer;
mod release;

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{bail, Result};
use rudder_chart::Helm;
use rudder_render::context::Release;
use rudder_render::objects::capabilities::{KubeVersion, VersionSet};
use rudder_render::output::{self, OutputOptions};
use rudder_render::template::{template, Request};

use args::TemplateArgs;
use rudder_report::{log_failure, Level, Reporter};

use crate::commands::Context;

/// helm's hint after failures that happen once rendering has started.
const DEBUG_HINT: &str = "\n\nUse --debug flag to render out invalid YAML";

/// Template calls may nest 100,000 deep and templates may build values nested as deeply, as
/// in Go, whose stacks grow to 1 GiB. Rendering runs on a stack that large, reserved on this
/// same thread and touched only as used (a second thread cost a fifth of a small chart's run:
/// its start, its scheduling, a locked allocator arena).
pub const RENDER_STACK: usize = 1 << 30;

pub fn run(args: &TemplateArgs, cx: &Context) -> Result<()> {
    install_flags::check_values(&args.ignored, &cx.printer)?;
    rudder_gotmpl::stack::on_new_stack(RENDER_STACK, || render(args, cx))
}

fn render(args: &TemplateArgs, cx: &Context) -> Result<()> {
    // helm finds the plugin while it reads the flags, before anything else can fail.
    let post_renderer = post_renderer::from_flags(args, &cx.settings, &cx.printer)?;
    let helm = cx.settings.helm;
    let kube_version = match &args.kube_version {
        Some(v) => KubeVersion::parse(v, helm).map_err(anyhow::Error::msg)?,
        None => KubeVersion::default_for(helm),
    };
    install_flags::check_dry_run(&args.ignored, &cx.printer)?;
    let (name, chart_ref) = release::name_and_chart(args)?;
    let printer = &cx.printer;
    printer.log(
        Level::Debug,
        "Original chart version",
        &[("version", args.chart_path.version.as_str())],
    );
    let version = args.chart_path.constraint(cx);
    let chart_path = locate::locate_chart(&chart_ref, &args.chart_path, &version, cx)?;
    if printer.enabled(Level::Debug) {
        let absolute = std::path::absolute(&chart_path)?;
        let absolute = absolute.to_string_lossy();
        printer.log(Level::Debug, "Chart path", &[("path", &absolute)]);
    }
    let user_values = crate::commands::values::user_values(&args.values, helm)?;
    let mut chart = load(&chart_path, helm, printer)?;
    if chart.metadata.is_deprecated() {
        match helm {
            Helm::V3 => printer.line("WARNING: This chart is deprecated"),
            Helm::V4 => printer.log(Level::Warn, "this chart is deprecated", &[]),
        }
    }
    if args.dependency_update && !rudder_render::template::missing_dependencies(&chart).is_empty() {
        crate::commands::dependency::update_for(&chart_path, cx, false)?;
        chart = load(&chart_path, helm, printer)
            .map_err(|e| anyhow::anyhow!("failed reloading chart after repo update: {e}"))?;
    }
    release::validate_release_name(&name).map_err(|e| match helm {
        // helm 3 returns the validation error as it is, without logging it.
        Helm::V3 => anyhow::Error::msg(e),
        Helm::V4 => anyhow::Error::msg(log_failure(printer, "release name check failed", &e)),
    })?;
    let req = Request {
        user_values,
        release: Release::for_template(name.clone(), cx.settings.namespace(), args.is_upgrade),
        kube_version,
        api_versions: VersionSet::with_extra(helm, &args.api_versions),
        helm,
        enable_dns: args.enable_dns,
        skip_schema_validation: args.skip_schema_validation,
        schema_fetcher: &cx.schema_fetcher,
        output: OutputOptions {
            include_crds: args.include_crds,
            no_hooks: args.no_hooks,
            skip_tests: args.skip_tests,
            to_dir: args.output_dir.is_some(),
        },
        post_renderer: post_renderer.as_deref(),
        reporter: printer,
        exiting: true,
    };
    let assembled = match template(chart, &req) {
        Ok(a) => a,
        Err(f) if cx.settings.debug => {
            // Once rendering started helm prints what it has (through --show-only) before
            // the error: the rendered files if they did not parse, else an empty manifest.
            if f.error.after_render() {
                let rendered = f.rendered.unwrap_or_else(|| "\n".into());
                print_shown(&mut std::io::stdout().lock(), rendered, &args.show_only)?;
            }
            bail!("{}", f.error);
        }
        Err(f) => {
            let hint = if f.error.after_render() {
                DEBUG_HINT
            } else {
                ""
            };
            let mut message = format!("{}{hint}", f.error);
            if std::io::stderr().is_terminal() {
                if let Some(shown) = error_excerpt(&f, &chart_path) {
                    message.push_str("\n\n");
                    message.push_str(shown.trim_end());
                }
            }
            bail!("{message}");
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let text = match &args.output_dir {
        Some(dir) => {
            let crd_count = if args.include_crds {
                assembled.manifests.len() - count_non_crd(&assembled)
            } else {
                0
            };
            write_output_dir(
                Path::new(dir),
                &assembled,
                crd_count,
                args.release_name.then_some(name.as_str()),
                &mut out,
            )?;
            output::output_dir_text(&assembled)
        }
        None => output::to_text(&assembled),
    };
    print_shown(&mut out, text, &args.show_only)?;
    Ok(())
}

/// The chart at `path`; the message alone, as helm prints it (`{:#}` would append each
/// source's text again).
fn load(
    path: &Path,
    helm: rudder_chart::Helm,
    printer: &crate::printer::Printer,
) -> Result<rudder_chart::Chart> {
    rudder_chart::detect::load_detected(path, helm, printer).map_err(|e| match &e {
        // helm's line first; the cause after it only for a person reading a terminal.
        rudder_chart::ChartError::ArchiveUnloadable(cause) if std::io::stderr().is_terminal() => {
            anyhow::anyhow!("{e}\n\n{cause}")
        }
        _ => anyhow::Error::from(e),
    })
}

/// On a terminal, the source (or rendered) lines where a failure happened, under helm's message.
fn error_excerpt(f: &rudder_render::template::Failure, chart_path: &Path) -> Option<String> {
    let location = f.error.location()?;
    if let (rudder_render::error::RenderError::Manifest { file, .. }, Some(blob)) =
        (&f.error, &f.rendered)
    {
        let section = crate::excerpt::rendered_section(blob, file)?;
        return crate::excerpt::excerpt(&location, section, Some("rendered"));
    }
    // Template names start with the chart's name; the rest is the path in the chart folder.
    let (_, inside) = location.file.split_once('/')?;
    let text = std::fs::read_to_string(chart_path.join(inside)).ok()?;
    crate::excerpt::excerpt(&location, &text, None)
}

/// Prints `text` through `--show-only` (when given), as Go's bytes.
fn print_shown(out: &mut impl Write, text: String, show_only: &[String]) -> Result<()> {
    let text = if show_only.is_empty() {
        text
    } else {
        // A render error is not `Send` (template errors share `Rc`s): keep its text.
        output::show_only(&text, show_only).map_err(|e| anyhow::anyhow!("{e}"))?
    };
    out.write_all(&rudder_gotmpl::gostr::to_bytes(&text))?;
    Ok(())
}

fn count_non_crd(a: &output::Assembled) -> usize {
    a.manifests
        .iter()
        .filter(|(p, _)| !p.contains("/crds/"))
        .count()
}

fn write_output_dir(
    dir: &Path,
    a: &output::Assembled,
    crd_count: usize,
    release: Option<&str>,
    out: &mut impl Write,
) -> Result<()> {
    let writes = output::output_dir_writes(a, crd_count, release, &|p| dir.join(p).exists());
    for w in writes {
        let target = dir.join(&w.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(w.append)
            .truncate(!w.append)
            .open(&target)?;
        f.write_all(&rudder_gotmpl::gostr::to_bytes(&w.document))?;
        writeln!(out, "wrote {}/{}", dir.display(), w.path)?;
    }
    Ok(())
}

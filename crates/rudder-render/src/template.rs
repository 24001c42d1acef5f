//! `helm template` from a loaded chart to the printed text: dependency processing, values,
//! rendering, and output assembly, in helm's order and with helm's errors.

use std::rc::Rc;

use rudder_chart::schema::SchemaFetcher;
use rudder_chart::{coalesce, dependencies, Chart, Helm, Level, Reporter};
use rudder_gotmpl::exec::trace::TemplateLine;
use rudder_gotmpl::Value;

use crate::context::{LintLog, Origins, Release, RenderContext};
use crate::engine::render_tree;
use crate::error::RenderError;
use crate::objects::capabilities::{KubeVersion, VersionSet};
use crate::output::{self, CrdFile, OutputOptions};
use crate::tree::ChartNode;

/// Everything `helm template` needs besides the chart.
pub struct Request<'r> {
    pub user_values: Value,
    pub release: Release,
    pub kube_version: KubeVersion,
    pub api_versions: VersionSet,
    /// The helm whose order, texts and logs the output follows.
    pub helm: Helm,
    pub enable_dns: bool,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// Loads the `http(s)://` documents values schemas refer to.
    pub schema_fetcher: &'r dyn SchemaFetcher,
    pub output: OutputOptions,
    /// `--post-renderer`: helm 4 gives it every rendered file but NOTES.txt before they are
    /// sorted, helm 3 the manifests as printed.
    pub post_renderer: Option<&'r dyn output::PostRenderer>,
    /// Told the lines helm logs as they happen: conditions that are not booleans, unresolved
    /// `urn:` schema references, values tables meeting non-tables, hooks of unknown events,
    /// failed dependency processing, and at DEBUG the schema validation's walk of the charts.
    pub reporter: &'r dyn Reporter,
    /// The process ends after this render (the CLI's `template`): the chart, its values and
    /// the parsed templates are left to the operating system instead of being freed piece by
    /// piece, as clang's `-disable-free` does (freeing them was 2-3% of a render).
    pub exiting: bool,
}

/// A failure; `rendered` holds what helm prints with `--debug` when rendered files do not
/// parse as YAML.
#[derive(Debug)]
pub struct Failure {
    pub error: RenderError,
    pub rendered: Option<String>,
}

impl<E: Into<RenderError>> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure {
            error: error.into(),
            rendered: None,
        }
    }
}

/// Every non-empty rendered file as one text (helm's blob "to help the user debug parser
/// errors"; helm's order is that of a Go map, so random; here it is by path).
fn rendered_blob(files: &[(String, String)]) -> String {
    let mut files: Vec<&(String, String)> = files
        .iter()
        .filter(|(_, content)| !content.trim_matches(output::GO_SPACE).is_empty())
        .collect();
    files.sort();
    let mut blob = String::new();
    for (name, content) in files {
        output::push_document(&mut blob, name, content);
    }
    format!("{}\n", blob.trim_matches(output::GO_SPACE))
}

/// Renders `chart` and returns the assembled documents.
pub fn template(mut chart: Chart, req: &Request) -> Result<output::Assembled, Failure> {
    if chart.metadata.is_library() {
        return Err(RenderError::LibraryChart.into());
    }
    check_dependencies(&chart, req.helm)?;
    let log = req.reporter;
    dependencies::process(&mut chart, &req.user_values, req.helm, log).map_err(|e| {
        let cause = e.to_string();
        log.log(
            Level::Error,
            "chart dependencies processing failed",
            &[("error", &cause)],
        );
        RenderError::Dependencies(e)
    })?;
    let values = coalesce::coalesce_values(&chart, &req.user_values, false, req.helm, log)?;
    if !req.skip_schema_validation {
        rudder_chart::schema::validate(&chart, &values, req.helm, log, req.schema_fetcher)?;
    }

    let kube = &chart.metadata.kube_version;
    if !kube.is_empty() {
        let compatible = rudder_gocompat::semver::Version::parse(&req.kube_version.normalized)
            .map(|v| rudder_gocompat::semver::satisfies(kube, &v).unwrap_or(false))
            .unwrap_or(false);
        if !compatible {
            return Err(RenderError::KubeVersion {
                constraint: kube.clone(),
                version: req.kube_version.version.clone(),
            }
            .into());
        }
    }

    let mut ctx = RenderContext::new(
        &req.release,
        req.helm,
        req.kube_version.clone(),
        req.api_versions.clone(),
        req.enable_dns,
    );
    ctx.exiting = req.exiting;
    let tree = node(&chart, true, req.helm);
    let rendered = render_tree(&tree, &values, &ctx)?;
    let mut files: Vec<(String, String)> = rendered
        .into_iter()
        .filter(|(p, _)| !p.ends_with("NOTES.txt"))
        .collect();
    // helm 4 post-renders the rendered files; helm 3 the printed manifests (below).
    if let (Helm::V4, Some(renderer)) = (req.helm, req.post_renderer) {
        files = output::post_render(&files, renderer)?;
    }
    let head_type = simple_head(req.helm);
    let sorted = output::sort_manifests(&files, req.helm, log, &|doc| {
        rudder_yaml::parse_manifest_head(doc, head_type).map(|h| output::Head {
            kind: h.kind,
            annotations: h.annotations,
        })
    })
    .map_err(|error| Failure {
        error,
        rendered: Some(rendered_blob(&files)),
    })?;
    let mut crds = Vec::new();
    collect_crds(&chart, &chart.metadata.name, &mut crds);
    let mut assembled = output::assemble(&crds, sorted, &req.output);
    if let (Helm::V3, Some(renderer)) = (req.helm, req.post_renderer) {
        output::post_render_printed(&mut assembled, renderer, req.output.to_dir).map_err(|e| {
            // What helm 3 prints with --debug: an empty manifest, then the hooks.
            let hooks = output::Assembled {
                hooks: std::mem::take(&mut assembled.hooks),
                ..output::Assembled::default()
            };
            Failure {
                error: e.into(),
                rendered: Some(output::to_text(&hooks)),
            }
        })?;
    }
    if req.exiting {
        std::mem::forget((chart, values, tree));
    }
    Ok(assembled)
}

/// helm's `SimpleHead`, which the errors of reading a rendered document name.
fn simple_head(helm: Helm) -> rudder_yaml::GoStruct {
    rudder_yaml::GoStruct {
        package: match helm {
            Helm::V3 => "releaseutil",
            Helm::V4 => "util",
        },
        name: "SimpleHead",
    }
}

/// What `helm lint`'s template rule renders with (release `test-release` in `namespace`).
pub struct LintRequest<'r> {
    pub user_values: Value,
    pub namespace: String,
    pub kube_version: KubeVersion,
    pub helm: Helm,
    pub skip_schema_validation: bool,
    /// Record where each rendered line came from (for findings on rendered objects).
    pub trace: bool,
    /// Loads the `http(s)://` documents values schemas refer to.
    pub schema_fetcher: &'r dyn SchemaFetcher,
    /// Told lint mode's log lines (`required` and `fail`) once rendering ends.
    pub reporter: &'r dyn Reporter,
}

/// The outcome of rendering for `helm lint`.
#[derive(Debug)]
pub enum LintRender {
    /// Dependency processing or values coalescing failed: helm's rule stops silently.
    Skipped,
    /// The values fail the schemas, or a template does not parse or execute.
    Failed(RenderError),
    /// Every rendered file by its full path (`chart/templates/x.yaml`), and when traced, the
    /// template line of each rendered line, by file.
    Rendered(
        Vec<(String, String)>,
        Vec<(String, Vec<Option<TemplateLine>>)>,
    ),
}

/// Renders `chart` as helm lint's template rule does: in lint mode, without the kubeVersion
/// check, with import-values ignored (helm#9658).
pub fn render_for_lint(mut chart: Chart, req: &LintRequest) -> LintRender {
    let log = req.reporter;
    if dependencies::process(&mut chart, &req.user_values, req.helm, log).is_err() {
        return LintRender::Skipped;
    }
    let Ok(values) = coalesce::coalesce_values(&chart, &req.user_values, false, req.helm, log)
    else {
        return LintRender::Skipped;
    };
    // helm's rule hands the coalesced values to `ToRenderValuesWithSchemaValidation`, which
    // coalesces them with the chart's again: its warnings are logged twice, and a default that
    // a `null` removed comes back.
    let Ok(values) = coalesce::coalesce_values(&chart, &values, false, req.helm, log) else {
        return LintRender::Skipped;
    };
    if !req.skip_schema_validation {
        let fetcher = req.schema_fetcher;
        if let Err(e) = rudder_chart::schema::validate(&chart, &values, req.helm, log, fetcher) {
            return LintRender::Failed(e.into());
        }
    }
    let mut ctx = RenderContext::new(
        &Release::for_lint(req.namespace.clone()),
        req.helm,
        req.kube_version.clone(),
        VersionSet::with_extra(req.helm, &[]),
        false,
    );
    let lint_log = LintLog::default();
    ctx.lint_log = Some(lint_log.clone());
    let origins = req.trace.then(Origins::default);
    ctx.origins = origins.clone();
    let rendered = render_tree(&node(&chart, true, req.helm), &values, &ctx);
    for event in lint_log.borrow().iter() {
        match req.helm {
            Helm::V3 => log.line(&helm3_lint_line(event)),
            Helm::V4 => log.log(event.level, event.message, &[("message", &event.text)]),
        }
    }
    match rendered {
        Ok(files) => {
            let origins = origins.map(|o| o.take()).unwrap_or_default();
            LintRender::Rendered(files, origins)
        }
        Err(e) => LintRender::Failed(e),
    }
}

/// helm 3's log line for a lint-mode `required` or `fail` (its engine's `log.Printf`).
fn helm3_lint_line(event: &crate::context::LintEvent) -> String {
    let (go_line, what) = match event.message {
        "missing required value" => (206, "Missing required value"),
        "missing required values" => (214, "Missing required value"),
        _ => (227, "Fail"),
    };
    format!("engine.go:{go_line}: [INFO] {what}: {}", event.text)
}

/// The dependencies Chart.yaml declares that `charts/` lacks (helm's `CheckDependencies`).
pub fn missing_dependencies(chart: &Chart) -> Vec<String> {
    chart
        .metadata
        .dependencies
        .iter()
        .filter(|d| !chart.dependencies.iter().any(|c| c.name() == d.name))
        .map(|d| d.name.clone())
        .collect()
}

/// helm's `CheckDependencies`: every declared dependency must be present in `charts/`.
fn check_dependencies(chart: &Chart, helm: Helm) -> Result<(), RenderError> {
    let missing = missing_dependencies(chart);
    if missing.is_empty() {
        return Ok(());
    }
    Err(RenderError::MissingDependencies { missing, helm })
}

/// `helm` decides `.Chart`'s shape: helm 3's Go struct or helm 4's map.
fn node(chart: &Chart, is_root: bool, helm: Helm) -> ChartNode {
    ChartNode {
        name: chart.name().to_string(),
        is_library: chart.metadata.is_library(),
        templates: chart.templates.clone(),
        files: chart
            .files
            .iter()
            .map(|(p, d)| (p.clone(), Rc::clone(d)))
            .collect(),
        chart: match helm {
            Helm::V3 => chart
                .metadata
                .to_struct_value(is_root, &chart.metadata.dependencies),
            Helm::V4 => chart
                .metadata
                .to_value(is_root, &chart.metadata.dependencies),
        },
        subcharts: chart
            .dependencies
            .iter()
            .map(|c| node(c, false, helm))
            .collect(),
    }
}

fn collect_crds(chart: &Chart, path: &str, out: &mut Vec<CrdFile>) {
    for (file, data) in chart.crd_files() {
        out.push(CrdFile {
            path: format!("{path}/{file}"),
            content: String::from_utf8_lossy(&data).into_owned(),
        });
    }
    for sub in &chart.dependencies {
        collect_crds(sub, &format!("{path}/charts/{}", sub.name()), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::LintEvent;

    // helm v3.17.2 (testdata/cases/lint/templates, helm-3.17.2 golden).
    #[test]
    fn helm_3_logs_lint_mode_events_through_go_log() {
        let line = |message: &'static str| {
            helm3_lint_line(&LintEvent {
                level: Level::Info,
                message,
                text: "x".into(),
            })
        };
        assert_eq!(
            line("missing required value"),
            "engine.go:206: [INFO] Missing required value: x"
        );
        assert_eq!(
            line("missing required values"),
            "engine.go:214: [INFO] Missing required value: x"
        );
        assert_eq!(line("funcMap fail"), "engine.go:227: [INFO] Fail: x");
    }
}

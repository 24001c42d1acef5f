//! templates/: helm's `rules.Templates`. The chart is loaded and rendered in lint mode (release
//! `test-release`); then each YAML template of the top-level chart is checked: its extension,
//! its first line's indent, and each document it renders to (YAML, name, deprecated APIs,
//! workload selectors, List annotations). The first unreadable document ends the rule.

use rudder_chart::Helm;
use rudder_gotmpl::Value;
use rudder_render::objects::capabilities::KubeVersion;

use crate::origins::{file_in_chart, RenderedOrigins};
use rudder_render::template::{render_for_lint, LintRender, LintRequest};
use rudder_report::Location;
use rudder_yaml::{GoStruct, K8sObject, ObjectError};

use crate::{Linter, Options, Severity};

const DIR: &str = "templates/";

pub fn check(linter: &mut Linter, options: &Options) {
    use Severity::*;
    let path = linter.chart_dir.join("templates");
    if options.helm.is_v3() {
        // helm 3: the folder is optional, and a file in its place is only a warning.
        let is_dir = match std::fs::metadata(&path) {
            Ok(m) if !m.is_dir() => Err("not a directory".into()),
            _ => Ok(()),
        };
        if !linter.check("templates-dir", Warning, DIR, is_dir) {
            return;
        }
        return render_and_check(linter, options);
    }
    let exists = match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err("directory does not exist".into())
        }
        _ => Ok(()),
    };
    if !linter.check("templates-dir", Warning, DIR, exists) {
        return;
    }
    let is_dir = if path.is_dir() {
        Ok(())
    } else {
        Err("not a directory".into())
    };
    if !linter.check("templates-dir", Error, DIR, is_dir) {
        return;
    }
    render_and_check(linter, options);
}

/// Loads and renders the chart, then checks each template and what it rendered to.
fn render_and_check(linter: &mut Linter, options: &Options) {
    use Severity::*;
    let chart = match rudder_chart::load::load(&linter.chart_dir, options.helm, options.reporter) {
        Ok(chart) => chart,
        Err(e) => {
            linter.check("template-render", Error, DIR, Err(e.to_string()));
            return;
        }
    };
    let chart_name = chart.name().to_string();
    let templates: Vec<String> = chart
        .templates
        .iter()
        .map(|(name, _)| name.clone())
        .collect();
    // The chart's crds/ files, for `kube-schema`: validated too, and their CRDs give the
    // custom resources their schemas.
    let crd_files: Vec<(String, String)> = match options.kube_schemas {
        Some(_) => chart
            .crd_files()
            .into_iter()
            .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
            .collect(),
        None => Vec::new(),
    };
    let kube_version = options
        .kube_version
        .clone()
        .unwrap_or_else(|| KubeVersion::default_for(options.helm));
    let request = LintRequest {
        user_values: options.values.clone(),
        namespace: options.namespace.clone(),
        kube_version: kube_version.clone(),
        helm: options.helm,
        skip_schema_validation: options.skip_schema_validation,
        trace: options.policy || options.kube_schemas.is_some(),
        schema_fetcher: options.schema_fetcher,
        reporter: options.reporter,
    };
    let rendered = match render_for_lint(chart, &request) {
        LintRender::Skipped => return,
        LintRender::Failed(e) => {
            // Template names start with the chart's name: the rest is the file in the chart.
            let location = e
                .location()
                .and_then(|l| Some(Location::new(file_in_chart(&l.file)?, l.line, l.column)));
            linter.check_at("template-render", Error, DIR, Err(e.to_string()), location);
            return;
        }
        LintRender::Rendered(files, origins) => {
            linter.origins = RenderedOrigins::new(origins);
            files
        }
    };
    // Rendered names start with the chart's name; the policy rules name files as helm lint does.
    linter.rendered = rendered
        .iter()
        .filter_map(|(name, text)| Some((file_in_chart(name)?.to_string(), text.clone())))
        .collect();
    if let Some(strict) = options.kube_schemas {
        let crds = crd_files.iter().map(|(f, c)| (f.as_str(), c.as_str()));
        let files: Vec<(&str, &str)> = crds
            .chain(templates.iter().filter(|f| is_yaml(f)).filter_map(|f| {
                let full = format!("{chart_name}/{f}");
                let (_, content) = rendered.iter().find(|(name, _)| *name == full)?;
                Some((f.as_str(), content.as_str()))
            }))
            .collect();
        let version = kube_version.normalized.clone();
        let sources = &options.kube_schema_sources;
        for (file, line, text) in super::kube_schemas::check(&files, &version, strict, sources) {
            // A rendered file's line is the template line that wrote it; crds/ files are
            // the chart's own.
            let location = line.and_then(|line| match linter.origins.template_line(&file, line) {
                Some(at) => Some(at),
                None => crd_files
                    .iter()
                    .any(|(crd, _)| *crd == file)
                    .then(|| Location::new(&file, line, None)),
            });
            linter.check_at("kube-schema", Error, &file, Err(text), location);
        }
    }
    for file in &templates {
        linter.check("template-extension", Error, file, extension(file));
        if !lints_content(file, options.helm) {
            continue;
        }
        let full = format!("{chart_name}/{file}");
        let content = rendered
            .iter()
            .find(|(name, _)| *name == full)
            .map_or("", |(_, content)| content.as_str());
        if content.trim().is_empty() {
            continue;
        }
        linter.check("template-indent", Warning, file, top_indent(content));
        for object in rudder_yaml::read_k8s_objects(content, lint_struct(options.helm)) {
            let object = match object {
                Ok(object) => object,
                Err(e) => {
                    linter.check("template-yaml", Error, file, Err(unreadable(&e)));
                    return;
                }
            };
            if let Some(object) = object {
                check_object(linter, file, &object, content, &kube_version, options);
            }
        }
    }
}

fn check_object(
    linter: &mut Linter,
    file: &str,
    object: &K8sObject,
    content: &str,
    default_kube: &KubeVersion,
    options: &Options,
) {
    use Severity::*;
    linter.check(
        "object-name",
        Warning,
        file,
        super::object_names::check(&object.kind, &object.name),
    );
    // Deprecations are judged at the given kube version, or helm's default one.
    let kube = options.kube_version.as_ref().unwrap_or(default_kube);
    linter.check(
        "deprecated-api",
        Warning,
        file,
        super::deprecations::check(object, kube, options.helm),
    );
    linter.check("workload-selector", Error, file, selector(object, content));
    linter.check(
        "list-resource-policy",
        Error,
        file,
        list_annotations(object, content, options.helm),
    );
}

/// The struct helm lint decodes each document into, which its errors name.
pub(crate) fn lint_struct(helm: Helm) -> GoStruct {
    GoStruct {
        package: "rules",
        name: match helm {
            Helm::V3 => "K8sYamlStruct",
            Helm::V4 => "k8sYamlStruct",
        },
    }
}

/// `validateYamlContent`'s wording.
pub(crate) fn unreadable(e: &ObjectError) -> String {
    format!("unable to parse YAML: {e}")
}

fn extension(file: &str) -> Result<(), String> {
    let ext = go_ext(file);
    if [".yaml", ".yml", ".tpl", ".txt"].contains(&ext) {
        return Ok(());
    }
    Err(format!(
        "file extension '{ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
    ))
}

/// Go's `filepath.Ext`: from the last `.` of the last element.
fn go_ext(path: &str) -> &str {
    let base_start = path.rfind('/').map_or(0, |i| i + 1);
    path[base_start..]
        .rfind('.')
        .map_or("", |i| &path[base_start + i..])
}

fn is_yaml(file: &str) -> bool {
    matches!(go_ext(file).to_ascii_lowercase().as_str(), ".yaml" | ".yml")
}

/// Whether the rendered content of a template is checked: helm 4 checks YAML files (`.yaml`,
/// `.yml`, any case); helm 3's test lets only an exact `.yaml` through.
fn lints_content(file: &str, helm: Helm) -> bool {
    match helm {
        Helm::V3 => go_ext(file) == ".yaml",
        Helm::V4 => is_yaml(file),
    }
}

/// `validateTopIndentLevel`: the first non-blank line must not start with a space or tab.
fn top_indent(content: &str) -> Result<(), String> {
    for line in content.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            return Err(format!(
                "document starts with an illegal indent: {}, which may cause parsing problems",
                rudder_gotmpl::fmt::quote(line)
            ));
        }
        return Ok(());
    }
    Ok(())
}

/// `validateMatchSelector`: a workload's file must mention a label selector somewhere.
fn selector(object: &K8sObject, content: &str) -> Result<(), String> {
    let workload = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"];
    if workload.contains(&object.kind.as_str())
        && !content.contains("matchLabels")
        && !content.contains("matchExpressions")
    {
        return Err(format!(
            "a {} must contain matchLabels or matchExpressions, and {} does not",
            object.kind,
            rudder_gotmpl::fmt::quote(&object.name)
        ));
    }
    Ok(())
}

/// `validateListAnnotations`: a List's items may not carry `helm.sh/resource-policy`.
/// helm 3 starts its message with a capital.
fn list_annotations(object: &K8sObject, content: &str, helm: Helm) -> Result<(), String> {
    if object.kind != "List" {
        return Ok(());
    }
    let document =
        rudder_yaml::parse_document(content).map_err(|e| format!("unable to parse YAML: {e}"))?;
    let field = |v: &Value, name: &str| {
        v.as_map().and_then(|m| {
            m.borrow()
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        })
    };
    let items = field(&document, "items");
    let Some(items) = items.as_ref().and_then(Value::as_list) else {
        return Ok(());
    };
    for item in &items.items {
        let annotations = field(item, "metadata").and_then(|m| field(&m, "annotations"));
        let has_policy = annotations
            .and_then(|a| {
                a.as_map()
                    .map(|m| m.borrow().contains_key("helm.sh/resource-policy"))
            })
            .unwrap_or(false);
        if has_policy {
            let first = if helm.is_v3() { 'A' } else { 'a' };
            return Err(format!(
                "{first}nnotation 'helm.sh/resource-policy' within List objects are ignored"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_as_go_reads_them() {
        assert_eq!(go_ext("templates/a.b/c"), "");
        assert_eq!(go_ext("templates/x.YAML"), ".YAML");
        assert!(is_yaml("templates/x.YAML"));
        assert!(extension("templates/NOTES.txt").is_ok());
        assert!(extension("templates/README").is_err());
    }

    // helm v3.17.2 and v4.1.4 (testdata/cases/lint/templates: extension-uppercase-yaml).
    #[test]
    fn helm_3_checks_the_content_of_exact_yaml_files_only() {
        assert!(lints_content("templates/a.yaml", Helm::V3));
        assert!(!lints_content("templates/a.YAML", Helm::V3));
        assert!(!lints_content("templates/a.yml", Helm::V3));
        assert!(lints_content("templates/a.YAML", Helm::V4));
        assert!(lints_content("templates/a.yml", Helm::V4));
    }

    #[test]
    fn top_indent_looks_at_the_first_non_blank_line() {
        assert!(top_indent("\n\n  a: 1\n").is_err());
        assert!(top_indent("a: 1\n  b: 2\n").is_ok());
    }
}

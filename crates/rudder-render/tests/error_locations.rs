//! Every failure of `helm template` tells where it is without its text being read back: the
//! file, line and column a lint finding or an editor needs.

use rudder_chart::{load::load_files, Chart, ChartError, Helm};
use rudder_gotmpl::Value;
use rudder_render::context::Release;
use rudder_render::error::RenderError;
use rudder_render::objects::capabilities::{KubeVersion, VersionSet};
use rudder_render::output::OutputOptions;
use rudder_render::template::{template, Request};
use rudder_report::{Location, Silent};

const CHART_YAML: &str = "apiVersion: v2\nname: c\nversion: 0.1.0\n";

fn chart(files: &[(&str, &str)]) -> Result<Chart, ChartError> {
    let mut all = vec![("Chart.yaml".to_string(), CHART_YAML.as_bytes().to_vec())];
    all.extend(
        files
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec())),
    );
    load_files(all, Helm::V4)
}

fn render_error(files: &[(&str, &str)]) -> RenderError {
    let request = Request {
        user_values: Value::empty_map(),
        release: Release::for_template("r".into(), "default".into(), false),
        kube_version: KubeVersion::default_for(Helm::V4),
        api_versions: VersionSet::with_extra(Helm::V4, &[]),
        helm: Helm::V4,
        enable_dns: false,
        skip_schema_validation: false,
        schema_fetcher: &rudder_chart::schema::Offline,
        output: OutputOptions::default(),
        post_renderer: None,
        reporter: &Silent,
        exiting: false,
    };
    let chart = chart(files).expect("the chart loads");
    match template(chart, &request) {
        Ok(_) => panic!("rendering succeeded"),
        Err(failure) => failure.error,
    }
}

#[test]
fn exec_errors_point_at_the_innermost_failing_node() {
    let e = render_error(&[("templates/cm.yaml", "a: 1\nb: {{ .Values.x.y }}\n")]);
    assert_eq!(
        e.to_string(),
        "c/templates/cm.yaml:2:13\n  executing \"c/templates/cm.yaml\" at <.Values.x.y>:\n    nil pointer evaluating interface {}.y"
    );
    assert_eq!(
        e.location(),
        Some(Location::new("c/templates/cm.yaml", 2, Some(13)))
    );

    // Through `include`, the place is in the helper, where the failure is.
    let e = render_error(&[
        (
            "templates/_h.tpl",
            "{{ define \"h\" }}\n  {{ .Values.x.y }}{{ end }}",
        ),
        ("templates/cm.yaml", "a: {{ include \"h\" . }}\n"),
    ]);
    assert_eq!(
        e.location(),
        Some(Location::new("c/templates/_h.tpl", 2, Some(12)))
    );
}

#[test]
fn parse_errors_name_the_line() {
    let e = render_error(&[("templates/cm.yaml", "a: 1\n{{ if }}\n")]);
    assert_eq!(
        e.to_string(),
        "parse error at (c/templates/cm.yaml:2): missing value for if"
    );
    assert_eq!(
        e.location(),
        Some(Location::new("c/templates/cm.yaml", 2, None))
    );
}

#[test]
fn rendered_yaml_errors_point_into_the_rendered_file() {
    let e = render_error(&[(
        "templates/cm.yaml",
        "kind: ConfigMap\n---\nkind: Secret\ndata: [a\nb: 2\n",
    )]);
    assert_eq!(
        e.to_string(),
        "YAML parse error on c/templates/cm.yaml: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'"
    );
    assert_eq!(
        e.location(),
        Some(Location::new("c/templates/cm.yaml", 5, Some(1)))
    );
}

#[test]
fn values_file_errors_point_into_values_yaml() {
    let e = chart(&[("values.yaml", "a: 1\nb:\n  c: 2\n d: 3\n")]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 3: did not find expected key"
    );
    assert_eq!(e.location(), Some(Location::new("values.yaml", 4, Some(1))));

    // In a subchart, the path is the subchart's file.
    let e = chart(&[
        (
            "charts/s/Chart.yaml",
            "apiVersion: v2\nname: s\nversion: 1.0.0\n",
        ),
        ("charts/s/values.yaml", "x: [\n"),
    ])
    .unwrap_err();
    assert_eq!(
        e.location().map(|l| l.file),
        Some("charts/s/values.yaml".to_string())
    );
}

#[test]
fn chart_yaml_errors_point_into_chart_yaml() {
    let e = load_files(
        vec![("Chart.yaml".to_string(), b"name: c\nversion: [1\n".to_vec())],
        Helm::V4,
    )
    .unwrap_err();
    assert_eq!(
        e.location().map(|l| (l.file, l.line)),
        Some(("Chart.yaml".to_string(), 3))
    );
    let e = load_files(
        vec![("Chart.yaml".to_string(), b"name: c\n".to_vec())],
        Helm::V4,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "validation: chart.metadata.version is required"
    );
    assert_eq!(e.location(), Some(Location::file("Chart.yaml")));
}

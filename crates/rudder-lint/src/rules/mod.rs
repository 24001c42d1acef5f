//! helm lint's rules, one module per family, each finding tagged with a stable rule id:
//!
//! | id | severity | finds |
//! |---|---|---|
//! | `chart-yaml-directory` | error | Chart.yaml is a folder |
//! | `chart-yaml-syntax` | error | Chart.yaml does not load |
//! | `chart-yaml-strict` | warning | unknown fields (or repeated keys) in Chart.yaml |
//! | `chart-name` | error | missing or path-like chart name |
//! | `chart-api-version` | error | apiVersion missing or not v1/v2 |
//! | `chart-version-type`, `chart-app-version-type` | error | version/appVersion not strings |
//! | `chart-version` | error | version missing or not SemVer |
//! | `chart-maintainers` | error | empty maintainer, no name, bad e-mail or URL |
//! | `chart-sources` | error | a source that is not a URL |
//! | `chart-icon` | info | no icon |
//! | `chart-icon-url` | error | icon not a URL |
//! | `chart-type` | error | `type` in an apiVersion v1 chart |
//! | `chart-dependencies` | error | `dependencies` in an apiVersion v1 chart |
//! | `chart-version-semver2` | warning | version not strict SemVer 2 |
//! | `values-file` | info | no values.yaml |
//! | `values-syntax` | error | values.yaml does not load or fails values.schema.json |
//! | `templates-dir` | warning/error | no templates folder, or not a folder |
//! | `template-render` | error | the chart does not load, values fail schemas, templates fail |
//! | `template-extension` | error | a template file's extension |
//! | `template-indent` | warning | a rendered file starts indented |
//! | `template-yaml` | error | a rendered file is not YAML |
//! | `object-name` | warning | a name Kubernetes refuses for the kind |
//! | `deprecated-api` | warning | an API version deprecated at the kube version |
//! | `workload-selector` | error | a workload without matchLabels/matchExpressions |
//! | `list-resource-policy` | error | `helm.sh/resource-policy` inside a List |
//! | `chart-load` | error | the chart (or a subchart) does not load |
//! | `dependency-undeclared` | error | a chart in charts/ not in Chart.yaml |
//! | `dependency-unique` | error | two dependencies share a name or alias |
//! | `dependency-missing` | warning | a dependency not in charts/ |
//! | `crds-dir`, `crd-yaml`, `crd-api-version`, `crd-kind` | error | the crds/ folder's files |
//! | `kube-schema` | error | a rendered object the Kubernetes schemas refuse (only with `--kube-schemas`) |
//!
//! chart-testing's checks (only when asked for) are listed in [`crate::chart_testing`]:
//! `chart-yaml-schema`, `yamllint-<rule>`, `yamllint-syntax`, `yamllint-file`,
//! `chart-maintainers-accounts`.

pub mod chartfile;
pub mod crds;
pub mod dependencies;
mod deprecated_apis;
pub mod deprecations;
pub mod kube_schemas;
pub mod object_names;
pub mod templates;
pub mod values;

/// Go's wording of a failed `os.ReadFile`.
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        let op = if path.is_dir() { "read" } else { "open" };
        format!(
            "{op} {}: {}",
            path.display(),
            rudder_chart::load::io_text(&e)
        )
    })
}

//! The flags of `rudder template`, named and shaped as `helm template`'s.

use clap::Args;

use crate::commands::chart_path::ChartPathArgs;
use crate::commands::values::ValuesArgs;

/// `[NAME] [CHART]` and every flag of `helm template` that means something offline. Flags that
/// only matter to an install against a cluster are accepted and ignored, as helm itself ignores
/// them in template mode, so scripts written for helm keep working.
#[derive(Args, Debug, Default)]
pub struct TemplateArgs {
    /// The release name (optional) and the chart: a folder or a packaged .tgz
    #[arg(value_name = "[NAME] CHART")]
    pub args: Vec<String>,

    #[command(flatten)]
    pub values: ValuesArgs,

    /// Generate the name (and omit the NAME parameter)
    #[arg(short = 'g', long = "generate-name")]
    pub generate_name: bool,
    /// Specify template used to name the release
    #[arg(long = "name-template")]
    pub name_template: Option<String>,

    /// Kubernetes version used for Capabilities.KubeVersion
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,
    /// Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)
    #[arg(short = 'a', long = "api-versions", value_delimiter = ',')]
    pub api_versions: Vec<String>,
    /// Set .Release.IsUpgrade instead of .Release.IsInstall
    #[arg(long = "is-upgrade")]
    pub is_upgrade: bool,

    /// Include CRDs in the templated output
    #[arg(long = "include-crds")]
    pub include_crds: bool,
    /// Skip tests from templated output
    #[arg(long = "skip-tests")]
    pub skip_tests: bool,
    /// Prevent hooks from being rendered
    #[arg(long = "no-hooks")]
    pub no_hooks: bool,
    /// Only show manifests rendered from the given templates
    #[arg(short = 's', long = "show-only")]
    pub show_only: Vec<String>,
    /// Writes the executed templates to files in output-dir instead of stdout
    #[arg(long = "output-dir")]
    pub output_dir: Option<String>,
    /// Use release name in the output-dir path
    #[arg(long = "release-name")]
    pub release_name: bool,

    /// If set, disables JSON schema validation
    #[arg(long = "skip-schema-validation")]
    pub skip_schema_validation: bool,
    /// Enable DNS lookups when rendering templates
    #[arg(long = "enable-dns")]
    pub enable_dns: bool,
    /// the name of a postrenderer type plugin to be used for post rendering. If it exists, the plugin will be used
    #[arg(long = "post-renderer", value_name = "NAME")]
    pub post_renderer: Vec<String>,
    /// an argument to the post-renderer (can specify multiple)
    #[arg(long = "post-renderer-args", value_name = "ARG")]
    pub post_renderer_args: Vec<String>,
    /// The chart's repository, version, verification, credentials and TLS settings
    #[command(flatten)]
    pub chart_path: ChartPathArgs,
    /// update dependencies if they are missing before installing the chart
    #[arg(long = "dependency-update")]
    pub dependency_update: bool,

    #[command(flatten)]
    pub ignored: IgnoredInstallFlags,
}

/// Install flags that have no effect on `helm template`'s output.
#[derive(Args, Debug, Default)]
#[command(next_help_heading = "Accepted for compatibility (no effect on rendering)")]
pub struct IgnoredInstallFlags {
    /// Ignored: CRDs are only printed with --include-crds
    #[arg(long = "skip-crds")]
    pub skip_crds: bool,
    /// Ignored in template mode
    #[arg(long = "create-namespace")]
    pub create_namespace: bool,
    /// Ignored in template mode
    #[arg(long = "description")]
    pub description: Option<String>,
    /// client (the default) or server; template renders client-side
    #[arg(long = "dry-run", num_args = 0..=1, require_equals = true, default_missing_value = "unset")]
    pub dry_run: Option<String>,
    /// Ignored in template mode
    #[arg(long = "replace")]
    pub replace: bool,
    /// Ignored in template mode
    #[arg(long = "timeout")]
    pub timeout: Option<String>,
    /// Ignored in template mode
    #[arg(long = "wait", num_args = 0..=1, require_equals = true, default_missing_value = "watcher")]
    pub wait: Option<String>,
    /// Ignored in template mode
    #[arg(long = "wait-for-jobs")]
    pub wait_for_jobs: bool,
    /// Ignored in template mode
    #[arg(long = "hide-notes")]
    pub hide_notes: bool,
    /// Ignored: notes are never printed by template
    #[arg(long = "render-subchart-notes")]
    pub render_subchart_notes: bool,
    /// Ignored in template mode
    #[arg(long = "disable-openapi-validation")]
    pub disable_openapi_validation: bool,
    /// Ignored in template mode (labels added to release metadata; checked as key=value)
    #[arg(short = 'l', long = "labels")]
    pub labels: Vec<String>,
    /// Ignored in template mode
    #[arg(long = "rollback-on-failure")]
    pub rollback_on_failure: bool,
    /// Deprecated: use --rollback-on-failure
    #[arg(long = "atomic", hide = true, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", action = clap::ArgAction::Append)]
    pub atomic: Vec<String>,
    /// Ignored in template mode
    #[arg(long = "take-ownership")]
    pub take_ownership: bool,
    /// Ignored in template mode (default true)
    #[arg(long = "server-side")]
    pub server_side: bool,
    /// Ignored in template mode
    #[arg(long = "force-conflicts")]
    pub force_conflicts: bool,
    /// Ignored in template mode
    #[arg(long = "force-replace")]
    pub force_replace: bool,
}

//! `helm lint`'s rules, with helm's messages, order and severities. A chart folder goes in,
//! findings come out as data ([`Message`]); only the CLI prints them.
//!
//! - [`message`]: a finding and helm's severities;
//! - [`chart_testing`]: chart-testing's `ct lint` checks (yamllint, maintainers), when asked;
//! - [`config`]: rules silenced or re-graded by `.rudder-lint.yaml` files and template comments;
//! - [`rules`]: one module per rule family, run in helm's order by [`run_all`];
//! - [`policy`]: checks on the rendered objects beyond helm's (security context, resources,
//!   probes, images, RBAC, credentials, references between objects), when asked;
//! - [`validators`]: govalidator's e-mail and URL checks, which Chart.yaml's rules use;
//! - [`lint_path`]: a folder or an archive, as `helm lint PATH` takes it;
//! - [`repository`]: the charts of a whole repository and their values matrix;
//! - [`yamllint`]: yamllint's rules as chart-testing runs them on Chart.yaml and values files;
//! - [`yamale`]: yamale's schema validation, which chart-testing runs on Chart.yaml.

pub mod chart_testing;
pub mod config;
pub mod message;
pub mod origins;
mod path;
pub mod policy;
pub mod repository;
pub mod rules;
pub mod validators;
pub mod yamale;
pub mod yamllint;

use std::path::{Path, PathBuf};

use rudder_chart::Helm;
use rudder_gotmpl::Value;
use rudder_render::objects::capabilities::KubeVersion;
use rudder_report::{Location, Reporter};

pub use message::{Message, Severity};
pub use path::lint_path;

/// What a lint run is given besides the chart.
pub struct Options<'r> {
    /// The user's values (`-f`, `--set`...), already merged.
    pub values: Value,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// `--kube-version`: capabilities and deprecation checks (default: helm's).
    pub kube_version: Option<KubeVersion>,
    /// The helm whose defaults and texts the run reproduces.
    pub helm: Helm,
    pub skip_schema_validation: bool,
    /// Loads the `http(s)://` documents values schemas refer to.
    pub schema_fetcher: &'r dyn rudder_chart::schema::SchemaFetcher,
    /// Run the [`policy`] rules on the rendered objects after helm's rules.
    pub policy: bool,
    /// Validate rendered objects against the Kubernetes schemas (`Some(strict)`); not a helm
    /// lint rule, so off unless asked for.
    pub kube_schemas: Option<bool>,
    /// Where `kube_schemas` finds schemas (`--schema-location`): none means the bundled ones.
    pub kube_schema_sources: rudder_kube::Sources,
    /// Receives what helm logs while linting (lint mode's `required` and `fail`, schema walks).
    pub reporter: &'r dyn Reporter,
    /// chart-testing's checks as the flags ask for them (the settings files fill the rest).
    pub chart_testing: chart_testing::Settings,
    /// Tells whether maintainers are accounts on the git host, for `--validate-maintainers`.
    pub accounts: Option<&'r dyn chart_testing::AccountCheck>,
}

/// The findings on one chart, in helm's order.
#[derive(Debug, Default)]
pub struct Linter {
    pub messages: Vec<Message>,
    /// The chart folder, absolute (as helm's rules name it).
    pub chart_dir: PathBuf,
    /// What the chart rendered, by file as helm lint names files (`templates/x.yaml`,
    /// `charts/sub/templates/x.yaml`); empty when rendering failed.
    pub rendered: Vec<(String, String)>,
    /// Where each rendered line came from (recorded for the policy and schema checks).
    pub origins: origins::RenderedOrigins,
}

impl Linter {
    /// Records a finding of `rule` unless `result` is `Ok`; returns whether it was `Ok`.
    pub(crate) fn check(
        &mut self,
        rule: &'static str,
        severity: Severity,
        path: &str,
        result: Result<(), String>,
    ) -> bool {
        self.check_at(rule, severity, path, result, None)
    }

    /// [`Linter::check`] for a finding whose place in the chart is known.
    pub(crate) fn check_at(
        &mut self,
        rule: &'static str,
        severity: Severity,
        path: &str,
        result: Result<(), String>,
        location: Option<Location>,
    ) -> bool {
        match result {
            Ok(()) => true,
            Err(text) => {
                self.messages.push(Message {
                    rule,
                    severity,
                    path: path.to_string(),
                    text,
                    location,
                });
                false
            }
        }
    }

    /// The chart folder as helm prints it in dependency findings.
    pub(crate) fn dir_text(&self) -> String {
        self.chart_dir.to_string_lossy().into_owned()
    }
}

/// helm's `lint.RunAll`: every rule on the chart folder `dir`, in helm's order; then, with
/// `policy`, the policy rules on what the chart rendered.
pub fn run_all(dir: &Path, options: &Options, policy: bool) -> Linter {
    let mut linter = Linter {
        chart_dir: absolute(dir),
        ..Linter::default()
    };
    rules::chartfile::check(&mut linter, options.helm);
    rules::values::check(&mut linter, options);
    rules::templates::check(&mut linter, options);
    rules::dependencies::check(&mut linter, options);
    rules::crds::check(&mut linter, options);
    if policy {
        let objects = policy::objects(&linter.rendered, &options.namespace);
        linter
            .messages
            .extend(policy::check(&objects, &linter.origins));
    }
    linter
}

/// Go's `filepath.Abs`: joined to the working folder and cleaned.
pub(crate) fn absolute(dir: &Path) -> PathBuf {
    let joined = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    PathBuf::from(rudder_gocompat::path::clean(&joined.to_string_lossy()))
}

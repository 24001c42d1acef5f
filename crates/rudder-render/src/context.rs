//! The release-wide objects every chart's templates share: `.Release` and `.Capabilities`.

use std::cell::RefCell;
use std::rc::Rc;

use rudder_gotmpl::exec::trace::TemplateLine;

use rudder_chart::Helm;
use rudder_gotmpl::{Map, Value};

use crate::objects::capabilities::{Capabilities, KubeVersion, VersionSet};

/// The release being rendered (`.Release`).
#[derive(Clone, Debug)]
pub struct Release {
    pub name: String,
    pub namespace: String,
    pub is_install: bool,
    pub is_upgrade: bool,
    pub revision: i64,
}

impl Release {
    /// `helm template`'s release: revision 1, an install unless `--is-upgrade`.
    pub fn for_template(name: String, namespace: String, is_upgrade: bool) -> Release {
        Release {
            name,
            namespace,
            is_install: !is_upgrade,
            is_upgrade,
            revision: 1,
        }
    }

    /// `helm lint`'s release: `test-release`, neither install nor upgrade, revision 0.
    pub fn for_lint(namespace: String) -> Release {
        Release {
            name: "test-release".into(),
            namespace,
            is_install: false,
            is_upgrade: false,
            revision: 0,
        }
    }
}

/// What helm's engine logs in lint mode, where `required` and `fail` log instead of failing:
/// kept in order while rendering and handed to the reporter afterwards.
pub type LintLog = Rc<RefCell<Vec<LintEvent>>>;

/// For each rendered file (full template path), the template line that wrote each of its
/// lines; filled while rendering when asked (lint's policy and schema findings).
pub type Origins = Rc<RefCell<Vec<(String, Vec<Option<TemplateLine>>)>>>;

/// One line of lint mode's log: slog level, message and its `message` attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintEvent {
    pub level: rudder_report::Level,
    pub message: &'static str,
    pub text: String,
}

/// Everything besides the chart and values that shapes rendering.
#[derive(Clone, Debug)]
pub struct RenderContext {
    /// `.Release` as helm builds it (a map).
    pub release: Value,
    /// `.Capabilities`.
    pub capabilities: Value,
    /// `--enable-dns`: `getHostByName` really resolves.
    pub enable_dns: bool,
    /// Lint mode (`helm lint`): `required` and `fail` log here instead of failing.
    pub lint_log: Option<LintLog>,
    /// Where each rendered line came from, when asked.
    pub origins: Option<Origins>,
    /// The helm whose error texts rendering reproduces.
    pub helm: Helm,
    /// The process ends after this render: the parsed templates are not freed (see
    /// [`crate::template::Request::exiting`]).
    pub exiting: bool,
}

impl RenderContext {
    pub fn new(
        release: &Release,
        helm: Helm,
        kube_version: KubeVersion,
        api_versions: VersionSet,
        enable_dns: bool,
    ) -> RenderContext {
        let mut r = Map::new();
        r.insert("Name".into(), Value::str(&release.name));
        r.insert("Namespace".into(), Value::str(&release.namespace));
        r.insert("IsUpgrade".into(), Value::Bool(release.is_upgrade));
        r.insert("IsInstall".into(), Value::Bool(release.is_install));
        r.insert("Revision".into(), Value::Int(release.revision));
        r.insert("Service".into(), Value::str("Helm"));
        RenderContext {
            release: Value::map(r),
            capabilities: Value::Object(Rc::new(Capabilities::new(
                helm,
                kube_version,
                api_versions,
            ))),
            enable_dns,
            lint_log: None,
            origins: None,
            helm,
            exiting: false,
        }
    }
}

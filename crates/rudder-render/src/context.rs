//! The release-wide objects every chart's templates share: `.Release` and `.Capabilities`.

use std::rc::Rc;

use rudder_gotmpl::{Map, Value};

use crate::objects::capabilities::{Capabilities, KubeVersion, VersionSet};

/// The release being rendered (`.Release`).
#[derive(Clone, Debug)]
pub struct Release {
    pub name: String,
    pub namespace: String,
    pub is_upgrade: bool,
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
}

impl RenderContext {
    pub fn new(
        release: &Release,
        kube_version: KubeVersion,
        api_versions: VersionSet,
        enable_dns: bool,
    ) -> RenderContext {
        let mut r = Map::new();
        r.insert("Name".into(), Value::str(&release.name));
        r.insert("Namespace".into(), Value::str(&release.namespace));
        r.insert("IsUpgrade".into(), Value::Bool(release.is_upgrade));
        r.insert("IsInstall".into(), Value::Bool(!release.is_upgrade));
        r.insert("Revision".into(), Value::Int(1));
        r.insert("Service".into(), Value::str("Helm"));
        RenderContext {
            release: Value::map(r),
            capabilities: Value::Object(Rc::new(Capabilities::new(kube_version, api_versions))),
            enable_dns,
        }
    }
}

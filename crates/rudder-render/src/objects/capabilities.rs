//! `.Capabilities`: the Kubernetes version, API versions and helm version templates can test.

use std::rc::Rc;

use rudder_gotmpl::fmt::quote;
use rudder_gotmpl::{Map, Object, Ty, Value};

/// The API versions helm v4.1.4 reports by default (its built-in client-go scheme), in its order.
const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// The helm build whose behaviour rudder reproduces, as `.Capabilities.HelmVersion` shows it.
const HELM_VERSION: &str = "v4.1.4";
const HELM_GIT_COMMIT: &str = "05fa37973dc9e42b76e1d2883494c87174b6074f";
const HELM_GO_VERSION: &str = "go1.25.9";
const HELM_KUBE_CLIENT: &str = "v1.35";

/// `.Capabilities.KubeVersion`.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeVersion {
    /// As given (with a `v` prefix): `v1.28.3-gke.100`.
    pub version: String,
    /// `vMAJOR.MINOR[.PATCH]` without pre-release or build: what `{{ .Capabilities.KubeVersion }}` prints.
    pub normalized: String,
    pub major: String,
    pub minor: String,
}

impl Default for KubeVersion {
    fn default() -> Self {
        KubeVersion::parse("v1.35.0").expect("valid default")
    }
}

impl KubeVersion {
    /// Parses `--kube-version` as helm 4 does; the error text is helm's.
    pub fn parse(input: &str) -> Result<KubeVersion, String> {
        let bare = input.strip_prefix('v').unwrap_or(input);
        let (core, _suffix) = match bare.find(['-', '+']) {
            Some(i) => (&bare[..i], &bare[i..]),
            None => (bare, ""),
        };
        let parts: Vec<&str> = core.split('.').collect();
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !bare.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!(
                "invalid kube version '{input}': could not parse \"{input}\" as version"
            ));
        }
        if parts.len() < 2 || parts.len() > 3 || !parts.iter().all(|p| numeric(p)) {
            return Err(format!(
                "invalid kube version '{input}': illegal version string \"{input}\""
            ));
        }
        Ok(KubeVersion {
            version: format!("v{bare}"),
            normalized: format!("v{core}"),
            major: trim_zeros(parts[0]),
            minor: trim_zeros(parts[1]),
        })
    }

    fn to_plain(&self) -> Value {
        let mut m = Map::new();
        m.insert("Version".into(), Value::str(&self.version));
        m.insert("Major".into(), Value::str(&self.major));
        m.insert("Minor".into(), Value::str(&self.minor));
        Value::map(m)
    }
}

fn trim_zeros(s: &str) -> String {
    let t = s.trim_start_matches('0');
    if t.is_empty() {
        "0".into()
    } else {
        t.into()
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> &str {
        "common.KubeVersion"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Version" | "GitVersion" => Value::str(&self.version),
            "Major" => Value::str(&self.major),
            "Minor" => Value::str(&self.minor),
            "String" => Value::str(&self.normalized),
            _ => return None,
        })
    }
    fn format_v(&self) -> String {
        self.normalized.clone()
    }
    fn format_arg(&self) -> String {
        format!(
            "{{{} {} {} {}}}",
            self.version, self.normalized, self.major, self.minor
        )
    }
    fn struct_fields(&self) -> Option<Vec<Value>> {
        let fields = [&self.version, &self.normalized, &self.major, &self.minor];
        Some(fields.into_iter().map(|f| Value::str(f)).collect())
    }
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(vec![
            ("Version", Value::str(&self.version)),
            ("Major", Value::str(&self.major)),
            ("Minor", Value::str(&self.minor)),
        ])
    }
    fn go_syntax(&self) -> String {
        format!(
            "common.KubeVersion{{Version:{}, normalizedVersion:{}, Major:{}, Minor:{}}}",
            quote(&self.version),
            quote(&self.normalized),
            quote(&self.major),
            quote(&self.minor)
        )
    }
    fn to_plain(&self) -> Option<Value> {
        Some(self.to_plain())
    }
}

/// `.Capabilities.APIVersions`: a list of group/versions with a `Has` method.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionSet(pub Vec<String>);

impl VersionSet {
    /// helm's defaults followed by the `--api-versions` values (each comma-split).
    pub fn with_extra(extra: &[String]) -> VersionSet {
        let mut all: Vec<String> = DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect();
        all.extend(extra.iter().flat_map(|e| e.split(',')).map(str::to_string));
        VersionSet(all)
    }

    fn to_list(&self) -> Value {
        Value::typed_list(
            rudder_gotmpl::SliceType::String,
            self.0.iter().map(|s| Value::str(s)).collect(),
        )
    }
}

impl Object for VersionSet {
    fn type_name(&self) -> &str {
        "common.VersionSet"
    }
    /// `type VersionSet []string`.
    fn go_kind(&self) -> &'static str {
        "slice"
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn method_params(&self, name: &str) -> Option<&'static [Ty]> {
        (name == "Has").then_some(&[Ty::String][..])
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        (name == "Has").then(|| {
            let v = args[0].as_str().unwrap_or_default();
            Ok(Value::Bool(self.0.iter().any(|a| a == v)))
        })
    }
    fn format_v(&self) -> String {
        format!("[{}]", self.0.join(" "))
    }
    fn go_syntax(&self) -> String {
        let items: Vec<String> = self.0.iter().map(|v| quote(v)).collect();
        format!("common.VersionSet{{{}}}", items.join(", "))
    }
    fn to_plain(&self) -> Option<Value> {
        Some(self.to_list())
    }
}

/// `.Capabilities.HelmVersion`.
#[derive(Debug)]
pub struct HelmVersion;

impl Object for HelmVersion {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::str(match name {
            "Version" => HELM_VERSION,
            "GitCommit" => HELM_GIT_COMMIT,
            "GitTreeState" => "clean",
            "GoVersion" => HELM_GO_VERSION,
            "KubeClientVersion" => HELM_KUBE_CLIENT,
            _ => return None,
        }))
    }
    fn format_v(&self) -> String {
        format!("{{{HELM_VERSION} {HELM_GIT_COMMIT} clean {HELM_GO_VERSION} {HELM_KUBE_CLIENT}}}")
    }
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(vec![
            ("Version", Value::str(HELM_VERSION)),
            ("GitCommit", Value::str(HELM_GIT_COMMIT)),
            ("GitTreeState", Value::str("clean")),
            ("GoVersion", Value::str(HELM_GO_VERSION)),
            ("KubeClientVersion", Value::str(HELM_KUBE_CLIENT)),
        ])
    }
    fn json_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(vec![
            ("version", Value::str(HELM_VERSION)),
            ("git_commit", Value::str(HELM_GIT_COMMIT)),
            ("git_tree_state", Value::str("clean")),
            ("go_version", Value::str(HELM_GO_VERSION)),
            ("kube_client_version", Value::str(HELM_KUBE_CLIENT)),
        ])
    }
    fn go_syntax(&self) -> String {
        format!(
            "version.BuildInfo{{Version:{}, GitCommit:{}, GitTreeState:\"clean\", GoVersion:{}, KubeClientVersion:{}}}",
            quote(HELM_VERSION),
            quote(HELM_GIT_COMMIT),
            quote(HELM_GO_VERSION),
            quote(HELM_KUBE_CLIENT)
        )
    }
    fn to_plain(&self) -> Option<Value> {
        let mut m = Map::new();
        m.insert("version".into(), Value::str(HELM_VERSION));
        m.insert("git_commit".into(), Value::str(HELM_GIT_COMMIT));
        m.insert("git_tree_state".into(), Value::str("clean"));
        m.insert("go_version".into(), Value::str(HELM_GO_VERSION));
        m.insert("kube_client_version".into(), Value::str(HELM_KUBE_CLIENT));
        Some(Value::map(m))
    }
}

/// `.Capabilities`.
#[derive(Debug)]
pub struct Capabilities {
    pub kube_version: Rc<KubeVersion>,
    pub api_versions: Rc<VersionSet>,
}

impl Capabilities {
    pub fn new(kube_version: KubeVersion, api_versions: VersionSet) -> Capabilities {
        Capabilities {
            kube_version: Rc::new(kube_version),
            api_versions: Rc::new(api_versions),
        }
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> &str {
        "*common.Capabilities"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "KubeVersion" => Value::Object(self.kube_version.clone()),
            "APIVersions" => Value::Object(self.api_versions.clone()),
            "HelmVersion" => Value::Object(Rc::new(HelmVersion)),
            _ => return None,
        })
    }
    fn format_v(&self) -> String {
        format!(
            "{{{} {} {}}}",
            self.kube_version.format_arg(),
            self.api_versions.format_v(),
            HelmVersion.format_v()
        )
    }
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(vec![
            ("KubeVersion", Value::Object(self.kube_version.clone())),
            ("APIVersions", Value::Object(self.api_versions.clone())),
            ("HelmVersion", Value::Object(Rc::new(HelmVersion))),
        ])
    }
    fn prints_as_address(&self) -> bool {
        true
    }
    fn go_syntax(&self) -> String {
        format!(
            "&common.Capabilities{{KubeVersion:{}, APIVersions:{}, HelmVersion:{}}}",
            self.kube_version.go_syntax(),
            self.api_versions.go_syntax(),
            HelmVersion.go_syntax()
        )
    }
    fn to_plain(&self) -> Option<Value> {
        let mut m = Map::new();
        m.insert("KubeVersion".into(), self.kube_version.to_plain());
        m.insert("APIVersions".into(), self.api_versions.to_list());
        m.insert("HelmVersion".into(), HelmVersion.to_plain()?);
        Some(Value::map(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expectations from helm v4.1.4 `--kube-version X` with `{{ .Capabilities.KubeVersion }}` etc.
    #[test]
    fn kube_versions_parse_as_helm_does() {
        let k = KubeVersion::parse("1.28.3-gke.100").unwrap();
        assert_eq!(
            (
                k.format_v(),
                k.version.as_str(),
                k.major.as_str(),
                k.minor.as_str()
            ),
            ("v1.28.3".to_string(), "v1.28.3-gke.100", "1", "28")
        );
        assert_eq!(KubeVersion::parse("1.28").unwrap().format_v(), "v1.28");
        assert_eq!(KubeVersion::parse("v1.30.1").unwrap().version, "v1.30.1");
        assert_eq!(
            KubeVersion::parse("v2").unwrap_err(),
            "invalid kube version 'v2': illegal version string \"v2\""
        );
        assert_eq!(
            KubeVersion::parse("1").unwrap_err(),
            "invalid kube version '1': illegal version string \"1\""
        );
        assert_eq!(
            KubeVersion::parse("abc").unwrap_err(),
            "invalid kube version 'abc': could not parse \"abc\" as version"
        );
    }

    #[test]
    fn api_versions_are_defaults_then_flags() {
        let set = VersionSet::with_extra(&["x/v9,y/v1".into(), "z/v2".into()]);
        assert_eq!(set.0.len(), 57 + 3);
        assert_eq!(set.0[0], "v1");
        assert_eq!(set.0.last().unwrap(), "z/v2");
        let has = |s: &str| set.call_method("Has", &[Value::str(s)]).unwrap().unwrap();
        assert_eq!(has("apps/v1"), Value::Bool(true));
        assert_eq!(has("apps/v1/Deployment"), Value::Bool(false));
        assert_eq!(has("y/v1"), Value::Bool(true));
    }

    #[test]
    fn helm_version_prints_like_helm() {
        assert_eq!(
            HelmVersion.format_v(),
            "{v4.1.4 05fa37973dc9e42b76e1d2883494c87174b6074f clean go1.25.9 v1.35}"
        );
    }
}

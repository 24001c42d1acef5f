//! `.Capabilities`: the Kubernetes version, API versions and helm version templates can test.

use std::rc::Rc;

use rudder_chart::Helm;
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

/// What helm 3.17.2's scheme has that helm 4.1.4's lacks: the list is helm 4's with
/// `resource.k8s.io/v1` and `/v1beta2` left out, `networking.k8s.io/v1alpha1` after
/// `networking.k8s.io/v1`, and `storagemigration.k8s.io/v1alpha1` for `/v1beta1`.
fn helm3_api_versions() -> impl Iterator<Item = &'static str> {
    DEFAULT_API_VERSIONS.iter().flat_map(|&v| match v {
        "resource.k8s.io/v1" | "resource.k8s.io/v1beta2" => vec![],
        "networking.k8s.io/v1" => vec![v, "networking.k8s.io/v1alpha1"],
        "storagemigration.k8s.io/v1beta1" => vec!["storagemigration.k8s.io/v1alpha1"],
        _ => vec![v],
    })
}

/// A helm build, as `.Capabilities.HelmVersion` shows it.
#[derive(Debug)]
struct Build {
    version: &'static str,
    git_commit: &'static str,
    go_version: &'static str,
    /// helm 4's `KubeClientVersion`; helm 3's BuildInfo has no such field.
    kube_client: Option<&'static str>,
    /// `.Capabilities.KubeVersion` without `--kube-version`.
    default_kube_version: &'static str,
}

const HELM4: Build = Build {
    version: "v4.1.4",
    git_commit: "05fa37973dc9e42b76e1d2883494c87174b6074f",
    go_version: "go1.25.9",
    kube_client: Some("v1.35"),
    default_kube_version: "v1.35.0",
};

const HELM3: Build = Build {
    version: "v3.17.2",
    git_commit: "cc0bbbd6d6276b83880042c1ecb34087e84d41eb",
    go_version: "go1.23.7",
    kube_client: None,
    default_kube_version: "v1.32.0",
};

fn build(helm: Helm) -> &'static Build {
    match helm {
        Helm::V3 => &HELM3,
        Helm::V4 => &HELM4,
    }
}

/// `.Capabilities.KubeVersion`.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeVersion {
    /// As given (with a `v` prefix): `v1.28.3-gke.100`; helm 3 normalises it (`v1.28.0`).
    pub version: String,
    /// What `{{ .Capabilities.KubeVersion }}` prints and kubeVersion constraints test: helm 4's
    /// `vMAJOR.MINOR[.PATCH]` without pre-release or build, helm 3's whole version.
    pub normalized: String,
    pub major: String,
    pub minor: String,
    /// helm 3's struct has no normalised field, and its type lives in another package.
    helm: Helm,
}

impl KubeVersion {
    /// The version templates see without `--kube-version`.
    pub fn default_for(helm: Helm) -> KubeVersion {
        KubeVersion::parse(build(helm).default_kube_version, helm).expect("valid default")
    }

    /// Parses `--kube-version` as the given helm does; the error text is helm's.
    pub fn parse(input: &str, helm: Helm) -> Result<KubeVersion, String> {
        match helm {
            Helm::V3 => KubeVersion::parse_semver(input),
            Helm::V4 => KubeVersion::parse_v4(input),
        }
    }

    /// helm 4: `MAJOR.MINOR[.PATCH]`, kept as given.
    fn parse_v4(input: &str) -> Result<KubeVersion, String> {
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
            helm: Helm::V4,
        })
    }

    /// helm 3: Masterminds' lenient semver (`v2` is `v2.0.0`), printed as it prints it.
    fn parse_semver(input: &str) -> Result<KubeVersion, String> {
        let invalid = |why: &str| format!("invalid kube version '{input}': {why}");
        let v = rudder_gocompat::semver::Version::parse(input)
            .ok_or_else(|| invalid("Invalid Semantic Version"))?;
        let leading_zero =
            |p: &&str| p.len() > 1 && p.starts_with('0') && p.bytes().all(|b| b.is_ascii_digit());
        if v.prerelease().split('.').any(|p| leading_zero(&p)) {
            return Err(invalid("Version segment starts with 0"));
        }
        let version = format!("v{}", v.string());
        Ok(KubeVersion {
            normalized: version.clone(),
            version,
            major: v.major().to_string(),
            minor: v.minor().to_string(),
            helm: Helm::V3,
        })
    }

    fn type_name(&self) -> &'static str {
        match self.helm {
            Helm::V3 => "chartutil.KubeVersion",
            Helm::V4 => "common.KubeVersion",
        }
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
        KubeVersion::type_name(self)
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
        let fields: Vec<&str> = self.struct_field_texts();
        format!("{{{}}}", fields.join(" "))
    }
    fn struct_fields(&self) -> Option<Vec<Value>> {
        Some(
            self.struct_field_texts()
                .into_iter()
                .map(Value::str)
                .collect(),
        )
    }
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(vec![
            ("Version", Value::str(&self.version)),
            ("Major", Value::str(&self.major)),
            ("Minor", Value::str(&self.minor)),
        ])
    }
    fn go_syntax(&self) -> String {
        let normalized = match self.helm {
            Helm::V3 => String::new(),
            Helm::V4 => format!(" normalizedVersion:{},", quote(&self.normalized)),
        };
        format!(
            "{}{{Version:{},{normalized} Major:{}, Minor:{}}}",
            self.type_name(),
            quote(&self.version),
            quote(&self.major),
            quote(&self.minor)
        )
    }
    fn to_plain(&self) -> Option<Value> {
        Some(self.to_plain())
    }
}

impl KubeVersion {
    /// The struct's fields in declaration order (helm 4 keeps the normalised version second).
    fn struct_field_texts(&self) -> Vec<&str> {
        match self.helm {
            Helm::V3 => vec![&self.version, &self.major, &self.minor],
            Helm::V4 => vec![&self.version, &self.normalized, &self.major, &self.minor],
        }
    }
}

/// `.Capabilities.APIVersions`: a list of group/versions with a `Has` method.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionSet(pub Vec<String>, Helm);

impl VersionSet {
    /// The given helm's defaults followed by the `--api-versions` values (each comma-split).
    pub fn with_extra(helm: Helm, extra: &[String]) -> VersionSet {
        let defaults: Vec<&str> = match helm {
            Helm::V3 => helm3_api_versions().collect(),
            Helm::V4 => DEFAULT_API_VERSIONS.to_vec(),
        };
        let mut all: Vec<String> = defaults.into_iter().map(str::to_string).collect();
        all.extend(extra.iter().flat_map(|e| e.split(',')).map(str::to_string));
        VersionSet(all, helm)
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
        match self.1 {
            Helm::V3 => "chartutil.VersionSet",
            Helm::V4 => "common.VersionSet",
        }
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
        format!("{}{{{}}}", self.type_name(), items.join(", "))
    }
    fn to_plain(&self) -> Option<Value> {
        Some(self.to_list())
    }
}

/// `.Capabilities.HelmVersion`.
#[derive(Debug)]
pub struct HelmVersion(&'static Build);

impl HelmVersion {
    pub fn of(helm: Helm) -> HelmVersion {
        HelmVersion(build(helm))
    }

    /// (Go field name, JSON name, value) in declaration order.
    fn fields(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let b = self.0;
        let mut fields = vec![
            ("Version", "version", b.version),
            ("GitCommit", "git_commit", b.git_commit),
            ("GitTreeState", "git_tree_state", "clean"),
            ("GoVersion", "go_version", b.go_version),
        ];
        if let Some(kube_client) = b.kube_client {
            fields.push(("KubeClientVersion", "kube_client_version", kube_client));
        }
        fields
    }
}

impl Object for HelmVersion {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let (_, _, value) = self.fields().into_iter().find(|(go, _, _)| *go == name)?;
        Some(Value::str(value))
    }
    fn format_v(&self) -> String {
        let values: Vec<&str> = self.fields().into_iter().map(|(_, _, v)| v).collect();
        format!("{{{}}}", values.join(" "))
    }
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(
            self.fields()
                .into_iter()
                .map(|(go, _, v)| (go, Value::str(v)))
                .collect(),
        )
    }
    fn json_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(
            self.fields()
                .into_iter()
                .map(|(_, json, v)| (json, Value::str(v)))
                .collect(),
        )
    }
    fn go_syntax(&self) -> String {
        let fields: Vec<String> = self
            .fields()
            .into_iter()
            .map(|(go, _, v)| format!("{go}:{}", quote(v)))
            .collect();
        format!("version.BuildInfo{{{}}}", fields.join(", "))
    }
    fn to_plain(&self) -> Option<Value> {
        let mut m = Map::new();
        for (_, json, v) in self.fields() {
            m.insert(json.into(), Value::str(v));
        }
        Some(Value::map(m))
    }
}

/// `.Capabilities`.
#[derive(Debug)]
pub struct Capabilities {
    pub kube_version: Rc<KubeVersion>,
    pub api_versions: Rc<VersionSet>,
    pub helm: Helm,
}

impl Capabilities {
    /// The versions should have been made for the same `helm`.
    pub fn new(helm: Helm, kube_version: KubeVersion, api_versions: VersionSet) -> Capabilities {
        Capabilities {
            kube_version: Rc::new(kube_version),
            api_versions: Rc::new(api_versions),
            helm,
        }
    }

    fn helm_version(&self) -> HelmVersion {
        HelmVersion::of(self.helm)
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> &str {
        match self.helm {
            Helm::V3 => "*chartutil.Capabilities",
            Helm::V4 => "*common.Capabilities",
        }
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "KubeVersion" => Value::Object(self.kube_version.clone()),
            "APIVersions" => Value::Object(self.api_versions.clone()),
            "HelmVersion" => Value::Object(Rc::new(self.helm_version())),
            _ => return None,
        })
    }
    fn format_v(&self) -> String {
        format!(
            "{{{} {} {}}}",
            self.kube_version.format_arg(),
            self.api_versions.format_v(),
            self.helm_version().format_v()
        )
    }
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(vec![
            ("KubeVersion", Value::Object(self.kube_version.clone())),
            ("APIVersions", Value::Object(self.api_versions.clone())),
            ("HelmVersion", Value::Object(Rc::new(self.helm_version()))),
        ])
    }
    fn prints_as_address(&self) -> bool {
        true
    }
    fn go_syntax(&self) -> String {
        format!(
            "&{}{{KubeVersion:{}, APIVersions:{}, HelmVersion:{}}}",
            self.type_name().trim_start_matches('*'),
            self.kube_version.go_syntax(),
            self.api_versions.go_syntax(),
            self.helm_version().go_syntax()
        )
    }
    fn to_plain(&self) -> Option<Value> {
        let mut m = Map::new();
        m.insert("KubeVersion".into(), self.kube_version.to_plain());
        m.insert("APIVersions".into(), self.api_versions.to_list());
        m.insert("HelmVersion".into(), self.helm_version().to_plain()?);
        Some(Value::map(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expectations from helm v4.1.4 `--kube-version X` with `{{ .Capabilities.KubeVersion }}` etc.
    #[test]
    fn kube_versions_parse_as_helm_does() {
        let k = KubeVersion::parse("1.28.3-gke.100", Helm::V4).unwrap();
        assert_eq!(
            (
                k.format_v(),
                k.version.as_str(),
                k.major.as_str(),
                k.minor.as_str()
            ),
            ("v1.28.3".to_string(), "v1.28.3-gke.100", "1", "28")
        );
        assert_eq!(
            KubeVersion::parse("1.28", Helm::V4).unwrap().format_v(),
            "v1.28"
        );
        assert_eq!(
            KubeVersion::parse("v1.30.1", Helm::V4).unwrap().version,
            "v1.30.1"
        );
        assert_eq!(
            KubeVersion::parse("v2", Helm::V4).unwrap_err(),
            "invalid kube version 'v2': illegal version string \"v2\""
        );
        assert_eq!(
            KubeVersion::parse("1", Helm::V4).unwrap_err(),
            "invalid kube version '1': illegal version string \"1\""
        );
        assert_eq!(
            KubeVersion::parse("abc", Helm::V4).unwrap_err(),
            "invalid kube version 'abc': could not parse \"abc\" as version"
        );
    }

    #[test]
    fn api_versions_are_defaults_then_flags() {
        let set = VersionSet::with_extra(Helm::V4, &["x/v9,y/v1".into(), "z/v2".into()]);
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
            HelmVersion::of(Helm::V4).format_v(),
            "{v4.1.4 05fa37973dc9e42b76e1d2883494c87174b6074f clean go1.25.9 v1.35}"
        );
    }

    // Expectations from helm v3.17.2 `--kube-version X` printing `{{ .Capabilities.KubeVersion }}`,
    // its fields and `%v` of the struct.
    #[test]
    fn helm3_kube_versions_are_masterminds_semver() {
        let show = |input: &str| {
            let k = KubeVersion::parse(input, Helm::V3)?;
            Ok::<_, String>(format!(
                "{} {} {}",
                k.format_v(),
                k.format_arg(),
                k.go_syntax()
            ))
        };
        assert_eq!(
            show("1.28").unwrap(),
            "v1.28.0 {v1.28.0 1 28} chartutil.KubeVersion{Version:\"v1.28.0\", Major:\"1\", Minor:\"28\"}"
        );
        assert_eq!(show("v2").unwrap().split(' ').next(), Some("v2.0.0"));
        assert_eq!(show("01.02").unwrap().split(' ').next(), Some("v1.2.0"));
        assert_eq!(
            show("v1.28.3-gke.100").unwrap().split(' ').next(),
            Some("v1.28.3-gke.100")
        );
        assert_eq!(
            show("1.2.3.4").unwrap_err(),
            "invalid kube version '1.2.3.4': Invalid Semantic Version"
        );
        assert_eq!(
            show("v1.2.3-01").unwrap_err(),
            "invalid kube version 'v1.2.3-01': Version segment starts with 0"
        );
        assert_eq!(KubeVersion::default_for(Helm::V3).version, "v1.32.0");
        assert_eq!(KubeVersion::default_for(Helm::V4).version, "v1.35.0");
    }

    #[test]
    fn helm3_capabilities_print_as_helm3_does() {
        let set = VersionSet::with_extra(Helm::V3, &[]);
        assert_eq!(set.0.len(), 56);
        assert!(set.0.contains(&"networking.k8s.io/v1alpha1".to_string()));
        assert!(!set.0.contains(&"resource.k8s.io/v1".to_string()));
        assert_eq!(
            HelmVersion::of(Helm::V3).go_syntax(),
            "version.BuildInfo{Version:\"v3.17.2\", GitCommit:\"cc0bbbd6d6276b83880042c1ecb34087e84d41eb\", GitTreeState:\"clean\", GoVersion:\"go1.23.7\"}"
        );
        let caps = Capabilities::new(Helm::V3, KubeVersion::default_for(Helm::V3), set);
        assert_eq!(caps.type_name(), "*chartutil.Capabilities");
        assert!(caps
            .go_syntax()
            .starts_with("&chartutil.Capabilities{KubeVersion:chartutil.KubeVersion{"));
    }
}

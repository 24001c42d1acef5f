//! Deprecated Kubernetes APIs (helm lint's `validateNoDeprecations`, apiserver's deprecation
//! warning text), checked against the kube version given or helm's default.

use rudder_render::objects::capabilities::KubeVersion;
use rudder_yaml::K8sObject;

use super::deprecated_apis::DEPRECATED;

/// The warning for `object` if its API is deprecated at `kube` (`Ok` for kinds Kubernetes
/// does not know, as helm ignores them).
pub fn check(object: &K8sObject, kube: &KubeVersion) -> Result<(), String> {
    if object.api_version.is_empty() || object.kind.is_empty() {
        return Ok(());
    }
    // `schema.FromAPIVersionAndKind`: an apiVersion with more than one `/` names no group.
    let Some(entry) = DEPRECATED
        .iter()
        .find(|d| d.api_version == object.api_version && d.kind == object.kind)
    else {
        return Ok(());
    };
    // A parsed kube version's major and minor are digits.
    let major = kube.major.parse::<u32>().unwrap_or(0);
    let minor = kube.minor.parse::<u32>().unwrap_or(0);
    if entry.deprecated > (major, minor) && (major, minor) != (0, 0) {
        return Ok(());
    }
    let (dep_major, dep_minor) = entry.deprecated;
    let mut text = format!(
        "{} {} is deprecated in v{dep_major}.{dep_minor}+",
        entry.api_version, entry.kind
    );
    if let Some((major, minor)) = entry.removed {
        text.push_str(&format!(", unavailable in v{major}.{minor}+"));
    }
    if let Some((api_version, kind)) = entry.replacement {
        text.push_str(&format!("; use {api_version} {kind}"));
    }
    Err(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rudder_chart::Helm;

    fn object(api_version: &str, kind: &str) -> K8sObject {
        K8sObject {
            api_version: api_version.into(),
            kind: kind.into(),
            ..K8sObject::default()
        }
    }

    #[test]
    fn deprecated_at_or_after_its_release() {
        let ingress = object("networking.k8s.io/v1beta1", "Ingress");
        let at = |v: &str| check(&ingress, &KubeVersion::parse(v, Helm::V4).unwrap());
        assert!(at("1.18.0").is_ok());
        assert_eq!(
            at("1.19.0").unwrap_err(),
            "networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress"
        );
        let none = KubeVersion::parse("1.30.0", Helm::V4).unwrap();
        assert!(check(&object("example.com/v1", "Widget"), &none).is_ok());
        assert!(check(&object("v1", "ConfigMap"), &none).is_ok());
    }
}

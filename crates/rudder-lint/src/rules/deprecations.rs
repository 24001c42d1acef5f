//! Deprecated Kubernetes APIs (helm lint's `validateNoDeprecations`, apiserver's deprecation
//! warning text), checked against the kube version given or helm's default.

use rudder_render::objects::capabilities::KubeVersion;
use rudder_yaml::K8sObject;

use rudder_chart::Helm;

use super::deprecated_apis;

/// The warning for `object` if its API is deprecated at `kube` in the Kubernetes library of
/// `helm` (`Ok` for kinds Kubernetes does not know, as helm ignores them).
pub fn check(object: &K8sObject, kube: &KubeVersion, helm: Helm) -> Result<(), String> {
    if object.api_version.is_empty() || object.kind.is_empty() {
        return Ok(());
    }
    // `schema.FromAPIVersionAndKind`: an apiVersion with more than one `/` names no group.
    let Some(entry) = deprecated_apis::find(helm, &object.api_version, &object.kind) else {
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
        let at = |v: &str| {
            check(
                &ingress,
                &KubeVersion::parse(v, Helm::V4).unwrap(),
                Helm::V4,
            )
        };
        assert!(at("1.18.0").is_ok());
        assert_eq!(
            at("1.19.0").unwrap_err(),
            "networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress"
        );
        let none = KubeVersion::parse("1.30.0", Helm::V4).unwrap();
        assert!(check(&object("example.com/v1", "Widget"), &none, Helm::V4).is_ok());
        assert!(check(&object("v1", "ConfigMap"), &none, Helm::V4).is_ok());
    }

    // k8s.io/api v0.32.2 (helm 3) against v0.35.1 (helm 4).
    #[test]
    fn each_helm_has_its_kubernetes_table() {
        let kube = KubeVersion::parse("1.35.0", Helm::V4).unwrap();
        let at = |api: &str, kind: &str, helm| check(&object(api, kind), &kube, helm);
        let vac = "storage.k8s.io/v1alpha1 VolumeAttributesClass is deprecated in v1.32+, unavailable in v1.35+";
        assert_eq!(
            at("storage.k8s.io/v1alpha1", "VolumeAttributesClass", Helm::V4).unwrap_err(),
            format!("{vac}; use storage.k8s.io/v1 VolumeAttributesClass")
        );
        assert_eq!(
            at("storage.k8s.io/v1alpha1", "VolumeAttributesClass", Helm::V3).unwrap_err(),
            vac
        );
        assert!(at("networking.k8s.io/v1alpha1", "IPAddress", Helm::V4).is_ok());
        assert!(at("networking.k8s.io/v1alpha1", "IPAddress", Helm::V3).is_err());
        // Deprecated from 1.36 in helm 4's table; helm 3's does not know the group version.
        let device_class =
            |helm| deprecated_apis::find(helm, "resource.k8s.io/v1beta2", "DeviceClass");
        assert!(device_class(Helm::V4).is_some());
        assert!(device_class(Helm::V3).is_none());
        assert_eq!(
            at("extensions/v1beta1", "Ingress", Helm::V3),
            at("extensions/v1beta1", "Ingress", Helm::V4)
        );
    }
}

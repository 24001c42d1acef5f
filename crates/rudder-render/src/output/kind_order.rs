//! helm's install order of kinds; unknown kinds come after, by name.

use std::cmp::Ordering;

use rudder_chart::Helm;

const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// helm 3's order ends at `APIService`: webhook configurations are unknown kinds to it.
const HELM3_KNOWN_KINDS: usize = INSTALL_ORDER.len() - 2;

fn rank(kind: &str, helm: Helm) -> Option<usize> {
    let known = match helm {
        Helm::V3 => &INSTALL_ORDER[..HELM3_KNOWN_KINDS],
        Helm::V4 => INSTALL_ORDER,
    };
    known.iter().position(|k| *k == kind)
}

/// The order of two kinds for a stable sort: known kinds by install order, unknown kinds after
/// all known ones and by byte-wise name.
pub fn compare_kinds(a: &str, b: &str, helm: Helm) -> Ordering {
    match (rank(a, helm), rank(b, helm)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.as_bytes().cmp(b.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_like_helm_4() {
        // helm v4.1.4, one file per kind (compat-notes A4).
        let mut kinds = vec![
            "Zeta",
            "ValidatingWebhookConfiguration",
            "Alpha",
            "Ingress",
            "Namespace",
            "",
            "APIService",
            "PriorityClass",
            "MutatingWebhookConfiguration",
            "IngressClass",
        ];
        kinds.sort_by(|a, b| compare_kinds(a, b, Helm::V4));
        assert_eq!(
            kinds,
            vec![
                "PriorityClass",
                "Namespace",
                "IngressClass",
                "Ingress",
                "APIService",
                "MutatingWebhookConfiguration",
                "ValidatingWebhookConfiguration",
                "",
                "Alpha",
                "Zeta"
            ]
        );
    }

    #[test]
    fn helm_3_knows_no_webhook_configurations() {
        // helm v3.17.2 (testdata/charts/kind-order, helm-3.17.2 golden).
        let mut kinds = vec![
            "Zeta",
            "ValidatingWebhookConfiguration",
            "APIService",
            "Alpha",
        ];
        kinds.sort_by(|a, b| compare_kinds(a, b, Helm::V3));
        assert_eq!(
            kinds,
            vec![
                "APIService",
                "Alpha",
                "ValidatingWebhookConfiguration",
                "Zeta"
            ]
        );
    }
}

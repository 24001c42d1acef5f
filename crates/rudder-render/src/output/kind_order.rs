//! helm 4's install order of kinds; unknown kinds come after, by name.

use std::cmp::Ordering;

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

fn rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

/// The order of two kinds for a stable sort: known kinds by install order, unknown kinds after
/// all known ones and by byte-wise name.
pub fn compare_kinds(a: &str, b: &str) -> Ordering {
    match (rank(a), rank(b)) {
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
        kinds.sort_by(|a, b| compare_kinds(a, b));
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
}

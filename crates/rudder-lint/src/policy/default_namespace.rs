//! `default-namespace` (info; checkov CKV_K8S_21)
//!
//! **Checks** that namespaced objects do not end up in the `default` namespace: their
//! `metadata.namespace`, or the release namespace (`-n`) when they have none.
//!
//! **Why**: `default` is shared by everything nobody placed; RBAC, quotas and network policies
//! are set per namespace, and cannot separate what lives there.
//!
//! **Fires** on `rudder lint` without `-n` for a chart whose objects set no namespace;
//! **passes** with `-n apps`, or `metadata: {namespace: apps}`. The `default` ServiceAccount
//! and the `kubernetes` Service are left alone.

use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "default-namespace",
    severity: Severity::Info,
    checkov: Some("CKV_K8S_21"),
    check: Check::Object(check),
    field: Field::Root(&["metadata", "namespace"]),
};

/// The kinds looked at (checkov's list).
const KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "DaemonSet",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "Service",
    "Secret",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ConfigMap",
    "Ingress",
];

fn check(object: &Object) -> Option<String> {
    let exempt = matches!(
        (object.kind.as_str(), object.name.as_str()),
        ("ServiceAccount", "default") | ("Service", "kubernetes")
    );
    (KINDS.contains(&object.kind.as_str()) && object.namespace == "default" && !exempt).then(|| {
        "is in the default namespace: install with -n NAMESPACE or set metadata.namespace".into()
    })
}

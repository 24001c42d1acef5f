//! `duplicate-object` (error)
//!
//! **Checks** that no two rendered objects share API group, kind, namespace and name (the
//! namespace left out for cluster-wide kinds).
//!
//! **Why**: the second overwrites the first when applied, or the install fails; it usually
//! comes from two templates (or a chart and its subchart) deriving the same name.
//!
//! **Fires** on two ConfigMaps named `app-config` in one namespace; **passes** when the names
//! differ, or the namespaces do for namespaced kinds.

use std::collections::HashMap;

use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "duplicate-object",
    severity: Severity::Error,
    checkov: None,
    check: Check::Set(check),
    field: Field::Root(&["metadata", "name"]),
};

/// Kinds that have no namespace.
const CLUSTER_WIDE: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
    "RuntimeClass",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "PodSecurityPolicy",
    "CertificateSigningRequest",
    "FlowSchema",
    "PriorityLevelConfiguration",
    "GatewayClass",
    "ClusterIssuer",
];

fn check(objects: &[Object]) -> Vec<(usize, String)> {
    let mut seen: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
    let mut out = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        if object.name.is_empty() {
            continue;
        }
        let namespace = match CLUSTER_WIDE.contains(&object.kind.as_str()) {
            true => "",
            false => object.namespace.as_str(),
        };
        let key = (
            object.group(),
            object.kind.as_str(),
            namespace,
            object.name.as_str(),
        );
        match seen.get(&key) {
            Some(&first) => out.push((
                index,
                format!(
                    "is rendered twice: {} has the same kind, namespace and name",
                    objects[first].file
                ),
            )),
            None => {
                seen.insert(key, index);
            }
        }
    }
    out
}

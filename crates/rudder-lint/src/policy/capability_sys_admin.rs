//! `capability-sys-admin` (error; checkov CKV_K8S_39)
//!
//! **Checks** that no container or init container adds the `SYS_ADMIN` capability.
//!
//! **Why**: `SYS_ADMIN` covers mounts, namespaces and most of what root can do; with it a
//! container can usually escape to the node.
//!
//! **Fires** on `securityContext: {capabilities: {add: [SYS_ADMIN]}}`; **passes** without it.

use super::object::{at, strings};
use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "capability-sys-admin",
    severity: Severity::Error,
    checkov: Some("CKV_K8S_39"),
    check: Check::Container(check),
    field: Field::Container(&["securityContext", "capabilities", "add"]),
};

fn check(container: &Container) -> Option<String> {
    let added = strings(at(
        &container.spec,
        &["securityContext", "capabilities", "add"],
    ));
    added
        .iter()
        .any(|c| c == "SYS_ADMIN")
        .then(|| "adds the SYS_ADMIN capability".into())
}

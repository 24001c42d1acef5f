//! `read-only-root-filesystem` (warning; checkov CKV_K8S_22)
//!
//! **Checks** that every container and init container sets
//! `securityContext.readOnlyRootFilesystem: true`.
//!
//! **Why**: a writable root filesystem lets an attacker drop tools and alter binaries; data a
//! program must write belongs in an `emptyDir` or a volume.
//!
//! **Fires** on a container without `readOnlyRootFilesystem`; **passes** on
//! `securityContext: {readOnlyRootFilesystem: true}`.

use super::object::is_set;
use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "read-only-root-filesystem",
    severity: Severity::Warning,
    checkov: Some("CKV_K8S_22"),
    check: Check::Container(check),
    field: Field::Container(&["securityContext", "readOnlyRootFilesystem"]),
};

fn check(container: &Container) -> Option<String> {
    if is_set(&container.security("readOnlyRootFilesystem")) {
        return None;
    }
    Some("has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true".into())
}

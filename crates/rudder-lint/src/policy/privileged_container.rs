//! `privileged-container` (error; checkov CKV_K8S_16)
//!
//! **Checks** that no container or init container sets `securityContext.privileged: true`.
//!
//! **Why**: a privileged container has every capability and the host's devices: it is root
//! on the node.
//!
//! **Fires** on `securityContext: {privileged: true}`; **passes** when `privileged` is
//! absent or false.

use super::object::is_set;
use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "privileged-container",
    severity: Severity::Error,
    checkov: Some("CKV_K8S_16"),
    check: Check::Container(check),
    field: Field::Container(&["securityContext", "privileged"]),
};

fn check(container: &Container) -> Option<String> {
    is_set(&container.security("privileged"))
        .then(|| "runs privileged (securityContext.privileged: true)".into())
}

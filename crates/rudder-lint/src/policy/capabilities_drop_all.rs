//! `capabilities-drop-all` (warning; checkov CKV_K8S_37)
//!
//! **Checks** that every container and init container drops all capabilities
//! (`securityContext.capabilities.drop: [ALL]`), adding back only the ones it needs.
//!
//! **Why**: the runtime's default set (`CHOWN`, `SETUID`, `NET_RAW`, ...) is more than most
//! programs use; each one is a step towards the node.
//!
//! **Fires** on a container without `drop: [ALL]`; **passes** on
//! `capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}`.

use super::object::{at, strings};
use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "capabilities-drop-all",
    severity: Severity::Warning,
    checkov: Some("CKV_K8S_37"),
    check: Check::Container(check),
    field: Field::Container(&["securityContext", "capabilities", "drop"]),
};

fn check(container: &Container) -> Option<String> {
    if drops(container, &["ALL", "all"]) {
        return None;
    }
    Some("does not drop all capabilities: set securityContext.capabilities.drop: [ALL]".into())
}

/// Whether the container's dropped capabilities name one of `any` (as part of an entry,
/// as checkov matches them).
pub(super) fn drops(container: &Container, any: &[&str]) -> bool {
    let dropped = strings(at(
        &container.spec,
        &["securityContext", "capabilities", "drop"],
    ));
    dropped
        .iter()
        .any(|d| any.iter().any(|cap| d.contains(cap)))
}

//! `privilege-escalation` (warning; checkov CKV_K8S_20)
//!
//! **Checks** that every container and init container sets
//! `securityContext.allowPrivilegeEscalation: false`; Kubernetes' default is `true`.
//!
//! **Why**: a process that may escalate (setuid binaries, file capabilities) turns a foothold
//! in the container into root inside it.
//!
//! **Fires** on `securityContext: {runAsNonRoot: true}`; **passes** on
//! `securityContext: {allowPrivilegeEscalation: false}`.

use rudder_gotmpl::Value;

use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "privilege-escalation",
    severity: Severity::Warning,
    checkov: Some("CKV_K8S_20"),
    check: Check::Container(check),
    field: Field::Container(&["securityContext", "allowPrivilegeEscalation"]),
};

fn check(container: &Container) -> Option<String> {
    match container.security("allowPrivilegeEscalation") {
        Some(Value::Bool(false)) => None,
        _ => Some(
            "may escalate privileges: set securityContext.allowPrivilegeEscalation: false".into(),
        ),
    }
}

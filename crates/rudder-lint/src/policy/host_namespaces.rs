//! Host namespaces: a pod spec sets none of `hostNetwork`, `hostPID`, `hostIPC`.
//!
//! **Why**: sharing the node's network namespace exposes its interfaces and local services
//! (and bypasses network policies); its PID namespace shows and lets the pod signal every
//! process of the node; its IPC namespace reaches the node's shared memory.
//!
//! **Fires** on `spec: {hostNetwork: true}`; **passes** when the fields are absent or false.

use super::object::{get, is_set};
use super::{Check, Field, Object, Rule};
use crate::Severity;

/// `host-network` (warning; checkov CKV_K8S_19).
pub const NETWORK: Rule = rule("host-network", "CKV_K8S_19", &["hostNetwork"], |o| {
    shares(o, "hostNetwork")
});

/// `host-pid` (warning; checkov CKV_K8S_17).
pub const PID: Rule = rule("host-pid", "CKV_K8S_17", &["hostPID"], |o| {
    shares(o, "hostPID")
});

/// `host-ipc` (warning; checkov CKV_K8S_18).
pub const IPC: Rule = rule("host-ipc", "CKV_K8S_18", &["hostIPC"], |o| {
    shares(o, "hostIPC")
});

const fn rule(
    id: &'static str,
    checkov: &'static str,
    field: &'static [&'static str],
    check: fn(&Object) -> Option<String>,
) -> Rule {
    Rule {
        id,
        severity: Severity::Warning,
        checkov: Some(checkov),
        check: Check::Object(check),
        field: Field::Pod(field),
    }
}

fn shares(object: &Object, field: &str) -> Option<String> {
    let spec = object.pod_spec()?;
    is_set(&get(&spec, field)).then(|| format!("shares the node's namespace ({field}: true)"))
}

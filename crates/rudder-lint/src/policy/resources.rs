//! Resource requests and limits: four rules, one per field, so each can be graded or
//! silenced on its own. They check every container and init container.
//!
//! **Why**: the scheduler places pods by their requests, and the kubelet enforces limits. A
//! pod without requests may land on a node that cannot serve it and is evicted first under
//! pressure; a container without limits can take its node's CPU or memory from its neighbours.
//!
//! A request left out defaults to the limit, so a limit satisfies the request rules. (checkov
//! leaves a container undecided when its `resources` has no `requests` at all; rudder reports
//! it when it has neither request nor limit, as `resources: {limits: {memory: 1Gi}}` for CPU.)
//!
//! **Fires** on a container without `resources`; **passes** on
//! `resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}`.

use super::{Check, Container, Field, Rule};
use crate::Severity;

/// `cpu-requests` (warning; checkov CKV_K8S_10): `resources.requests.cpu` is set, or
/// `resources.limits.cpu` that it defaults to.
pub const CPU_REQUESTS: Rule = rule(
    "cpu-requests",
    "CKV_K8S_10",
    &["resources", "requests", "cpu"],
    |c| missing_request(c, "cpu", "CPU request"),
);

/// `cpu-limits` (warning; checkov CKV_K8S_11): `resources.limits.cpu` is set.
pub const CPU_LIMITS: Rule = rule(
    "cpu-limits",
    "CKV_K8S_11",
    &["resources", "limits", "cpu"],
    |c| missing(c, "limits", "cpu", "CPU limit"),
);

/// `memory-requests` (warning; checkov CKV_K8S_12): `resources.requests.memory` is set, or
/// `resources.limits.memory` that it defaults to.
pub const MEMORY_REQUESTS: Rule = rule(
    "memory-requests",
    "CKV_K8S_12",
    &["resources", "requests", "memory"],
    |c| missing_request(c, "memory", "memory request"),
);

/// `memory-limits` (warning; checkov CKV_K8S_13): `resources.limits.memory` is set.
pub const MEMORY_LIMITS: Rule = rule(
    "memory-limits",
    "CKV_K8S_13",
    &["resources", "limits", "memory"],
    |c| missing(c, "limits", "memory", "memory limit"),
);

const fn rule(
    id: &'static str,
    checkov: &'static str,
    field: &'static [&'static str],
    check: fn(&Container) -> Option<String>,
) -> Rule {
    Rule {
        id,
        severity: Severity::Warning,
        checkov: Some(checkov),
        check: Check::Container(check),
        field: Field::Container(field),
    }
}

fn missing_request(container: &Container, name: &str, what: &str) -> Option<String> {
    match container.has_resource("limits", name) {
        Some(true) => None,
        _ => missing(container, "requests", name, what),
    }
}

fn missing(container: &Container, section: &str, name: &str, what: &str) -> Option<String> {
    match container.has_resource(section, name) {
        Some(false) => Some(format!("sets no {what}: set resources.{section}.{name}")),
        _ => None,
    }
}

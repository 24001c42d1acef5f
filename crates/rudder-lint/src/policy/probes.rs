//! Health probes: every container of a long-running workload (not init containers, which run
//! to completion, nor Jobs and CronJobs) declares a liveness and a readiness probe.
//!
//! **Why**: without a liveness probe a hung process keeps its pod Running and is never
//! restarted; without a readiness probe a pod receives traffic as soon as it starts, before it
//! can serve it.
//!
//! **Fires** on a Deployment's container without probes; **passes** on
//! `livenessProbe: {httpGet: {path: /healthz, port: http}}` (and the same for readiness).

use super::object::{get, is_set};
use super::{Check, Container, Field, Rule};
use crate::Severity;

/// `liveness-probe` (info; checkov CKV_K8S_8).
pub const LIVENESS: Rule = Rule {
    id: "liveness-probe",
    severity: Severity::Info,
    checkov: Some("CKV_K8S_8"),
    check: Check::Container(|c| missing(c, "livenessProbe")),
    field: Field::Container(&["livenessProbe"]),
};

/// `readiness-probe` (info; checkov CKV_K8S_9).
pub const READINESS: Rule = Rule {
    id: "readiness-probe",
    severity: Severity::Info,
    checkov: Some("CKV_K8S_9"),
    check: Check::Container(|c| missing(c, "readinessProbe")),
    field: Field::Container(&["readinessProbe"]),
};

fn missing(container: &Container, probe: &str) -> Option<String> {
    let runs_to_completion = matches!(container.object.kind.as_str(), "Job" | "CronJob");
    if container.list != "containers" || runs_to_completion {
        return None;
    }
    (!is_set(&get(&container.spec, probe))).then(|| format!("has no {probe}"))
}

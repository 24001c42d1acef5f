//! `run-as-root` (warning; checkov CKV_K8S_23)
//!
//! **Checks** that every container of a pod runs as a non-root user: `runAsNonRoot: true` or
//! `runAsUser` above 0, in the container's `securityContext` or inherited from the pod's, a
//! container's own setting winning (init containers are not looked at, as checkov does).
//!
//! **Why**: root in a container is root on the node as soon as anything else goes wrong (a
//! kernel bug, a hostPath, an added capability).
//!
//! **Fires** on a pod spec with no security context; **passes** on
//! `securityContext: {runAsNonRoot: true}` at the pod level, or `runAsUser: 1000` on each
//! container.

use rudder_gotmpl::Value;

use super::object::{at, get, items, number};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "run-as-root",
    severity: Severity::Warning,
    checkov: Some("CKV_K8S_23"),
    check: Check::Object(check),
    field: Field::Pod(&["securityContext"]),
};

/// What a security context says on one question.
#[derive(PartialEq)]
enum Says {
    Yes,
    No,
    Nothing,
}

fn check(object: &Object) -> Option<String> {
    object.containers().first()?; // not a workload, or no containers to run
    let spec = object.pod_spec();
    let pod = spec.clone().unwrap_or_default();
    let containers = items(spec.and_then(|s| get(&s, "containers")));
    let pod_non_root = non_root(&pod);
    let root: Vec<String> = containers
        .iter()
        .filter(|c| {
            let (own_non_root, own_user) = (non_root(c), user_above_zero(c));
            if pod_non_root == Says::Yes {
                own_non_root == Says::No && own_user != Says::Yes
            } else if user_above_zero(&pod) == Says::Yes {
                own_user == Says::No
            } else {
                own_non_root != Says::Yes && own_user != Says::Yes
            }
        })
        .map(|c| {
            let name = get(c, "name");
            format!(
                "{:?}",
                name.as_ref().and_then(Value::as_str).unwrap_or_default()
            )
        })
        .collect();
    (!root.is_empty()).then(|| {
        format!(
            "container {} may run as root: set securityContext.runAsNonRoot: true or runAsUser above 0",
            root.join(", ")
        )
    })
}

fn non_root(spec: &Value) -> Says {
    match at(spec, &["securityContext", "runAsNonRoot"]) {
        None => Says::Nothing,
        Some(v) if v.truthy() => Says::Yes,
        Some(_) => Says::No,
    }
}

fn user_above_zero(spec: &Value) -> Says {
    match at(spec, &["securityContext", "runAsUser"]) {
        None => Says::Nothing,
        Some(v) => match number(&v) {
            Some(uid) if uid.fract() == 0.0 && uid >= 1.0 => Says::Yes,
            _ => Says::No,
        },
    }
}

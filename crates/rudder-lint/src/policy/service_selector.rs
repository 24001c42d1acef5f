//! `service-selector` (warning)
//!
//! **Checks** that a Service's `selector` matches the pod labels of at least one workload
//! rendered in its namespace.
//!
//! **Why**: a Service that selects nothing has no endpoints: connections to it are refused,
//! and nothing says why. It usually comes from a label renamed in one template and not in the
//! other. Services without a selector (fed by EndpointSlices) and ExternalName Services are
//! left alone, and so are charts that render custom resources, whose operators make pods this
//! check cannot see.
//!
//! **Fires** on a Service selecting `app: web` when the Deployment's pods carry `app: webapp`;
//! **passes** when one workload's pod labels include every pair of the selector.

use rudder_gotmpl::Value;

use super::object::{at, get};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "service-selector",
    severity: Severity::Warning,
    checkov: None,
    check: Check::Set(check),
    field: Field::Root(&["spec", "selector"]),
};

/// API groups of Kubernetes itself; objects of other groups are custom resources.
pub(super) fn builtin_group(group: &str) -> bool {
    !group.contains('.') || group.ends_with(".k8s.io")
}

fn check(objects: &[Object]) -> Vec<(usize, String)> {
    if objects.iter().any(|o| !builtin_group(o.group())) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (index, service) in objects.iter().enumerate() {
        if service.kind != "Service"
            || at(&service.doc, &["spec", "type"])
                .and_then(|t| t.as_str().map(|t| t == "ExternalName"))
                .unwrap_or(false)
        {
            continue;
        }
        let Some(selector) =
            at(&service.doc, &["spec", "selector"]).and_then(|s| s.as_map().cloned())
        else {
            continue;
        };
        if selector.borrow().is_empty() {
            continue;
        }
        let matches = |labels: &Value| {
            selector.borrow().iter().all(|(key, wanted)| {
                get(labels, key).is_some_and(|have| have.as_str() == wanted.as_str())
            })
        };
        let selected = objects.iter().any(|o| {
            o.namespace == service.namespace
                && o.pod_labels().is_some_and(|labels| matches(&labels))
        });
        if !selected {
            let pairs: Vec<String> = selector
                .borrow()
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect();
            out.push((
                index,
                format!("selects no rendered workload ({})", pairs.join(",")),
            ));
        }
    }
    out
}

//! `rbac-wildcard` (warning; checkov CKV_K8S_49)
//!
//! **Checks** that no rule of a Role or ClusterRole uses `*` in its `apiGroups`, `resources`
//! or `verbs`.
//!
//! **Why**: a wildcard grants everything that exists now and everything added later (new
//! resources, CRDs, subresources such as `pods/exec`); list what the workload needs.
//! (checkov looks at the first rule of a role only; rudder looks at all of them.)
//!
//! **Fires** on `rules: [{apiGroups: [""], resources: ["*"], verbs: [get]}]`; **passes** on
//! `rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]`.

use super::object::{get, items, strings};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "rbac-wildcard",
    severity: Severity::Warning,
    checkov: Some("CKV_K8S_49"),
    check: Check::Object(check),
    field: Field::Root(&["rules"]),
};

fn check(object: &Object) -> Option<String> {
    if !matches!(object.kind.as_str(), "Role" | "ClusterRole") {
        return None;
    }
    let fields: Vec<&str> = items(get(&object.doc, "rules"))
        .iter()
        .flat_map(|rule| {
            ["apiGroups", "resources", "verbs"]
                .into_iter()
                .filter(|field| strings(get(rule, field)).iter().any(|s| s.contains('*')))
        })
        .collect();
    let first = fields.first()?;
    Some(format!(
        "grants a wildcard ({first}: \"*\"): list the groups, resources and verbs it needs"
    ))
}

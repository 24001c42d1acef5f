//! `rbac-secret-access` (warning)
//!
//! **Checks** that no Role or ClusterRole lets its subjects read Secrets: `get`, `list` or
//! `watch` (or `*`) on `secrets` (or `*`) in the core API group.
//!
//! **Why**: reading Secrets means holding every password, token and key stored in them; a
//! ClusterRole that may `list` secrets reads the whole cluster's. Name the secrets it needs in
//! `resourceNames`, and the rule stays quiet.
//!
//! **Fires** on `rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]`; **passes**
//! with `resourceNames: [my-app-tls]` and `verbs: [get]`.

use super::object::{get, items, strings};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "rbac-secret-access",
    severity: Severity::Warning,
    checkov: None,
    check: Check::Object(check),
    field: Field::Root(&["rules"]),
};

fn check(object: &Object) -> Option<String> {
    if !matches!(object.kind.as_str(), "Role" | "ClusterRole") {
        return None;
    }
    let reads_secrets = items(get(&object.doc, "rules")).iter().any(|rule| {
        let any = |field: &str, wanted: &[&str]| {
            strings(get(rule, field))
                .iter()
                .any(|s| s == "*" || wanted.contains(&s.as_str()))
        };
        let named = !strings(get(rule, "resourceNames")).is_empty();
        any("apiGroups", &[""])
            && any("resources", &["secrets"])
            && any("verbs", &["get", "list", "watch"])
            && !named
    });
    reads_secrets.then(|| {
        format!(
            "lets its subjects read every Secret{}",
            match object.kind.as_str() {
                "ClusterRole" => " of the cluster",
                _ => " of its namespace",
            }
        )
    })
}

//! `service-account-token` (info; checkov CKV_K8S_38)
//!
//! **Checks** that a pod spec sets `automountServiceAccountToken: false`, so that only pods
//! that talk to the Kubernetes API carry a token for it.
//!
//! **Why**: every mounted token is a credential an attacker in the pod can use against the
//! API server with the service account's rights.
//!
//! **Fires** on a pod spec without the field; **passes** on
//! `automountServiceAccountToken: false` (set it to `true` where the API is needed, and
//! silence the rule for that object).

use rudder_gotmpl::Value;

use super::object::get;
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "service-account-token",
    severity: Severity::Info,
    checkov: Some("CKV_K8S_38"),
    check: Check::Object(check),
    field: Field::Pod(&["automountServiceAccountToken"]),
};

fn check(object: &Object) -> Option<String> {
    object.containers().first()?;
    let spec = object.pod_spec()?;
    match get(&spec, "automountServiceAccountToken") {
        Some(Value::Bool(false)) => None,
        _ => Some("mounts a service account token: set automountServiceAccountToken: false unless it calls the API".into()),
    }
}

//! `capability-net-raw` (warning; checkov CKV_K8S_28)
//!
//! **Checks** that every container and init container drops `NET_RAW` (or `ALL`) in
//! `securityContext.capabilities.drop`; container runtimes grant it by default.
//!
//! **Why**: raw sockets let a container forge packets and spoof other pods on the node's
//! network (ARP and DNS spoofing).
//!
//! **Fires** on a container without `capabilities.drop`; **passes** on
//! `capabilities: {drop: [ALL]}` or `drop: [NET_RAW]`.

use super::capabilities_drop_all::drops;
use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "capability-net-raw",
    severity: Severity::Warning,
    checkov: Some("CKV_K8S_28"),
    check: Check::Container(check),
    field: Field::Container(&["securityContext", "capabilities"]),
};

fn check(container: &Container) -> Option<String> {
    if drops(container, &["ALL", "all", "NET_RAW"]) {
        return None;
    }
    Some(
        "keeps the NET_RAW capability: add NET_RAW or ALL to securityContext.capabilities.drop"
            .into(),
    )
}

//! `image-pull-policy` (info)
//!
//! **Checks** that a container whose image has no tag, or the `latest` tag, does not set
//! `imagePullPolicy` to `IfNotPresent` or `Never`.
//!
//! **Why**: with a moving tag, a node that already has some older image under that name keeps
//! running it: pods of one workload then run different code depending on their node.
//! (checkov's CKV_K8S_15 asks for `Always` on every image instead; with a pinned tag or a
//! digest `IfNotPresent` is what one wants, so rudder does not follow it.)
//!
//! **Fires** on `image: app:latest` with `imagePullPolicy: IfNotPresent`; **passes** on
//! `image: app:1.4.2` with `imagePullPolicy: IfNotPresent`, and on `app:latest` with `Always`
//! or no policy (Kubernetes then pulls always).

use super::image_tag::tag;
use super::object::get;
use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "image-pull-policy",
    severity: Severity::Info,
    checkov: None,
    check: Check::Container(check),
    field: Field::Container(&["imagePullPolicy"]),
};

fn check(container: &Container) -> Option<String> {
    let image = get(&container.spec, "image")?;
    let image = image.as_str()?.trim();
    let policy = get(&container.spec, "imagePullPolicy")?;
    let policy = policy.as_str()?;
    let moving = matches!(tag(image)?, "" | "latest");
    (moving && matches!(policy, "IfNotPresent" | "Never")).then(|| {
        format!("image {image:?} has a moving tag but imagePullPolicy {policy}: nodes may run stale images")
    })
}

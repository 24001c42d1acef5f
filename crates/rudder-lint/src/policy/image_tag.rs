//! `image-tag` (warning; checkov CKV_K8S_14)
//!
//! **Checks** that every container and init container names its image with a fixed tag or
//! a digest: not without a tag, not `:latest`.
//!
//! **Why**: a moving tag makes the version that runs depend on when each node pulled it;
//! rollbacks and audits need to know exactly what ran.
//!
//! **Fires** on `image: nginx` and `image: nginx:latest`; **passes** on `image: nginx:1.27.3`
//! and `image: nginx@sha256:...`.

use super::object::get;
use super::{Check, Container, Field, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "image-tag",
    severity: Severity::Warning,
    checkov: Some("CKV_K8S_14"),
    check: Check::Container(check),
    field: Field::Container(&["image"]),
};

fn check(container: &Container) -> Option<String> {
    let Some(image) = get(&container.spec, "image").filter(|i| i.truthy()) else {
        return Some("has no image".into());
    };
    let image = image.as_str()?.trim();
    match tag(image)? {
        "" => Some(format!(
            "image {image:?} has no tag: pin a version or a digest"
        )),
        "latest" => Some(format!(
            "image {image:?} uses the latest tag: pin a version or a digest"
        )),
        _ => None,
    }
}

/// The tag of an image reference (`""` when it has none); `None` for a digest reference,
/// which is fixed whatever its tag.
pub(super) fn tag(image: &str) -> Option<&str> {
    if image.contains('@') {
        return None;
    }
    let name_start = image.rfind('/').map_or(0, |slash| slash + 1);
    Some(
        image[name_start..]
            .split_once(':')
            .map_or("", |(_, tag)| tag),
    )
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn tags_of_references() {
        assert_eq!(tag("nginx"), Some(""));
        assert_eq!(tag("nginx:1.2"), Some("1.2"));
        assert_eq!(tag("registry:5000/team/app"), Some(""));
        assert_eq!(tag("registry:5000/team/app:v1"), Some("v1"));
        assert_eq!(tag("app:1@sha256:abc"), None);
    }
}

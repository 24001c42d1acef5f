//! `host-path` (warning)
//!
//! **Checks** that a pod spec mounts no `hostPath` volume.
//!
//! **Why**: a hostPath volume gives the pod the node's files; writable, it lets the pod change
//! the node (and the container runtime's socket, `/var/run/docker.sock`, is the node itself).
//! Use a PersistentVolumeClaim, an `emptyDir` or a ConfigMap instead.
//! (checkov's CKV_K8S_27 fires only for the Docker socket.)
//!
//! **Fires** on `volumes: [{name: logs, hostPath: {path: /var/log}}]`; **passes** on
//! `volumes: [{name: data, emptyDir: {}}]`.

use super::object::{get, items};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "host-path",
    severity: Severity::Warning,
    checkov: None,
    check: Check::Object(check),
    field: Field::Pod(&["volumes"]),
};

fn check(object: &Object) -> Option<String> {
    let spec = object.pod_spec()?;
    let paths: Vec<String> = items(get(&spec, "volumes"))
        .iter()
        .filter_map(|volume| get(volume, "hostPath"))
        .map(|host| {
            let path = get(&host, "path");
            path.as_ref()
                .and_then(|p| p.as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    (!paths.is_empty()).then(|| format!("mounts the node's files (hostPath {})", paths.join(", ")))
}

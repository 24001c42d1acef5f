//! `kube-schema` (not in helm lint; on with `rudder lint --kube-schemas lax|strict`): every
//! rendered document validated against the Kubernetes schemas of the kube version in effect,
//! as `rudder validate` does it; custom resources are checked against the chart's
//! CustomResourceDefinitions (in crds/ or rendered) and passed over when no schema is known;
//! an object of a Kubernetes API group with no schema is an API version that Kubernetes does
//! not serve at that version (removed, or not yet there).

use std::collections::HashSet;

use rudder_kube::bundle::is_kubernetes_group;
use rudder_kube::location::Fields;
use rudder_kube::resource::read_text;
use rudder_kube::{KubeVersion, Options, Resource, Status, Validator};

/// The findings for the rendered files `(template file, content)`, as (file, message).
pub fn check(rendered: &[(&str, &str)], kube_version: &str, strict: bool) -> Vec<(String, String)> {
    let version = match KubeVersion::parse(kube_version) {
        Ok(v) => v,
        Err(e) => return vec![(String::new(), e)],
    };
    let opts = Options {
        kubernetes_version: version,
        strict,
        ignore_missing_schemas: true,
        locations: Vec::new(),
        skip: HashSet::new(),
        reject: HashSet::new(),
    };
    let mut validator = match Validator::new(opts) {
        Ok(v) => v,
        Err(e) => return vec![(String::new(), e)],
    };
    let resources: Vec<Resource> = rendered
        .iter()
        .flat_map(|(file, content)| read_text(file, content, strict, false))
        .collect();
    validator.add_crds(&resources);
    let mut session = validator.session();
    let mut out = Vec::new();
    for r in &resources {
        let outcome = session.validate(r);
        let sig = r.signature();
        if outcome.status == Status::Skipped {
            // No schema: a custom resource passes, an API version Kubernetes does not serve
            // at this version does not.
            let fields = Fields::new(&sig.kind, &sig.version, "", false);
            if is_kubernetes_group(fields.group_first()) {
                out.push((
                    r.path.clone(),
                    format!(
                        "{} {:?}: Kubernetes {kube_version} does not serve {} {}",
                        sig.kind, sig.name, sig.version, sig.kind
                    ),
                ));
            }
            continue;
        }
        if !matches!(outcome.status, Status::Invalid | Status::Error) {
            continue;
        }
        let what = if sig.kind.is_empty() {
            "a document".to_string()
        } else {
            format!("{} {:?}", sig.kind, sig.name)
        };
        let detail = if outcome.leaves.is_empty() {
            outcome.message.unwrap_or_default()
        } else {
            outcome
                .leaves
                .iter()
                .map(|l| format!("at '{}': {}", l.path, l.msg))
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push((
            r.path.clone(),
            format!("{what} does not match the Kubernetes {kube_version} schema: {detail}"),
        ));
    }
    out
}

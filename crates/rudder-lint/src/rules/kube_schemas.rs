//! `kube-schema` (not in helm lint; on with `rudder lint --kube-schemas lax|strict`): every
//! rendered document validated against the Kubernetes schemas of the kube version in effect,
//! as `rudder validate` does it (the bundled schemas, or the `--schema-location`s given);
//! custom resources are checked against the chart's CustomResourceDefinitions (in crds/ or
//! rendered) and passed over when no schema is known; when the bundled schemas are searched,
//! an object of a Kubernetes API group with no schema is an API version that Kubernetes does
//! not serve at that version (removed, or not yet there).

use std::collections::HashSet;

use rudder_kube::bundle::is_kubernetes_group;
use rudder_kube::location::Fields;
use rudder_kube::resource::read_text;
use rudder_kube::{KubeVersion, Location, Options, Resource, Sources, Status, Validator};

/// A finding: the file, the line of the file it points at when known, and the message.
pub type Finding = (String, Option<usize>, String);

/// The findings for the rendered files `(template file, content)`.
pub fn check(
    rendered: &[(&str, &str)],
    kube_version: &str,
    strict: bool,
    sources: &Sources,
) -> Vec<Finding> {
    let version = match KubeVersion::parse(kube_version) {
        Ok(v) => v,
        Err(e) => return vec![(String::new(), None, e)],
    };
    let opts = Options {
        kubernetes_version: version,
        strict,
        ignore_missing_schemas: true,
        sources: sources.clone(),
        skip: HashSet::new(),
        reject: HashSet::new(),
    };
    let mut validator = match Validator::new(opts) {
        Ok(v) => v,
        Err(e) => return vec![(String::new(), None, e)],
    };
    // Each resource with its document's text and first line, when the file splits into as
    // many documents as it gave resources (kubeconform and Kubernetes cut at the same lines).
    let mut resources: Vec<Resource> = Vec::new();
    let mut documents: Vec<Option<(usize, String)>> = Vec::new();
    for (file, content) in rendered {
        let read = read_text(file, content, strict, false);
        let split = rudder_yaml::split_documents(content)
            .ok()
            .filter(|docs| docs.len() == read.len());
        match split {
            Some(docs) => documents.extend(docs.into_iter().map(Some)),
            None => documents.extend(read.iter().map(|_| None)),
        }
        resources.extend(read);
    }
    validator.add_crds(&resources);
    // Without the bundled schemas, a missing schema says nothing of what Kubernetes serves.
    let bundled = sources.locations.is_empty() || sources.locations.contains(&Location::Bundled);
    let mut session = validator.session();
    let mut out = Vec::new();
    for (r, document) in resources.iter().zip(&documents) {
        let outcome = session.validate(r);
        let sig = r.signature();
        if outcome.status == Status::Skipped {
            // No schema: a custom resource passes, an API version Kubernetes does not serve
            // at this version does not.
            let fields = Fields::new(&sig.kind, &sig.version, "", false);
            if bundled && is_kubernetes_group(fields.group_first()) {
                out.push((
                    r.path.clone(),
                    line_of(document, "/apiVersion"),
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
        if outcome.status == Status::Error {
            // Not a verdict on the object: its schema could not be had, or it could not be read.
            out.push((
                r.path.clone(),
                line_of(document, ""),
                format!(
                    "{what} could not be validated against the Kubernetes {kube_version} schema: {}",
                    outcome.message.unwrap_or_default()
                ),
            ));
            continue;
        }
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
        let first = outcome.leaves.first().map_or("", |l| l.path.as_str());
        out.push((
            r.path.clone(),
            line_of(document, first),
            format!("{what} does not match the Kubernetes {kube_version} schema: {detail}"),
        ));
    }
    out
}

/// The file line of the field at JSON pointer `pointer` (`/spec/ports/0/port`, or its
/// deepest existing part) in a document that starts at `line`.
fn line_of(document: &Option<(usize, String)>, pointer: &str) -> Option<usize> {
    let (line, text) = document.as_ref()?;
    let steps: Vec<rudder_yaml::Step> = pointer
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse() {
            Ok(index) => rudder_yaml::Step::Index(index),
            Err(_) => rudder_yaml::Step::Key(s),
        })
        .collect();
    Some(line + rudder_yaml::locate(text, &steps)? - 1)
}

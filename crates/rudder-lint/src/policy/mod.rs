//! Policy rules: checks on the objects a chart renders, beyond helm lint's own findings.
//! They run when asked (`rudder lint --policy`, or `policy: true` in `.rudder-lint.yaml`), after
//! helm's rules, on every document the chart and its subcharts render.
//!
//! Each rule lives in a file of its own whose header says what it checks, why, an example that
//! fires and one that passes, and the checkov check it corresponds to. Rules are silenced like
//! helm's: per chart or repository in `.rudder-lint.yaml` (`rules: {run-as-root: off}`), per
//! template by a `rudder-lint: disable` comment, and per object by the annotation
//! `lint.rudder.dev/ignore: "run-as-root, cpu-limits"` on the object or its pod template.
//!
//! The rules and their ids are listed in [`RULES`]; each file's header documents its rule.

mod object;

mod capabilities_drop_all;
mod capability_net_raw;
mod capability_sys_admin;
mod default_namespace;
mod duplicate_object;
mod hardcoded_credentials;
mod host_namespaces;
mod host_path;
mod image_pull_policy;
mod image_tag;
mod ingress_backend;
mod privilege_escalation;
mod privileged_container;
mod probes;
mod rbac_secret_access;
mod rbac_wildcard;
mod read_only_root_filesystem;
mod resources;
mod run_as_root;
mod service_account_token;
mod service_dns_name;
mod service_selector;

use rudder_gotmpl::Value;

pub use object::{Container, Object, IGNORE_ANNOTATION};

use crate::origins::RenderedOrigins;
use crate::{Message, Severity};

/// How a rule looks at the rendered objects.
pub enum Check {
    /// Each container of each workload on its own: a problem, or `None`.
    Container(fn(&Container) -> Option<String>),
    /// Each object on its own.
    Object(fn(&Object) -> Option<String>),
    /// All objects rendered together: (index of the object, problem) pairs.
    Set(fn(&[Object]) -> Vec<(usize, String)>),
}

/// The field a finding points at (the deepest part of it that the object has), from the
/// container the finding is about, the object's pod spec, or the object's root.
pub enum Field {
    Container(&'static [&'static str]),
    Pod(&'static [&'static str]),
    Root(&'static [&'static str]),
}

/// A policy rule: its stable id, default severity, the checkov checks it agrees with, and
/// the field its findings point at.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub checkov: Option<&'static str>,
    pub check: Check,
    pub field: Field,
}

/// Every policy rule, in the order findings are reported.
pub const RULES: &[Rule] = &[
    privileged_container::RULE,
    privilege_escalation::RULE,
    run_as_root::RULE,
    read_only_root_filesystem::RULE,
    capability_sys_admin::RULE,
    capability_net_raw::RULE,
    capabilities_drop_all::RULE,
    resources::CPU_REQUESTS,
    resources::CPU_LIMITS,
    resources::MEMORY_REQUESTS,
    resources::MEMORY_LIMITS,
    probes::LIVENESS,
    probes::READINESS,
    image_tag::RULE,
    image_pull_policy::RULE,
    host_namespaces::NETWORK,
    host_namespaces::PID,
    host_namespaces::IPC,
    host_path::RULE,
    service_account_token::RULE,
    default_namespace::RULE,
    rbac_wildcard::RULE,
    rbac_secret_access::RULE,
    hardcoded_credentials::RULE,
    duplicate_object::RULE,
    service_selector::RULE,
    ingress_backend::RULE,
    service_dns_name::RULE,
];

/// The objects of rendered files (`(file, text)` pairs, files named as helm lint names
/// them); documents that are not objects or do not parse are left to helm's rules.
pub fn objects(rendered: &[(String, String)], release_namespace: &str) -> Vec<Object> {
    let mut out = Vec::new();
    for (file, text) in rendered {
        let Ok(documents) = rudder_yaml::split_documents(text) else {
            continue;
        };
        for (line, document) in documents {
            let Ok(doc @ Value::Map(_)) = rudder_yaml::parse_document(&document) else {
                continue;
            };
            out.extend(Object::new(file, line, document, doc, release_namespace));
        }
    }
    out
}

/// A problem a rule found: the object, the rule, the text, and the container it is about.
struct Found {
    object: usize,
    rule: usize,
    problem: String,
    container: Option<(&'static str, usize)>,
}

/// Every rule on `objects`; findings name the template that rendered the object, object by
/// object in rendering order, each object's in the order of [`RULES`], and point at the
/// template line that wrote the rule's field when `origins` knows it.
pub fn check(objects: &[Object], origins: &RenderedOrigins) -> Vec<Message> {
    let mut found: Vec<Found> = Vec::new();
    for (rule, entry) in RULES.iter().enumerate() {
        match entry.check {
            Check::Container(check) => {
                for (object, o) in objects.iter().enumerate() {
                    for container in o.containers() {
                        if let Some(problem) = check(&container) {
                            found.push(Found {
                                object,
                                rule,
                                problem: format!("{} {problem}", container.title()),
                                container: Some((container.list, container.index)),
                            });
                        }
                    }
                }
            }
            Check::Object(check) => {
                for (object, o) in objects.iter().enumerate() {
                    if let Some(problem) = check(o) {
                        found.push(Found {
                            object,
                            rule,
                            problem,
                            container: None,
                        });
                    }
                }
            }
            Check::Set(check) => {
                for (object, problem) in check(objects) {
                    found.push(Found {
                        object,
                        rule,
                        problem,
                        container: None,
                    });
                }
            }
        }
    }
    found.sort_by_key(|f| (f.object, f.rule));
    found
        .into_iter()
        .filter(|f| !objects[f.object].ignores(RULES[f.rule].id))
        .map(|f| {
            let (object, rule) = (&objects[f.object], &RULES[f.rule]);
            let line = object.line_of(&rule.field, f.container);
            Message {
                rule: rule.id,
                severity: rule.severity,
                path: object.file.clone(),
                text: format!("{}: {} [{}]", object.title(), f.problem, rule.id),
                location: origins.template_line(&object.file, line),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;

//! `service-dns-name` (warning)
//!
//! **Checks** that the in-cluster DNS names found in rendered configuration (ConfigMap data,
//! container `env` values, `args` and `command`) — `NAME.NAMESPACE.svc` and
//! `NAME.NAMESPACE.svc.cluster.local`, pod names in front allowed — name a Service that is
//! rendered, whenever NAMESPACE is one the rendered objects go to.
//!
//! **Why**: a hostname of a Service that does not exist fails only at run time, as a DNS
//! error in the application's log; it usually comes from a Service renamed by a values change
//! (`fullnameOverride`) that the configuration did not follow. Names in other namespaces
//! (`kube-dns.kube-system.svc`) belong to other releases and are not judged.
//!
//! **Fires** on `DATABASE_HOST: db.prod.svc.cluster.local` when the release renders Service
//! `postgres` in `prod` but no `db`; **passes** when Service `db` is rendered in `prod`.

use std::collections::HashSet;

use rudder_gotmpl::Value;

use super::object::{get, items};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "service-dns-name",
    severity: Severity::Warning,
    checkov: None,
    check: Check::Set(check),
    field: Field::Root(&[]),
};

fn check(objects: &[Object]) -> Vec<(usize, String)> {
    let namespaces: HashSet<&str> = objects.iter().map(|o| o.namespace.as_str()).collect();
    let services: HashSet<(&str, &str)> = objects
        .iter()
        .filter(|o| o.kind == "Service")
        .map(|o| (o.name.as_str(), o.namespace.as_str()))
        .collect();
    let mut out = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        let mut unknown: Vec<String> = Vec::new();
        for text in configuration(object) {
            for (name, namespace) in service_names(&text) {
                // The API server's Service exists in every cluster.
                let api_server = (name, namespace) == ("kubernetes", "default");
                let known = api_server || services.contains(&(name, namespace));
                let shown = format!("{name}.{namespace}.svc");
                if !known && namespaces.contains(namespace) && !unknown.contains(&shown) {
                    unknown.push(shown);
                }
            }
        }
        if !unknown.is_empty() {
            out.push((
                index,
                format!(
                    "names Services that are not rendered: {}",
                    unknown.join(", ")
                ),
            ));
        }
    }
    out
}

/// The strings of an object that configure a program.
fn configuration(object: &Object) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: &Value| {
        if let Some(s) = v.as_str() {
            out.push(s.to_string());
        }
    };
    if object.kind == "ConfigMap" {
        if let Some(data) = get(&object.doc, "data").and_then(|d| d.as_map().cloned()) {
            data.borrow().values().for_each(&mut push);
        }
    }
    for container in object.containers() {
        for var in items(get(&container.spec, "env")) {
            get(&var, "value").iter().for_each(&mut push);
        }
        for list in ["args", "command"] {
            items(get(&container.spec, list)).iter().for_each(&mut push);
        }
    }
    out
}

/// `(service, namespace)` of every `SERVICE.NAMESPACE.svc[.cluster.local]` in `text`.
fn service_names(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices(".svc") {
        let after = &text[at + 4..];
        let ends = after
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            || after.starts_with(".cluster.local");
        if !ends {
            continue;
        }
        let mut start = at;
        while start > 0 && is_label_char(bytes[start - 1] as char) {
            start -= 1;
        }
        let host = &text[start..at];
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() < 2 {
            continue;
        }
        let (name, namespace) = (labels[labels.len() - 2], labels[labels.len() - 1]);
        if is_label(name) && is_label(namespace) {
            out.push((name, namespace));
        }
    }
    out
}

fn is_label_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'
}

/// A DNS-1123 label, as Service and namespace names are.
fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::service_names;

    #[test]
    fn names_in_text() {
        assert_eq!(
            service_names("url: http://db.prod.svc.cluster.local:5432/x"),
            [("db", "prod")]
        );
        assert_eq!(service_names("web-0.web.apps.svc"), [("web", "apps")]);
        assert!(service_names("my.svcname.com").is_empty());
        assert!(service_names("prod.svc").is_empty());
        assert_eq!(
            service_names("https://kubernetes.default.svc"),
            [("kubernetes", "default")]
        );
    }
}

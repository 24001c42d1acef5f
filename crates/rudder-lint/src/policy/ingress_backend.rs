//! `ingress-backend` (error)
//!
//! **Checks** that every Service an Ingress (`networking.k8s.io/v1` or `v1beta1`) or an
//! HTTPRoute/GRPCRoute (Gateway API) sends traffic to is rendered in the same namespace, and
//! that the port it names (number or name) is one of that Service's ports.
//!
//! **Why**: a route to a Service or port that does not exist answers 503 (or 404) and the
//! controller only logs it; it usually comes from a renamed Service or a changed port in
//! values. Routes to Services of other releases are the exception: silence the rule for them.
//!
//! **Fires** on an Ingress backend `service: {name: web, port: {number: 8080}}` when Service
//! `web` exposes only port 80; **passes** when `web` has port 8080 (or a port named as the
//! backend's `port.name`).

use rudder_gotmpl::Value;

use super::object::{at, get, items};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "ingress-backend",
    severity: Severity::Error,
    checkov: None,
    check: Check::Set(check),
    field: Field::Root(&["spec", "rules"]),
};

/// A Service port a route names: its number or its name.
enum Port {
    Number(f64),
    Name(String),
}

fn check(objects: &[Object]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (index, route) in objects.iter().enumerate() {
        for (service, port) in backends(route) {
            if let Some(problem) = missing(objects, &route.namespace, &service, port.as_ref()) {
                out.push((index, problem));
            }
        }
    }
    out
}

/// The (Service, port) pairs an Ingress or a Gateway API route sends traffic to.
fn backends(route: &Object) -> Vec<(String, Option<Port>)> {
    let doc = &route.doc;
    match (route.group(), route.kind.as_str()) {
        ("networking.k8s.io" | "extensions", "Ingress") => {
            let mut refs: Vec<Value> = Vec::new();
            refs.extend(at(doc, &["spec", "defaultBackend"]));
            refs.extend(at(doc, &["spec", "backend"]));
            for rule in items(at(doc, &["spec", "rules"])) {
                for path in items(at(&rule, &["http", "paths"])) {
                    refs.extend(get(&path, "backend"));
                }
            }
            refs.iter().filter_map(ingress_backend).collect()
        }
        ("gateway.networking.k8s.io", "HTTPRoute" | "GRPCRoute") => {
            items(at(doc, &["spec", "rules"]))
                .iter()
                .flat_map(|rule| items(get(rule, "backendRefs")))
                .filter(|r| {
                    let core = get(r, "group").is_none_or(|g| g.as_str() == Some(""));
                    let service = get(r, "kind").is_none_or(|k| k.as_str() == Some("Service"));
                    let here = get(r, "namespace")
                        .is_none_or(|n| n.as_str() == Some(route.namespace.as_str()));
                    core && service && here
                })
                .filter_map(|r| {
                    let name = get(&r, "name")?.as_str()?.to_string();
                    Some((name, get(&r, "port").and_then(port)))
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// An Ingress backend of either API version; resource backends have no Service.
fn ingress_backend(backend: &Value) -> Option<(String, Option<Port>)> {
    if let Some(service) = get(backend, "service") {
        let name = get(&service, "name")?.as_str()?.to_string();
        let port = get(&service, "port").and_then(|p| {
            get(&p, "number")
                .and_then(port)
                .or_else(|| get(&p, "name").and_then(port))
        });
        return Some((name, port));
    }
    let name = get(backend, "serviceName")?.as_str()?.to_string();
    Some((name, get(backend, "servicePort").and_then(port)))
}

fn port(value: Value) -> Option<Port> {
    match super::object::number(&value) {
        Some(n) => Some(Port::Number(n)),
        None => value.as_str().map(|s| match s.parse::<f64>() {
            Ok(n) => Port::Number(n),
            Err(_) => Port::Name(s.to_string()),
        }),
    }
}

fn missing(
    objects: &[Object],
    namespace: &str,
    service: &str,
    wanted: Option<&Port>,
) -> Option<String> {
    let Some(found) = objects
        .iter()
        .find(|o| o.kind == "Service" && o.name == service && o.namespace == namespace)
    else {
        return Some(format!(
            "routes to Service {service:?}, which is not rendered in namespace {namespace:?}"
        ));
    };
    let wanted = wanted?;
    let ports = items(at(&found.doc, &["spec", "ports"]));
    let has = ports.iter().any(|p| match wanted {
        Port::Number(n) => get(p, "port").and_then(|v| super::object::number(&v)) == Some(*n),
        Port::Name(name) => get(p, "name").is_some_and(|v| v.as_str() == Some(name)),
    });
    (!has).then(|| {
        let shown = match wanted {
            Port::Number(n) => format!("{n}"),
            Port::Name(name) => name.clone(),
        };
        format!("routes to port {shown} of Service {service:?}, which has no such port")
    })
}

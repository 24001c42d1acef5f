//! Each rule fires, stays quiet and is silenced on small manifests.

use std::rc::Rc;

use super::{check, objects, RULES};
use crate::origins::RenderedOrigins;

fn findings(yaml: &str) -> Vec<(&'static str, String)> {
    let rendered = vec![("templates/all.yaml".to_string(), yaml.to_string())];
    check(&objects(&rendered, "apps"), &RenderedOrigins::default())
        .into_iter()
        .map(|m| (m.rule, m.text))
        .collect()
}

#[test]
fn findings_point_at_the_template_line_of_their_field() {
    let yaml = "\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
    - name: a
      image: a:1
    - name: b
      image: b:latest
      securityContext:
        privileged: true
";
    // The renderer's record: rendered line n came from line n + 100 of a helper template.
    let helper: Rc<str> = Rc::from("c/templates/_helpers.tpl");
    let lines = (1..=yaml.lines().count())
        .map(|n| Some((helper.clone(), n + 100)))
        .collect();
    let origins = RenderedOrigins::new(vec![("c/templates/pod.yaml".into(), lines)]);
    let rendered = vec![("templates/pod.yaml".to_string(), yaml.to_string())];
    let at = |rule: &str, container: &str| {
        check(&objects(&rendered, "apps"), &origins)
            .into_iter()
            .find(|m| m.rule == rule && m.text.contains(container))
            .and_then(|m| m.location)
            .map(|l| (l.file, l.line))
    };
    let helpers = "templates/_helpers.tpl".to_string();
    assert_eq!(at("host-network", ""), Some((helpers.clone(), 106)));
    assert_eq!(
        at("privileged-container", "\"b\""),
        Some((helpers.clone(), 113))
    );
    assert_eq!(at("image-tag", "\"b\""), Some((helpers.clone(), 111)));
    // A field the container lacks: the container's own line.
    assert_eq!(at("cpu-limits", "\"a\""), Some((helpers, 108)));
}

fn fires(rule: &str, yaml: &str) -> bool {
    findings(yaml).iter().any(|(id, _)| *id == rule)
}

const SECURE: &str = "
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true}
      containers:
      - name: web
        image: nginx:1.27.3
        livenessProbe: {httpGet: {path: /, port: 80}}
        readinessProbe: {httpGet: {path: /, port: 80}}
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {cpu: 200m, memory: 128Mi}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
";

/// The secure deployment with `from` replaced by `to` (which must be there).
fn changed(from: &str, to: &str) -> String {
    assert!(SECURE.contains(from), "{from:?} is not in the manifest");
    SECURE.replacen(from, to, 1)
}

#[test]
fn a_secure_deployment_passes_every_rule() {
    assert_eq!(findings(SECURE), Vec::new());
}

#[test]
fn container_rules_fire_on_what_they_check() {
    let cases: &[(&str, &str, &str)] = &[
        ("privileged-container", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n          privileged: true"),
        ("privilege-escalation", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"),
        ("read-only-root-filesystem", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"),
        ("capability-sys-admin", "drop: [ALL]", "drop: [ALL], add: [SYS_ADMIN]"),
        ("capability-net-raw", "drop: [ALL]", "drop: [CHOWN]"),
        ("capabilities-drop-all", "drop: [ALL]", "drop: [NET_RAW]"),
        ("cpu-requests", "requests: {cpu: 100m, memory: 64Mi}\n          limits: {cpu: 200m, memory: 128Mi}", "requests: {memory: 64Mi}\n          limits: {memory: 128Mi}"),
        ("cpu-limits", "limits: {cpu: 200m, memory: 128Mi}", "limits: {memory: 128Mi}"),
        ("memory-requests", "requests: {cpu: 100m, memory: 64Mi}\n          limits: {cpu: 200m, memory: 128Mi}", "requests: {cpu: 100m}\n          limits: {cpu: 200m}"),
        ("memory-limits", "limits: {cpu: 200m, memory: 128Mi}", "limits: {cpu: 200m}"),
        ("liveness-probe", "livenessProbe: {httpGet: {path: /, port: 80}}", "startupProbe: {}"),
        ("readiness-probe", "readinessProbe: {httpGet: {path: /, port: 80}}", "startupProbe: {}"),
        ("image-tag", "nginx:1.27.3", "nginx"),
        ("image-tag", "nginx:1.27.3", "nginx:latest"),
        ("image-pull-policy", "image: nginx:1.27.3", "image: nginx:latest\n        imagePullPolicy: IfNotPresent"),
        ("run-as-root", "securityContext: {runAsNonRoot: true}", "securityContext: {}"),
        ("run-as-root", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n          runAsNonRoot: false"),
        ("service-account-token", "automountServiceAccountToken: false", "automountServiceAccountToken: true"),
        ("host-network", "automountServiceAccountToken: false", "automountServiceAccountToken: false\n      hostNetwork: true"),
        ("host-pid", "automountServiceAccountToken: false", "automountServiceAccountToken: false\n      hostPID: true"),
        ("host-ipc", "automountServiceAccountToken: false", "automountServiceAccountToken: false\n      hostIPC: true"),
        ("host-path", "automountServiceAccountToken: false", "automountServiceAccountToken: false\n      volumes: [{name: logs, hostPath: {path: /var/log}}]"),
        ("hardcoded-credentials", "image: nginx:1.27.3", "image: nginx:1.27.3\n        env: [{name: DB_PASSWORD, value: hunter2}]"),
        ("service-selector", "selector: {app: web}", "selector: {app: webapp}"),
        ("default-namespace", "metadata: {name: web}", "metadata: {name: web, namespace: default}"),
        ("duplicate-object", "ports: [{name: http, port: 80}]", "ports: [{name: http, port: 80}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}"),
    ];
    for (rule, from, to) in cases {
        let yaml = changed(from, to);
        let found = findings(&yaml);
        assert!(
            found.iter().any(|(id, _)| id == rule),
            "{rule} did not fire on\n{yaml}\nfound {found:?}"
        );
    }
}

#[test]
fn a_limit_stands_for_the_request_it_defaults_to() {
    let yaml = changed("requests: {cpu: 100m, memory: 64Mi}", "requests: {}");
    assert!(!fires("cpu-requests", &yaml) && !fires("memory-requests", &yaml));
}

#[test]
fn an_annotation_silences_a_rule_on_its_object() {
    let yaml = changed("nginx:1.27.3", "nginx:latest");
    assert!(fires("image-tag", &yaml));
    let silenced = yaml.replacen(
        "metadata: {labels: {app: web}}",
        "metadata: {labels: {app: web}, annotations: {lint.rudder.dev/ignore: \"cpu-limits, image-tag\"}}",
        1,
    );
    assert!(!fires("image-tag", &silenced));
}

#[test]
fn rbac_rules() {
    let role = |rules: &str| {
        format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {{name: r}}\nrules: {rules}\n")
    };
    assert!(fires("rbac-wildcard", &role("[{apiGroups: [''], resources: [pods], verbs: [get]}, {apiGroups: [apps], resources: ['*'], verbs: [get]}]")));
    assert!(!fires(
        "rbac-wildcard",
        &role("[{apiGroups: [''], resources: [pods], verbs: [get, list]}]")
    ));
    assert!(fires(
        "rbac-secret-access",
        &role("[{apiGroups: [''], resources: [secrets], verbs: [list]}]")
    ));
    assert!(!fires(
        "rbac-secret-access",
        &role("[{apiGroups: [''], resources: [secrets], resourceNames: [tls], verbs: [get]}]")
    ));
    assert!(!fires(
        "rbac-secret-access",
        &role("[{apiGroups: [''], resources: [configmaps], verbs: ['*']}]")
    ));
}

#[test]
fn routes_to_services_that_are_not_rendered() {
    let ingress = |service: &str, port: &str| {
        format!("{SECURE}---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: web}}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {{service: {{name: {service}, port: {port}}}}}\n")
    };
    assert!(!fires("ingress-backend", &ingress("web", "{number: 80}")));
    assert!(!fires("ingress-backend", &ingress("web", "{name: http}")));
    assert!(fires("ingress-backend", &ingress("web", "{number: 8080}")));
    assert!(fires("ingress-backend", &ingress("api", "{number: 80}")));
    let route = |port: u16| {
        format!("{SECURE}---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: web}}\nspec:\n  rules:\n  - backendRefs: [{{name: web, port: {port}}}]\n")
    };
    assert!(!fires("ingress-backend", &route(80)));
    assert!(fires("ingress-backend", &route(81)));
}

#[test]
fn service_names_in_configuration() {
    let config = |host: &str| {
        format!("{SECURE}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata: {{url: \"http://{host}:80\"}}\n")
    };
    assert!(!fires(
        "service-dns-name",
        &config("web.apps.svc.cluster.local")
    ));
    assert!(fires(
        "service-dns-name",
        &config("db.apps.svc.cluster.local")
    ));
    assert!(!fires(
        "service-dns-name",
        &config("kube-dns.kube-system.svc")
    ));
}

#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    assert!(ids
        .iter()
        .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count);
}

//! The validator on small manifests: statuses, messages and field paths as kubeconform gives
//! them, strict and lax, bundled versions, CRDs of the same run.

use std::collections::HashSet;

use rudder_kube::resource::read_text;
use rudder_kube::{KubeVersion, Location, Options, Outcome, Status, Validator};

fn options(version: &str, strict: bool) -> Options {
    Options {
        kubernetes_version: KubeVersion::parse(version).unwrap(),
        strict,
        ignore_missing_schemas: false,
        sources: Default::default(),
        skip: HashSet::new(),
        reject: HashSet::new(),
    }
}

fn run(opts: Options, text: &str) -> Vec<Outcome> {
    let resources = read_text("m.yaml", text, opts.strict, false);
    let mut v = Validator::new(opts).unwrap();
    v.add_crds(&resources);
    let mut s = v.session();
    resources.iter().map(|r| s.validate(r)).collect()
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: REPLICAS
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        EXTRA
";

fn deployment(replicas: &str, extra: &str) -> String {
    DEPLOYMENT
        .replace("REPLICAS", replicas)
        .replace("EXTRA", extra)
}

#[test]
fn valid_and_invalid_deployments() {
    let ok = run(
        options("1.30.0", true),
        &deployment("2", "imagePullPolicy: Always"),
    );
    assert_eq!(ok[0].status, Status::Valid, "{:?}", ok[0]);

    let bad = run(
        options("1.30.0", false),
        &deployment("\"2\"", "imagePullPolicy: Always"),
    );
    assert_eq!(bad[0].status, Status::Invalid);
    assert_eq!(
        bad[0].message.as_deref().unwrap(),
        "problem validating schema. Check JSON formatting: jsonschema validation failed with 'https://kubernetes.io/kubernetes-validate/v1.30.0-local/deployment-apps-v1.json#' - at '/spec/replicas': got string, want null or integer"
    );
    assert_eq!(bad[0].leaves[0].path, "/spec/replicas");
}

#[test]
fn strict_refuses_unknown_fields_lax_takes_them() {
    let text = deployment("1", "imagePullPolicyy: Always");
    assert_eq!(
        run(options("1.30.0", false), &text)[0].status,
        Status::Valid
    );
    let strict = run(options("1.30.0", true), &text);
    assert_eq!(strict[0].status, Status::Invalid);
    assert_eq!(strict[0].leaves[0].path, "/spec/template/spec/containers/0");
    assert!(
        strict[0].leaves[0].msg.contains("imagePullPolicyy"),
        "{:?}",
        strict[0].leaves
    );
}

#[test]
fn removed_api_versions_have_no_schema() {
    let text = "apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata: {name: x}\nspec: {priorityLevelConfiguration: {name: yy}}\n";
    let before = run(options("1.28.0", false), text);
    assert_eq!(before[0].status, Status::Valid, "{:?}", before[0]);
    let gone = run(options("1.29.0", false), text);
    assert_eq!(gone[0].status, Status::Error);
    assert_eq!(
        gone[0].message.as_deref(),
        Some("could not find schema for FlowSchema")
    );
    let mut ignore = options("1.29.0", false);
    ignore.ignore_missing_schemas = true;
    assert_eq!(run(ignore, text)[0].status, Status::Skipped);
}

#[test]
fn skip_reject_and_unreadable() {
    let mut o = options("master", false);
    o.skip.insert("v1/ConfigMap".into());
    o.reject.insert("Secret".into());
    let r = run(
        o,
        "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n---\nkind: Pod\n---\n",
    );
    assert_eq!(r[0].status, Status::Skipped);
    assert_eq!(
        r[1].message.as_deref(),
        Some("prohibited resource kind Secret")
    );
    assert_eq!(
        r[2].message.as_deref(),
        Some("error while parsing: missing 'apiVersion' key")
    );
}

#[test]
fn crds_of_the_run_validate_custom_resources() {
    let text = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: a}
spec: {size: 3}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: b}
spec: {size: big}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: c}
spec: {size: 1, colour: red}
";
    let lax = run(options("1.30.0", false), text);
    let st: Vec<Status> = lax.iter().map(|o| o.status).collect();
    assert_eq!(
        st,
        [Status::Valid, Status::Valid, Status::Invalid, Status::Valid]
    );
    assert_eq!(lax[2].errors[0].path, "/spec/size");
    let strict = run(options("1.30.0", true), text);
    assert_eq!(strict[3].status, Status::Invalid, "{:?}", strict[3]);
}

#[test]
fn schema_folders_with_kubeconform_layout() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("v1.30.0-standalone");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("widget-example-v1.json"),
        r#"{"type":"object","required":["spec"]}"#,
    )
    .unwrap();
    let mut o = options("1.30.0", false);
    o.sources.locations = vec![
        Location::parse(dir.path().to_str().unwrap()).unwrap(),
        Location::Bundled,
    ];
    let r = run(
        o,
        "apiVersion: example.com/v1\nkind: Widget\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    assert_eq!(r[0].status, Status::Invalid);
    assert!(
        r[0].message
            .as_deref()
            .unwrap()
            .contains("missing property 'spec'"),
        "{:?}",
        r[0]
    );
    assert_eq!(r[1].status, Status::Valid);
}

#[test]
fn only_the_needed_chunks_are_inflated() {
    run(
        options("1.30.0", false),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    let n = rudder_kube::bundle::inflated_chunks();
    assert!(n > 0 && n < 10, "{n} chunks inflated");
}

/// Reading recurses with the nesting of a document (up to the YAML reader's 10,000 levels):
/// callers give it a large stack, as rudder's threads have.
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn odd_documents_are_results_not_panics() {
    on_big_stack(odd_documents);
}

fn odd_documents() {
    let deep = format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000));
    let nested = format!("{}1{}", "[".repeat(9_000), "]".repeat(9_000));
    let deep_map =
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x, labels: {nested}}}\n");
    let texts = [
        "\u{0}\u{1}binary\u{ff}",
        "kind: 3\napiVersion: v1\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: [a]\n",
        "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
        &deep_map,
        "apiVersion: v1\nkind: List\nitems: [1, null, {apiVersion: v1, kind: Secret, metadata: {name: s}}]\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1e400}\n",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {group: 1, names: [], versions: {}}\n",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: x.io\n  names: {kind: X}\n  versions: [{name: v1, schema: {openAPIV3Schema: {type: [1], properties: 3}}}]\n---\napiVersion: x.io/v1\nkind: X\n",
        &deep,
    ];
    for strict in [false, true] {
        for t in texts {
            for o in run(options("1.33.0", strict), t) {
                assert!(o.status != Status::Valid || o.message.is_none());
            }
        }
    }
}

/// Canned answers by URL: schema locations and the documents their schemas refer to.
struct Canned(
    Vec<(
        &'static str,
        Result<&'static str, rudder_kube::DownloadError>,
    )>,
);

impl rudder_kube::Downloader for Canned {
    fn get(&self, url: &str, _insecure: bool) -> Result<Vec<u8>, rudder_kube::DownloadError> {
        match self.0.iter().find(|(u, _)| *u == url) {
            Some((_, Ok(body))) => Ok(body.as_bytes().to_vec()),
            Some((_, Err(e))) => Err(e.clone()),
            None => Err(rudder_kube::DownloadError::NotFound),
        }
    }
}

#[test]
fn url_locations_searched_in_order_with_their_references() {
    let downloads = rudder_kube::Downloads::new(
        Box::new(Canned(vec![
            (
                "https://a/example.com/widget_v1.json",
                Ok(r#"{"properties":{"spec":{"$ref":"defs.json#/spec"}}}"#),
            ),
            (
                "https://a/example.com/defs.json",
                Ok(r#"{"spec":{"type":"object","required":["size"]}}"#),
            ),
            (
                "https://a/example.com/broken_v1.json",
                Err(rudder_kube::DownloadError::Status(403)),
            ),
            (
                "https://b/example.com/gadget_v1.json",
                Ok(r#"{"type":"object"}"#),
            ),
        ])),
        None,
        false,
    );
    let mut o = options("1.30.0", false);
    o.sources = rudder_kube::Sources {
        locations: [
            "default",
            "https://a/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json",
            "https://b/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json",
        ]
        .into_iter()
        .map(|l| Location::parse(l).unwrap())
        .collect(),
        downloads: Some(std::sync::Arc::new(downloads)),
    };
    let r = run(
        o,
        "apiVersion: example.com/v1\nkind: Widget\nspec: {}\n---\napiVersion: example.com/v1\nkind: Gadget\n---\napiVersion: example.com/v1\nkind: Broken\n---\napiVersion: example.com/v1\nkind: Gizmo\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    let got: Vec<_> = r.iter().map(|o| (o.status, o.message.as_deref())).collect();
    assert_eq!(
        got,
        [
            (Status::Invalid, Some("problem validating schema. Check JSON formatting: jsonschema validation failed with 'https://a/example.com/widget_v1.json#' - at '/spec': missing property 'size'")),
            (Status::Valid, None),
            (Status::Error, Some("error while downloading schema at https://a/example.com/broken_v1.json - received HTTP status 403")),
            (Status::Error, Some("could not find schema for Gizmo")),
            (Status::Valid, None),
        ]
    );
}

#[test]
fn url_locations_need_downloads() {
    let mut o = options("1.30.0", false);
    o.sources.locations = vec![Location::parse("https://a/{{.ResourceKind}}.json").unwrap()];
    let Err(err) = Validator::new(o) else {
        panic!("validates without downloads")
    };
    assert!(
        err.starts_with("failed initialising schema location registry: https://a/"),
        "{err}"
    );
}

//! `rudder validate -schema-location URL` as kubeconform v0.7.0 runs it: a loopback server
//! serves a custom resource's schema at a templated path (datreeio/CRDs-catalog's layout),
//! answers 404, 500, 403 and non-JSON on other paths, and stops, for the `-cache` folder to be
//! read instead. kubeconform cannot be installed here: the expected lines are built from its
//! source (github.com/yannh/kubeconform at v0.7.0, and go-retryablehttp v0.7.7 its go.mod
//! names); each names the lines it comes from.

use std::collections::HashMap;
use std::fs;
use std::net::TcpListener;
use std::path::Path;

use rudder_testkit::chart_server::{ChartServer, Options, Reply};
use rudder_testkit::test_ca::TestCa;
use rudder_testkit::write_file;
use rudder_testkit::{rudder_binary, run_isolated, run_isolated_with};
use sha2::{Digest, Sha256};

const TEMPLATE: &str = "{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json";

const WIDGET_SCHEMA: &str = r#"{"type": "object", "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}}}}}"#;

fn rudder(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_isolated(&rudder_binary(env!("CARGO_BIN_EXE_rudder")), dir, args)
}

/// `rudder validate -schema-location default -schema-location LOCATION... ARGS...`.
fn validate(dir: &Path, locations: &[&str], args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["validate", "-schema-location", "default"];
    for l in locations {
        all.extend(["-schema-location", l]);
    }
    all.extend_from_slice(args);
    rudder(dir, &all)
}

/// A free loopback port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn resource(api_version: &str, kind: &str, name: &str, spec: &str) -> String {
    format!("apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: {name}}}\n{spec}")
}

/// The manifests, one file per case, and the server's files.
fn setup() -> (tempfile::TempDir, ChartServer) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(root, "www/example.com/widget_v1.json", WIDGET_SCHEMA);
    let widgets = [
        resource("example.com/v1", "Widget", "small", "spec: {size: 1}\n"),
        resource("example.com/v1", "Widget", "big", "spec: {size: big}\n"),
        resource("example.com/v1", "Widget", "other", "spec: {size: 2}\n"),
    ];
    write_file(root, "m/widgets.yaml", &widgets.join("---\n"));
    let singles = [
        ("m/cm.yaml", "v1", "ConfigMap", "cm"),
        ("m/gizmo.yaml", "other.example.com/v1", "Gizmo", "g"),
        ("m/gadget.yaml", "broken.example.com/v1", "Gadget", "b"),
        ("m/lock.yaml", "locked.example.com/v1", "Lock", "l"),
        ("m/page.yaml", "html.example.com/v1", "Page", "p"),
    ];
    for (file, api_version, kind, name) in singles {
        write_file(root, file, &resource(api_version, kind, name, ""));
    }
    let server = ChartServer::start(&root.join("www"), Options::default());
    server.reply("/broken.example.com/gadget_v1.json", Reply::Status(500));
    server.reply("/locked.example.com/lock_v1.json", Reply::Status(403));
    server.reply(
        "/html.example.com/page_v1.json",
        Reply::Body(b"<html>moved</html>".to_vec()),
    );
    (dir, server)
}

/// How many requests each path had.
fn requests(server: &ChartServer) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for r in server.requests() {
        *n.entry(r.path).or_default() += 1;
    }
    n
}

/// The message of an invalid resource: validator.go:247 (`problem validating schema...`, the
/// error's newlines made spaces) around jsonschema v6's text, which names the schema's URL.
fn invalid_size(url: &str) -> String {
    format!("problem validating schema. Check JSON formatting: jsonschema validation failed with '{url}#' - at '/spec/size': got string, want integer")
}

/// go-retryablehttp's error once it gives up (client.go:819-825, after `RetryMax` 2 of
/// loader/http.go:79, so 3 attempts), wrapped by Go's `url.Error` (`Get "URL": `) twice: by
/// the client retryablehttp drives, and by kubeconform's; loader/http.go:30 prefixes it.
fn gave_up(url: &str, last: Option<&str>) -> String {
    let last = last.map_or(String::new(), |e| format!(": Get \"{url}\": {e}"));
    format!("failed downloading schema at {url}: Get \"{url}\": GET {url} giving up after 3 attempt(s){last}")
}

#[test]
fn url_locations_as_kubeconform() {
    let (dir, server) = setup();
    let root = dir.path();
    let base = server.url();
    let location = format!("{base}/{TEMPLATE}");
    let widget = format!("{base}/example.com/widget_v1.json");

    let (code, out, err) = validate(
        root,
        &[&location],
        &[
            "-summary",
            "-verbose",
            "-n",
            "4",
            "m/cm.yaml",
            "m/widgets.yaml",
            "m/gizmo.yaml",
            "m/gadget.yaml",
            "m/lock.yaml",
            "m/page.yaml",
        ],
    );
    let expected = [
        // output/text.go:48, :52 and :56 for valid, invalid and failed resources.
        "m/cm.yaml - ConfigMap cm is valid".to_string(),
        "m/widgets.yaml - Widget small is valid".into(),
        format!("m/widgets.yaml - Widget big is invalid: {}", invalid_size(&widget)),
        "m/widgets.yaml - Widget other is valid".into(),
        // A 404 is a NotFoundError (loader/http.go:35-37): the search goes on, and ends with
        // validator.go:223.
        "m/gizmo.yaml - Gizmo g failed validation: could not find schema for Gizmo".into(),
        // A 500 is retried (retryablehttp client.go:537) and gives up without a cause
        // (DefaultRetryPolicy drops it, client.go:479-480; client.go:819-822).
        format!(
            "m/gadget.yaml - Gadget b failed validation: {}",
            gave_up(&format!("{base}/broken.example.com/gadget_v1.json"), None)
        ),
        // A 403 is not retried: loader/http.go:40-42.
        format!("m/lock.yaml - Lock l failed validation: error while downloading schema at {base}/locked.example.com/lock_v1.json - received HTTP status 403"),
        // A body that is not JSON: NewNonJSONResponseError returns a NotFoundError
        // (loader/http.go:57-59, loaders.go:18-20), so the schema is missing.
        "m/page.yaml - Page p failed validation: could not find schema for Page".into(),
        // output/text.go:88.
        "Summary: 8 resources found in 6 files - Valid: 3, Invalid: 1, Errors: 4, Skipped: 0"
            .into(),
    ];
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (1, &*(expected.join("\n") + "\n"), "")
    );
    let asked = requests(&server);
    // rudder asks each URL once per run, whatever the resources and workers (kubeconform's
    // workers may ask at once, and it asks again after an error); the 500 three times.
    assert_eq!(asked.get("/example.com/widget_v1.json"), Some(&1));
    assert_eq!(asked.get("/broken.example.com/gadget_v1.json"), Some(&3));
    assert_eq!(asked.get("/v1/configmap_v1.json"), None, "bundled first");
    // Go's client, as kubeconform's transport leaves it.
    let agents: Vec<_> = server
        .requests()
        .into_iter()
        .map(|r| r.user_agent)
        .collect();
    assert!(
        agents
            .iter()
            .all(|a| a.as_deref() == Some("Go-http-client/1.1")),
        "{agents:?}"
    );

    // -ignore-missing-schemas: the resources without a schema are skipped (validator.go:218-221,
    // output/text.go:63).
    let (code, out, _) = validate(
        root,
        &[&location],
        &[
            "-ignore-missing-schemas",
            "-verbose",
            "m/gizmo.yaml",
            "m/page.yaml",
        ],
    );
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "m/gizmo.yaml - g Gizmo skipped\nm/page.yaml - p Page skipped\n"
        )
    );

    // A location nobody listens on, after the one that answers 404: the connection is refused
    // three times (retried, client.go:522-523; client.go:824-825), Go's dialer's words last.
    let port = closed_port();
    let unreachable = format!("http://127.0.0.1:{port}/{TEMPLATE}");
    let (code, out, _) = validate(
        root,
        &[&location, &unreachable],
        &["-ignore-missing-schemas", "m/gizmo.yaml"],
    );
    let url = format!("http://127.0.0.1:{port}/other.example.com/gizmo_v1.json");
    let refused = format!("dial tcp 127.0.0.1:{port}: connect: connection refused");
    assert_eq!(
        (code, out),
        (
            1,
            format!(
                "m/gizmo.yaml - Gizmo g failed validation: {}\n",
                gave_up(&url, Some(&refused))
            )
        )
    );
}

#[test]
fn the_cache_folder_serves_a_stopped_server() {
    let (dir, server) = setup();
    let root = dir.path();
    fs::create_dir(root.join("cache")).unwrap();
    let base = server.url();
    let location = format!("{base}/{TEMPLATE}");
    let widget = format!("{base}/example.com/widget_v1.json");
    let args = ["-cache", "cache", "-verbose", "m/cm.yaml", "m/widgets.yaml"];
    let expected = format!(
        "m/cm.yaml - ConfigMap cm is valid\nm/widgets.yaml - Widget small is valid\nm/widgets.yaml - Widget big is invalid: {}\nm/widgets.yaml - Widget other is valid\n",
        invalid_size(&widget)
    );
    let first = validate(root, &[&location], &args);
    assert_eq!(first, (1, expected.clone(), String::new()));
    // cache/ondisk.go:24-27: the file is named by the SHA-256 of the URL, and holds the body.
    let name = format!("{:x}", Sha256::digest(widget.as_bytes()));
    let cached: Vec<_> = fs::read_dir(root.join("cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cached, std::slice::from_ref(&name));
    assert_eq!(
        fs::read_to_string(root.join("cache").join(&name)).unwrap(),
        WIDGET_SCHEMA
    );

    drop(server);
    // loader/http.go:22-26: the cache is read before any request.
    assert_eq!(validate(root, &[&location], &args), first);
    // Without it, the server is gone.
    let (code, out, _) = validate(root, &[&location], &["m/widgets.yaml"]);
    assert_eq!(code, 1);
    assert!(out.contains("connect: connection refused"), "{out}");
}

#[test]
fn cache_folder_errors_as_kubeconform() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        dir.path(),
        "m/cm.yaml",
        &resource("v1", "ConfigMap", "cm", ""),
    );
    // registry.go:85-91; the second message formats a nil error (`%!s(<nil>)`).
    let (code, _, err) = validate(dir.path(), &[], &["-cache", "none", "m"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("failed opening cache folder none: stat none: no such file or directory"),
        "{err}"
    );
    let (code, _, err) = validate(dir.path(), &[], &["-cache", "m/cm.yaml", "m"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cache folder %!s(<nil>) is not a directory"),
        "{err}"
    );
}

/// An HTTPS server whose authority the system does not trust: refused at the first attempt
/// (retryablehttp does not retry certificate errors, client.go:513-518), accepted with
/// `-insecure-skip-tls-verify`, which kubeconform gives the schema locations only: the
/// documents a schema refers to are loaded by validator.go:111's loader, made with `false`,
/// so a schema whose reference cannot be loaded does not compile and is missing
/// (validator.go:382-386).
#[test]
fn https_locations_and_insecure_skip_tls_verify() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let ca = TestCa::create(&root.join("ca"));
    write_file(root, "www/example.com/widget_v1.json", WIDGET_SCHEMA);
    write_file(
        root,
        "www/example.com/part_v1.json",
        r#"{"properties": {"spec": {"$ref": "defs.json#/spec"}}}"#,
    );
    write_file(
        root,
        "www/example.com/defs.json",
        r#"{"spec": {"type": "object"}}"#,
    );
    write_file(
        root,
        "m/w.yaml",
        &resource("example.com/v1", "Widget", "w", "spec: {size: 1}\n"),
    );
    write_file(
        root,
        "m/p.yaml",
        &resource("example.com/v1", "Part", "p", "spec: {}\n"),
    );
    let server = ChartServer::start(
        &root.join("www"),
        Options {
            tls: Some(ca.server.clone()),
            ..Options::default()
        },
    );
    let base = server.url();
    let location = format!("{base}/{TEMPLATE}");
    let url = format!("{base}/example.com/widget_v1.json");
    let (code, out, _) = validate(root, &[&location], &["m/w.yaml"]);
    let untrusted = format!("failed downloading schema at {url}: Get \"{url}\": GET {url} giving up after 1 attempt(s): Get \"{url}\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
    assert_eq!(
        (code, out),
        (
            1,
            format!("m/w.yaml - Widget w failed validation: {untrusted}\n")
        )
    );
    let insecure = [
        "-insecure-skip-tls-verify",
        "-verbose",
        "m/w.yaml",
        "m/p.yaml",
    ];
    let (code, out, _) = validate(root, &[&location], &insecure);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "m/w.yaml - Widget w is valid\nm/p.yaml - Part p failed validation: could not find schema for Part\n"
        )
    );
    // Trusted as Go trusts an authority on Linux, the reference loads too.
    let args = [
        "validate",
        "-schema-location",
        &location,
        "-verbose",
        "m/p.yaml",
    ];
    let ca_file = ca.ca_file.to_string_lossy().into_owned();
    let bin = rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    let (code, out, _) = run_isolated_with(&bin, root, &args, &[("SSL_CERT_FILE", &ca_file)]);
    assert_eq!((code, out.as_str()), (0, "m/p.yaml - Part p is valid\n"));
}

/// `rudder lint --kube-schemas strict --schema-location ...`: rudder's own output, so a
/// snapshot (the server's port made `PORT`).
#[test]
fn lint_with_url_schema_locations() {
    let (dir, server) = setup();
    let root = dir.path();
    write_file(
        root,
        "c/Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 1.0.0\nicon: https://example.com/i.png\n",
    );
    write_file(root, "c/values.yaml", "size: big\n");
    let templates = [
        resource(
            "example.com/v1",
            "Widget",
            "w",
            "spec:\n  size: {{ .Values.size }}\n",
        ),
        resource("other.example.com/v1", "Gizmo", "g", ""),
        resource("v1", "ConfigMap", "cm", ""),
    ];
    write_file(root, "c/templates/all.yaml", &templates.join("---\n"));
    write_file(
        root,
        "c/templates/lock.yaml",
        &resource("locked.example.com/v1", "Lock", "l", ""),
    );
    let location = format!("{}/{TEMPLATE}", server.url());
    let lint = |extra: &[&str]| {
        let mut args = vec!["lint", "c", "--kube-schemas", "strict"];
        args.extend_from_slice(extra);
        let (code, out, err) = rudder(root, &args);
        let port = server.url().rsplit(':').next().unwrap().to_string();
        format!("exit {code}\n{out}{err}").replace(&port, "PORT")
    };
    insta::assert_snapshot!(
        "lint_bundled_and_url",
        lint(&[
            "--schema-location",
            "default",
            "--schema-location",
            &location
        ])
    );
    // Without `default`, the ConfigMap has no schema: passed over, not taken for an API version
    // Kubernetes does not serve.
    insta::assert_snapshot!(
        "lint_url_only",
        lint(&["--schema-location", &location, "--set", "size=1"])
    );
    insta::assert_snapshot!("lint_location_without_kube_schemas", {
        let (code, out, err) = rudder(root, &["lint", "c", "--schema-location", "default"]);
        format!("exit {code}\n{out}{err}")
    });
}

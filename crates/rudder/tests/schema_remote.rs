//! `values.schema.json` references to `https://` (and `http://`) URLs are fetched as helm
//! fetches them: a loopback HTTPS server, whose certificate a test authority signed, serves
//! the referred schema, and `rudder template` and `rudder lint` must print what helm 4.1.4
//! prints (and helm 3.17.2, in rudder's `--helm-version 3` mode), with the same exit status,
//! for values the remote schema accepts and refuses, a 404, an unreachable URL and a server
//! whose authority is not trusted. Both trust the authority through `SSL_CERT_FILE` (or
//! `SSL_CERT_DIR`), as Go does on Linux.

use std::fs;
use std::path::Path;

use rudder_testkit::chart_server::{ChartServer, Options, Reply};
use rudder_testkit::reference::{DEFAULT_REFERENCE, REFERENCES};
use rudder_testkit::test_ca::TestCa;
use rudder_testkit::{installed_reference, run_isolated_with};

/// A chart whose schema refers to `url` for `.a`, with `a` set to `value` in values.yaml.
fn chart(dir: &Path, url: &str, value: &str) {
    fs::create_dir_all(dir.join("templates")).unwrap();
    fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: remote\nversion: 0.1.0\n",
    )
    .unwrap();
    fs::write(dir.join("values.yaml"), format!("a: {value}\n")).unwrap();
    fs::write(
        dir.join("values.schema.json"),
        format!(r#"{{"properties": {{"a": {{"$ref": "{url}"}}}}}}"#),
    )
    .unwrap();
    fs::write(
        dir.join("templates/cm.yaml"),
        "kind: ConfigMap\ndata:\n  a: {{ .Values.a | quote }}\n",
    )
    .unwrap();
}

/// A case: its name, the URL the schema refers to, the value of `a`, the variables set (the
/// trust settings), and what helm 4's `template` must print.
type Scenario<'a> = (&'a str, String, &'a str, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn remote_schema_references_as_helm() {
    let references: Vec<_> = REFERENCES
        .iter()
        .filter_map(|r| Some((r, installed_reference(r.binary(), &r.id())?)))
        .collect();
    if references.is_empty() {
        return;
    }
    let rudder = rudder_testkit::rudder_binary(env!("CARGO_BIN_EXE_rudder"));
    let tmp = tempfile::tempdir().unwrap();
    let ca = TestCa::create(&tmp.path().join("ca"));
    let www = tmp.path().join("www");
    fs::create_dir_all(www.join("schemas")).unwrap();
    fs::write(
        www.join("schemas/string.json"),
        r#"{"type": "string", "maxLength": 5}"#,
    )
    .unwrap();
    let server = ChartServer::start(
        &www,
        Options {
            tls: Some(ca.server.clone()),
            ..Options::default()
        },
    );
    server.reply("/schemas/teapot.json", Reply::Status(418));
    let base = server.url();
    assert!(base.starts_with("https://"), "{base}");
    let plain = ChartServer::start(&www, Options::default());
    // A folder holding only the authority's certificate, for SSL_CERT_DIR.
    let cert_dir = tmp.path().join("certs");
    fs::create_dir_all(&cert_dir).unwrap();
    fs::copy(&ca.ca_file, cert_dir.join("test-ca.pem")).unwrap();
    let ca_file = ca.ca_file.to_string_lossy().into_owned();
    let cert_dir = cert_dir.to_string_lossy().into_owned();

    let cases: Vec<Scenario> = vec![
        (
            "passes",
            format!("{base}/schemas/string.json"),
            "abc",
            vec![("SSL_CERT_FILE", &ca_file)],
            "a: \"abc\"",
        ),
        (
            "fails",
            format!("{base}/schemas/string.json"),
            "1",
            vec![("SSL_CERT_FILE", &ca_file)],
            "at '/a': got number, want string",
        ),
        (
            "too-long",
            format!("{base}/schemas/string.json#"),
            "abcdefgh",
            vec![("SSL_CERT_DIR", &cert_dir)],
            "at '/a': maxLength: got 8, want 5",
        ),
        (
            "not-found",
            format!("{base}/schemas/missing.json"),
            "abc",
            vec![("SSL_CERT_FILE", &ca_file)],
            "404",
        ),
        (
            "status-418",
            format!("{base}/schemas/teapot.json"),
            "abc",
            vec![("SSL_CERT_FILE", &ca_file)],
            "418",
        ),
        (
            "unreachable",
            "https://127.0.0.1:1/schemas/string.json".to_string(),
            "abc",
            vec![("SSL_CERT_FILE", &ca_file)],
            "connection refused",
        ),
        (
            "untrusted",
            format!("{base}/schemas/string.json"),
            "abc",
            vec![],
            "certificate signed by unknown authority",
        ),
        (
            "plain-http",
            format!("{}/schemas/string.json", plain.url()),
            "1",
            vec![],
            "at '/a': got number, want string",
        ),
    ];
    let mut failures = Vec::new();
    for (name, url, value, vars, expect) in &cases {
        let work = tmp.path().join("work").join(name);
        chart(&work.join("c"), url, value);
        for (reference, helm) in &references {
            for command in [&["template", "r", "c"][..], &["lint", "c"][..]] {
                let want = run_isolated_with(helm, &work, command, vars);
                let args: Vec<&str> = reference
                    .rudder_flags
                    .iter()
                    .chain(command)
                    .copied()
                    .collect();
                let got = run_isolated_with(&rudder, &work, &args, vars);
                // The scenario is the one meant: helm 4's template rendered with the remote
                // schema, or failed for the reason the case names.
                let output = format!("{}{}", want.1, want.2);
                let checked = *reference == DEFAULT_REFERENCE && command[0] == "template";
                if checked && !output.contains(expect) {
                    failures.push(format!("{name}: helm's output lacks {expect:?}: {output}"));
                }
                if want != got {
                    failures.push(format!(
                        "{name} ({}, {}):\nhelm:   {want:?}\nrudder: {got:?}",
                        reference.id(),
                        command[0]
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

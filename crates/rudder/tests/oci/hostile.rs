//! A registry that lies: blobs that do not have their digest, huge manifests, redirect
//! loops. rudder refuses them as helm does (same message where helm has one), without
//! hanging or filling memory.

use rudder_repo::oci;
use rudder_testkit::chart_server::{ChartServer, Options, Reply};
use sha2::Digest;

use crate::support::Setup;

const MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

fn digest(data: &[u8]) -> String {
    format!("sha256:{}", hex(&sha2::Sha256::digest(data)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A server holding `charts/app:1.0.0` whose chart layer is served as `served`.
fn server(dir: &std::path::Path, archive: &[u8], served: Vec<u8>) -> ChartServer {
    let server = ChartServer::start(dir, Options::default());
    let config = br#"{"name":"app","version":"1.0.0","apiVersion":"v2"}"#.to_vec();
    let manifest = format!(
        r#"{{"schemaVersion":2,"config":{{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip","digest":"{}","size":{}}}]}}"#,
        digest(&config),
        config.len(),
        digest(archive),
        archive.len()
    );
    let json = "application/json".to_string();
    server.reply(
        "/v2/charts/app/tags/list",
        Reply::Typed(json, br#"{"name":"charts/app","tags":["1.0.0"]}"#.to_vec()),
    );
    server.reply(
        "/v2/charts/app/manifests/1.0.0",
        Reply::Typed(MANIFEST.into(), manifest.into_bytes()),
    );
    server.reply(
        &format!("/v2/charts/app/blobs/{}", digest(&config)),
        Reply::Body(config),
    );
    server.reply(
        &format!("/v2/charts/app/blobs/{}", digest(archive)),
        Reply::Body(served),
    );
    server
}

fn reference(server: &ChartServer, path: &str) -> String {
    format!(
        "oci://{}/{path}",
        server
            .url()
            .trim_start_matches("http://")
            .trim_end_matches('/')
    )
}

#[test]
fn a_blob_with_another_digest_is_refused_as_helm_refuses_it() {
    let Some(setup) = Setup::plain() else { return };
    let archive = std::fs::read(setup.package("app", "1.0.0", "")).unwrap();
    let mut tampered = archive.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0xff;
    let server = server(&setup.path().join("www"), &archive, tampered);
    let reference = reference(&server, "charts/app");
    let helm = setup.run(
        &setup.helm,
        "helm",
        &["pull", &reference, "--version", "1.0.0", "--plain-http"],
    );
    let ours = oci::pull(
        &reference,
        "1.0.0",
        &crate::support::plain_options(&setup, "rudder"),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(helm.0, 1);
    let host = server
        .url()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert_eq!(
        helm.2.replace("REGISTRY", &host),
        format!("Error: {ours}\n")
    );
}

#[test]
fn huge_replies_and_redirect_loops_fail_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let server = ChartServer::start(dir.path(), Options::default());
    server.reply("/v2/charts/big/tags/list", Reply::Zeros(1 << 30));
    server.reply("/v2/charts/endless/tags/list", Reply::Endless);
    server.reply(
        "/v2/charts/loop/tags/list",
        Reply::Redirect("/v2/charts/loop/tags/list".into()),
    );
    server.reply("/v2/charts/app/manifests/1.0.0", Reply::Zeros(1 << 30));
    let opts = oci::Options {
        plain_http: true,
        registry_config: dir.path().join("none.json"),
        ..Default::default()
    };
    let err = |path: &str, version: &str| {
        let started = std::time::Instant::now();
        let e = oci::pull(&reference(&server, path), version, &opts)
            .unwrap_err()
            .to_string();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{path}: too slow"
        );
        e
    };
    assert!(err("charts/big", "").contains("larger than the 4 MiB rudder accepts"));
    assert!(err("charts/endless", "").contains("larger than the 4 MiB rudder accepts"));
    assert!(err("charts/loop", "").contains("stopped after 10 redirects"));
    assert!(err("charts/app", "1.0.0").contains("larger than the 4 MiB rudder accepts"));
}

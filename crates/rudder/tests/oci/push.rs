//! `rudder push` against `helm push`: the same output, and the same manifest bytes stored.

use crate::support::{rudder, Setup};

/// Pushes `archive` with each tool under its own path and compares what they print and what
/// the registry stored.
fn push_both(setup: &Setup, archive: &str, name: &str, tag: &str) {
    let helm = setup.run(
        &setup.helm,
        "helm",
        &["push", archive, &setup.remote("helm"), "--plain-http"],
    );
    let ours = setup.run(
        &rudder(),
        "rudder",
        &["push", archive, &setup.remote("rudder"), "--plain-http"],
    );
    assert_eq!(helm.0, 0, "helm push: {}", helm.2);
    assert_eq!(
        ours,
        (
            helm.0,
            helm.1,
            helm.2.replace("REGISTRY/helm/", "REGISTRY/rudder/")
        )
    );
    assert_eq!(
        String::from_utf8(setup.stored_manifest(&format!("rudder/{name}"), tag)).unwrap(),
        String::from_utf8(setup.stored_manifest(&format!("helm/{name}"), tag)).unwrap(),
    );
}

#[test]
fn pushes_the_manifest_helm_pushes() {
    let Some(setup) = Setup::plain() else { return };
    let extra = "home: https://example.com/<x>&\nsources: [https://src.example]\nmaintainers:\n- name: Ann\n  email: ann@example.com\n- name: Bob\nannotations:\n  org.opencontainers.image.title: nope\n  category: Test\nkeywords: [a, b]\nappVersion: \"2.0\"\n";
    let archive = setup.package("app", "1.2.3", extra);
    push_both(&setup, archive.to_str().unwrap(), "app", "1.2.3");
}

#[test]
fn pushes_provenance_and_build_metadata_as_helm() {
    let Some(setup) = Setup::plain() else { return };
    let archive = setup.package("meta", "1.0.0+rc.1", "");
    std::fs::write(format!("{}.prov", archive.display()), "not really signed\n").unwrap();
    push_both(&setup, archive.to_str().unwrap(), "meta", "1.0.0_rc.1");
}

#[test]
fn fails_as_helm_fails() {
    let Some(setup) = Setup::plain() else { return };
    let archive = setup.package("app", "1.0.0", "");
    let archive = archive.to_str().unwrap();
    let folder = setup.path().join("src/app-1.0.0/app");
    let cases: Vec<Vec<&str>> = vec![
        vec!["push", archive],
        vec!["push", "missing.tgz", "oci://h/x"],
        vec!["push", folder.to_str().unwrap(), "oci://h/x"],
        vec!["push", archive, "h/x"],
        vec!["push", archive, "https://h/x"],
        vec!["push", archive, "oci://h/x", "--ca-file", "nope.pem"],
    ];
    for args in cases {
        let helm = setup.run(&setup.helm, "helm", &args);
        let ours = setup.run(&rudder(), "rudder", &args);
        assert_eq!(ours, helm, "{args:?}");
    }
}

#[test]
fn pushes_over_tls_with_a_ca_file() {
    let Some(setup) = Setup::new(|dir| crate::support::Options {
        tls: Some(rudder_testkit::test_ca::TestCa::create(&dir.join("ca"))),
        ..Default::default()
    }) else {
        return;
    };
    let archive = setup.package("tls", "0.1.0", "");
    let archive = archive.to_str().unwrap();
    let ca = setup.path().join("ca/ca.crt");
    let ca = ca.to_str().unwrap();
    let helm = setup.run(
        &setup.helm,
        "helm",
        &["push", archive, &setup.remote("helm"), "--ca-file", ca],
    );
    let ours = setup.run(
        &rudder(),
        "rudder",
        &["push", archive, &setup.remote("rudder"), "--ca-file", ca],
    );
    assert_eq!(helm.0, 0, "{}", helm.2);
    assert_eq!(ours, (helm.0, helm.1, helm.2.replace("/helm/", "/rudder/")));
    // Without the authority, both refuse the server.
    let ours = setup.run(
        &rudder(),
        "rudder",
        &["push", archive, &setup.remote("rudder")],
    );
    assert_eq!(ours.0, 1);
    assert!(
        ours.2.contains("certificate signed by unknown authority"),
        "{}",
        ours.2
    );
}

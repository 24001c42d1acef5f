//! `repo add|list|remove|update` against helm 4.1.4: the same output and the same
//! repositories.yaml and index cache, over HTTP, with basic auth and over HTTPS with an
//! authority made at test time (client certificates too); and each tool reads what the other
//! wrote.

use std::fs;

use rudder_testkit::test_ca::TestCa;

use crate::differential::{run, same_as_helm, Step};
use crate::support::{chart, helm, repository, rudder, ChartServer, Home, Options};

const CHARTS: &[(&str, &str)] = &[("a", "0.1.0"), ("a", "0.2.0"), ("b", "1.0.0")];

/// A repository under `dir/www/charts`, served with `options`.
fn serve(dir: &std::path::Path, options: Options) -> ChartServer {
    repository(&dir.join("www/charts"), CHARTS);
    ChartServer::start(&dir.join("www"), options)
}

/// An umbrella `u` depending on `a` from `@myrepo`, in `dir/work`.
fn umbrella(dir: &std::path::Path) -> std::path::PathBuf {
    let work = dir.join("work");
    let deps = "dependencies:\n- name: a\n  version: ^0.1.0\n  repository: '@myrepo'\n- name: b\n  version: '*'\n  repository: '@myrepo'\n";
    chart(&work, "u", "0.1.0", deps);
    work
}

fn steps(lines: &[String]) -> Vec<Step> {
    lines.iter().map(|l| run(l)).collect()
}

#[test]
fn repo_commands_as_helm() {
    let Some(helm) = helm() else { return };
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path(), Options::default());
    let url = format!("{}/charts", server.url());
    let dead = "http://127.0.0.1:9/charts";
    let lines = [
        format!("repo add myrepo {url}"),
        format!("repo add myrepo {url}"),
        format!("repo add myrepo {url}/"),
        format!("repo add myrepo {url}/ --force-update"),
        format!("repo add other {url} --username u --password p --pass-credentials"),
        "repo list".into(),
        "repo list -o json".into(),
        "repo list -o yaml".into(),
        "repo list --no-headers".into(),
        "repo list -o xml".into(),
        "repo update".into(),
        "repo update myrepo".into(),
        "repo update nope".into(),
        "repo remove other nope".into(),
        "repo list".into(),
        format!("repo add dead {dead}"),
        format!("repo add missing {}/nothere", server.url()),
        format!("repo add a/b {url}"),
        "repo add ftp ftp://example.com".into(),
        "repo add x".into(),
        "repo list extra".into(),
        "repo remove".into(),
        "repo remove myrepo".into(),
        "repo list".into(),
        "repo remove myrepo".into(),
        "repo update".into(),
    ];
    same_as_helm(
        &helm,
        &dir.path().join("runs"),
        &umbrella(dir.path()),
        &steps(&lines),
    );
}

#[test]
fn basic_auth() {
    let Some(helm) = helm() else { return };
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        basic_auth: Some(("chartuser".into(), "s3cret".into())),
        ..Options::default()
    };
    let server = serve(dir.path(), options);
    let url = format!("{}/charts", server.url());
    let lines = [
        format!("repo add myrepo {url}"),
        format!("repo add myrepo {url} --username chartuser --password wrong"),
        format!("repo add myrepo {url} --username chartuser --password s3cret"),
        "repo update".into(),
        "dependency update u".into(),
        "dependency build u".into(),
    ];
    same_as_helm(
        &helm,
        &dir.path().join("runs"),
        &umbrella(dir.path()),
        &steps(&lines),
    );
    // Every archive request carried the credentials (the server refuses others).
    let archives: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with(".tgz"))
        .collect();
    assert!(!archives.is_empty());
    assert!(archives.iter().all(|r| r.authorization.is_some()));
}

#[test]
fn https_with_an_authority_made_at_test_time() {
    let Some(helm) = helm() else { return };
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::create(&dir.path().join("pki"));
    let options = Options {
        tls: Some(ca.server.clone()),
        ..Options::default()
    };
    let server = serve(dir.path(), options);
    let url = format!("{}/charts", server.url());
    let ca_file = ca.ca_file.display();
    let lines = [
        format!("repo add myrepo {url}"),
        format!(
            "repo add myrepo {url} --ca-file {}/nothere.crt",
            dir.path().display()
        ),
        format!("repo add myrepo {url} --ca-file {ca_file}"),
        format!("repo add insecure {url} --insecure-skip-tls-verify"),
        "repo update".into(),
        // helm refreshes every repository (one per URL), rudder those the chart uses.
        "repo remove insecure".into(),
        "dependency update u".into(),
        "dependency build u".into(),
    ];
    same_as_helm(
        &helm,
        &dir.path().join("runs"),
        &umbrella(dir.path()),
        &steps(&lines),
    );
}

#[test]
fn client_certificates() {
    let Some(helm) = helm() else { return };
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::create(&dir.path().join("pki"));
    let options = Options {
        tls: Some(ca.server.clone()),
        client_ca: Some(ca.ca_file.clone()),
        ..Options::default()
    };
    let server = serve(dir.path(), options);
    let url = format!("{}/charts", server.url());
    let (ca_file, cert, key) = (
        ca.ca_file.display(),
        ca.client.cert.display(),
        ca.client.key.display(),
    );
    let lines = [
        format!("repo add myrepo {url} --ca-file {ca_file} --cert-file {cert} --key-file {key}"),
        "repo update".into(),
        "dependency update u".into(),
    ];
    same_as_helm(
        &helm,
        &dir.path().join("runs"),
        &umbrella(dir.path()),
        &steps(&lines),
    );
}

/// rudder reads the repositories.yaml and index cache helm wrote, and helm rudder's.
#[test]
fn each_tool_reads_what_the_other_wrote() {
    let Some(helm) = helm() else { return };
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path(), Options::default());
    let url = format!("{}/charts", server.url());
    for (writer, reader) in [(&helm, &rudder()), (&rudder(), &helm)] {
        let home = Home::new(
            dir.path()
                .join(format!("home-{}", writer.display()).replace('/', "_")),
        );
        let work = umbrella(dir.path());
        crate::support::copy_dir(&work, &home.dir);
        let added = home.run(
            writer,
            &[
                "repo",
                "add",
                "myrepo",
                &url,
                "--username",
                "u",
                "--password",
                "p",
            ],
        );
        assert_eq!(added.0, 0, "{added:?}");
        let listed = home.run(reader, &["repo", "list"]);
        assert_eq!(listed.0, 0, "{listed:?}");
        assert!(listed.1.contains("myrepo"), "{listed:?}");
        // The reader resolves from the writer's index cache, without refreshing it.
        let updated = home.run(reader, &["dependency", "update", "u", "--skip-refresh"]);
        assert_eq!(updated.0, 0, "{updated:?}");
        assert!(home.dir.join("u/charts/a-0.1.0.tgz").is_file());
        let removed = home.run(reader, &["repo", "remove", "myrepo"]);
        assert_eq!(removed.0, 0, "{removed:?}");
        let text = fs::read_to_string(home.repositories_yaml()).unwrap();
        assert!(!text.contains("myrepo"), "{text}");
    }
}

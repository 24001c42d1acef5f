//! What makes rudder's dependency commands fast, checked on the requests a served repository
//! sees: only the repositories the chart uses are refreshed, archives download at once, and
//! an archive in the content cache is not downloaded again.

use std::fs;
use std::time::Duration;

use crate::support::{chart, repository, rudder, ChartServer, Home, Options, Reply};

const CHARTS: &[(&str, &str)] = &[
    ("a", "1.0.0"),
    ("b", "1.0.0"),
    ("c", "1.0.0"),
    ("d", "1.0.0"),
    ("e", "1.0.0"),
    ("f", "1.0.0"),
];

/// An umbrella depending on every chart of the repository, from `@myrepo`.
fn umbrella(home: &Home) {
    let mut deps = String::from("dependencies:\n");
    for (name, _) in CHARTS {
        deps.push_str(&format!(
            "- name: {name}\n  version: ^1.0.0\n  repository: '@myrepo'\n"
        ));
    }
    chart(&home.dir, "u", "0.1.0", &deps);
}

fn ok(out: (i32, String, String)) {
    assert_eq!(out.0, 0, "stdout:\n{}\nstderr:\n{}", out.1, out.2);
}

fn count(server: &ChartServer, suffix: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(suffix))
        .count()
}

#[test]
fn only_the_repositories_the_chart_uses_are_refreshed() {
    let dir = tempfile::tempdir().unwrap();
    repository(&dir.path().join("used/charts"), CHARTS);
    repository(&dir.path().join("unused/charts"), &[("z", "1.0.0")]);
    let used = ChartServer::start(&dir.path().join("used"), Options::default());
    let unused = ChartServer::start(&dir.path().join("unused"), Options::default());
    let home = Home::new(dir.path().join("home"));
    umbrella(&home);
    let r = rudder();
    ok(home.run(
        &r,
        &["repo", "add", "myrepo", &format!("{}/charts", used.url())],
    ));
    ok(home.run(
        &r,
        &["repo", "add", "other", &format!("{}/charts", unused.url())],
    ));
    let before = count(&unused, "index.yaml");
    ok(home.run(&r, &["dependency", "update", "u"]));
    assert_eq!(
        count(&unused, "index.yaml"),
        before,
        "the unused repository was refreshed"
    );
    assert_eq!(count(&used, "index.yaml"), 2, "added, then refreshed once");
    ok(home.run(&r, &["dependency", "build", "u"]));
    assert_eq!(
        count(&unused, "index.yaml"),
        before,
        "the unused repository was refreshed"
    );
}

#[test]
fn archives_download_at_once_and_once() {
    let dir = tempfile::tempdir().unwrap();
    repository(&dir.path().join("www/charts"), CHARTS);
    let options = Options {
        archive_delay: Duration::from_millis(300),
        ..Options::default()
    };
    let server = ChartServer::start(&dir.path().join("www"), options);
    let home = Home::new(dir.path().join("home"));
    umbrella(&home);
    let r = rudder();
    ok(home.run(
        &r,
        &["repo", "add", "myrepo", &format!("{}/charts", server.url())],
    ));
    ok(home.run(&r, &["dependency", "update", "u"]));
    assert_eq!(count(&server, ".tgz"), CHARTS.len());
    assert!(
        server.peak_concurrency() > 1,
        "downloads ran one after the other"
    );
    // Again, from scratch: every archive comes from the content cache.
    fs::remove_dir_all(home.dir.join("u/charts")).unwrap();
    fs::remove_file(home.dir.join("u/Chart.lock")).unwrap();
    ok(home.run(&r, &["dependency", "update", "u"]));
    ok(home.run(&r, &["dependency", "build", "u", "--skip-refresh"]));
    assert_eq!(count(&server, ".tgz"), CHARTS.len(), "downloaded twice");
    for (name, version) in CHARTS {
        assert!(home
            .dir
            .join(format!("u/charts/{name}-{version}.tgz"))
            .is_file());
    }
}

/// A repository served over `http://` whose archives live behind an `https://` redirect (the
/// client for plain HTTP hands the request over to the one that speaks TLS).
#[test]
fn a_redirect_from_http_to_https() {
    let dir = tempfile::tempdir().unwrap();
    let ca = rudder_testkit::test_ca::TestCa::create(&dir.path().join("pki"));
    repository(&dir.path().join("www/charts"), CHARTS);
    let tls = ChartServer::start(
        &dir.path().join("www"),
        Options {
            tls: Some(ca.server.clone()),
            ..Options::default()
        },
    );
    let plain = ChartServer::start(&dir.path().join("www"), Options::default());
    plain.reply(
        "/charts/a-1.0.0.tgz",
        Reply::Redirect(format!("{}/charts/a-1.0.0.tgz", tls.url())),
    );
    let home = Home::new(dir.path().join("home"));
    umbrella(&home);
    let r = rudder();
    let url = format!("{}/charts", plain.url());
    let ca_file = ca.ca_file.display().to_string();
    ok(home.run(&r, &["repo", "add", "myrepo", &url, "--ca-file", &ca_file]));
    ok(home.run(&r, &["dependency", "update", "u"]));
    assert_eq!(count(&tls, "a-1.0.0.tgz"), 1);
    assert!(home.dir.join("u/charts/a-1.0.0.tgz").is_file());
}

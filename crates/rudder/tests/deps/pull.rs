//! `pull` and `template` of charts from repositories against helm 4.1.4: `repo/name`, chart
//! URLs and `--repo`, version constraints, `--untar`, `--prov`/`--verify`, over HTTP, with
//! basic auth (and `--pass-credentials` across hosts), over HTTPS with an authority made at
//! test time and client certificates, and through redirects. Same output, exit status and
//! files as helm.

use rudder_testkit::test_ca::TestCa;

use crate::differential::{run, same_as_helm, Step};
use crate::support::{helm, repository, ChartServer, Options, Reply};

const CHARTS: &[(&str, &str)] = &[
    ("a", "0.1.0"),
    ("a", "0.2.0"),
    ("a", "0.3.0-beta.1"),
    ("b", "1.0.0"),
];

/// A repository under `dir/www/charts`, served with `options`.
fn serve(dir: &std::path::Path, options: Options) -> ChartServer {
    repository(&dir.join("www/charts"), CHARTS);
    ChartServer::start(&dir.join("www"), options)
}

fn steps(lines: &[String]) -> Vec<Step> {
    lines.iter().map(|l| run(l)).collect()
}

/// Runs `lines` with both tools in empty work folders (the steps write what they need).
fn compare(dir: &std::path::Path, lines: &[String]) {
    let Some(helm) = helm() else { return };
    let work = dir.join("work");
    std::fs::create_dir_all(work.join("dl")).unwrap();
    same_as_helm(&helm, &dir.join("runs"), &work, &steps(lines));
}

#[test]
fn pull_as_helm() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path(), Options::default());
    let url = format!("{}/charts", server.url());
    let lines = [
        format!("repo add myrepo {url}"),
        "pull myrepo/a".into(),
        "pull myrepo/a --version ^0.1.0 -d dl".into(),
        "pull myrepo/a --devel -d dl".into(),
        "pull myrepo/a myrepo/b --version 1.0.0 -d dl".into(),
        "pull myrepo/a --version 9".into(),
        "pull myrepo/a --version >>1".into(),
        "pull myrepo/nope".into(),
        "pull nope/a".into(),
        "pull a".into(),
        "pull".into(),
        format!("pull {url}/a-0.1.0.tgz -d dl"),
        format!("pull {url}/zz-0.1.0.tgz"),
        format!("pull a --repo {url} --version 0.1.0"),
        format!("pull zz --repo {url}"),
        format!("pull a --repo {url} --version 7.0.0"),
        format!("pull a --repo {}/nothere", server.url()),
        "pull ftp://example.com/a-0.1.0.tgz".into(),
        "fetch myrepo/b --untar".into(),
        "pull myrepo/b --untar".into(),
        "pull myrepo/a --untar --untardir x -d dl".into(),
        "pull myrepo/a --prov -d dl".into(),
        "pull myrepo/b --verify".into(),
    ];
    compare(dir.path(), &lines);
}

#[test]
fn template_from_a_repository_as_helm() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path(), Options::default());
    let url = format!("{}/charts", server.url());
    let lines = [
        format!("repo add myrepo {url}"),
        "template myrepo/a".into(),
        "template r myrepo/a --version ~0.1 -n ns".into(),
        "template myrepo/a --devel".into(),
        "template myrepo/a --version 9".into(),
        "template myrepo/nope".into(),
        "template nope/a".into(),
        format!("template {url}/b-1.0.0.tgz"),
        format!("template {url}/zz-1.0.0.tgz"),
        format!("template a --repo {url} --version 0.2.0"),
        format!("template zz --repo {url}"),
        "template myrepo/a --verify".into(),
        // The second time, from the content cache.
        "template myrepo/a".into(),
    ];
    compare(dir.path(), &lines);
}

#[test]
fn basic_auth_and_credentials_across_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let auth = Options {
        basic_auth: Some(("chartuser".into(), "s3cret".into())),
        ..Options::default()
    };
    // The archives on a second server (another port: another host to helm), also behind
    // basic auth; the first serves an index pointing there.
    let archives = serve(&dir.path().join("b"), auth.clone());
    let index_dir = dir.path().join("a/www/charts");
    // The same archives (packaged again, they could differ in their file times and so in the
    // digest the index lists).
    crate::support::copy_dir(&dir.path().join("b/www/charts"), &index_dir);
    let out = crate::support::run(
        &crate::support::rudder(),
        &index_dir,
        &[],
        &[
            "repo",
            "index",
            ".",
            "--url",
            &format!("{}/charts", archives.url()),
        ],
    );
    assert_eq!(out.0, 0, "{out:?}");
    let server = ChartServer::start(&dir.path().join("a/www"), auth);
    let url = format!("{}/charts", server.url());
    let creds = "--username chartuser --password s3cret";
    // rudder's pull fills the content cache (helm's only reads it): the repository's own
    // pull comes first, before an archive it names is cached.
    let lines = [
        format!("repo add myrepo {url} {creds}"),
        "pull myrepo/b".into(),
        format!("pull a --repo {url}"),
        format!("pull a --repo {url} --username chartuser --password wrong"),
        // helm pull sends the credentials to the chart's own host; template does not...
        format!("pull a --repo {url} {creds} -d dl"),
        format!("template a --repo {url} {creds}"),
        // ... unless told to.
        format!("template a --repo {url} {creds} --pass-credentials"),
        format!("pull {}/charts/b-1.0.0.tgz {creds}", archives.url()),
        format!("repo add both {url} {creds} --pass-credentials --force-update"),
        "template both/b".into(),
    ];
    compare(dir.path(), &lines);
}

#[test]
fn https_with_an_authority_made_at_test_time() {
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
        format!("pull a --repo {url}"),
        format!("pull a --repo {url} --ca-file {ca_file} -d dl"),
        format!("pull a --repo {url} --insecure-skip-tls-verify --version 0.1.0"),
        format!("pull {url}/b-1.0.0.tgz"),
        format!("pull {url}/b-1.0.0.tgz --ca-file {ca_file}"),
        format!("template a --repo {url} --ca-file {ca_file}"),
        format!("repo add myrepo {url} --ca-file {ca_file}"),
        "pull myrepo/a --untar".into(),
        "template myrepo/b".into(),
    ];
    compare(dir.path(), &lines);
}

#[test]
fn client_certificates() {
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
    let tls = format!("--ca-file {ca_file} --cert-file {cert} --key-file {key}");
    let lines = [
        format!("pull a --repo {url} {tls}"),
        format!("template b --repo {url} {tls}"),
        format!("repo add myrepo {url} {tls}"),
        "pull myrepo/b -d dl".into(),
    ];
    compare(dir.path(), &lines);
}

#[test]
fn redirects() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(dir.path(), Options::default());
    let url = format!("{}/charts", server.url());
    std::fs::create_dir_all(dir.path().join("www/moved")).unwrap();
    std::fs::copy(
        dir.path().join("www/charts/b-1.0.0.tgz"),
        dir.path().join("www/moved/b-1.0.0.tgz"),
    )
    .unwrap();
    server.reply(
        "/charts/b-1.0.0.tgz",
        Reply::Redirect("/moved/b-1.0.0.tgz".into()),
    );
    server.reply(
        "/charts/a-0.2.0.tgz",
        // Absolute: Go names the last Location as the server wrote it.
        Reply::Redirect(format!("{url}/a-0.2.0.tgz")),
    );
    let lines = [
        format!("repo add myrepo {url}"),
        "pull myrepo/b".into(),
        "template myrepo/b".into(),
        "pull myrepo/a".into(),
        format!("pull a --repo {url}"),
    ];
    compare(dir.path(), &lines);
}

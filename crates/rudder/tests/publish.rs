//! `rudder publish` end to end: a chart repository in git publishes its changed charts into a
//! pages folder, which the real helm then uses as a chart repository over HTTP (repo add,
//! pull, template). Re-publishing is idempotent, a changed chart under an old version is
//! refused with nothing written, and the index keeps what it listed before.

use std::fs;
use std::path::Path;

use rudder_testkit::cases::copy_tree;
use rudder_testkit::chart_server::{ChartServer, Options};
use rudder_testkit::git_repo::Git;
use rudder_testkit::oci_registry::Registry;
use rudder_testkit::{reference_helm, repo_root, rudder_binary, run_isolated_with};

fn rudder(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_isolated_with(&rudder_binary(env!("CARGO_BIN_EXE_rudder")), dir, args, &[])
}

/// An upstream with charts `a` and `b`, and a clone on a branch that bumps `a`.
fn repository(tmp: &Path) -> Git {
    let up = Git::init(&tmp.join("upstream"));
    up.chart("charts/a", "a", "1.0.0", &[]);
    up.chart("charts/b", "b", "0.3.0", &[]);
    up.commit_all("charts");
    let local = Git::clone(&up.dir, &tmp.join("local"));
    local.run(&["checkout", "-q", "-b", "feature"]);
    local.write(
        "charts/a/Chart.yaml",
        "apiVersion: v2\nname: a\nversion: 1.1.0\n",
    );
    local.commit_all("a 1.1.0");
    local
}

fn ok(out: (i32, String, String)) -> String {
    assert_eq!(out.0, 0, "stdout:\n{}\nstderr:\n{}", out.1, out.2);
    out.1
}

#[test]
fn publishes_changed_charts_to_a_pages_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let local = repository(tmp.path());
    let site = tmp.path().join("site");
    let site_arg = site.to_str().unwrap();

    let plan = ok(rudder(
        &local.dir,
        &["publish", "--pages-dir", site_arg, "--dry-run"],
    ));
    assert_eq!(
        plan,
        format!("a 1.1.0 (charts/a) -> pages folder {site_arg}: would publish\n")
    );
    assert!(!site.exists(), "a dry run writes nothing");

    let out = ok(rudder(&local.dir, &["publish", "--pages-dir", site_arg]));
    assert_eq!(
        out,
        format!("a 1.1.0 (charts/a) -> pages folder {site_arg}: publishing\n")
    );
    let archive = fs::read(site.join("a-1.1.0.tgz")).unwrap();
    let index = fs::read_to_string(site.join("index.yaml")).unwrap();
    assert!(index.contains("- a-1.1.0.tgz\n"), "{index}");

    // Again, from a fresh clone (other file times): the same files, so nothing to do.
    let again = Git::clone(&local.dir, &tmp.path().join("again"));
    let out = ok(rudder(
        &again.dir,
        &["publish", "--pages-dir", site_arg, "charts/a"],
    ));
    assert_eq!(
        out,
        format!("a 1.1.0 (charts/a) -> pages folder {site_arg}: already published with the same files, skipped\n")
    );
    assert_eq!(fs::read(site.join("a-1.1.0.tgz")).unwrap(), archive);

    // Every chart, from the config file at the repository root.
    local.write(
        "rudder.yaml",
        &format!("publish:\n  pagesDir: {site_arg}\n  pagesUrl: https://charts.example/x\n"),
    );
    let out = ok(rudder(&local.dir, &["publish", "--all"]));
    assert_eq!(
        out,
        format!(
            "a 1.1.0 (charts/a) -> pages folder {site_arg}: already published with the same files, skipped\n\
             b 0.3.0 (charts/b) -> pages folder {site_arg}: publishing\n"
        )
    );
    let index = fs::read_to_string(site.join("index.yaml")).unwrap();
    assert!(
        index.contains("- a-1.1.0.tgz\n"),
        "the old entry is kept: {index}"
    );
    assert!(
        index.contains("- https://charts.example/x/b-0.3.0.tgz\n"),
        "{index}"
    );
}

#[test]
fn a_changed_chart_under_a_published_version_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let local = repository(tmp.path());
    let site = tmp.path().join("site");
    let site_arg = site.to_str().unwrap();
    ok(rudder(&local.dir, &["publish", "--pages-dir", site_arg]));
    let before = fs::read(site.join("index.yaml")).unwrap();

    local.write("charts/a/values.yaml", "who: changed\n");
    local.write("charts/b/values.yaml", "who: b2\n");
    local.write(
        "charts/b/Chart.yaml",
        "apiVersion: v2\nname: b\nversion: 0.4.0\n",
    );
    let (code, out, err) = rudder(
        &local.dir,
        &["publish", "--pages-dir", site_arg, "charts/a", "charts/b"],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!("Error: a 1.1.0 (charts/a) is already published with other files in pages folder {site_arg}: publish a new version, or pass --skip-existing\n")
    );
    assert!(
        !site.join("b-0.4.0.tgz").exists(),
        "nothing is published when one is refused"
    );
    assert_eq!(fs::read(site.join("index.yaml")).unwrap(), before);

    let out = ok(rudder(
        &local.dir,
        &[
            "publish",
            "--pages-dir",
            site_arg,
            "--skip-existing",
            "charts/a",
            "charts/b",
        ],
    ));
    assert_eq!(
        out,
        format!(
            "a 1.1.0 (charts/a) -> pages folder {site_arg}: already published with other files, skipped (--skip-existing)\n\
             b 0.4.0 (charts/b) -> pages folder {site_arg}: publishing\n"
        )
    );
}

#[test]
fn helm_installs_what_was_published() {
    let Some(helm) = reference_helm() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let local = repository(tmp.path());
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    let server = ChartServer::start(&site, Options::default());
    let url = server.url();
    ok(rudder(
        &local.dir,
        &[
            "publish",
            "--all",
            "--pages-dir",
            site.to_str().unwrap(),
            "--pages-url",
            &url,
        ],
    ));

    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let vars = helm_home(&home);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let helm_run = |args: &[&str]| run_isolated_with(&helm, &home, args, &vars);
    fs::create_dir_all(home.join("pulled")).unwrap();
    ok(helm_run(&["repo", "add", "site", &url]));
    for (chart, version) in [("a", "1.1.0"), ("b", "0.3.0")] {
        let name = format!("site/{chart}");
        ok(helm_run(&[
            "pull",
            &name,
            "--version",
            version,
            "-d",
            "pulled",
        ]));
        let file = format!("{chart}-{version}.tgz");
        assert_eq!(
            fs::read(home.join("pulled").join(&file)).unwrap(),
            fs::read(site.join(&file)).unwrap()
        );
        let rendered = ok(helm_run(&["template", "r", &name, "--version", version]));
        assert!(rendered.contains(&format!("name: {chart}\n")), "{rendered}");
    }
}

/// A helm home of its own under `dir`: `HELM_*_HOME` variables.
fn helm_home(dir: &Path) -> Vec<(String, String)> {
    ["config", "cache", "data"]
        .iter()
        .map(|d| {
            (
                format!("HELM_{}_HOME", d.to_uppercase()),
                dir.join(d).display().to_string(),
            )
        })
        .collect()
}

/// The example charts' repository through the whole chain: a template changes on a branch,
/// lint and the README check pass, the version check fails until the chart is bumped, the
/// bumped chart is published, and helm pulls it from the pages folder and renders what rudder
/// renders from the folder.
#[test]
fn the_example_charts_through_the_whole_chain() {
    let Some(helm) = reference_helm() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let up = Git::init(&tmp.path().join("upstream"));
    copy_tree(&repo_root().join("examples/charts"), &up.dir.join("charts")).unwrap();
    ok(rudder(&up.dir, &["docs"]));
    up.commit_all("charts and their READMEs");
    let local = Git::clone(&up.dir, &tmp.path().join("local"));
    local.run(&["checkout", "-q", "-b", "feature"]);

    let template = "charts/agent/templates/configmap.yaml";
    let text = local.read(template);
    local.write(template, &format!("{text}# changed on the branch\n"));
    ok(rudder(&local.dir, &["lint", "charts/"]));
    ok(rudder(&local.dir, &["docs", "--check"]));
    assert_eq!(ok(rudder(&local.dir, &["changed"])), "charts/agent\n");
    let (code, _, _) = rudder(&local.dir, &["changed", "--check-version-increment"]);
    assert_eq!(code, 1, "the changed chart needs a version bump");

    ok(rudder(
        &local.dir,
        &["bump", "charts/agent", "patch", "-m", "Mark the config map"],
    ));
    ok(rudder(&local.dir, &["docs"]));
    local.commit_all("agent: mark the config map");
    ok(rudder(
        &local.dir,
        &["changed", "--check-version-increment"],
    ));
    ok(rudder(&local.dir, &["docs", "--check"]));

    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    let server = ChartServer::start(&site, Options::default());
    let url = server.url();
    let plan = ok(rudder(
        &local.dir,
        &[
            "publish",
            "--pages-dir",
            site.to_str().unwrap(),
            "--pages-url",
            &url,
        ],
    ));
    let version = plan.split_whitespace().nth(1).unwrap().to_string();
    assert!(plan.starts_with("agent "), "{plan}");

    let home = tmp.path().join("home");
    fs::create_dir_all(home.join("pulled")).unwrap();
    let vars = helm_home(&home);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let helm_run = |args: &[&str]| run_isolated_with(&helm, &home, args, &vars);
    ok(helm_run(&["repo", "add", "site", &url]));
    ok(helm_run(&[
        "pull",
        "site/agent",
        "--version",
        &version,
        "-d",
        "pulled",
    ]));
    let from_helm = ok(helm_run(&[
        "template",
        "r",
        "site/agent",
        "--version",
        &version,
    ]));
    let from_folder = ok(rudder(&local.dir, &["template", "r", "charts/agent"]));
    assert_eq!(from_helm, from_folder);
}

/// A registry as the target: helm pulls and renders what was pushed; a second publish finds
/// the same files there, and other files under the same version are refused.
#[test]
fn publishes_to_an_oci_registry() {
    let Some(helm) = reference_helm() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let Some(registry) = Registry::start(&tmp.path().join("registry"), &Default::default()) else {
        return;
    };
    let local = repository(tmp.path());
    let remote = format!("oci://{}/charts", registry.host());
    let publish = ["publish", "--oci", &remote, "--plain-http"];
    let out = ok(rudder(&local.dir, &publish));
    assert_eq!(out, format!("a 1.1.0 (charts/a) -> {remote}: publishing\n"));

    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let vars = helm_home(&home);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let chart = format!("{remote}/a");
    let args = [
        "template",
        "r",
        &chart,
        "--version",
        "1.1.0",
        "--plain-http",
    ];
    let from_helm = ok(run_isolated_with(&helm, &home, &args, &vars));
    let from_folder = ok(rudder(&local.dir, &["template", "r", "charts/a"]));
    assert_eq!(from_helm, from_folder);

    let out = ok(rudder(&local.dir, &publish));
    assert_eq!(
        out,
        format!("a 1.1.0 (charts/a) -> {remote}: already published with the same files, skipped\n")
    );
    local.write("charts/a/values.yaml", "name: other\n");
    let (code, _, err) = rudder(&local.dir, &publish);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("Error: a 1.1.0 (charts/a) is already published with other files in {remote}: publish a new version, or pass --skip-existing\n")
    );
}

/// A chart whose dependency is another chart of the repository (`file://`): published with
/// `--dependency-update`, the dependency packaged inside it, as helm packages it.
#[test]
fn dependencies_are_updated_before_packaging() {
    let tmp = tempfile::tempdir().unwrap();
    let up = Git::init(&tmp.path().join("repo"));
    up.chart("charts/lib", "lib", "0.1.0", &[]);
    up.chart(
        "charts/app",
        "app",
        "1.0.0",
        &[("lib", "0.1.0", "file://../lib")],
    );
    up.commit_all("charts");
    let site = tmp.path().join("site");
    let site_arg = site.to_str().unwrap();
    let (code, _, err) = rudder(&up.dir, &["publish", "charts/app", "--pages-dir", site_arg]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Error: found in Chart.yaml, but missing in charts/ directory: lib\n"
    );
    let out = ok(rudder(
        &up.dir,
        &["publish", "charts/app", "-u", "--pages-dir", site_arg],
    ));
    assert_eq!(
        out,
        format!("app 1.0.0 (charts/app) -> pages folder {site_arg}: publishing\n")
    );
    let chart = rudder_chart::load::load_archive(
        &fs::read(site.join("app-1.0.0.tgz")).unwrap(),
        rudder_chart::Helm::V4,
    )
    .unwrap();
    assert_eq!(chart.dependencies.len(), 1);
}

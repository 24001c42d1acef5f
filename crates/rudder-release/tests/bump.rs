//! `rudder bump`'s plans on repositories built here: Chart.yaml keeps everything but the
//! version's value, dependents' constraints follow, and CHANGELOG.md gets a Keep a Changelog
//! section from the commits since the last version change (snapshots).

use std::path::Path;

use rudder_release::bump::{Bump, Part, RcStyle};
use rudder_release::bump_chart::{apply, plan, BumpOptions, BumpPlan};
use rudder_release::Repo;
use rudder_testkit::git_repo::Git;

const CHART_YAML: &str = "\
# The web chart.
apiVersion: v2
name: web   # the name
description: A web server
version: \"1.2.3\" # bumped by rudder
appVersion: '4.5'
dependencies:
  - name: lib
    version: ~0.1.0
    repository: file://../lib
";

fn options(bump: Bump) -> BumpOptions {
    BumpOptions {
        bump,
        rc_style: RcStyle::PreRelease,
        rc_part: Part::Patch,
        app_version: None,
        update_dependents: false,
        changelog: true,
        messages: Vec::new(),
        date: "2026-12-05".into(),
    }
}

fn bump(dir: &Path, opts: &BumpOptions) -> BumpPlan {
    let repo = Repo::discover(dir).ok();
    let plan = plan(dir, repo.as_ref(), opts).unwrap();
    apply(&plan).unwrap();
    plan
}

/// A repository where `web` was released as 1.2.3, then changed by three commits (one touching
/// another chart only).
fn repository(tmp: &Path) -> Git {
    let git = Git::init(&tmp.join("repo"));
    git.chart("charts/lib", "lib", "0.1.0", &[]);
    git.chart("charts/web", "web", "1.2.2", &[]);
    git.commit_all("initial");
    git.write("charts/web/Chart.yaml", CHART_YAML);
    git.commit_all("web: release 1.2.3");
    git.write("charts/web/values.yaml", "replicas: 2\n");
    git.commit_all("feat(web): replicas are configurable");
    git.write("charts/lib/values.yaml", "x: 1\n");
    git.commit_all("lib: unrelated");
    git.write("charts/web/templates/cm.yaml", "kind: ConfigMap\n");
    git.commit_all("fix: config map name");
    git.write("charts/web/templates/svc.yaml", "kind: Service\n");
    git.commit_all("Add a Service");
    git
}

#[test]
fn minor_bump_writes_the_version_line_and_a_changelog() {
    let tmp = tempfile::tempdir().unwrap();
    let git = repository(tmp.path());
    let web = git.dir.join("charts/web");
    let plan = bump(&web, &options(Bump::Part(Part::Minor)));
    assert_eq!((plan.old.as_str(), plan.new.as_str()), ("1.2.3", "1.3.0"));
    insta::assert_snapshot!("minor_chart_yaml", git.read("charts/web/Chart.yaml"));
    insta::assert_snapshot!("minor_changelog", git.read("charts/web/CHANGELOG.md"));

    // The next release starts from this one: the bump is committed, then one more change.
    git.commit_all("web: release 1.3.0");
    git.write("charts/web/values.yaml", "replicas: 3\n");
    git.commit_all("security: drop the root user");
    bump(&web, &options(Bump::Part(Part::Patch)));
    insta::assert_snapshot!("patch_changelog", git.read("charts/web/CHANGELOG.md"));
}

#[test]
fn release_candidates_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let git = repository(tmp.path());
    let web = git.dir.join("charts/web");
    let no_log = |bump| BumpOptions {
        changelog: false,
        ..options(bump)
    };
    let mut seen = Vec::new();
    for step in [Bump::Rc, Bump::Rc, Bump::Release] {
        seen.push(bump(&web, &no_log(step)).new);
    }
    let build = BumpOptions {
        rc_style: RcStyle::Build,
        ..no_log(Bump::Rc)
    };
    seen.push(bump(&web, &build).new);
    seen.push(bump(&web, &no_log(Bump::Rc)).new);
    seen.push(bump(&web, &no_log(Bump::Release)).new);
    assert_eq!(
        seen,
        [
            "1.2.4-rc.1",
            "1.2.4-rc.2",
            "1.2.4",
            "1.2.5+RC1",
            "1.2.5+RC2",
            "1.2.5"
        ]
    );
    // Quotes and comments survived six rewrites.
    assert!(git
        .read("charts/web/Chart.yaml")
        .contains("version: \"1.2.5\" # bumped by rudder\n"));
}

#[test]
fn app_version_and_dependents() {
    let tmp = tempfile::tempdir().unwrap();
    let git = repository(tmp.path());
    git.chart(
        "charts/app",
        "app",
        "2.0.0",
        &[
            ("lib", "~0.1.0", "file://../lib"),
            ("redis", "1.x", "https://example.com"),
        ],
    );
    git.chart(
        "charts/pinned",
        "pinned",
        "1.0.0",
        &[("lib", ">=0.1.0 <0.2.0", "https://charts.example.com")],
    );
    git.write("charts/app/Chart.lock", "dependencies: []\n");
    git.commit_all("app");
    let lib = git.dir.join("charts/lib");
    let opts = BumpOptions {
        update_dependents: true,
        app_version: Some("0.2".into()),
        messages: vec!["feat!: new helper names".into()],
        ..options(Bump::Part(Part::Minor))
    };
    let plan = bump(&lib, &opts);
    assert_eq!(plan.new, "0.2.0");
    insta::assert_snapshot!(
        "dependents_lib_chart_yaml",
        git.read("charts/lib/Chart.yaml")
    );
    insta::assert_snapshot!(
        "dependents_web_chart_yaml",
        git.read("charts/web/Chart.yaml")
    );
    insta::assert_snapshot!(
        "dependents_app_chart_yaml",
        git.read("charts/app/Chart.yaml")
    );
    insta::assert_snapshot!("dependents_notes", plan.notes.join("\n"));
    insta::assert_snapshot!(
        "dependents_lib_changelog",
        git.read("charts/lib/CHANGELOG.md")
    );
}

#[test]
fn unreleased_notes_become_the_release() {
    let tmp = tempfile::tempdir().unwrap();
    let git = repository(tmp.path());
    git.write(
        "charts/web/CHANGELOG.md",
        "# Changelog\n\n## [Unreleased]\n\n### Removed\n\n- The old ingress values\n\n## [1.2.3] - 2026-01-01\n\n### Added\n\n- First release\n",
    );
    bump(
        &git.dir.join("charts/web"),
        &options(Bump::Part(Part::Major)),
    );
    insta::assert_snapshot!("unreleased_changelog", git.read("charts/web/CHANGELOG.md"));
}

#[test]
fn nothing_to_write_in_the_changelog_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let git = Git::init(&tmp.path().join("repo"));
    git.chart("charts/a", "a", "1.0.0", &[]);
    git.commit_all("a");
    let dir = git.dir.join("charts/a");
    let repo = Repo::discover(&dir).ok();
    let err = plan(&dir, repo.as_ref(), &options(Bump::Part(Part::Patch))).unwrap_err();
    assert!(
        err.to_string().contains("give the entry with --message"),
        "{err}"
    );
    let err = plan(&dir, repo.as_ref(), &options(Bump::Release)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1.0.0 is a release already: nothing to release"
    );
}

//! `changed` on repositories built here, checked against chart-testing's rules: the merge base
//! of `origin/main` and HEAD, `git diff --find-renames --name-only <base> -- <chart dirs>`
//! (tracked files of the work tree, staged or not; untracked ones left out), each file mapped to
//! the direct child of a chart folder holding a Chart.yaml; plus rudder's `file://` rule.

use std::path::Path;

use rudder_release::diff::worktree_changes;
use rudder_release::version_check::check_version_increment;
use rudder_release::{changed, Changed, Error, Options, Reason, Repo};
use rudder_testkit::git_repo::Git;

/// The changed charts, after checking that the files rudder compared are the ones the real
/// `git diff --find-renames --name-only <base> -- <chart dirs>` lists.
fn list(dir: &Path, opts: Options) -> Changed {
    let repo = Repo::discover(dir).unwrap();
    let c = changed(
        &repo,
        &Options {
            cwd: dir.to_path_buf(),
            ..opts
        },
    )
    .unwrap();
    let base = c.base.to_string();
    let mut args = vec!["diff", "--find-renames", "--name-only", base.as_str(), "--"];
    args.extend(c.chart_dirs.iter().map(String::as_str));
    let by_git = Git {
        dir: dir.to_path_buf(),
    }
    .run(&args);
    let specs: Vec<String> = c
        .chart_dirs
        .iter()
        .map(|d| {
            rudder_release::paths::repo_relative(repo.root(), &dir.canonicalize().unwrap(), d)
                .unwrap()
        })
        .collect();
    let ours = worktree_changes(&repo, c.base, &specs).unwrap();
    let ours: Vec<&str> = ours.keys().map(String::as_str).collect();
    assert_eq!(ours, by_git.lines().collect::<Vec<_>>(), "files compared");
    c
}

fn paths(c: &Changed) -> Vec<&str> {
    c.charts.iter().map(|c| c.path.as_str()).collect()
}

/// An upstream with four charts (`app` takes `lib` by `file://`), cloned; upstream then moves
/// on (a change of `other` after the clone), and the clone fetches it, so that the merge base
/// is older than `origin/main`.
fn upstream_and_clone(tmp: &Path) -> (Git, Git) {
    let up = Git::init(&tmp.join("upstream"));
    up.chart(
        "charts/app",
        "app",
        "1.0.0",
        &[("lib", "~0.1.0", "file://../lib")],
    );
    up.chart("charts/lib", "lib", "0.1.0", &[]);
    up.chart("charts/web", "web", "2.0.0", &[]);
    up.chart("charts/other", "other", "3.0.0", &[]);
    up.write("README.md", "charts\n");
    up.commit_all("initial charts");
    let local = Git::clone(&up.dir, &tmp.join("local"));
    up.write("charts/other/values.yaml", "name: changed upstream\n");
    up.commit_all("other: change upstream");
    local.run(&["fetch", "-q", "origin"]);
    (up, local)
}

#[test]
fn nothing_changed_lists_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    let c = list(&local.dir, Options::default());
    // ct diffs against the merge base, not origin/main: upstream's change of `other` is not ours.
    assert!(c.charts.is_empty(), "{:?}", c.charts);
    assert!(c.not_charts.is_empty());
}

#[test]
fn committed_staged_unstaged_and_untracked_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.run(&["checkout", "-q", "-b", "feature"]);
    // committed
    local.write("charts/web/templates/cm.yaml", "kind: ConfigMap\n");
    local.commit_all("web: smaller config map");
    // a new chart, staged only
    local.chart("charts/new", "new", "0.1.0", &[]);
    local.run(&["add", "charts/new"]);
    // untracked: git diff does not see it
    local.write("charts/other/templates/extra.yaml", "kind: Secret\n");
    // unstaged edit of a tracked file of `lib`, which `app` depends on
    local.write("charts/lib/values.yaml", "name: lib2\n");
    let c = list(&local.dir, Options::default());
    assert_eq!(
        paths(&c),
        ["charts/app", "charts/lib", "charts/new", "charts/web"]
    );
    assert_eq!(c.charts[0].reason, Reason::Dependency("charts/lib".into()));
    assert_eq!(
        c.charts[3].reason,
        Reason::Files(vec!["templates/cm.yaml".into()])
    );

    // Without rudder's addition, exactly ct's list.
    let ct = list(
        &local.dir,
        Options {
            local_dependencies: false,
            ..Options::default()
        },
    );
    assert_eq!(paths(&ct), ["charts/lib", "charts/new", "charts/web"]);
}

#[test]
fn deleted_files_count_and_deleted_charts_are_no_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.run(&["rm", "-q", "charts/web/templates/cm.yaml"]);
    local.run(&["rm", "-q", "-r", "charts/other"]);
    local.write("charts/notes.txt", "x\n");
    local.run(&["add", "charts/notes.txt"]);
    let c = list(&local.dir, Options::default());
    assert_eq!(paths(&c), ["charts/web"]);
    // ct names the folder of every file it cannot place, once per file.
    assert_eq!(
        c.not_charts,
        [
            "charts",
            "charts/other",
            "charts/other/templates",
            "charts/other"
        ]
    );
}

#[test]
fn renamed_chart_lists_the_new_folder_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.run(&["mv", "charts/web", "charts/website"]);
    local.commit_all("rename web to website");
    let c = list(&local.dir, Options::default());
    assert_eq!(paths(&c), ["charts/website"]);
    // An exact rename: git lists only the new paths, so ct says nothing of charts/web.
    assert!(c.not_charts.is_empty(), "{:?}", c.not_charts);
}

#[test]
fn a_file_moved_between_charts_counts_for_the_target_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.run(&[
        "mv",
        "charts/web/templates/cm.yaml",
        "charts/other/templates/web-cm.yaml",
    ]);
    let c = list(&local.dir, Options::default());
    assert_eq!(paths(&c), ["charts/other"]);
}

#[test]
fn subchart_folders_map_to_their_parent_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.chart("charts/web/charts/inner", "inner", "0.0.1", &[]);
    local.commit_all("web: vendored subchart");
    let c = list(&local.dir, Options::default());
    assert_eq!(paths(&c), ["charts/web"]);
}

#[test]
fn excluded_charts_and_ignore_patterns() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.write("charts/web/README.md", "docs\n");
    local.write("charts/other/values.yaml", "name: o2\n");
    local.write("charts/app/ci/test-values.yaml", "x: 1\n");
    local.write("charts/app/.helmignore", "ci/\n");
    local.commit_all("docs and values");
    let c = list(
        &local.dir,
        Options {
            excluded_charts: vec!["other".into()],
            ..Options::default()
        },
    );
    assert_eq!(paths(&c), ["charts/app", "charts/web"]);
    let ignore = Options {
        ignore: vec!["README.md".into()],
        use_helmignore: true,
        ..Options::default()
    };
    // app's only changes are its .helmignore (kept: helm ignores no .helmignore) and ci/.
    let c = list(&local.dir, ignore);
    assert_eq!(paths(&c), ["charts/app", "charts/other"]);
    match &c.charts[0].reason {
        Reason::Files(files) => assert_eq!(files, &[".helmignore"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn transitive_local_dependencies_outside_chart_dirs() {
    let tmp = tempfile::tempdir().unwrap();
    let up = Git::init(&tmp.path().join("upstream"));
    up.chart(
        "charts/app",
        "app",
        "1.0.0",
        &[("mid", "*", "file://../../shared/mid")],
    );
    up.chart(
        "shared/mid",
        "mid",
        "1.0.0",
        &[("base", "*", "file://../base")],
    );
    up.chart("shared/base", "base", "1.0.0", &[]);
    up.commit_all("charts");
    let local = Git::clone(&up.dir, &tmp.path().join("local"));
    local.write("shared/base/values.yaml", "name: changed\n");
    let c = list(
        &local.dir,
        Options {
            chart_dirs: vec!["charts".into()],
            ..Options::default()
        },
    );
    assert_eq!(paths(&c), ["charts/app"]);
    assert_eq!(c.charts[0].reason, Reason::Dependency("shared/mid".into()));
}

#[test]
fn chart_dirs_are_found_without_a_charts_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let up = Git::init(&tmp.path().join("upstream"));
    up.chart("deploy/helm/svc", "svc", "1.0.0", &[]);
    up.chart("deploy/helm/svc/charts/sub", "sub", "1.0.0", &[]);
    up.chart("stable/db", "db", "1.0.0", &[]);
    up.write("src/main.rs", "fn main() {}\n");
    up.commit_all("app with charts");
    let local = Git::clone(&up.dir, &tmp.path().join("local"));
    local.write("deploy/helm/svc/charts/sub/values.yaml", "x: 2\n");
    local.write("stable/db/values.yaml", "x: 2\n");
    local.write("src/main.rs", "fn main() { }\n");
    local.commit_all("changes");
    let c = list(&local.dir, Options::default());
    assert_eq!(c.chart_dirs, ["deploy/helm", "stable"]);
    assert_eq!(paths(&c), ["deploy/helm/svc", "stable/db"]);
    // From a sub-folder, chart dirs and results are relative to it.
    let sub = local.dir.join("deploy");
    let c = list(
        &sub,
        Options {
            chart_dirs: vec!["helm".into()],
            ..Options::default()
        },
    );
    assert_eq!(paths(&c), ["helm/svc"]);
}

#[test]
fn target_branch_and_since() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    let repo = Repo::discover(&local.dir).unwrap();
    let missing = Options {
        target_branch: "develop".into(),
        cwd: local.dir.clone(),
        ..Options::default()
    };
    let err = changed(&repo, &missing).unwrap_err();
    assert!(matches!(err, Error::NoTargetBranch(_)));
    assert_eq!(
        err.to_string(),
        "targetBranch 'origin/develop' does not exist"
    );

    // A local repository without the remote: `--since` alone is the base (ct would fail).
    let solo = Git::init(&tmp.path().join("solo"));
    solo.chart("charts/a", "a", "1.0.0", &[]);
    solo.chart("charts/b", "b", "1.0.0", &[]);
    solo.commit_all("one");
    solo.run(&["tag", "v1"]);
    solo.write("charts/b/values.yaml", "x: 1\n");
    solo.commit_all("two");
    let c = list(
        &solo.dir,
        Options {
            since: "v1".into(),
            since_alone: true,
            ..Options::default()
        },
    );
    assert_eq!(paths(&c), ["charts/b"]);
    let repo = Repo::discover(&solo.dir).unwrap();
    let strict = Options {
        since: "v1".into(),
        cwd: solo.dir.clone(),
        ..Options::default()
    };
    assert!(matches!(
        changed(&repo, &strict),
        Err(Error::NoTargetBranch(_))
    ));
}

#[test]
fn since_is_merged_with_the_target_branch() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.run(&["checkout", "-q", "-b", "feature"]);
    local.write("charts/web/values.yaml", "name: w2\n");
    local.commit_all("web");
    local.run(&["checkout", "-q", "-b", "feature2"]);
    local.write("charts/app/values.yaml", "name: a2\n");
    local.commit_all("app");
    // ct: base = merge-base(origin/main, since); the diff still runs to the work tree.
    let c = list(
        &local.dir,
        Options {
            since: "feature".into(),
            ..Options::default()
        },
    );
    assert_eq!(paths(&c), ["charts/app", "charts/web"]);
}

#[test]
fn not_a_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let err = Repo::discover(tmp.path()).err().unwrap();
    assert_eq!(err.to_string(), "must be in a git repository");
}

#[test]
fn version_increment_against_the_target_branch() {
    let tmp = tempfile::tempdir().unwrap();
    let (_up, local) = upstream_and_clone(tmp.path());
    local.write(
        "charts/web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 2.0.1\n",
    );
    local.write("charts/lib/values.yaml", "name: lib2\n");
    local.write(
        "charts/other/Chart.yaml",
        "apiVersion: v2\nname: other\nversion: 3.0.0-rc.1\n",
    );
    local.chart("charts/new", "new", "0.1.0", &[]);
    local.commit_all("changes");
    let c = list(&local.dir, Options::default());
    assert_eq!(
        paths(&c),
        [
            "charts/app",
            "charts/lib",
            "charts/new",
            "charts/other",
            "charts/web"
        ]
    );
    let repo = Repo::discover(&local.dir).unwrap();
    let verdicts: Vec<(String, Option<String>, bool)> = c
        .charts
        .iter()
        .map(|ch| {
            let v = check_version_increment(&repo, c.target, &ch.repo_path).unwrap();
            (v.version, v.old, v.ok)
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("1.0.0".into(), Some("1.0.0".into()), false),
            ("0.1.0".into(), Some("0.1.0".into()), false),
            ("0.1.0".into(), None, true),
            ("3.0.0-rc.1".into(), Some("3.0.0".into()), false),
            ("2.0.1".into(), Some("2.0.0".into()), true),
        ]
    );
}

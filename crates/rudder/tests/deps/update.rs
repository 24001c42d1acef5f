//! `dependency update|build|list` against helm 4.1.4, from a chart repository served on
//! loopback: the same output, Chart.lock (digest included) and archives in `charts/`.

use std::fs;

use crate::differential::{run, same_as_helm, Step};
use crate::support::{chart, helm, repository, ChartServer, Options};

/// The repository every test here serves: versions to choose among, prereleases included.
const CHARTS: &[(&str, &str)] = &[
    ("a", "0.1.0"),
    ("a", "0.2.0"),
    ("a", "1.0.0-beta.1"),
    ("b", "0.1.0"),
    ("b", "1.2.3"),
    ("c", "2.0.0"),
];

/// A served repository and a work folder; the server stops when this is dropped.
struct Fixture {
    dir: tempfile::TempDir,
    server: ChartServer,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        repository(&dir.path().join("www/charts"), CHARTS);
        let server = ChartServer::start(&dir.path().join("www"), Options::default());
        fs::create_dir_all(dir.path().join("work")).unwrap();
        Fixture { dir, server }
    }

    /// The repository's URL.
    fn url(&self) -> String {
        format!("{}/charts", self.server.url())
    }

    fn work(&self) -> std::path::PathBuf {
        self.dir.path().join("work")
    }

    /// The umbrella chart `work/<name>` with these `dependencies:` lines ({URL} replaced).
    fn umbrella(&self, name: &str, api: &str, dependencies: &str) {
        let extra = format!(
            "dependencies:\n{}",
            dependencies.replace("{URL}", &self.url())
        );
        let dir = chart(&self.work(), name, "0.1.0", &extra);
        let text = fs::read_to_string(dir.join("Chart.yaml")).unwrap();
        fs::write(dir.join("Chart.yaml"), text.replace("apiVersion: v2", api)).unwrap();
    }

    fn compare(&self, steps: &[Step]) {
        let helm = helm().expect("checked by the caller");
        same_as_helm(&helm, &self.dir.path().join("runs"), &self.work(), steps);
    }
}

fn add(url: &str) -> Step {
    run(&format!("repo add myrepo {url}"))
}

/// Every way to name a repository, ranges, prereleases, aliases, conditions, tags,
/// import-values, a `file://` chart and a chart kept in `charts/`.
const EVERY_FORM: &str = r#"- name: a
  version: ^0.1.0
  repository: {URL}
- name: b
  version: ">=0.1.0"
  repository: "@myrepo"
  alias: bee
  condition: bee.enabled
  tags: [x, "y<z&"]
- name: c
  version: "*"
  repository: alias:myrepo
  import-values:
  - child: a
    parent: b
  - data
- name: a
  alias: a2
  version: ">=1.0.0-0"
  repository: {URL}/
- name: loc
  version: ">0.0.1"
  repository: file://../loc
- name: d
  version: 1.x
"#;

#[test]
fn update_build_and_list_as_helm() {
    if helm().is_none() {
        return;
    }
    let f = Fixture::new();
    f.umbrella("u", "apiVersion: v2", EVERY_FORM);
    chart(&f.work(), "loc", "0.3.0", "");
    chart(&f.work().join("u/charts"), "d", "1.4.0", "");
    f.compare(&[
        add(&f.url()),
        run("dependency list u"),
        run("dependency build u"),
        run("dependency list u"),
        run("dependency update u"),
        run("dependency build u/"),
        run("dependency build u --skip-refresh --debug"),
        run("dependency update u --debug"),
        run("dependency list u --max-col-width 12"),
    ]);
}

#[test]
fn a_stale_or_missing_lock() {
    if helm().is_none() {
        return;
    }
    let f = Fixture::new();
    f.umbrella(
        "u",
        "apiVersion: v2",
        "- name: a\n  version: ^0.1.0\n  repository: \"@myrepo\"\n",
    );
    let changed = "apiVersion: v2\nname: u\nversion: 0.1.0\ndependencies:\n- name: a\n  version: ~0.2.0\n  repository: \"@myrepo\"\n";
    f.compare(&[
        add(&f.url()),
        run("dependency update u"),
        Step::Write("u/Chart.yaml", changed.to_string()),
        run("dependency build u"),
        run("dependency list u"),
        run("dependency update u"),
        run("dependency list u"),
        Step::Write("u/Chart.lock", String::new()),
        run("dependency build u"),
        run("repo remove myrepo"),
        run("dependency build u"),
    ]);
}

#[test]
fn repositories_not_configured() {
    if helm().is_none() {
        return;
    }
    let f = Fixture::new();
    f.umbrella(
        "byurl",
        "apiVersion: v2",
        "- name: b\n  version: ~1.2\n  repository: {URL}\n",
    );
    f.umbrella(
        "named",
        "apiVersion: v2",
        "- name: a\n  version: '*'\n  repository: myrepo\n- name: b\n  version: '*'\n  repository: '@nope'\n",
    );
    f.umbrella(
        "unreachable",
        "apiVersion: v2",
        "- name: a\n  version: '*'\n  repository: http://127.0.0.1:9/charts\n",
    );
    f.compare(&[
        run("dependency update byurl --skip-refresh"),
        run("dependency update byurl"),
        run("dependency build byurl"),
        run("dependency update named"),
        run("dependency update unreachable"),
    ]);
}

#[test]
fn versions_that_do_not_resolve() {
    if helm().is_none() {
        return;
    }
    let f = Fixture::new();
    f.umbrella(
        "nover",
        "apiVersion: v2",
        "- name: a\n  version: 9.9.9\n  repository: {URL}\n- name: b\n  version: '>5'\n  repository: '@myrepo'\n",
    );
    f.umbrella(
        "noname",
        "apiVersion: v2",
        "- name: zz\n  version: '*'\n  repository: '@myrepo'\n",
    );
    f.umbrella(
        "badrange",
        "apiVersion: v2",
        "- name: a\n  version: '>>1'\n  repository: '@myrepo'\n",
    );
    f.umbrella(
        "noloc",
        "apiVersion: v2",
        "- name: x\n  version: '*'\n  repository: file://../nothere\n",
    );
    f.compare(&[
        add(&f.url()),
        run("dependency update nover"),
        run("dependency update noname"),
        run("dependency update badrange"),
        run("dependency update noloc"),
        run("dependency update nothere"),
        run("dependency update u extra"),
    ]);
}

#[test]
fn requirements_yaml_of_api_v1_charts() {
    if helm().is_none() {
        return;
    }
    let f = Fixture::new();
    f.umbrella("v1", "apiVersion: v1", "");
    let reqs = "dependencies:\n- name: a\n  version: '*'\n  repository: '@myrepo'\n";
    fs::write(f.work().join("v1/requirements.yaml"), reqs).unwrap();
    f.compare(&[
        add(&f.url()),
        run("dependency update v1"),
        run("dependency build v1"),
        Step::Write("v1/requirements.yaml", reqs.replace("'*'", "^0.1")),
        run("dependency build v1"),
        run("dependency list v1"),
    ]);
}

#[test]
fn list_statuses() {
    if helm().is_none() {
        return;
    }
    let f = Fixture::new();
    let deps = "- name: a\n  version: ^0.1.0\n  repository: {URL}\n- name: b\n  version: '*'\n  repository: '@myrepo'\n- name: c\n  version: '>=3.0.0'\n  repository: '@myrepo'\n- name: d\n  version: 1.0.0\n- name: e\n  version: '1.0'\n- name: f\n  version: not a version\n";
    f.umbrella("l", "apiVersion: v2", deps);
    let charts = f.work().join("l/charts");
    let served = f.dir.path().join("www/charts");
    fs::create_dir_all(&charts).unwrap();
    for (from, to) in [
        ("a-0.1.0.tgz", "a-0.1.0.tgz"),
        ("a-0.2.0.tgz", "a-0.2.0.tgz"),
        ("c-2.0.0.tgz", "b-1.0.0.tgz"),
        ("c-2.0.0.tgz", "c-2.0.0.tgz"),
        ("b-0.1.0.tgz", "zzz.tgz"),
    ] {
        fs::copy(served.join(from), charts.join(to)).unwrap();
    }
    chart(&charts, "d", "1.0.0", "");
    chart(&charts, "e", "2.0.0", "");
    chart(&f.work(), "empty", "1.0.0", "");
    f.compare(&[
        run("dependency list l"),
        run("dependency list l --max-col-width 5"),
        run("dependency list empty"),
        run("dependency list nothere"),
        run("dependency list"),
    ]);
}

/// Chart.lock's `generated` is the time in the local zone (`TZ`), as Go's `time.Now()`.
#[test]
fn generated_in_the_local_zone() {
    let Some(helm) = helm() else { return };
    let f = Fixture::new();
    f.umbrella(
        "u",
        "apiVersion: v2",
        "- name: a\n  version: ^0.1.0\n  repository: {URL}\n",
    );
    for (bin, name) in [(&helm, "helm"), (&crate::support::rudder(), "rudder")] {
        for (tz, suffix) in [("Asia/Kolkata", "+05:30\""), ("", "Z\"")] {
            let work = f
                .dir
                .path()
                .join(format!("tz-{name}-{}", tz.replace('/', "-")));
            crate::support::copy_dir(&f.work(), &work);
            let vars = vec![("TZ".to_string(), tz.to_string())];
            let out = crate::support::run(bin, &work, &vars, &["dependency", "update", "u"]);
            assert_eq!(out.0, 0, "{name}: {out:?}");
            let lock = fs::read_to_string(work.join("u/Chart.lock")).unwrap();
            let generated = lock.lines().find(|l| l.starts_with("generated: ")).unwrap();
            assert!(generated.ends_with(suffix), "{name} TZ={tz}: {generated}");
        }
    }
}

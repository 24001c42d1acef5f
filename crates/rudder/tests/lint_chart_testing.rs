//! `rudder lint`'s chart-testing checks: `--validate-chart-schema` (with `--chart-yaml-schema`),
//! `--validate-yaml` (with `--lint-conf`),
//! `--validate-maintainers` against accounts served over HTTPS on loopback, and the same
//! settings in `rudder.yaml`. Without them the output is helm lint's (the golden suite).

use std::path::Path;
use std::process::{Command, Output};

use rudder_testkit::chart_server::{ChartServer, Options};
use rudder_testkit::test_ca::TestCa;
use rudder_testkit::write_file;

const CHART: &str = "apiVersion: v2\nname: web\nversion: 1.0.0\nicon: https://example.com/i.png\nmaintainers:\n- name: alice\n- name: bob\n";

fn chart(root: &Path) {
    write_file(root, "web/Chart.yaml", CHART);
    write_file(root, "web/values.yaml", "replicas:   1\nenabled: yes\n");
    write_file(root, "web/ci/prod-values.yaml", "a: [1,2]\n");
    write_file(
        root,
        "web/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
    );
}

fn rudder(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rudder"));
    command
        .arg("lint")
        .args(args)
        .current_dir(root)
        .env("HOME", root);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("rudder runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn validate_yaml_reports_yamllint_findings() {
    let dir = tempfile::tempdir().unwrap();
    chart(dir.path());
    let plain = rudder(dir.path(), &["web"], &[]);
    assert!(plain.status.success(), "{}", stdout(&plain));
    assert!(!stdout(&plain).contains("values.yaml:"));

    let out = rudder(dir.path(), &["web", "--validate-yaml"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "==> Linting web\n\
         [ERROR] values.yaml: 1:12 too many spaces after colon (colons)\n\
         [WARNING] values.yaml: 2:10 truthy value should be one of [false, true] (truthy)\n\
         [ERROR] ci/prod-values.yaml: 1:7 too few spaces after comma (commas)\n\n"
    );

    // Another yamllint config, and findings silenced by rule id.
    write_file(
        dir.path(),
        "lint.yaml",
        "rules:\n  truthy: {allowed-values: ['yes']}\n",
    );
    write_file(
        dir.path(),
        "web/.rudder-lint.yaml",
        "rules:\n  yamllint-truthy: off\n",
    );
    let out = rudder(
        dir.path(),
        &["web", "--validate-yaml", "--lint-conf", "lint.yaml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("yaml:"), "{}", stdout(&out));

    // An unknown rule is an error, not silence.
    write_file(dir.path(), "lint.yaml", "rules:\n  no-such-rule: enable\n");
    let out = rudder(
        dir.path(),
        &["web", "--validate-yaml", "--lint-conf", "lint.yaml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("invalid config: no such rule: \"no-such-rule\""),
        "{}",
        stdout(&out)
    );

    // The repository's settings turn the check on; a flag turns it off again.
    std::fs::remove_file(dir.path().join("web/.rudder-lint.yaml")).unwrap();
    write_file(dir.path(), "rudder.yaml", "lint: {validateYaml: true}\n");
    let out = rudder(dir.path(), &["web", "-o", "json"], &[]);
    assert!(
        stdout(&out).contains("\"rule\": \"yamllint-colons\""),
        "{}",
        stdout(&out)
    );
    let out = rudder(dir.path(), &["web", "--validate-yaml=false"], &[]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn validate_chart_schema_reports_yamales_errors() {
    let dir = tempfile::tempdir().unwrap();
    chart(dir.path());
    write_file(
        dir.path(),
        "web/Chart.yaml",
        &format!("{CHART}keywords: [web, 2]\nowner: me\n"),
    );
    let out = rudder(dir.path(), &["web", "--validate-chart-schema"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "==> Linting web\n\
         [ERROR] Chart.yaml: owner: Unexpected element\n\
         [ERROR] Chart.yaml: keywords.1: '2' is not a str.\n\
         [WARNING] Chart.yaml: failed to strictly parse chart metadata file\n\
         \terror unmarshaling JSON: while decoding JSON: json: unknown field \"owner\"\n\n"
    );

    // Another schema; a broken one is an error naming it.
    write_file(dir.path(), "schema.yaml", "name: str(min=5)\nversion: str()\napiVersion: any()\nicon: str()\nmaintainers: list()\nkeywords: list()\nowner: str()\n");
    let args = [
        "web",
        "--validate-chart-schema",
        "--chart-yaml-schema",
        "schema.yaml",
    ];
    let out = rudder(dir.path(), &args, &[]);
    assert!(
        stdout(&out).contains("[ERROR] Chart.yaml: name: Length of web is less than 5\n"),
        "{}",
        stdout(&out)
    );
    write_file(dir.path(), "schema.yaml", "name: strr()\n");
    let out = rudder(dir.path(), &args, &[]);
    assert!(
        stdout(&out)
            .contains("Invalid schema expression: 'strr()'. Not a registered validator: 'strr'. "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn validate_maintainers_asks_the_git_host() {
    let dir = tempfile::tempdir().unwrap();
    chart(dir.path());
    let accounts = dir.path().join("accounts");
    write_file(&accounts, "alice", "");
    let ca = TestCa::create(&dir.path().join("ca"));
    let server = ChartServer::start(
        &accounts,
        Options {
            tls: Some(ca.server.clone()),
            ..Options::default()
        },
    );
    let base = server.url();
    let env = [("SSL_CERT_FILE", ca.ca_file.as_path())];
    let args = [
        "web",
        "--validate-maintainers",
        "--maintainers-url",
        base.as_str(),
    ];
    let out = rudder(dir.path(), &args, &env);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "==> Linting web\n[ERROR] Chart.yaml: failed validating maintainer \"bob\": 404 Not Found\n\n"
    );
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/alice", "/bob"]);

    write_file(&accounts, "bob", "");
    let out = rudder(dir.path(), &args, &env);
    assert!(out.status.success(), "{}", stdout(&out));

    // A host that cannot be reached: the error names the address of the maintainer checked.
    drop(server);
    let out = rudder(dir.path(), &args, &env);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "[ERROR] Chart.yaml: failed validating maintainers: Head \"{base}/alice\": "
        )),
        "{text}"
    );

    // A deprecated chart must have none; a chart must have some.
    write_file(
        dir.path(),
        "web/Chart.yaml",
        &format!("{CHART}deprecated: true\n"),
    );
    let out = rudder(dir.path(), &args, &env);
    assert!(stdout(&out).contains("[ERROR] Chart.yaml: deprecated chart must not have maintainers"));
    write_file(
        dir.path(),
        "web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 1.0.0\n",
    );
    let out = rudder(dir.path(), &args, &env);
    assert!(stdout(&out).contains("[ERROR] Chart.yaml: chart doesn't have maintainers"));
}

#[test]
fn validate_maintainers_names_an_unusable_remote() {
    let dir = tempfile::tempdir().unwrap();
    chart(dir.path());
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    };
    git(&["init", "-q"]);
    let out = rudder(dir.path(), &["web", "--validate-maintainers"], &[]);
    assert!(
        stdout(&out)
            .contains("[ERROR] Chart.yaml: could not parse git repository domain for \"origin\""),
        "{}",
        stdout(&out)
    );
}

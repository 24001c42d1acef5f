//! rudder's own output, which no reference tool records: help, version and its own
//! diagnostics, as insta snapshots (`tests/snapshots/`; `cargo insta review` after a change).

use std::process::Command;

/// Exit status, stdout and stderr of a run, the package version written as `[version]` so a
/// release does not rewrite every snapshot.
fn rudder(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .args(args)
        .output()
        .expect("rudder runs");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
    .replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn version() {
    insta::assert_snapshot!(rudder(&["version"]));
    insta::assert_snapshot!("version_short", rudder(&["version", "--short"]));
}

#[test]
fn version_flag_prints_what_the_version_command_prints() {
    assert_eq!(rudder(&["--version"]), rudder(&["version"]));
}

#[test]
fn help_lists_the_commands() {
    insta::assert_snapshot!(rudder(&["--help"]));
}

#[test]
fn template_help() {
    insta::assert_snapshot!(rudder(&["template", "--help"]));
}

#[test]
fn template_without_a_chart() {
    insta::assert_snapshot!(rudder(&["template"]));
}

#[test]
fn unknown_command() {
    insta::assert_snapshot!(rudder(&["lint-all"]));
}

#[test]
fn version_template() {
    insta::assert_snapshot!(rudder(&[
        "version",
        "--template",
        "{{.Version}} {{.KubeClientVersion}}"
    ]));
    insta::assert_snapshot!(
        "version_template_error",
        rudder(&["version", "--template", "{{.Nope}}"])
    );
}

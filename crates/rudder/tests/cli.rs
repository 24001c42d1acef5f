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

/// Each command's own help opens with the description the command list gives it (the
/// arguments are built only for the invoked command, and their doc comments must not replace it).
#[test]
fn each_command_help_opens_with_its_listed_description() {
    let list = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .arg("--help")
        .output()
        .expect("rudder runs");
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    let commands = list
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a command list");
    let mut checked = 0;
    for line in commands.lines() {
        let (name, description) = line.trim().split_once("  ").expect("name and description");
        let description = description.trim();
        let description = description.split(" [alias").next().unwrap_or(description);
        if name == "help" {
            continue;
        }
        let help = Command::new(env!("CARGO_BIN_EXE_rudder"))
            .args([name, "--help"])
            .output()
            .expect("rudder runs");
        let help = String::from_utf8_lossy(&help.stdout).into_owned();
        assert_eq!(
            help.lines().next(),
            Some(description),
            "rudder {name} --help"
        );
        checked += 1;
    }
    assert!(checked >= 16, "only {checked} commands listed");
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

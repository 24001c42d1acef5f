//! The binary's own surface: help lists only real commands, version prints.

use std::process::Command;

fn rudder(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rudder"))
        .args(args)
        .output()
        .expect("rudder runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn version_prints_the_package_version() {
    let (ok, out) = rudder(&["version", "--short"]);
    assert!(ok);
    assert_eq!(out, format!("v{}\n", env!("CARGO_PKG_VERSION")));
    let (ok, out) = rudder(&["version"]);
    assert!(ok);
    assert!(out.contains("compatible with helm v4.1.4"), "{out}");
}

#[test]
fn help_lists_the_commands() {
    let (ok, out) = rudder(&["--help"]);
    assert!(ok);
    assert!(out.contains("version"), "{out}");
}

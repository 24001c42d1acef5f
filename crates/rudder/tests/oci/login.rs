//! `rudder registry login|logout` against helm's: output, exit status and the registry config
//! each writes, and each tool using the credentials the other stored.

use crate::support::{rudder, Options, Setup};

fn with_auth() -> Option<Setup> {
    Setup::new(|_| Options {
        basic_auth: Some(("ci".into(), "s3cret".into())),
        ..Default::default()
    })
}

/// Runs `args` with both tools (each with its own home) and compares the outcomes and the
/// registry configs they leave.
fn both(setup: &Setup, args: &[&str], stdin: &str) -> (i32, String, String) {
    let helm = setup.run_with_stdin(&setup.helm, "helm", args, stdin);
    let ours = setup.run_with_stdin(&rudder(), "rudder", args, stdin);
    assert_eq!(ours, helm, "{args:?}");
    let read = |home| std::fs::read_to_string(setup.registry_config(home)).ok();
    assert_eq!(
        read("rudder"),
        read("helm"),
        "registry config after {args:?}"
    );
    helm
}

#[test]
fn logs_in_and_out_as_helm() {
    let Some(setup) = with_auth() else { return };
    let host = setup.registry.host();
    let host = host.as_str();
    both(
        &setup,
        &[
            "registry",
            "login",
            host,
            "-u",
            "ci",
            "-p",
            "wrong",
            "--plain-http",
        ],
        "",
    );
    both(
        &setup,
        &[
            "registry",
            "login",
            host,
            "-u",
            "ci",
            "--password-stdin",
            "--plain-http",
        ],
        "s3cret\n",
    );
    both(
        &setup,
        &[
            "registry",
            "login",
            host,
            "-u",
            "ci",
            "-p",
            "s3cret",
            "--plain-http",
        ],
        "",
    );
    both(&setup, &["registry", "logout", host], "");
    both(&setup, &["registry", "logout", host], "");
    both(&setup, &["registry", "login"], "");
    both(&setup, &["registry", "logout"], "");
}

#[test]
fn each_uses_the_credentials_the_other_stored() {
    let Some(setup) = with_auth() else { return };
    let host = setup.registry.host();
    let archive = setup.package("app", "1.0.0", "");
    let archive = archive.to_str().unwrap();
    // No credentials: both are refused alike.
    let helm = setup.run(
        &setup.helm,
        "helm",
        &["push", archive, &setup.remote("helm"), "--plain-http"],
    );
    let ours = setup.run(
        &rudder(),
        "rudder",
        &["push", archive, &setup.remote("helm"), "--plain-http"],
    );
    assert_eq!(ours, helm);
    assert_eq!(helm.0, 1);
    // helm logs in; rudder pushes with helm's registry config.
    let out = setup.run(
        &setup.helm,
        "helm",
        &[
            "registry",
            "login",
            &host,
            "-u",
            "ci",
            "-p",
            "s3cret",
            "--plain-http",
        ],
    );
    assert_eq!(out.0, 0, "{}", out.2);
    let config = setup.registry_config("helm");
    let config = config.to_str().unwrap();
    let ours = setup.run(
        &rudder(),
        "rudder",
        &[
            "push",
            archive,
            &setup.remote("rudder"),
            "--plain-http",
            "--registry-config",
            config,
        ],
    );
    assert_eq!(ours.0, 0, "{}", ours.2);
    // rudder logs in; helm pulls with rudder's registry config.
    let out = setup.run(
        &rudder(),
        "rudder",
        &[
            "registry",
            "login",
            &host,
            "-u",
            "ci",
            "-p",
            "s3cret",
            "--plain-http",
        ],
    );
    assert_eq!(out.0, 0, "{}", out.2);
    let config = setup.registry_config("rudder");
    let helm = setup.run(
        &setup.helm,
        "helm",
        &[
            "pull",
            &setup.remote("rudder/app"),
            "--version",
            "1.0.0",
            "--plain-http",
            "--registry-config",
            config.to_str().unwrap(),
        ],
    );
    assert_eq!(helm.0, 0, "{}", helm.2);
    // --username/--password replace the config's credentials.
    let ours = setup.run(
        &rudder(),
        "rudder",
        &[
            "push",
            archive,
            &setup.remote("flags"),
            "--plain-http",
            "--username",
            "ci",
            "--password",
            "bad",
        ],
    );
    let theirs = setup.run(
        &setup.helm,
        "helm",
        &[
            "push",
            archive,
            &setup.remote("flags"),
            "--plain-http",
            "--username",
            "ci",
            "--password",
            "bad",
        ],
    );
    assert_eq!(ours, theirs);
}

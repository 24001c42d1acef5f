//! What each tool pulls of what the other pushed, and pull failures worded as helm's.

use rudder_repo::oci;

use crate::support::{plain_options, rudder, Setup};

#[test]
fn helm_templates_what_rudder_pushed() {
    let Some(setup) = Setup::plain() else { return };
    let archive = setup.package("web", "0.3.0", "");
    let pushed = setup.run(
        &rudder(),
        "rudder",
        &[
            "push",
            archive.to_str().unwrap(),
            &setup.remote("charts"),
            "--plain-http",
        ],
    );
    assert_eq!(pushed.0, 0, "{}", pushed.2);
    let from_registry = setup.run(
        &setup.helm,
        "helm",
        &[
            "template",
            "r",
            &setup.remote("charts/web"),
            "--version",
            "~0.3",
            "--plain-http",
        ],
    );
    let from_file = setup.run(
        &setup.helm,
        "helm",
        &["template", "r", archive.to_str().unwrap()],
    );
    assert_eq!(from_registry.0, 0, "{}", from_registry.2);
    assert_eq!(from_registry.1, from_file.1);
}

#[test]
fn pulls_what_helm_pushed() {
    let Some(setup) = Setup::plain() else { return };
    let mut archives = Vec::new();
    for version in ["0.1.0", "0.2.0", "1.0.0+build.5", "2.0.0-beta.1"] {
        let archive = setup.package("api", version, "");
        std::fs::write(
            format!("{}.prov", archive.display()),
            format!("prov {version}\n"),
        )
        .unwrap();
        let out = setup.run(
            &setup.helm,
            "helm",
            &[
                "push",
                archive.to_str().unwrap(),
                &setup.remote("charts"),
                "--plain-http",
            ],
        );
        assert_eq!(out.0, 0, "{}", out.2);
        archives.push(archive);
    }
    let opts = plain_options(&setup, "rudder");
    let reference = setup.remote("charts/api");
    for (constraint, want) in [
        ("", 2),
        ("<1", 1),
        ("0.1.0", 0),
        ("1.0.0+build.5", 2),
        (">1.0.0-0", 3),
    ] {
        let pulled = oci::pull(&reference, constraint, &opts).unwrap();
        assert_eq!(
            pulled.chart,
            std::fs::read(&archives[want]).unwrap(),
            "{constraint:?}"
        );
        let prov = std::fs::read(format!("{}.prov", archives[want].display())).unwrap();
        assert_eq!(pulled.prov, Some(prov));
    }
    // helm prints the same lines when it pulls.
    let helm = setup.run(
        &setup.helm,
        "helm",
        &[
            "pull",
            &reference,
            "--version",
            "1.0.0+build.5",
            "--plain-http",
        ],
    );
    let pulled = oci::pull(&reference, "1.0.0+build.5", &opts).unwrap();
    assert_eq!(
        pulled.notice().replace(&setup.registry.host(), "REGISTRY"),
        helm.2
    );
    assert_eq!(pulled.version, "1.0.0+build.5");
}

#[test]
fn pull_failures_read_as_helm() {
    let Some(setup) = Setup::plain() else { return };
    let archive = setup.package("api", "1.0.0", "");
    let out = setup.run(
        &setup.helm,
        "helm",
        &[
            "push",
            archive.to_str().unwrap(),
            &setup.remote("charts"),
            "--plain-http",
        ],
    );
    assert_eq!(out.0, 0, "{}", out.2);
    let opts = plain_options(&setup, "rudder");
    for (reference, version) in [
        ("charts/api", "9.9.9"),
        ("charts/api", ">5"),
        ("charts/none", ""),
        ("charts/api:1.0.0", "2.0.0"),
        ("charts/Api", ""),
    ] {
        let reference = setup.remote(reference);
        let helm = setup.run(
            &setup.helm,
            "helm",
            &["pull", &reference, "--version", version, "--plain-http"],
        );
        let ours = oci::pull(&reference, version, &opts)
            .unwrap_err()
            .to_string();
        assert_eq!(helm.0, 1);
        assert_eq!(
            format!(
                "Error: {}\n",
                ours.replace(&setup.registry.host(), "REGISTRY")
            ),
            helm.2,
            "{reference} {version}"
        );
    }
}

/// `rudder pull oci://...` and `rudder template oci://...` as helm runs them: the same output,
/// messages, exit status and pulled files, failures included.
#[test]
fn pull_and_template_commands_as_helm() {
    let Some(setup) = Setup::plain() else { return };
    for version in ["0.1.0", "0.2.0"] {
        let archive = setup.package("api", version, "");
        let out = setup.run(
            &setup.helm,
            "helm",
            &[
                "push",
                archive.to_str().unwrap(),
                &setup.remote("charts"),
                "--plain-http",
            ],
        );
        assert_eq!(out.0, 0, "{}", out.2);
    }
    let reference = setup.remote("charts/api");
    let runs: [&[&str]; 5] = [
        &["pull", &reference, "--plain-http", "-d", "DEST"],
        &[
            "pull",
            &reference,
            "--version",
            "<0.2.0",
            "--plain-http",
            "-d",
            "DEST",
        ],
        &[
            "pull",
            &reference,
            "--version",
            "9.9.9",
            "--plain-http",
            "-d",
            "DEST",
        ],
        &[
            "template",
            "r",
            &reference,
            "--version",
            "0.1.0",
            "--plain-http",
        ],
        &[
            "template",
            "r",
            &reference,
            "--version",
            ">5",
            "--plain-http",
        ],
    ];
    for args in runs {
        let mut outcomes = Vec::new();
        for (bin, home) in [(&setup.helm, "helm"), (&rudder(), "rudder")] {
            let dest = format!("{home}-pulled");
            std::fs::create_dir_all(setup.path().join(&dest)).unwrap();
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "DEST" { dest.as_str() } else { a })
                .collect();
            let out = setup.run(bin, home, &args);
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(setup.path().join(&dest))
                .unwrap()
                .flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            files.sort();
            outcomes.push((out, files));
        }
        assert_eq!(outcomes[0], outcomes[1], "{args:?}");
    }
}

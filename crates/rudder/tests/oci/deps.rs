//! `rudder dependency update|build` with charts in an OCI registry, against helm: the same
//! output, Chart.lock and archives in `charts/`.

use std::fs;

use crate::support::{rudder, Setup};

/// A parent chart `home/parent` depending on `deps` (Chart.yaml `dependencies` entries).
fn parent(setup: &Setup, home: &str, deps: &str) -> String {
    let root = setup.path().join(home).join("parent");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("Chart.yaml"),
        format!("apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n{deps}"),
    )
    .unwrap();
    root.display().to_string()
}

/// Chart.lock without its `generated:` time, and the archives under `charts/`.
fn results(dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let lock = fs::read_to_string(format!("{dir}/Chart.lock")).unwrap_or_default();
    let lock: String = lock
        .lines()
        .filter(|l| !l.starts_with("generated:"))
        .map(|l| format!("{l}\n"))
        .collect();
    out.push(("Chart.lock".to_string(), lock.into_bytes()));
    let mut names: Vec<_> = fs::read_dir(format!("{dir}/charts"))
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for name in names {
        out.push((
            name.clone(),
            fs::read(format!("{dir}/charts/{name}")).unwrap(),
        ));
    }
    out
}

#[test]
fn updates_and_builds_oci_dependencies_as_helm() {
    let Some(setup) = Setup::plain() else { return };
    for version in ["0.1.0", "0.1.5", "0.2.0", "1.0.0+rc.1"] {
        let archive = setup.package("sub", version, "");
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
    let deps = format!(
        "- name: sub\n  version: \"~0.1\"\n  repository: {}\n- name: sub\n  alias: exact\n  version: 1.0.0+rc.1\n  repository: {}\n",
        setup.remote("charts"),
        setup.remote("charts")
    );
    let helm_chart = parent(&setup, "helm", &deps);
    let ours_chart = parent(&setup, "rudder", &deps);
    for command in ["update", "build"] {
        let helm = setup.run(
            &setup.helm,
            "helm",
            &["dependency", command, &helm_chart, "--plain-http"],
        );
        let ours = setup.run(
            &rudder(),
            "rudder",
            &["dependency", command, &ours_chart, "--plain-http"],
        );
        assert_eq!(helm.0, 0, "helm {command}: {}", helm.2);
        assert_eq!(ours.0, helm.0, "{command}: {}", ours.2);
        assert_eq!(
            ours.1.replace("/rudder/", "/helm/"),
            helm.1,
            "{command} stdout"
        );
        assert_eq!(ours.2, helm.2, "{command} stderr");
        assert_eq!(results(&ours_chart), results(&helm_chart), "{command}");
    }
    // No version matches: the same failure.
    let deps = format!(
        "- name: sub\n  version: \">5\"\n  repository: {}\n",
        setup.remote("charts")
    );
    let helm_chart = parent(&setup, "helm2", &deps);
    let ours_chart = parent(&setup, "rudder2", &deps);
    let helm = setup.run(
        &setup.helm,
        "helm2",
        &["dependency", "update", &helm_chart, "--plain-http"],
    );
    let ours = setup.run(
        &rudder(),
        "rudder2",
        &["dependency", "update", &ours_chart, "--plain-http"],
    );
    assert_eq!(helm.0, 1);
    assert_eq!((ours.0, ours.1), (helm.0, helm.1));
    assert_eq!(ours.2.replace("/rudder2/", "/helm2/"), helm.2);
}

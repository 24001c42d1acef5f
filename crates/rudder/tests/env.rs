//! `rudder env` prints helm's settings exactly as `helm env` does (flag > environment >
//! default), for a matrix of flags and variables, run against the real helm.

use std::path::Path;
use std::process::Command;

/// stdout of `bin env ARGS` under a clean environment plus `vars`, without the `HELM_BIN` line
/// (each binary names itself there).
fn env_output(bin: &Path, args: &[&str], vars: &[(&str, &str)]) -> String {
    let out = Command::new(bin)
        .arg("env")
        .args(args)
        .env_clear()
        .env("HOME", "/home/u")
        .envs(vars.iter().copied())
        .output()
        .expect("binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("HELM_BIN="))
        .collect();
    format!("exit {:?}\n{}", out.status.code(), lines.join("\n"))
}

/// Flags given to `env`, and environment variables set.
type Case = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

#[test]
fn settings_match_helm_env() {
    let Some(helm) = rudder_testkit::reference_helm() else {
        return;
    };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let cases: &[Case] = &[
        (&[], &[]),
        (&["-n", "a", "-n", "b"], &[("HELM_NAMESPACE", "env-ns")]),
        (&[], &[("HELM_NAMESPACE", "env-ns"), ("HELM_DEBUG", "1")]),
        (&["--debug=false"], &[("HELM_DEBUG", "true")]),
        (&["--debug"], &[("HELM_DEBUG", "nonsense")]),
        (
            &[],
            &[
                ("HELM_CACHE_HOME", "/c"),
                ("XDG_CONFIG_HOME", "/x"),
                ("XDG_DATA_HOME", "/d"),
            ],
        ),
        (
            &["--repository-config", "/r.yaml"],
            &[("HELM_REPOSITORY_CONFIG", "/e.yaml")],
        ),
        (
            &["--registry-config=/reg.json", "--content-cache", "/cc"],
            &[],
        ),
        (
            &[],
            &[("HELM_KUBEASGROUPS", " ,x,y, "), ("HELM_KUBETOKEN", "t")],
        ),
        (
            &["--kube-as-group", "a", "--kube-as-group", "b,c"],
            &[("HELM_KUBEASGROUPS", "x")],
        ),
        (
            &["--qps", "3.14159", "--burst-limit", "7"],
            &[("HELM_MAX_HISTORY", "4")],
        ),
        (
            &[],
            &[
                ("HELM_QPS", "abc"),
                ("HELM_BURST_LIMIT", "1.5"),
                ("HELM_MAX_HISTORY", "x"),
            ],
        ),
        (
            &["--kube-context", "ctx", "--kubeconfig", "/k"],
            &[("HELM_KUBECONTEXT", "other")],
        ),
        (&["--kube-insecure-skip-tls-verify"], &[]),
        (
            &[],
            &[
                ("HELM_KUBEINSECURE_SKIP_TLS_VERIFY", "T"),
                ("HELM_PLUGINS", "/p"),
            ],
        ),
        (&["HELM_NAMESPACE", "-n", "one"], &[]),
        (&["NOT_A_VARIABLE"], &[]),
    ];
    for (args, vars) in cases {
        assert_eq!(
            env_output(rudder, args, vars),
            env_output(&helm, args, vars),
            "rudder env {args:?} with {vars:?}"
        );
    }
}

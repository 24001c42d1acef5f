//! The golden harness: every case is run once by the reference tools that record it (goldens,
//! committed) and by rudder on every test run; the outcomes must agree.
//!
//! - [`cases`] reads `.cases` files and materialises a case as a work folder, with
//!   [`archive`] building the chart archives a case describes and describing those a command
//!   writes;
//! - [`command`] builds a case's command line (one entry per command);
//! - [`reference`] names the reference tools and where their goldens and binaries are;
//! - [`golden`] reads and writes recorded outcomes;
//! - [`filters`] normalises output that helm itself makes random, after checking its shape;
//! - [`runner`] runs a binary on a case; [`compare`] decides whether two outcomes agree;
//! - [`suite`] records goldens, checks runs against them and keeps the expected-failures list;
//! - [`trials`] makes every check its own test;
//! - [`executable`] writes the scripts cases run (without the "text file busy" race);
//! - [`git_repo`] builds git repositories for the tests of release work;
//! - [`chart_server`] serves chart repositories on loopback (HTTP, HTTPS with a [`test_ca`]
//!   authority made at test time, basic auth, hostile replies) for the repo and dependency tests.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a program that talks to its user

pub mod archive;
pub mod cases;
pub mod chart_server;
pub mod command;
pub mod compare;
pub mod executable;
pub mod filters;
pub mod git_repo;
pub mod golden;
pub mod oci_registry;
mod pem_shape;
pub mod reference;
pub mod runner;
pub mod seeded;
pub mod suite;
pub mod test_ca;
pub mod trials;

use std::path::{Path, PathBuf};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crate lives in <root>/crates/<name>")
        .to_path_buf()
}

/// `testdata/` under the repository root.
pub fn testdata_dir() -> PathBuf {
    repo_root().join("testdata")
}

/// The variable naming another rudder binary for the tests that run one: CI points it at the
/// shipped build (`cargo xtask dist`) after testing the default one.
pub const BINARY_VARIABLE: &str = "RUDDER_BINARY";

/// The rudder binary a test runs: `RUDDER_BINARY` when set, else the one cargo built for the
/// test (`env!("CARGO_BIN_EXE_rudder")`, which only the binary's own crate can name).
pub fn rudder_binary(built: &str) -> PathBuf {
    std::env::var_os(BINARY_VARIABLE).map_or_else(|| PathBuf::from(built), PathBuf::from)
}

/// Runs `bin ARGS` in `dir` with an environment of its own (only `HOME=dir` and a system
/// `PATH`), so that neither the user's helm settings nor the test's reach it; returns the exit
/// code and both outputs.
pub fn run_isolated(bin: &Path, dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_isolated_with(bin, dir, args, &[])
}

/// [`run_isolated`] with a few variables of the test's choosing added.
pub fn run_isolated_with(
    bin: &Path,
    dir: &Path,
    args: &[&str],
    vars: &[(&str, &str)],
) -> (i32, String, String) {
    let out = std::process::Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .env("PATH", "/usr/bin:/bin")
        .envs(vars.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", bin.display()));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Where `cargo xtask helm` installs a PyPI tool (a virtual environment per pinned version).
pub fn pypi_tool_environment(package: &str, version: &str) -> PathBuf {
    repo_root().join(format!(".cache/pypi/{package}-{version}"))
}

/// Where `cargo xtask helm` installs Bitnami's readme-generator (an npm prefix of its own).
pub fn readme_generator_path() -> PathBuf {
    repo_root().join(".cache/readme-generator/node_modules/.bin/readme-generator")
}

/// Writes `text` to `root/path`, making the folders on the way.
pub fn write_file(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// Writes a small chart folder `dir/name` at `version` (`extra` lines added to its Chart.yaml)
/// whose ConfigMap shows its `who` value; returns the folder. The repository, dependency and
/// OCI tests package and fetch such charts.
pub fn write_chart(dir: &Path, name: &str, version: &str, extra: &str) -> PathBuf {
    let root = dir.join(name);
    write_file(
        &root,
        "Chart.yaml",
        &format!("apiVersion: v2\nname: {name}\nversion: {version}\ndescription: the {name} chart\n{extra}"),
    );
    write_file(&root, "values.yaml", &format!("who: {name}\n"));
    write_file(
        &root,
        "templates/cm.yaml",
        "kind: ConfigMap\ndata:\n  who: {{ .Values.who }}\n",
    );
    root
}

/// A reference tool a test compares with, installed by `cargo xtask helm` at `path`: the path,
/// or `None` with a notice when it is not installed. With `RUDDER_REQUIRE_REFERENCES` set (as
/// in CI) a missing tool fails the test instead of skipping it.
pub fn installed_reference(path: PathBuf, what: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os(trials::REQUIRE_VARIABLE).is_some() {
        panic!("{what} is not installed at {}", path.display());
    }
    eprintln!("skipped: {what} is not installed (run `cargo xtask helm`)");
    None
}

/// The default reference helm for tests that run it directly (not through cases): its path,
/// or `None` with a notice when it is not installed. With `RUDDER_REQUIRE_REFERENCES` set (as
/// in CI) a missing binary fails the test instead of skipping it.
pub fn reference_helm() -> Option<PathBuf> {
    installed_reference(reference::DEFAULT_REFERENCE.binary(), "the reference helm")
}

//! The reference Kubernetes validator, `kubernetes-validate` 1.37.0 from PyPI (the package
//! whose schemas rudder bundles), installed with pinned dependencies into a virtualenv under
//! `.cache/kubernetes-validate/venv`, where the agreement test looks for it.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The package and every dependency, pinned (as resolved for 1.37.0 on Python 3.11).
const REQUIREMENTS: &[&str] = &[
    "kubernetes-validate==1.37.0",
    "attrs==26.1.0",
    "importlib_resources==7.1.0",
    "jsonschema==4.26.0",
    "jsonschema-specifications==2025.9.1",
    "packaging==26.4",
    "PyYAML==6.0.4",
    "referencing==0.37.0",
    "rpds-py==2026.9.1",
    "typing_extensions==4.16.0",
];

fn venv() -> PathBuf {
    rudder_testkit::repo_root().join(".cache/kubernetes-validate/venv")
}

/// Where the command is installed (where the test looks for it).
pub fn binary() -> PathBuf {
    venv().join("bin/kubernetes-validate")
}

fn installed() -> bool {
    Command::new(binary())
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "1.37.0")
}

pub fn install() -> Result<PathBuf> {
    if installed() {
        return Ok(binary());
    }
    let venv = venv();
    eprintln!(
        "installing kubernetes-validate 1.37.0 into {}",
        venv.display()
    );
    let status = Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv)
        .status()
        .context("cannot run python3 (kubernetes-validate, the reference validator, needs it)")?;
    if !status.success() {
        bail!("python3 -m venv {} failed", venv.display());
    }
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--no-deps"])
        .args(REQUIREMENTS)
        .status()
        .context("running pip")?;
    if !status.success() || !installed() {
        bail!("pip install kubernetes-validate==1.37.0 failed (is PyPI reachable?)");
    }
    Ok(binary())
}

//! Bitnami's readme-generator, the reference of `rudder docs`' Bitnami format: the npm
//! package pinned at 2.7.2 installed with its dependencies into `.cache/readme-generator/`
//! (`npm install --prefix`), where the tests look for it. An installed copy is reused.

use std::process::Command;

use anyhow::{bail, Context, Result};

const PACKAGE: &str = "@bitnami/readme-generator-for-helm";
const VERSION: &str = "2.7.2";

pub fn install() -> Result<()> {
    let binary = rudder_testkit::readme_generator_path();
    let prefix = rudder_testkit::repo_root().join(".cache/readme-generator");
    let manifest = prefix
        .join("node_modules")
        .join(PACKAGE)
        .join("package.json");
    let installed = std::fs::read_to_string(&manifest)
        .is_ok_and(|m| m.contains(&format!("\"version\": \"{VERSION}\"")));
    if binary.exists() && installed {
        return Ok(());
    }
    eprintln!(
        "installing {PACKAGE}@{VERSION} from the npm registry into {}",
        prefix.display()
    );
    std::fs::create_dir_all(&prefix)?;
    let out = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--save-exact", "--prefix"])
        .arg(&prefix)
        .arg(format!("{PACKAGE}@{VERSION}"))
        .output()
        .context("cannot run npm: install Node.js and npm (readme-generator comes from the npm registry)")?;
    if !out.status.success() {
        bail!(
            "npm install {PACKAGE}@{VERSION} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

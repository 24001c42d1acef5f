//! Reference tools from PyPI (the registry this project's machines reach): each pinned
//! version installed into a virtual environment of its own under `.cache/pypi/`, where the
//! tests look for it. An installed environment is reused, so this works offline afterwards.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// A command-line tool published on PyPI.
pub struct Tool {
    pub package: &'static str,
    pub version: &'static str,
    /// The executable the package installs.
    pub command: &'static str,
}

/// checkov, the Kubernetes policy scanner the policy rules are compared with.
pub const CHECKOV: Tool = Tool {
    package: "checkov",
    version: "3.3.30",
    command: "checkov",
};

/// Every PyPI tool the tests use.
pub const TOOLS: &[&Tool] = &[&CHECKOV];

impl Tool {
    fn environment(&self) -> PathBuf {
        rudder_testkit::pypi_tool_environment(self.package, self.version)
    }

    /// Installs the tool unless its environment already has it; returns the executable.
    pub fn install(&self) -> Result<PathBuf> {
        let env = self.environment();
        let binary = env.join("bin").join(self.command);
        let marker = env.join("installed");
        if binary.exists() && marker.exists() {
            return Ok(binary);
        }
        let what = format!("{} {}", self.package, self.version);
        eprintln!("installing {what} from PyPI into {}", env.display());
        let _ = std::fs::remove_dir_all(&env);
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&env),
            &what,
        )?;
        run(
            Command::new(env.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .arg(format!("{}=={}", self.package, self.version)),
            &what,
        )?;
        if !binary.exists() {
            bail!("{what} installed no {}", binary.display());
        }
        std::fs::write(&marker, "")?;
        Ok(binary)
    }
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("installing {what}: running {command:?}"))?;
    if !status.success() {
        bail!("installing {what}: {command:?} failed ({status})");
    }
    Ok(())
}

/// Installs every tool.
pub fn install_all() -> Result<()> {
    TOOLS.iter().try_for_each(|tool| tool.install().map(|_| ()))
}

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
    /// Its dependencies pinned too (installed without resolving), or empty to let pip resolve
    /// them.
    pub pins: &'static [&'static str],
}

/// checkov, the Kubernetes policy scanner the policy rules are compared with.
pub const CHECKOV: Tool = Tool {
    package: "checkov",
    version: "3.3.30",
    command: "checkov",
    pins: &[],
};

/// The Kubernetes validator whose schemas rudder bundles, with every dependency pinned (as
/// resolved for 1.37.0 on Python 3.11).
pub const KUBERNETES_VALIDATE: Tool = Tool {
    package: "kubernetes-validate",
    version: "1.37.0",
    command: "kubernetes-validate",
    pins: &[
        "attrs==26.1.0",
        "importlib_resources==7.1.0",
        "jsonschema==4.26.0",
        "jsonschema-specifications==2025.9.1",
        "packaging==26.4",
        "PyYAML==6.0.4",
        "referencing==0.37.0",
        "rpds-py==2026.9.1",
        "typing_extensions==4.16.0",
    ],
};

/// yamllint, which chart-testing runs with its lintconf.yaml on Chart.yaml and values files
/// (`rudder lint --validate-yaml` is compared with it).
pub const YAMLLINT: Tool = Tool {
    package: "yamllint",
    version: "1.38.0",
    command: "yamllint",
    pins: &["pathspec==1.1.1", "PyYAML==6.0.4"],
};

/// yamale, which chart-testing runs with its chart_schema.yaml on Chart.yaml
/// (`rudder lint --validate-chart-schema` is compared with it).
pub const YAMALE: Tool = Tool {
    package: "yamale",
    version: "6.1.0",
    command: "yamale",
    pins: &["PyYAML==6.0.4"],
};

/// Every PyPI tool the tests use.
pub const TOOLS: &[&Tool] = &[&CHECKOV, &KUBERNETES_VALIDATE, &YAMLLINT, &YAMALE];

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
        let mut pip = Command::new(env.join("bin/pip"));
        pip.args(["install", "--quiet", "--disable-pip-version-check"]);
        if !self.pins.is_empty() {
            pip.arg("--no-deps").args(self.pins);
        }
        run(
            pip.arg(format!("{}=={}", self.package, self.version)),
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

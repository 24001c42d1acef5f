//! `cargo xtask ci`: exactly what CI runs after installing the toolchain.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{goldens, helm};

pub fn run() -> Result<()> {
    helm::install_all(&[])?;
    cargo(&["fmt", "--all", "--", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["test", "--workspace"])?;
    goldens::run(true, &[])?;
    eprintln!("ci: all checks passed");
    Ok(())
}

fn cargo(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("ci: cargo {}", args.join(" "));
    let status = Command::new(&cargo)
        .args(args)
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(())
}

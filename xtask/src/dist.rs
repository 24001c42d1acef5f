//! `cargo xtask dist`: the release binary as it is shipped, and as the benchmark measures it.
//!
//! On Linux with glibc it is linked statically and at a fixed address: the dynamic loader's
//! work (mapping libc, libm and libgcc_s, resolving their symbols, the page faults of all
//! that) was 0.3 ms of a 2 ms render. Static linking needs `--target` so that proc macros and
//! build scripts, which must stay dynamic, are built without it.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Builds `rudder` with the `dist` profile and returns its path.
pub fn build() -> Result<PathBuf> {
    let host = host_triple()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args([
        "build",
        "--quiet",
        "--profile",
        "dist",
        "--package",
        "rudder",
        "--bin",
        "rudder",
        "--target",
        &host,
    ]);
    if host.ends_with("-linux-gnu") {
        let mut flags = std::env::var("RUSTFLAGS").unwrap_or_default();
        flags.push_str(" -C target-feature=+crt-static -C relocation-model=static");
        build.env("RUSTFLAGS", flags.trim());
    }
    if !build.status().context("running cargo build")?.success() {
        bail!("cargo build of the dist binary failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| rudder_testkit::repo_root().join("target"));
    Ok(target.join(host).join("dist/rudder"))
}

/// The triple rustc builds for by default.
fn host_triple() -> Result<String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .context("rustc -vV printed no host triple")
}

pub fn run() -> Result<()> {
    println!("{}", build()?.display());
    Ok(())
}

//! `cargo xtask dist`: the release binary as it is shipped, and as the benchmark measures it.
//!
//! Built with the `fast-start` feature (start-up work for Linux with glibc, which the portable
//! default build leaves out). On Linux with glibc it is also linked statically and at a fixed
//! address: the dynamic loader's work (mapping libc, libm and libgcc_s, resolving their symbols, the page faults of all
//! that) was 0.3 ms of a 2 ms render. Static linking needs `--target` so that proc macros and
//! build scripts, which must stay dynamic, are built without it. Where rustc links with lld,
//! the functions a render runs are placed together (`cargo xtask link-order`).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::link_order;

/// How the shipped binary is optimised.
#[derive(Clone, Copy)]
pub enum Profile {
    /// As shipped and benchmarked: whole-program optimisation (`dist`).
    Dist,
    /// The same feature, target and link flags without whole-program optimisation
    /// (`dist-check`), for CI's run of the golden suite on the shipped build: what that run
    /// checks (entry point, allocator, stacks, static glibc, name lookups) does not depend on
    /// optimisation, and the `dist` build was the longest step of CI. Linted as it is built
    /// (clippy-driver, warnings denied), which covers the code only `fast-start` compiles.
    Check,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Dist => "dist",
            Profile::Check => "dist-check",
        }
    }
}

/// Builds `rudder` as shipped, with `profile`, and returns its path.
pub fn build(profile: Profile) -> Result<PathBuf> {
    let host = host_triple()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args([
        "build",
        "--profile",
        profile.name(),
        "--package",
        "rudder",
        "--features",
        "fast-start",
        "--bin",
        "rudder",
        "--target",
        &host,
    ]);
    let mut flags = std::env::var("RUSTFLAGS").unwrap_or_default();
    if host.ends_with("-linux-gnu") {
        flags.push_str(" -C target-feature=+crt-static -C relocation-model=static");
    }
    if links_with_lld(&host)? {
        if let Some(order) = link_order::snapshot()? {
            flags.push_str(&format!(
                " -C link-arg=-Wl,--symbol-ordering-file={} -C link-arg=-Wl,--no-warn-symbol-ordering",
                order.display()
            ));
        }
    }
    match profile {
        // CI's build is linted as CI's other builds are (`ci::LINTED`).
        Profile::Check => {
            flags.push_str(" -Dwarnings");
            build.env("RUSTC_WORKSPACE_WRAPPER", "clippy-driver");
        }
        Profile::Dist => {
            build.env_remove("RUSTC_WORKSPACE_WRAPPER");
        }
    }
    build.env("RUSTFLAGS", flags.trim());
    if !build.status().context("running cargo build")?.success() {
        bail!("cargo build of the dist binary failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| rudder_testkit::repo_root().join("target"));
    Ok(target.join(host).join(profile.name()).join("rudder"))
}

/// A field of `rustc -vV` (`host`, `release`).
fn rustc_field(name: &str) -> Result<String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    let prefix = format!("{name}: ");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()).map(str::to_string))
        .with_context(|| format!("rustc -vV printed no {name}"))
}

/// The triple rustc builds for by default.
fn host_triple() -> Result<String> {
    rustc_field("host")
}

/// Whether rustc links for `target` with its own lld, which takes a symbol ordering file
/// (x86_64 Linux/glibc since Rust 1.90; elsewhere the system linker may not).
fn links_with_lld(target: &str) -> Result<bool> {
    let release = rustc_field("release")?;
    let mut parts = release
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    Ok(target == "x86_64-unknown-linux-gnu" && (major, minor) >= (1, 90))
}

pub fn run() -> Result<()> {
    println!("{}", build(Profile::Dist)?.display());
    Ok(())
}

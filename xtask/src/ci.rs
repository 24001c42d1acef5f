//! `cargo xtask ci`: exactly what CI runs after installing the toolchain.

use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

/// Tells the drift test that a missing reference binary is a failure, not a skip.
pub const REQUIRE_REFERENCES: (&str, &str) = ("RUDDER_REQUIRE_REFERENCES", "1");

/// Clippy as the workspace crates' compiler (dependencies still get plain rustc), every
/// warning an error. `.ci/run` exports the same, so that the xtask binary's own build shares
/// the compiled crates (a different RUSTFLAGS rebuilds everything).
pub const LINTED: [(&str, &str); 2] = [
    ("RUSTC_WORKSPACE_WRAPPER", "clippy-driver"),
    ("RUSTFLAGS", "-Dwarnings"),
];

pub fn run() -> Result<()> {
    let start = Instant::now();
    cargo(&["fmt", "--all", "--", "--check"], &[])?;
    // The reference tools install (mostly waiting on the network) while the builds compile.
    let tools = std::thread::spawn(|| crate::install_tools(&[]));
    // One compile lints and builds: clippy is the compiler of the workspace's own crates and
    // warnings are errors (`cargo clippy` compiled every crate again, in check mode). The
    // fuzz targets' bodies are the workspace crate rudder-fuzz-targets; `fuzz/` only wraps
    // them for cargo fuzz (libFuzzer's C++ and a second dependency tree, minutes of CI).
    cargo(&["build", "--workspace", "--all-targets"], &LINTED)?;
    // The shipped build (`fast-start`: its own entry point, allocator and stacks, static
    // glibc), linted the same way (the code `fast-start` adds is linted there), without
    // whole-program optimisation, which the checks below do not depend on.
    let build_start = Instant::now();
    let dist = crate::dist::build(crate::dist::Profile::Check)?;
    eprintln!(
        "ci: shipped build ({:.0} s)",
        build_start.elapsed().as_secs_f64()
    );
    tools
        .join()
        .map_err(|_| anyhow::anyhow!("installing the reference tools panicked"))??;
    eprintln!(
        "ci: reference tools ready ({:.0} s)",
        start.elapsed().as_secs_f64()
    );
    // Every test, the golden cases and the drift check against the reference tools included.
    cargo(
        &["test", "--workspace"],
        &[LINTED[0], LINTED[1], REQUIRE_REFERENCES],
    )?;
    // The above tested the portable build; the shipped one must pass the golden suite and
    // name lookups too.
    let dist = dist
        .to_str()
        .context("the dist binary's path is not UTF-8")?;
    cargo(
        &["test", "-p", "rudder", "--test", "golden", "--test", "dns"],
        &[
            LINTED[0],
            LINTED[1],
            REQUIRE_REFERENCES,
            (rudder_testkit::BINARY_VARIABLE, dist),
        ],
    )?;
    eprintln!(
        "ci: all checks passed ({:.0} s)",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs cargo with `args` and extra environment variables; fails when it fails.
pub fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("ci: cargo {}", args.join(" "));
    let start = Instant::now();
    let status = Command::new(&cargo)
        .args(args)
        .envs(env.iter().copied())
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    eprintln!("ci: ({:.0} s)", start.elapsed().as_secs_f64());
    Ok(())
}

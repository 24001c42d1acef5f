//! The `rudder` binary: Helm's command names and flags on top of the rudder crates.

mod alloc;
mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: alloc::SmallBlocks = alloc::SmallBlocks;

/// glibc's heap grown in large steps: one `brk` instead of dozens (untouched padding costs
/// address space, not memory).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_process() {
    // SAFETY: mallopt only adjusts glibc's allocator parameters.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_process() {}

fn main() -> ExitCode {
    tune_process();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

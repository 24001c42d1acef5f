//! The `rudder` binary: Helm's command names and flags on top of the rudder crates.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// glibc gives the rendering thread its own arena, grown one `mprotect` at a time (160 calls
/// for a 50-template chart, a fifth of the run); one arena grown in large steps avoids that.
/// Untouched padding costs address space, not memory.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only adjusts glibc's allocator parameters; called before other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

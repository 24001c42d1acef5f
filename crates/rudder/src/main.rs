//! The `rudder` binary: Helm's command names and flags on top of the rudder crates.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

// Rendering allocates many small, short-lived values; mimalloc serves them several times
// faster than glibc's per-thread arenas (which grow with mprotect calls).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("Error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

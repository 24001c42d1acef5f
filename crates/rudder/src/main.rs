//! The `rudder` binary: Helm's command names and flags on top of the rudder crates.

mod alloc;
mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: alloc::SmallBlocks = alloc::SmallBlocks;

/// Start-up tuning for a short-lived process: glibc's heap grown in large steps (one `brk`
/// instead of dozens; untouched padding costs address space, not memory) and room for the
/// main thread's stack to grow.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_process() {
    /// Stack the main thread may grow to. Go's stacks grow to 1 GiB; recursion over deep
    /// values (YAML nested 10,000 levels, `toYaml` of a deeply nested dict) runs on this
    /// thread, and Linux checks the limit in force when the stack grows, not at start-up.
    const MAIN_STACK: libc::rlim_t = 1 << 30;
    // SAFETY: mallopt only adjusts glibc's allocator parameters; getrlimit/setrlimit read and
    // write a plain struct owned here. Called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_STACK, &mut limit) == 0 && limit.rlim_cur < MAIN_STACK {
            limit.rlim_cur = MAIN_STACK.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_STACK, &limit);
        }
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

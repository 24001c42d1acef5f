//! The `rudder` binary: Helm's command names and flags on top of the rudder crates.
#![cfg_attr(all(fast_start, not(test)), no_main)]
#![allow(clippy::print_stdout, clippy::print_stderr)] // a program that talks to its user

// A global allocator is unsafe by nature.
#[cfg(fast_start)]
#[allow(unsafe_code)]
mod alloc;
mod cli;
mod commands;
mod excerpt;
mod kubeconfig;
mod printer;
mod settings;

use std::io::Write;

#[cfg(fast_start)]
#[global_allocator]
static ALLOCATOR: alloc::SmallBlocks = alloc::SmallBlocks;

/// Runs the command line and returns the exit status.
fn run() -> i32 {
    without_error_backtraces();
    let cli = cli::Cli::parse_args();
    let code = match commands::run(cli) {
        Ok(()) => 0,
        Err(err) if err.is::<commands::ExitQuietly>() => 1,
        Err(err) => {
            // The top error's text is helm's whole message; its sources are already in it.
            printer::error(&err.to_string());
            1
        }
    };
    // std flushes its stdout buffer when its own `main` returns; with `fast_start` there is
    // none, and `exit` below skips it.
    let _ = std::io::stdout().flush();
    code
}

/// Turns off the backtrace anyhow captures with each error when `RUST_BACKTRACE` is set (as
/// many Rust users have it): rudder never shows them, and the first capture sorts the binary's
/// unwind tables, 5 ms of a failing 1 ms run. std decides once per process, so the variable
/// it reads is set only for that decision and removed again, unseen by plugins and
/// post-renderers. Panics still print their backtrace under `RUST_BACKTRACE`; a user who sets
/// `RUST_LIB_BACKTRACE` keeps error backtraces.
fn without_error_backtraces() {
    const VARIABLE: &str = "RUST_LIB_BACKTRACE";
    if std::env::var_os(VARIABLE).is_none() {
        std::env::set_var(VARIABLE, "0");
        let _ = std::backtrace::Backtrace::capture();
        std::env::remove_var(VARIABLE);
    }
}

/// The process's entry, called by the C runtime: std's own start-up is left out. It locates
/// the main thread's stack guard (glibc reads `/proc/self/maps` for that), installs signal
/// handlers on an alternate stack and ignores SIGPIPE; none of it serves a command that runs
/// for two milliseconds, and SIGPIPE keeps its default as in helm (`rudder template | head`
/// ends quietly). Arguments still reach `std::env::args`, which glibc hands to std directly.
#[cfg(fast_start)]
#[allow(unsafe_code)] // the C runtime calls this by name
#[cfg_attr(not(test), unsafe(no_mangle))]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    // glibc's heap grown in large steps: one `brk` instead of dozens (untouched padding costs
    // address space, not memory). One arena for every thread: chart files are read on worker
    // threads and their buffers freed once loaded, and a worker's own arena kept those pages
    // resident for the rest of the run (public umbrella of 100 charts: 142 -> 127 MB).
    // SAFETY: mallopt only adjusts glibc's allocator parameters.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    run()
}

#[cfg(not(fast_start))]
fn main() {
    default_sigpipe();
    std::process::exit(run());
}

/// SIGPIPE back to its default, which std's start-up changed to "ignore": as in helm,
/// `rudder template | head` then ends quietly instead of failing to write.
#[cfg(all(unix, not(fast_start)))]
#[allow(unsafe_code)]
fn default_sigpipe() {
    // SAFETY: called before any other thread exists; restoring a default disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(all(not(unix), not(fast_start)))]
fn default_sigpipe() {}

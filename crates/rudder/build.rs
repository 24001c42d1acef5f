//! Sets `cfg(fast_start)` when the `fast-start` feature is on and the target is Linux with
//! glibc, the one platform its start-up work is written and measured for. There the binary is
//! also linked at a fixed address: a position-independent one makes the dynamic loader apply
//! ~50,000 relocations and touch their pages on every start, which was a third of the run
//! time of a small chart.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(fast_start)");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let fast_start = std::env::var_os("CARGO_FEATURE_FAST_START").is_some()
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if fast_start {
        println!("cargo::rustc-cfg=fast_start");
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

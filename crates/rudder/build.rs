//! Links the `rudder` binary as a fixed-address executable: a position-independent one makes
//! the dynamic loader apply ~50,000 relocations and touch their pages on every start, which
//! was a third of the run time of a small chart.
fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

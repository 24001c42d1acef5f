//! The fuzz targets' bodies, one module each with a `run(&[u8])`. `fuzz/fuzz_targets/` wraps
//! each in `fuzz_target!` for cargo fuzz (a crate outside the workspace, with libFuzzer);
//! here, inside the workspace, every `cargo clippy` and `cargo test` compiles them, and the
//! tests below run each on a few hundred inputs, so a target that stops compiling or panics on
//! plain input is caught without building libFuzzer.

pub mod chart_archive;
pub mod gotmpl_parse_exec;
pub mod jsonschema;
pub mod kyaml_round_trip;
pub mod lint_archive;
pub mod set_parser;
pub mod yaml_block;
pub mod yaml_read;

#[cfg(test)]
mod tests;

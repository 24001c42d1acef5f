//! cargo fuzz's wrapper of `rudder_fuzz_targets::yaml_read`, where the target is described.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rudder_fuzz_targets::yaml_read::run(data));

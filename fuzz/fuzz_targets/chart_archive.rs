//! cargo fuzz's wrapper of `rudder_fuzz_targets::chart_archive`, where the target is described.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rudder_fuzz_targets::chart_archive::run(data));

//! cargo fuzz's wrapper of `rudder_fuzz_targets::kyaml_round_trip`, where the target is described.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rudder_fuzz_targets::kyaml_round_trip::run(data));

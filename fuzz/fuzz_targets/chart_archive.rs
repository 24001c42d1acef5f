//! Load arbitrary bytes as a chart archive (in memory): no panic, nothing written.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rudder_chart::load::load_archive(data, rudder_chart::Helm::V4);
});

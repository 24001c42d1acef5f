//! Load arbitrary bytes as a chart archive (in memory): no panic, nothing written.

/// The target's body: `data` is the fuzzer's input.
pub fn run(data: &[u8]) {
    let _ = rudder_chart::load::load_archive(data, rudder_chart::Helm::V4);
}

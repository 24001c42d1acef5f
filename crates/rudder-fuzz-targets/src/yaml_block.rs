//! The fast block-YAML reader against the full one: wherever the fast reader answers, the
//! full reader must read the same tree (values) and the same head (manifests).

/// The target's body: `data` is the fuzzer's input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(difference) = rudder_yaml::read::block_reader_differential(text) {
        panic!("{difference}");
    }
}

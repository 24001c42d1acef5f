//! Read arbitrary bytes as a values file and a rendered manifest, and write what was read
//! back out: no panic, no hang, no unbounded memory.

/// The target's body: `data` is the fuzzer's input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(v) = rudder_yaml::parse_values(text) {
        let _ = rudder_yaml::to_yaml(&v);
        let _ = rudder_yaml::to_json(&v);
    }
    let head = rudder_yaml::GoStruct {
        package: "util",
        name: "SimpleHead",
    };
    let _ = rudder_yaml::parse_manifest_head(text, head);
    let _ = rudder_yaml::from_json(text);
}

//! Read arbitrary bytes as kyaml reads manifests given to and taken from a post-renderer
//! (the yaml.v3 port), annotate them as helm does and write them back: no panic, no hang.

use rudder_yaml::kyaml;

/// The target's body: `data` is the fuzzer's input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut resources) = kyaml::parse_all(text) else {
        return;
    };
    for resource in &mut resources {
        let _ = kyaml::fns::set_annotation(resource, "a", "b");
        let _ = kyaml::fns::clear_annotation(resource, "a");
    }
    if let Ok(written) = kyaml::string_all(resources) {
        // yaml.v3 may write what it cannot read back; reading it must not panic either.
        let _ = kyaml::parse_all(&written);
    }
}

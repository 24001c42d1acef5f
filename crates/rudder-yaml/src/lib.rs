//! YAML and JSON the way helm's Go libraries read and write them.
//!
//! - [`read`]: values files, `fromYaml`/`fromJson`, rendered manifests (go-yaml v2 + JSON);
//! - [`write`]: `toYaml` (go-yaml v2 emitter), `toYamlPretty`, `toJson` and friends.

pub mod kyaml;
pub mod read;
pub mod write;

pub use read::{
    decode_error, from_json, from_json_array, from_yaml, from_yaml_array, locate, parse_document,
    parse_json, parse_manifest_head, parse_values, parse_values_document, read_k8s_objects,
    split_documents, DocError, GoStruct, K8sObject, ManifestHead, ObjectError, ReadError, Stage,
    Step, YamlError,
};
pub use write::{
    from_toml, to_json, to_pretty_json, to_raw_json, to_toml, to_yaml, to_yaml_pretty,
};

//! Serialisers with the exact output of helm's Go code.

mod json;
mod natural_order;
mod scalar_style;
mod toml;
mod toml_errors;
mod yaml_v2;

pub use json::{json_number, to_json, to_pretty_json, to_raw_json, write_string};
pub use natural_order::natural_less;
pub use toml::{from_toml, to_toml};
pub use yaml_v2::{to_yaml, to_yaml_pretty};

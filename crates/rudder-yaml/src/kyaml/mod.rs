//! Manifests read and written as kustomize's kyaml does for helm's post-renderers
//! (`kio.ParseAll`, `kio.StringAll`), through a port of yaml.v3 that keeps each scalar's
//! style, each collection's flow or block style, anchors, aliases, explicit tags and
//! comments where yaml.v3 keeps them.

pub mod fns;
mod json;
pub mod kio;
pub mod v3;

pub use kio::{parse_all, string_all};
pub use v3::{Kind, Node, Style};

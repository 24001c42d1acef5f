//! Manifests read and written as kustomize's kyaml does for helm's post-renderers
//! (`kio.ParseAll`, `kio.StringAll`): documents parsed into nodes that keep each scalar's
//! style and each collection's flow or block style, then written by yaml.v3's emitter (indent
//! 2, sequences not indented under their key, no line folding).
//!
//! yaml.v3 also keeps comments, anchors and tags; this round trip does not model them yet
//! and refuses documents that hold any, so that nothing is ever silently rewritten.

mod emit;
mod node;

pub use emit::{emit_document, emit_documents};
pub use node::{parse_documents, KyamlError, Node};

//! Manifests read and written as kustomize's kyaml does for helm's post-renderers
//! (`kio.ParseAll`, `kio.StringAll`): documents parsed into nodes that keep each scalar's
//! style, each collection's flow or block style, anchors, aliases, explicit tags and
//! comments, then written by yaml.v3's emitter (indent 2, sequences not indented under their
//! key, no line folding).
//!
//! yaml.v3 attaches comments to nodes by rules of its own; the comment layouts whose
//! placement this round trip reproduces are read, any other is refused with its line, so
//! that nothing is ever silently rewritten.

mod comments;
mod emit;
mod node;
mod place;

pub use emit::{emit_document, emit_documents};
pub use node::{parse_documents, KyamlError, Meta, Node, Props};

//! A port of the parts of go.yaml.in/yaml/v3 (v3.0.4, the version helm 4.1.4's kyaml uses)
//! that decode a stream into `Node`s and encode them back: reader, scanner, parser, the
//! decoder's node building, the encoder of nodes and the emitter; and its decoding of a
//! document into Go values, which kyaml's JSON writer uses.
//!
//! yaml.v3 keeps comments by rules of its scanner and parser that depend on the tokens it
//! saw last; ported function by function, they put each comment where yaml.v3 does, and
//! yaml.v3's failures read the same. Nothing here panics or recurses on input.

mod chars;
mod compose;
mod decode;
mod emitter;
mod encode;
mod event;
mod node;
mod parser;
mod reader;
mod resolve;
mod scanner;
mod timestamp;
mod token;

pub use compose::decode_first;
pub use decode::{decode_string_map, GoValue};
pub use encode::Encoder;
pub use node::{Kind, Node, Style};
pub use resolve::{NULL as NULL_TAG, STR as STR_TAG};

#[cfg(test)]
mod tests;

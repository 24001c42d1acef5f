//! JSON Schema validation (drafts 4, 6, 7, 2019-09 and 2020-12) that behaves and words its
//! errors like github.com/santhosh-tekuri/jsonschema v6 with default settings: formats assert
//! only before draft 2019, content keywords are annotations, patterns are Go regexps, and every
//! schema is first checked against its draft's meta-schema.
//!
//! Schemas are interpreted straight from their JSON: compiling only loads documents, checks them
//! and resolves references, so a small schema costs little.

mod compile;
mod draft;
mod error;
mod format;
pub mod gojs;
mod json;
mod keywords;
mod node;
mod number;
mod output;
mod quick;
mod registry;
mod schema;
mod url;
mod validate;

pub use compile::{compile, Loader};
pub use error::CompileError;
pub use json::{parse, parse_first, JsonError, Value};
pub use number::Number;
pub use output::ValidationError;
pub use schema::Schema;

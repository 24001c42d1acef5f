//! JSON Schema validation as github.com/xeipuuv/gojsonschema v1.2.0 does it (helm 3's validator):
//! its draft detection (only the `http://json-schema.org/draft-0N/schema` URLs; anything else is
//! its "hybrid" draft), its schema parse errors, its reference resolution, its error texts and
//! the order it reports errors in.
//!
//! gojsonschema walks Go maps, whose order is random; where it does (properties, pattern
//! properties, dependencies, definitions) this walks them sorted, one of the orders helm prints.

mod check;
mod formats;
mod refs;
mod schema;
mod text;

use std::fmt;

use crate::compile::Loader;
use crate::json::Value;

/// One validation error: gojsonschema's `ResultError` as `String()` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultError {
    /// The context without its `(root).` prefix: `(root)`, `a.b`, `list.0`.
    pub field: String,
    pub description: String,
}

impl fmt::Display for ResultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.description)
    }
}

/// Why a document fails: the schema does not load or parse (gojsonschema's error text), or the
/// document breaks it.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Schema(String),
    Invalid(Vec<ResultError>),
}

impl fmt::Display for Failure {
    /// helm 3's text: a schema error as is, validation errors one `- field: description` a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Schema(s) => f.write_str(s),
            Failure::Invalid(errors) => errors.iter().try_for_each(|e| writeln!(f, "- {e}")),
        }
    }
}

impl std::error::Error for Failure {}

/// `gojsonschema.Validate(NewBytesLoader(schema), document)`: `loader` fetches the documents
/// that `$ref`s name by absolute URL (without fragment).
pub fn validate(schema: &[u8], document: &Value, loader: &dyn Loader) -> Result<(), Failure> {
    let root = crate::json::parse_first(schema).map_err(|e| Failure::Schema(e.to_string()))?;
    let compiled = schema::Schemas::compile(root, loader).map_err(Failure::Schema)?;
    let errors = check::validate(&compiled, document).map_err(Failure::Schema)?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::Invalid(errors))
    }
}

#[cfg(test)]
mod tests;

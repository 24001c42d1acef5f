//! Errors of compiling a schema, worded as santhosh-tekuri words them.

use std::fmt;

use rudder_gocompat::quote::quote as q;

use crate::json::JsonError;
use crate::output::ValidationError;

#[derive(Debug)]
pub enum CompileError {
    /// The document is not JSON.
    Json(JsonError),
    /// A schema fails its meta-schema.
    Meta {
        url: String,
        err: Box<ValidationError>,
    },
    PointerNotFound(String),
    InvalidPointer(String),
    AnchorNotFound {
        url: String,
        reference: String,
    },
    InvalidRegex {
        url: String,
        regex: String,
        err: String,
    },
    DuplicateId {
        id: String,
        url: String,
        ptr1: String,
        ptr2: String,
    },
    DuplicateAnchor {
        anchor: String,
        url: String,
        ptr1: String,
        ptr2: String,
    },
    ParseAnchor(String),
    ParseId(String),
    ParseUrl {
        url: String,
        err: String,
    },
    /// A referenced document could not be loaded; `err` is the loader's text.
    Load {
        url: String,
        err: String,
    },
    UnsupportedDraft(String),
    MetaSchemaCycle(String),
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::Json(e) => write!(f, "{e}"),
            CompileError::Meta { url, err } => {
                write!(f, "{} is not valid against metaschema: {err}", q(url))
            }
            CompileError::PointerNotFound(u) => write!(f, "json-pointer in {} not found", q(u)),
            CompileError::InvalidPointer(u) => write!(f, "invalid json-pointer {}", q(u)),
            CompileError::AnchorNotFound { url, reference } => write!(
                f,
                "anchor in {} not found in schema {}",
                q(reference),
                q(url)
            ),
            CompileError::InvalidRegex { url, regex, err } => {
                write!(f, "invalid regex {} at {}: {err}", q(regex), q(url))
            }
            CompileError::DuplicateId {
                id,
                url,
                ptr1,
                ptr2,
            } => write!(
                f,
                "duplicate id {} in {} at {} and {}",
                q(id),
                q(url),
                q(ptr1),
                q(ptr2)
            ),
            CompileError::DuplicateAnchor {
                anchor,
                url,
                ptr1,
                ptr2,
            } => write!(
                f,
                "duplicate anchor {} in {} at {} and {}",
                q(anchor),
                q(url),
                q(ptr1),
                q(ptr2)
            ),
            CompileError::ParseAnchor(u) => write!(f, "error in parsing anchor at {}", q(u)),
            CompileError::ParseId(u) => write!(f, "error in parsing id at {}", q(u)),
            CompileError::ParseUrl { url, err } => write!(f, "error in parsing {}: {err}", q(url)),
            CompileError::Load { url, err } => write!(f, "failing loading {}: {err}", q(url)),
            CompileError::UnsupportedDraft(u) => write!(f, "draft {} is not supported", q(u)),
            CompileError::MetaSchemaCycle(u) => {
                write!(f, "cycle in resolving $schema in {}", q(u))
            }
        }
    }
}

impl std::error::Error for CompileError {}

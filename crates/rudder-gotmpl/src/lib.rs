//! Go's `text/template`, reimplemented with Go's exact output and error text.
//!
//! Knows nothing of YAML, Sprig or charts: callers supply data as [`Value`]s and functions
//! through a [`FuncMap`]. Parse with [`Templates::parse`], run with [`Templates::execute`].

pub mod error;
pub mod exec;
pub mod fmt;
pub mod func;
pub mod parse;
mod stack;
pub mod templates;
pub mod value;

pub use error::{Error, ExecError};
pub use exec::{Context, ExecOptions};
pub use func::{Func, FuncBody, FuncError, FuncImpl, FuncMap, FuncResult, Ty};
pub use parse::ParseError;
pub use templates::Templates;
pub use value::{List, Map, MapRef, Object, SliceType, Value};

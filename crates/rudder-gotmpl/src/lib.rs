//! Go's `text/template`, reimplemented with Go's exact output and error text.
//!
//! Knows nothing of YAML, Sprig or charts: callers supply data as [`Value`]s and functions
//! through a [`FuncMap`]. Parse with [`Templates::parse`], run with [`Templates::execute`].
//!
//! Limits (Go's where Go has one):
//! - parenthesised pipelines nest at most 10000 deep (`max expression depth exceeded`);
//! - `{{template}}` calls nest at most 100000 deep (`exceeded maximum template depth`);
//! - control structures nest without a fixed limit; recursion runs on stack segments grown on
//!   demand up to 1 GiB per thread, past which parsing or execution fails (Go would crash);
//! - functions may nest executions (`include`, `tpl`) [`exec::MAX_NESTED_EXECUTIONS`] deep;
//! - [`ExecOptions::max_steps`] bounds work and, through the size of produced values, memory.

pub mod error;
pub mod exec;
pub mod fmt;
pub mod func;
pub mod gostr;
pub mod parse;
// Reserves and protects stack memory itself.
#[allow(unsafe_code)]
pub mod stack;
pub mod templates;
pub mod value;
pub mod workers;

pub use error::{Error, ExecError};
pub use exec::{Context, ExecOptions};
pub use func::{
    Builtin, BuiltinImpl, Func, FuncBody, FuncError, FuncImpl, FuncMap, FuncResult, Ty,
};
pub use parse::ParseError;
pub use templates::Templates;
pub use value::{List, Map, MapCell, MapRef, MapType, Object, Pointer, SliceType, Value};

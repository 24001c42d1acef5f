//! Go's `text/template`, reimplemented with Go's exact output and error text.
//!
//! Knows nothing of YAML, Sprig or charts: callers supply data as [`Value`]s and functions
//! through a [`FuncMap`].

pub mod func;
pub mod value;

pub use func::{Func, FuncError, FuncImpl, FuncMap, FuncResult, Ty};
pub use value::{List, Map, MapRef, Object, SliceType, Value};

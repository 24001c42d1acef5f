//! The helm environment templates run in, and `helm template`'s output assembly.
//!
//! - [`tree`]: the chart tree to render; [`context`]: `.Release` and `.Capabilities`;
//! - [`objects`]: `.Capabilities`, `.Files`; [`helm_funcs`]: `include`, `tpl`, `required`, ...;
//! - [`engine`]: parse and execute every template in helm's order;
//! - [`output`]: split, classify, order and print the rendered documents;
//! - [`error`]: helm's error texts.

pub mod context;
pub mod engine;
pub mod error;
pub mod helm_funcs;
mod no_value;
pub mod objects;
pub mod output;
pub mod template;
pub mod tree;

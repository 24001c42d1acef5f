//! The built-in objects templates see besides `.Values`: `.Capabilities`, `.Files`, and the plain
//! maps `.Release` and `.Template`.

pub mod capabilities;
pub mod files;
mod glob;

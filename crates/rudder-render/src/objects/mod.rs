//! The built-in objects templates see: `.Values` (`common.Values`), `.Capabilities`, `.Files`,
//! and the plain maps `.Release` and `.Template`.

pub mod capabilities;
pub mod files;
pub mod glob;
pub mod values;

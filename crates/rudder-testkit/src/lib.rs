//! The golden harness: every case is run by the real helm once (goldens, committed) and by rudder
//! on every test run; the two outcomes must agree.
//!
//! - [`cases`] reads `.cases` files and materialises a case as a work folder;
//! - [`golden`] reads and writes helm's recorded outcomes;
//! - [`filters`] normalises output that helm itself makes random, after checking its shape;
//! - [`runner`] runs a binary on a case; [`compare`] decides whether two outcomes agree;
//! - [`suite`] runs rudder on every case against the goldens and the expected-failures list.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a program that talks to its user

pub mod cases;
pub mod compare;
pub mod filters;
pub mod golden;
pub mod runner;
pub mod suite;

use std::path::{Path, PathBuf};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crate lives in <root>/crates/<name>")
        .to_path_buf()
}

/// `testdata/` under the repository root.
pub fn testdata_dir() -> PathBuf {
    repo_root().join("testdata")
}

/// The version of helm whose behaviour is the reference.
pub const REFERENCE_HELM: &str = "4.1.4";

/// Where the goldens of the reference helm live.
pub fn golden_dir() -> PathBuf {
    testdata_dir().join(format!("golden/helm-{REFERENCE_HELM}"))
}

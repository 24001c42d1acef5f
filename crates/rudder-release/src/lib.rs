//! A chart repository's release work, without the CLI: which charts changed since a git base
//! (chart-testing's rules), whether their versions went up, version bumps that keep Chart.yaml's
//! formatting, dependents' constraints, CHANGELOG entries from commit messages, and publishing
//! packaged charts to a pages folder or a registry.

pub mod bump;
pub mod bump_chart;
pub mod changed;
pub mod changelog;
pub mod config;
pub mod dependents;
pub mod diff;
pub mod error;
pub mod git;
pub mod history;
pub mod local_deps;
pub mod paths;
pub mod publish;
pub mod version_check;
pub mod yaml_edit;

pub use changed::{changed, Changed, ChangedChart, Options, Reason};
pub use error::{Error, Result};
pub use git::Repo;

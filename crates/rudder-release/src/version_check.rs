//! chart-testing's `--check-version-increment`: a changed chart's version must be greater
//! (semver precedence) than the version on `<remote>/<target-branch>`; a chart missing there is
//! new and passes.

use std::cmp::Ordering;

use gix::ObjectId;
use rudder_chart::Metadata;
use rudder_gocompat::semver::Version;

use crate::error::{Error, Result};
use crate::git::Repo;
use crate::local_deps::read_metadata;

/// The verdict on one chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionCheck {
    pub name: String,
    /// The version in the work tree.
    pub version: String,
    /// The version on the target, `None` for a new chart.
    pub old: Option<String>,
    /// New, or greater than the old one.
    pub ok: bool,
}

/// Checks the chart at `chart` (a repository path) against the commit `target`.
pub fn check_version_increment(repo: &Repo, target: ObjectId, chart: &str) -> Result<VersionCheck> {
    let md = read_metadata(repo.root(), chart)?;
    let file = format!("{chart}/Chart.yaml");
    let old = match repo.file_at(target, &file)? {
        None => None,
        Some(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let old = Metadata::parse(&text).map_err(|source| Error::Chart {
                path: format!("{file} (old)").into(),
                source,
            })?;
            Some(old.version)
        }
    };
    let ok = match &old {
        None => true,
        Some(old) => compare(old, &md.version)? == Ordering::Less,
    };
    Ok(VersionCheck {
        name: md.name,
        version: md.version,
        old,
        ok,
    })
}

/// Masterminds' `Compare` of two version strings, failing as ct does on either.
pub fn compare(left: &str, right: &str) -> Result<Ordering> {
    let parse = |v: &str| {
        Version::parse(v).ok_or_else(|| Error::Version("Invalid Semantic Version".into()))
    };
    Ok(parse(left)?.compare(&parse(right)?))
}

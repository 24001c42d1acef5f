//! The commits a changelog entry is written from: those on the first-parent line from HEAD that
//! touched the chart's folder, back to (not including) the commit that last changed its version.

use gix::ObjectId;
use rudder_chart::Metadata;

use crate::error::Result;
use crate::git::{Commit, Repo};

/// Commits touching `chart` (a repository path) since its version last changed, newest first.
pub fn commits_since_version_change(
    repo: &Repo,
    tip: ObjectId,
    chart: &str,
) -> Result<Vec<Commit>> {
    let file = format!("{chart}/Chart.yaml");
    let version_at = |id: ObjectId| -> Result<Option<String>> {
        Ok(repo.file_at(id, &file)?.and_then(|bytes| {
            Metadata::parse(&String::from_utf8_lossy(&bytes))
                .ok()
                .map(|m| m.version)
        }))
    };
    let mut touched = Vec::new();
    for commit in repo.first_parent_history(tip)? {
        let here = repo.entry_id(commit.id, chart)?;
        let before = match commit.parent {
            Some(parent) => repo.entry_id(parent, chart)?,
            None => None,
        };
        if here == before {
            continue;
        }
        let version_before = match commit.parent {
            Some(parent) => version_at(parent)?,
            None => None,
        };
        if version_at(commit.id)? != version_before {
            break;
        }
        touched.push(commit);
    }
    Ok(touched)
}

//! The publish plan: for every release and target, publish or skip, decided before anything
//! is written so that a refused version leaves every target untouched.

use super::{Existing, Release, Target};
use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Publish,
    /// Already there with the same files.
    SkipSame,
    /// Already there, not compared or different, skipped as asked (`--skip-existing`).
    SkipExisting(Existing),
}

/// One release on one target.
#[derive(Debug)]
pub struct Row {
    pub release: usize,
    pub target: usize,
    pub action: Action,
}

#[derive(Debug)]
pub struct Plan {
    pub rows: Vec<Row>,
}

/// Decides what each target gets. Without `skip_existing`, a version a target holds with other
/// files (or lists without an archive to compare) is refused, naming every such version.
pub fn plan(
    releases: &[Release],
    targets: &[Box<dyn Target>],
    skip_existing: bool,
) -> crate::Result<Plan> {
    let mut rows = Vec::new();
    let mut refused = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        for (r, release) in releases.iter().enumerate() {
            let action = match target.existing(release)? {
                Existing::Absent => Action::Publish,
                Existing::Same => Action::SkipSame,
                other if skip_existing => Action::SkipExisting(other),
                other => {
                    refused.push(refusal(release, &target.name(), &other));
                    continue;
                }
            };
            rows.push(Row {
                release: r,
                target: t,
                action,
            });
        }
    }
    if !refused.is_empty() {
        return Err(Error::Publish(refused.join("\n")));
    }
    Ok(Plan { rows })
}

fn refusal(release: &Release, target: &str, existing: &Existing) -> String {
    let what = match existing {
        Existing::Listed => "is already listed in",
        _ => "is already published with other files in",
    };
    format!(
        "{} {} ({}) {what} {target}: publish a new version, or pass --skip-existing",
        release.name, release.version, release.chart_dir
    )
}

impl Plan {
    /// Publishes the plan's releases, target by target.
    pub fn apply(
        &self,
        releases: &[Release],
        targets: &mut [Box<dyn Target>],
    ) -> crate::Result<()> {
        for (t, target) in targets.iter_mut().enumerate() {
            let due: Vec<&Release> = self
                .rows
                .iter()
                .filter(|row| row.target == t && row.action == Action::Publish)
                .map(|row| &releases[row.release])
                .collect();
            if !due.is_empty() {
                target.publish(&due)?;
            }
        }
        Ok(())
    }
}

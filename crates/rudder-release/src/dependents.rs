//! Charts of the same repository that depend on a bumped chart (through `file://`, or by its
//! name), and their version constraints brought up to the new version.

use std::path::Path;

use rudder_gocompat::semver::{satisfies, Version};

use crate::local_deps::{file_dependency_dir, read_metadata};
use crate::paths;

/// One dependency entry to rewrite, or to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependentEntry {
    /// The dependent chart, a repository path.
    pub chart: String,
    /// `Chart.yaml` or `requirements.yaml`.
    pub file: &'static str,
    /// Position in the file's `dependencies` list.
    pub index: usize,
    pub old: String,
    /// The constraint to write; `None` when it is left alone.
    pub new: Option<String>,
    /// Why it is left alone although it does not allow the new version.
    pub note: Option<String>,
}

/// The operators rudder rewrites in place: they pin or float from one version.
const FLOATING: [&str; 5] = ["^", "~>", "~", "=", ""];

/// The constraint after a bump to `version`: `~1.2.0` becomes `~1.3.0`; a range that still
/// allows the new version stays; any other is reported.
pub fn updated_constraint(old: &str, version: &str) -> (Option<String>, Option<String>) {
    let trimmed = old.trim();
    let op = FLOATING
        .iter()
        .find(|op| {
            trimmed
                .strip_prefix(**op)
                .is_some_and(|rest| Version::parse(rest.trim()).is_some())
        })
        .copied();
    if let Some(op) = op {
        let rest = trimmed[op.len()..].trim();
        let prefix = if rest.starts_with('v') { "v" } else { "" };
        let bare = version.trim_start_matches('v');
        let new = format!("{op}{prefix}{bare}");
        return ((new != old).then_some(new), None);
    }
    let Some(v) = Version::parse(version) else {
        return (None, Some(format!("{version} is not a semantic version")));
    };
    match satisfies(trimmed, &v) {
        Ok(true) => (None, None),
        Ok(false) => (
            None,
            Some(format!("{old:?} does not allow {version}; left as is")),
        ),
        Err(e) => (
            None,
            Some(format!(
                "{old:?} is not a version constraint ({e}); left as is"
            )),
        ),
    }
}

/// The dependency entries naming the chart at `chart` (repository path) named `name`, in the
/// charts at `candidates`.
pub fn find(
    root: &Path,
    candidates: &[String],
    chart: &str,
    name: &str,
    version: &str,
) -> Vec<DependentEntry> {
    let mut found = Vec::new();
    for dependent in candidates.iter().filter(|c| *c != chart) {
        let Ok(md) = read_metadata(root, dependent) else {
            continue;
        };
        let file =
            if md.api_version == "v1" && root.join(dependent).join("requirements.yaml").is_file() {
                "requirements.yaml"
            } else {
                "Chart.yaml"
            };
        for (index, d) in md.dependencies.iter().enumerate() {
            let local = file_dependency_dir(dependent, &d.repository).as_deref() == Some(chart);
            if !local && d.name != name {
                continue;
            }
            let (new, note) = updated_constraint(&d.version, version);
            if new.is_none() && note.is_none() {
                continue;
            }
            found.push(DependentEntry {
                chart: dependent.clone(),
                file,
                index,
                old: d.version.clone(),
                new,
                note,
            });
        }
    }
    found
}

/// The chart folders of the repository: every tracked or present Chart.yaml's folder.
pub fn charts_in(root: &Path, tracked: &[String]) -> Vec<String> {
    let mut charts: Vec<String> = tracked
        .iter()
        .filter(|p| *p == "Chart.yaml" || p.ends_with("/Chart.yaml"))
        .map(|p| paths::parent(p).to_string())
        .filter(|c| root.join(c).join("Chart.yaml").is_file())
        .collect();
    charts.sort();
    charts.dedup();
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints() {
        assert_eq!(
            updated_constraint("~1.2.0", "1.3.0"),
            (Some("~1.3.0".into()), None)
        );
        assert_eq!(
            updated_constraint("1.2.0", "1.3.0"),
            (Some("1.3.0".into()), None)
        );
        assert_eq!(
            updated_constraint("^v1.2.0", "1.3.0"),
            (Some("^v1.3.0".into()), None)
        );
        assert_eq!(updated_constraint(">=1.0.0 <2.0.0", "1.3.0"), (None, None));
        assert_eq!(updated_constraint(">=1.0.0", "1.3.0"), (None, None));
        let (new, note) = updated_constraint(">=1.0.0 <2.0.0", "2.0.0");
        assert_eq!(new, None);
        assert!(note.unwrap().contains("does not allow 2.0.0"));
    }
}

//! Dependencies a chart takes from the same repository: `repository: file://../other` in
//! Chart.yaml (or requirements.yaml for apiVersion v1 charts), as repository paths.

use std::path::Path;

use rudder_chart::Metadata;

use crate::error::{io, Error, Result};
use crate::paths;

/// A chart's Chart.yaml from the work tree (with requirements.yaml's dependencies).
pub fn read_metadata(root: &Path, chart: &str) -> Result<Metadata> {
    let dir = root.join(chart);
    let file = dir.join("Chart.yaml");
    let text = std::fs::read_to_string(&file).map_err(io(&file))?;
    let mut md = Metadata::parse(&text).map_err(|source| Error::Chart {
        path: file.clone(),
        source,
    })?;
    let requirements = dir.join("requirements.yaml");
    if md.api_version == "v1" && requirements.is_file() {
        let text = std::fs::read_to_string(&requirements).map_err(io(&requirements))?;
        md.add_requirements(&text).map_err(|source| Error::Chart {
            path: requirements,
            source,
        })?;
    }
    Ok(md)
}

/// The folder a `file://` repository points at, from the chart at `chart`; `None` for other
/// repositories and for paths leaving the repository.
pub fn file_dependency_dir(chart: &str, repository: &str) -> Option<String> {
    let rel = repository.strip_prefix("file://")?;
    if rel.starts_with('/') {
        return None;
    }
    paths::join(chart, rel)
}

/// The local dependency folders of the chart at `chart` (empty when its Chart.yaml is unreadable:
/// chart loading reports that elsewhere).
pub fn local_dependencies(root: &Path, chart: &str) -> Vec<String> {
    let Ok(md) = read_metadata(root, chart) else {
        return Vec::new();
    };
    md.dependencies
        .iter()
        .filter_map(|d| file_dependency_dir(chart, &d.repository))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_repositories_resolve_from_the_chart() {
        assert_eq!(
            file_dependency_dir("charts/app", "file://../lib").as_deref(),
            Some("charts/lib")
        );
        assert_eq!(
            file_dependency_dir("charts/app", "file://./sub").as_deref(),
            Some("charts/app/sub")
        );
        assert_eq!(file_dependency_dir("charts/app", "https://x"), None);
        assert_eq!(file_dependency_dir("a", "file://../../x"), None);
    }
}

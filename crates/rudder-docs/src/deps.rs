//! `--document-dependency-values`: the charts whose values join a chart's table, found as
//! helm-docs finds them: `file://` repositories relative to the chart, and dependencies without
//! a repository in its `charts/` folder, each among the charts found; nested ones recursively.
//! Other dependencies (chart repositories, OCI registries, archives in `charts/`) are left out
//! with a warning, as helm-docs does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::chart::ChartInfo;

/// The dependency charts of `root` with their key prefixes, and warnings for those skipped.
pub fn dependency_values<'c>(
    root: &ChartInfo,
    charts: &'c HashMap<PathBuf, ChartInfo>,
    warnings: &mut Vec<String>,
) -> Vec<(String, &'c ChartInfo)> {
    let mut out = Vec::new();
    collect(root, charts, "", warnings, &mut out, 0);
    out
}

/// Bounds recursion through dependency cycles (helm-docs would loop forever).
const MAX_DEPTH: usize = 64;

fn collect<'c>(
    root: &ChartInfo,
    charts: &'c HashMap<PathBuf, ChartInfo>,
    prefix: &str,
    warnings: &mut Vec<String>,
    out: &mut Vec<(String, &'c ChartInfo)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let dir = root.dir.display().to_string();
    for dep in &root.dependencies {
        let path = if let Some(rel) = dep.repository.strip_prefix("file://") {
            join(&root.dir, rel)
        } else if !dep.repository.is_empty() {
            warnings.push(format!(
                "Chart in {dir:?} has a remote dependency {:?}. Dependency values will not be included.",
                dep.name
            ));
            continue;
        } else {
            join(&root.dir, &format!("charts/{}", dep.name))
        };
        let Some(info) = charts.get(&path) else {
            warnings.push(format!(
                "Dependency with path {:?} was not found. Dependency values will not be included.",
                path.display().to_string()
            ));
            continue;
        };
        let alias = if dep.alias.is_empty() {
            &dep.name
        } else {
            &dep.alias
        };
        let dep_prefix = format!("{prefix}{alias}");
        out.push((dep_prefix.clone(), info));
        collect(
            info,
            charts,
            &format!("{dep_prefix}."),
            warnings,
            out,
            depth + 1,
        );
    }
}

/// Go's `filepath.Join`: joined and cleaned.
pub fn join(dir: &Path, rel: &str) -> PathBuf {
    PathBuf::from(rudder_gocompat::path::clean(&format!(
        "{}/{rel}",
        dir.display()
    )))
}

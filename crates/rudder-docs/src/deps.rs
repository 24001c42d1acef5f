//! `--document-dependency-values`: the charts whose values join a chart's table, found as
//! helm-docs finds them: `file://` repositories relative to the chart, and dependencies without
//! a repository in its `charts/` folder, each among the charts found; nested ones recursively.
//! Beyond helm-docs (which leaves them out, helm-docs#163): a dependency from a chart
//! repository or an OCI registry, or one packaged in `charts/`, is documented from its archive
//! in `charts/` (where `dependency build` puts it); without one it is left out with
//! helm-docs' warning.

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
            match archived(root, dep, charts) {
                Some(path) => path,
                None => {
                    warnings.push(format!(
                        "Chart in {dir:?} has a remote dependency {:?}. Dependency values will not be included.",
                        dep.name
                    ));
                    continue;
                }
            }
        } else {
            let folder = join(&root.dir, &format!("charts/{}", dep.name));
            match charts.contains_key(&folder) {
                true => folder,
                false => archived(root, dep, charts).unwrap_or(folder),
            }
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

/// The archive in `root`'s `charts/` folder that holds dependency `dep`: its chart's name is
/// the dependency's, and its version the one asked for when several archives match.
fn archived(
    root: &ChartInfo,
    dep: &crate::chart::Dependency,
    charts: &HashMap<PathBuf, ChartInfo>,
) -> Option<PathBuf> {
    let folder = join(&root.dir, "charts");
    let mut found: Vec<(&PathBuf, &ChartInfo)> = charts
        .iter()
        .filter(|(path, info)| {
            path.parent() == Some(folder.as_path())
                && path.extension().is_some_and(|e| e == "tgz")
                && info.meta.name == dep.name
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(b.0));
    let exact = found
        .iter()
        .find(|(_, info)| info.meta.version == dep.version);
    exact.or(found.last()).map(|(path, _)| (*path).clone())
}

/// The packaged charts in `dir`'s `charts/` folder, in name order, each read as a chart.
pub fn archives(dir: &Path, values_file: &str) -> Vec<(PathBuf, Result<ChartInfo, crate::Error>)> {
    let Ok(entries) = std::fs::read_dir(dir.join("charts")) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tgz") && p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let path = join(
                dir,
                &format!(
                    "charts/{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                ),
            );
            let info = crate::chart::load_archive(&path, values_file);
            (path, info)
        })
        .collect()
}

/// Go's `filepath.Join`: joined and cleaned.
pub fn join(dir: &Path, rel: &str) -> PathBuf {
    PathBuf::from(rudder_gocompat::path::clean(&format!(
        "{}/{rel}",
        dir.display()
    )))
}

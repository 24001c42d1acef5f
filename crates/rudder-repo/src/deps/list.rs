//! `helm dependency list`: each declared dependency with the state of its archive or folder in
//! `charts/`, and the archives there no dependency declares.

use std::path::Path;

use rudder_chart::{Chart, Dependency};
use rudder_gocompat::semver::{self, Version};

/// helm's `uitable` as its commands print it: cells padded to the column's width, truncated
/// to `max` with `...`, joined by a tab.
pub fn table(rows: &[Vec<String>], max: usize) -> String {
    let cut = |s: &str| -> String {
        let n = s.chars().count();
        if max > 0 && n > max {
            let keep = max.saturating_sub(3);
            format!("{}...", s.chars().take(keep).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `version` is out of `dep`'s range: helm's "wrong version" / "invalid version".
fn version_status(dep: &Dependency, version: &str) -> Option<&'static str> {
    if version == dep.version {
        return None;
    }
    let Ok(c) = semver::parse_constraint(&dep.version) else {
        return Some("invalid version");
    };
    let Some(v) = Version::parse(version) else {
        return Some("invalid version");
    };
    (!semver::check_constraint(&c, &v)).then_some("wrong version")
}

fn archive_status(archive: &Path, dep: &Dependency) -> &'static str {
    let Ok(chart) = rudder_chart::load::load(archive, crate::LOAD_AS, &rudder_report::Silent)
    else {
        return "corrupt";
    };
    if chart.name() != dep.name {
        return "misnamed";
    }
    version_status(dep, &chart.metadata.version).unwrap_or("ok")
}

/// A strict semver (`StrictNewVersion`): three numbers, no `v`.
fn strict_semver(s: &str) -> bool {
    let core = s.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && Version::parse(s).is_some()
}

/// `charts/<name>-*.tgz`, in name order (Go's glob).
fn archives_for(charts: &Path, name: &str) -> Vec<std::path::PathBuf> {
    let prefix = format!("{name}-");
    let mut v: Vec<_> = std::fs::read_dir(charts)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix) && n.ends_with(".tgz"))
        .collect();
    v.sort();
    v.into_iter().map(|n| charts.join(n)).collect()
}

fn status(chart_path: &Path, dep: &Dependency, parent: &Chart) -> &'static str {
    let charts = chart_path.join("charts");
    let archives = archives_for(&charts, &dep.name);
    if archives.len() == 1 {
        return archive_status(&archives[0], dep);
    }
    if archives.len() > 1 {
        let found: Vec<_> = archives
            .iter()
            .filter(|a| {
                let stem = a
                    .file_name()
                    .map(|f| f.to_string_lossy().trim_end_matches(".tgz").to_string())
                    .unwrap_or_default();
                strict_semver(stem.strip_prefix(&format!("{}-", dep.name)).unwrap_or(""))
            })
            .collect();
        match found.len() {
            1 => return archive_status(found[0], dep),
            n if n > 1 => return "too many matches",
            _ => {}
        }
    }
    let Some(sub) = parent
        .dependencies
        .iter()
        .rev()
        .find(|c| c.name() == dep.name)
    else {
        return "missing";
    };
    version_status(dep, &sub.metadata.version).unwrap_or("unpacked")
}

/// The text `helm dependency list` prints for the chart at `chart_path`.
pub fn list(chart_path: &Path, max_col_width: usize) -> Result<String, crate::RepoError> {
    let chart = rudder_chart::load::load(chart_path, crate::LOAD_AS, &rudder_report::Silent)?;
    let shown = chart_path.display().to_string();
    if chart.metadata.dependencies.is_empty() {
        return Ok(format!(
            "WARNING: no dependencies at {}\n",
            rudder_gocompat::path::clean(&format!("{shown}/charts"))
        ));
    }
    let mut rows = vec![vec![
        "NAME".to_string(),
        "VERSION".into(),
        "REPOSITORY".into(),
        "STATUS".into(),
    ]];
    for d in &chart.metadata.dependencies {
        rows.push(vec![
            d.name.clone(),
            d.version.clone(),
            d.repository.clone(),
            status(chart_path, d, &chart).into(),
        ]);
    }
    let mut text = table(&rows, max_col_width);
    text.push_str("\n\n");
    // Archives and folders in charts/ no dependency declares.
    let charts = chart_path.join("charts");
    let mut entries: Vec<_> = std::fs::read_dir(&charts)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    for name in entries {
        let path = charts.join(&name);
        let shown_path = rudder_gocompat::path::clean(&format!("{shown}/charts/{name}"));
        if !path.is_dir() && !name.ends_with(".tgz") {
            continue;
        }
        match rudder_chart::load::load(&path, crate::LOAD_AS, &rudder_report::Silent) {
            Err(_) => text.push_str(&format!("WARNING: {shown_path:?} is not a chart.\n")),
            Ok(c) => {
                if !chart
                    .metadata
                    .dependencies
                    .iter()
                    .any(|d| d.name == c.name())
                {
                    text.push_str(&format!("WARNING: {shown_path:?} is not in Chart.yaml.\n"));
                }
            }
        }
    }
    Ok(text)
}

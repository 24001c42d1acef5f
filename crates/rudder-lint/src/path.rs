//! helm's `lintChart`: a chart folder, or a `.tgz` expanded into a temporary folder first (as
//! `chartutil.Expand` does: into a folder named after the chart), then `Chart.yaml` must exist.

use std::path::{Path, PathBuf};

use crate::{run_all, Linter, Options};

/// Lints the chart at `path` as `helm lint PATH` does; the error is helm's `Error ...` line.
pub fn lint_path(path: &str, options: &Options) -> Result<Linter, String> {
    if path.ends_with(".tgz") || path.ends_with(".tar.gz") {
        let temp = tempfile::Builder::new()
            .prefix("helm-lint")
            .tempdir()
            .map_err(|e| format!("unable to create temp dir to extract tarball: {e}"))?;
        let dir = expand(Path::new(path), temp.path())?;
        return lint_dir(&dir, options);
    }
    lint_dir(Path::new(path), options)
}

fn lint_dir(dir: &Path, options: &Options) -> Result<Linter, String> {
    let chart_yaml = go_join(dir, "Chart.yaml");
    if let Err(e) = std::fs::metadata(&chart_yaml) {
        return Err(format!(
            "unable to check Chart.yaml file in chart: stat {}: {}",
            chart_yaml.display(),
            rudder_chart::load::io_text(&e)
        ));
    }
    let config = crate::config::Config::for_chart(&crate::absolute(dir))?;
    let mut linter = run_all(dir, options, options.policy || config.policy());
    crate::config::apply(&mut linter, &config);
    Ok(linter)
}

/// Go's `filepath.Join`: joined and cleaned.
fn go_join(dir: &Path, name: &str) -> PathBuf {
    let joined = format!("{}/{name}", dir.to_string_lossy());
    PathBuf::from(rudder_gocompat::path::clean(&joined))
}

/// Writes the archive's files under `into/<chart name>/` and returns that folder.
fn expand(archive: &Path, into: &Path) -> Result<PathBuf, String> {
    let bytes = std::fs::read(archive).map_err(|e| {
        let reason = rudder_chart::load::io_text(&e);
        format!(
            "unable to open tarball: open {}: {reason}",
            archive.display()
        )
    })?;
    let extract_error = |e: String| format!("unable to extract tarball: {e}");
    let files =
        rudder_chart::load::read_archive_files(&bytes).map_err(|e| extract_error(e.to_string()))?;
    let name = files
        .iter()
        .find(|f| f.name == "Chart.yaml")
        .and_then(|f| {
            let text = String::from_utf8_lossy(&f.data);
            rudder_chart::metadata::Metadata::parse(&text).ok()
        })
        .map(|m| m.name)
        .unwrap_or_default();
    if name.is_empty() || name.contains(['/', '\\']) || name == ".." || name == "." {
        return Err(extract_error("chart name not specified".into()));
    }
    let root = into.join(&name);
    for file in files {
        // The archive reader already refused absolute paths and `..` segments.
        let target = root.join(&file.name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| extract_error(e.to_string()))?;
        }
        std::fs::write(&target, &file.data).map_err(|e| extract_error(e.to_string()))?;
    }
    // The temporary folder is removed with `into`'s owner; the path outlives this call only
    // while the caller holds it.
    Ok(root)
}

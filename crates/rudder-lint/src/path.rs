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
    // chart-testing runs its checks before helm lint.
    let checks = chart_testing_checks(dir, options, &config)?;
    let mut linter = run_all(dir, options, options.policy || config.policy());
    linter.messages.splice(0..0, checks);
    crate::config::apply(&mut linter, &config);
    Ok(linter)
}

/// The findings of the chart-testing checks the flags or the settings files turn on.
fn chart_testing_checks(
    dir: &Path,
    options: &Options,
    config: &crate::config::Config,
) -> Result<Vec<crate::Message>, String> {
    let settings = options.chart_testing.or(config.chart_testing());
    let mut messages = Vec::new();
    if settings.validate_chart_schema == Some(true) {
        let schema = match &settings.chart_yaml_schema {
            None => crate::yamale::Schema::chart_testing(),
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| rudder_chart::load::io_text(&e))
                .and_then(|text| crate::yamale::Schema::parse(&text))
                .map_err(|e| format!("Schema error in file {}\n{e}", path.display()))?,
        };
        messages.extend(crate::chart_testing::chart_schema(dir, &schema));
    }
    if settings.validate_yaml == Some(true) {
        let lint_conf = match &settings.lint_conf {
            None => crate::yamllint::Config::chart_testing(),
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| rudder_chart::load::io_text(&e))
                .and_then(|text| crate::yamllint::Config::parse(&text))
                .map_err(|e| format!("lint config {}: {e}", path.display()))?,
        };
        messages.extend(crate::chart_testing::yaml(dir, &lint_conf));
    }
    if settings.validate_maintainers == Some(true) {
        let accounts = options
            .accounts
            .ok_or("validating maintainers needs the git host's address")?;
        messages.extend(crate::chart_testing::maintainers(dir, accounts));
    }
    Ok(messages)
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

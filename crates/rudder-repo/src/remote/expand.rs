//! helm's `chartutil.Expand`: a chart archive unpacked into `<dir>/<chart name>/`, files
//! copied verbatim.

use std::path::Path;

use crate::RepoError;

fn io(path: &Path, e: &std::io::Error) -> RepoError {
    RepoError::Message(format!(
        "open {}: {}",
        path.display(),
        rudder_chart::load::io_text(e)
    ))
}

/// Unpacks `archive` under `dir`. The archive reader refuses paths that leave the chart's
/// folder, and the chart's name must be one plain path segment.
pub fn expand(dir: &Path, archive: &[u8]) -> Result<(), RepoError> {
    let files = rudder_chart::load::read_archive_files(archive)?;
    let name = rudder_chart::load::load_archive(archive, crate::LOAD_AS)?
        .metadata
        .name;
    if name.is_empty() {
        return Err(RepoError::Message("chart name not specified".into()));
    }
    if name == "." || name == ".." {
        return Err(RepoError::Message(format!(
            "chart name {name:?} is not allowed"
        )));
    }
    if name.contains(['/', '\\']) {
        return Err(RepoError::Message(format!(
            "chart name {name:?} must not contain path separators"
        )));
    }
    let chart_dir = dir.join(&name);
    for file in files {
        let out = chart_dir.join(&file.name);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, &e))?;
        }
        std::fs::write(&out, &file.data).map_err(|e| io(&out, &e))?;
    }
    Ok(())
}

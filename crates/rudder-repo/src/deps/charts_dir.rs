//! The `charts/` folder of a dependency run: made when missing (and refused when it is not a
//! folder), filled from a temporary folder beside it only once every archive is there, so a
//! failure leaves it as it was.

use std::path::{Path, PathBuf};

use rudder_chart::load::io_text;
use rudder_chart::Dependency;

use super::Out;
use crate::RepoError;

fn io(op: &str, path: &Path, e: &std::io::Error) -> RepoError {
    RepoError::Message(format!("{op} {}: {}", path.display(), io_text(e)))
}

/// A temporary folder, removed however the run ends.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `charts/` of the chart at `chart` (made if missing), and helm's `tmpcharts-<pid>` beside it.
pub fn prepare(chart: &Path) -> Result<(PathBuf, TempDir), RepoError> {
    let dest = chart.join("charts");
    match std::fs::metadata(&dest) {
        Ok(m) if !m.is_dir() => {
            return Err(RepoError::Message(format!(
                "{:?} is not a directory",
                dest.display().to_string()
            )))
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(&dest).map_err(|e| io("mkdir", &dest, &e))?;
        }
        Err(e) => {
            return Err(RepoError::Message(format!(
                "unable to retrieve file info for '{}': {}",
                dest.display(),
                io_text(&e)
            )))
        }
    }
    let tmp = TempDir(chart.join(format!("tmpcharts-{}", std::process::id())));
    std::fs::create_dir_all(&tmp.0).map_err(|e| io("mkdir", &tmp.0, &e))?;
    Ok((dest, tmp))
}

/// helm's `safeMoveDeps`: the archives replace those in `charts/`; archives of charts no
/// longer wanted are deleted (local `charts/<name>` dependencies are kept). helm loads each
/// archive again before moving it; every archive here was loaded when it was downloaded or
/// packaged, so it is not.
pub fn move_deps(
    deps: &[Dependency],
    source: &Path,
    dest: &Path,
    out: Out,
) -> Result<(), RepoError> {
    let list = |dir: &Path| -> Result<Vec<(String, bool)>, RepoError> {
        let mut v: Vec<(String, bool)> = std::fs::read_dir(dir)
            .map_err(|e| io("open", dir, &e))?
            .filter_map(Result::ok)
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.file_type().is_ok_and(|t| t.is_dir()),
                )
            })
            .collect();
        v.sort();
        Ok(v)
    };
    let sources = list(source)?;
    let dests = list(dest)?;
    let local: Vec<&str> = deps
        .iter()
        .filter(|d| d.repository.is_empty())
        .map(|d| d.name.as_str())
        .collect();
    for (name, is_dir) in &sources {
        if *is_dir || name.starts_with('.') {
            continue;
        }
        let from = source.join(name);
        if let Err(e) = std::fs::rename(&from, dest.join(name)) {
            out(&format!(
                "Unable to move {} to charts dir {} (Skipping)",
                from.display(),
                io_text(&e)
            ));
        }
    }
    out("Deleting outdated charts\n");
    for (name, is_dir) in &dests {
        if *is_dir || sources.iter().any(|(s, _)| s == name) {
            continue;
        }
        let path = dest.join(name);
        let chart = match rudder_chart::load::load(&path, crate::LOAD_AS, &rudder_report::Silent) {
            Ok(c) => c,
            Err(e) => {
                out(&format!(
                    "Could not verify {} for deletion: {e} (Skipping)\n",
                    path.display()
                ));
                continue;
            }
        };
        if local.contains(&chart.name()) {
            continue;
        }
        if let Err(e) = std::fs::remove_file(&path) {
            out(&format!(
                "Could not delete {}: {} (Skipping)",
                path.display(),
                io_text(&e)
            ));
        }
    }
    Ok(())
}

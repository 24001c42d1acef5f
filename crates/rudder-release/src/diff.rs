//! What `git diff --find-renames --name-only <base> -- <paths>` prints, which is what
//! chart-testing lists: the files that differ between a commit and the work tree, among the
//! files git tracks (the index); untracked files are not part of it, staged ones are.
//!
//! Renames are paired when the content is identical (git's exact renames): only the new path
//! is listed then. git also pairs files at least 50% similar; rudder lists both paths of those.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::SystemTime;

use gix::ObjectId;

use crate::error::{git, io, Result};
use crate::git::{Repo, TreeFile};

/// How a listed file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Modified,
    Deleted,
    /// The new path of an exact rename.
    Renamed,
}

/// Whether `path` is one of `specs` or inside one (`""` is the whole repository).
pub fn under_any(path: &str, specs: &[String]) -> bool {
    specs.iter().any(|s| under(path, s))
}

/// Whether `path` is `dir` or inside it.
pub fn under(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || path == dir
        || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

/// The changed files under `specs` between `base` and the work tree, sorted by path.
pub fn worktree_changes(
    repo: &Repo,
    base: ObjectId,
    specs: &[String],
) -> Result<BTreeMap<String, Change>> {
    let before: BTreeMap<String, TreeFile> = repo
        .tree_files(base)?
        .into_iter()
        .filter(|(p, _)| under_any(p, specs))
        .collect();
    let now = work_tree_files(repo, specs)?;
    let mut changes = BTreeMap::new();
    for (path, file) in &now {
        match before.get(path) {
            None => {
                changes.insert(path.clone(), Change::Added);
            }
            Some(old) if !same(old, file) => {
                changes.insert(path.clone(), Change::Modified);
            }
            Some(_) => {}
        }
    }
    for path in before.keys().filter(|p| !now.contains_key(*p)) {
        changes.insert(path.clone(), Change::Deleted);
    }
    pair_exact_renames(&mut changes, &before, &now);
    Ok(changes)
}

fn same(old: &TreeFile, new: &TreeFile) -> bool {
    let mode_kept = old.executable == new.executable || old.link || !cfg!(unix);
    old.id == new.id && old.link == new.link && mode_kept
}

/// git pairs each added file with a deleted file of the same content (preferring the same file
/// name), and lists only the added side.
fn pair_exact_renames(
    changes: &mut BTreeMap<String, Change>,
    before: &BTreeMap<String, TreeFile>,
    now: &BTreeMap<String, TreeFile>,
) {
    let deleted: Vec<String> = changes
        .iter()
        .filter(|(_, c)| **c == Change::Deleted)
        .map(|(p, _)| p.clone())
        .collect();
    let mut added: BTreeSet<String> = changes
        .iter()
        .filter(|(_, c)| **c == Change::Added)
        .map(|(p, _)| p.clone())
        .collect();
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    for source in deleted {
        let id = before[&source].id;
        let candidates: Vec<&String> = added.iter().filter(|a| now[*a].id == id).collect();
        let pick = candidates
            .iter()
            .find(|a| name(a) == name(&source))
            .or(candidates.first())
            .map(|a| (*a).clone());
        if let Some(target) = pick {
            added.remove(&target);
            changes.remove(&source);
            changes.insert(target, Change::Renamed);
        }
    }
}

/// The tracked files under `specs` as they are on disk: the index's paths, each hashed from
/// the work tree (or taken from the index when its recorded size and time still hold).
fn work_tree_files(repo: &Repo, specs: &[String]) -> Result<BTreeMap<String, TreeFile>> {
    let index = repo
        .repo
        .index_or_empty()
        .map_err(git("reading the git index"))?;
    let state: &gix::index::State = &index;
    let index_time = std::fs::metadata(repo.repo.index_path())
        .and_then(|m| m.modified())
        .ok();
    let hash = repo.repo.object_hash();
    let mut files = BTreeMap::new();
    for entry in state.entries() {
        let path = entry.path(state).to_string();
        if files.contains_key(&path) || !under_any(&path, specs) {
            continue;
        }
        if entry.mode.is_submodule() {
            let file = TreeFile {
                id: entry.id,
                executable: false,
                link: false,
                submodule: true,
            };
            files.insert(path, file);
            continue;
        }
        let full = repo.root().join(&path);
        let meta = match std::fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) if e.raw_os_error() == Some(20) => continue, // ENOTDIR: a parent became a file
            Err(e) => return Err(io(full)(e)),
        };
        let link = meta.file_type().is_symlink();
        if !link && !meta.is_file() {
            continue; // a folder where a file was: the file is gone
        }
        let id = if !link && unchanged_since_indexed(entry, &meta, index_time) {
            entry.id
        } else {
            let data = read_blob(&full, link)?;
            gix::objs::compute_hash(hash, gix::objs::Kind::Blob, &data)
                .map_err(git(format!("hashing {path}")))?
        };
        let file = TreeFile {
            id,
            executable: !link && is_executable(&meta),
            link,
            submodule: false,
        };
        files.insert(path, file);
    }
    Ok(files)
}

/// Every path in the index.
pub fn tracked_paths(repo: &Repo) -> Result<Vec<String>> {
    let index = repo
        .repo
        .index_or_empty()
        .map_err(git("reading the git index"))?;
    let state: &gix::index::State = &index;
    Ok(state
        .entries()
        .iter()
        .map(|e| e.path(state).to_string())
        .collect())
}

/// git's stat check: same size and modification time as recorded in the index, and modified
/// before the index was written (else a change within the same tick could hide).
fn unchanged_since_indexed(
    entry: &gix::index::Entry,
    meta: &std::fs::Metadata,
    index_time: Option<SystemTime>,
) -> bool {
    let (Some(index_time), Ok(modified)) = (index_time, meta.modified()) else {
        return false;
    };
    let Ok(since) = modified.duration_since(SystemTime::UNIX_EPOCH) else {
        return false;
    };
    modified < index_time
        && entry.stat.size == meta.len() as u32
        && entry.stat.mtime.secs == since.as_secs() as u32
        && entry.stat.mtime.nsecs == since.subsec_nanos()
}

fn read_blob(path: &Path, link: bool) -> Result<Vec<u8>> {
    if link {
        let target = std::fs::read_link(path).map_err(io(path))?;
        return Ok(target.to_string_lossy().into_owned().into_bytes());
    }
    std::fs::read(path).map_err(io(path))
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_matches_whole_components() {
        assert!(under("charts/a/Chart.yaml", "charts"));
        assert!(under("charts", "charts"));
        assert!(!under("chartsx/a", "charts"));
        assert!(under("anything", ""));
    }
}

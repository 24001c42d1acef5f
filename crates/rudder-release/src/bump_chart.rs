//! `rudder bump`'s plan for one chart: the new Chart.yaml (only the version line, and
//! appVersion when asked), dependents' constraints, and the CHANGELOG.md entry. Nothing is
//! written until [`apply`].

use std::path::{Path, PathBuf};

use crate::bump::{next_version, Bump, Part, RcStyle};
use crate::dependents::{self, DependentEntry};
use crate::error::{io, Error, Result};
use crate::git::Repo;
use crate::{changelog, diff, history, paths, yaml_edit};

#[derive(Debug, Clone)]
pub struct BumpOptions {
    pub bump: Bump,
    pub rc_style: RcStyle,
    /// What a new release candidate increases when the version is a release.
    pub rc_part: Part,
    pub app_version: Option<String>,
    pub update_dependents: bool,
    pub changelog: bool,
    /// The changelog's lines; empty: the commit messages since the version last changed.
    pub messages: Vec<String>,
    /// The release date written in the changelog, `YYYY-MM-DD`.
    pub date: String,
}

/// A file's content before and after.
#[derive(Debug, Clone)]
pub struct FileEdit {
    pub path: PathBuf,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone)]
pub struct BumpPlan {
    pub name: String,
    pub old: String,
    pub new: String,
    pub edits: Vec<FileEdit>,
    /// Dependents' entries rewritten or left alone (with why).
    pub dependents: Vec<DependentEntry>,
    /// Things the user should know: stale Chart.lock files, constraints left alone.
    pub notes: Vec<String>,
}

/// Plans the bump of the chart in `dir`; `repo` is the git repository around it, if any.
pub fn plan(dir: &Path, repo: Option<&Repo>, opts: &BumpOptions) -> Result<BumpPlan> {
    let chart_file = dir.join("Chart.yaml");
    let text = std::fs::read_to_string(&chart_file).map_err(io(&chart_file))?;
    let md = rudder_chart::Metadata::parse(&text).map_err(|source| Error::Chart {
        path: chart_file.clone(),
        source,
    })?;
    let edit_error = |message: String| Error::Edit {
        path: chart_file.clone(),
        message,
    };
    let old = md.version.clone();
    let new = next_version(&old, opts.bump, opts.rc_style, opts.rc_part)?;
    let mut after = yaml_edit::set_top_level(&text, "version", &new)
        .map_err(edit_error)?
        .ok_or_else(|| edit_error("has no version".into()))?;
    if let Some(app) = &opts.app_version {
        after = match yaml_edit::set_top_level(&after, "appVersion", app).map_err(edit_error)? {
            Some(t) => t,
            None => yaml_edit::insert_after(&after, "version", "appVersion", app),
        };
    }
    let mut edits = vec![FileEdit {
        path: chart_file.clone(),
        before: text,
        after,
    }];
    let mut notes = Vec::new();
    let (root, chart, tracked) = locate(dir, repo)?;
    let mut entries = Vec::new();
    if opts.update_dependents {
        let candidates = dependents::charts_in(&root, &tracked);
        entries = dependents::find(&root, &candidates, &chart, &md.name, &new);
        edits.extend(dependent_edits(&root, &entries, &mut notes)?);
    }
    if opts.changelog {
        edits.push(changelog_edit(dir, repo, &chart, &md.name, &new, opts)?);
    }
    Ok(BumpPlan {
        name: md.name,
        old,
        new,
        edits,
        dependents: entries,
        notes,
    })
}

/// The repository root, the chart's path in it, and the tracked files (without git: the
/// chart's parent folder and the charts beside it).
fn locate(dir: &Path, repo: Option<&Repo>) -> Result<(PathBuf, String, Vec<String>)> {
    let abs = dir.canonicalize().map_err(io(dir))?;
    if let Some(repo) = repo {
        let chart = paths::repo_relative(repo.root(), &abs, ".")?;
        return Ok((repo.root().to_path_buf(), chart, diff::tracked_paths(repo)?));
    }
    let parent = abs.parent().unwrap_or(&abs).to_path_buf();
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let siblings = crate::changed::all_charts(&parent, &[String::new()], &[]);
    let tracked = siblings.iter().map(|c| format!("{c}/Chart.yaml")).collect();
    Ok((parent, name, tracked))
}

fn dependent_edits(
    root: &Path,
    entries: &[DependentEntry],
    notes: &mut Vec<String>,
) -> Result<Vec<FileEdit>> {
    let mut edits: Vec<FileEdit> = Vec::new();
    for entry in entries {
        let path = root.join(&entry.chart).join(entry.file);
        let Some(new) = &entry.new else {
            if let Some(note) = &entry.note {
                notes.push(format!(
                    "{}/{}: dependency {}",
                    entry.chart, entry.file, note
                ));
            }
            continue;
        };
        let slot = match edits.iter().position(|e| e.path == path) {
            Some(i) => i,
            None => {
                let text = std::fs::read_to_string(&path).map_err(io(&path))?;
                edits.push(FileEdit {
                    path: path.clone(),
                    before: text.clone(),
                    after: text,
                });
                edits.len() - 1
            }
        };
        let edit = &mut edits[slot];
        let failed = |message: String| Error::Edit {
            path: path.clone(),
            message,
        };
        edit.after = yaml_edit::set_dependency_version(&edit.after, entry.index, new)
            .map_err(failed)?
            .ok_or_else(|| {
                failed(format!(
                    "dependency {} has no version line",
                    entry.index + 1
                ))
            })?;
        let lock = root.join(&entry.chart).join(if entry.file == "Chart.yaml" {
            "Chart.lock"
        } else {
            "requirements.lock"
        });
        if lock.is_file() {
            notes.push(format!(
                "{}/{} records the old version: run `helm dependency update {}`",
                entry.chart,
                lock.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                entry.chart
            ));
        }
    }
    Ok(edits)
}

fn changelog_edit(
    dir: &Path,
    repo: Option<&Repo>,
    chart: &str,
    name: &str,
    version: &str,
    opts: &BumpOptions,
) -> Result<FileEdit> {
    let path = dir.join("CHANGELOG.md");
    let before = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io(&path)(e)),
    };
    let messages = match (opts.messages.is_empty(), repo) {
        (false, _) => opts.messages.clone(),
        (true, Some(repo)) => match repo.commit_of("HEAD")? {
            Some(head) => history::commits_since_version_change(repo, head, chart)?
                .into_iter()
                .rev() // oldest first: the entry reads in the order things happened
                .map(|c| c.summary)
                .collect(),
            None => Vec::new(),
        },
        (true, None) => Vec::new(),
    };
    let has_unreleased_notes = has_unreleased_notes(&before);
    if messages.is_empty() && !has_unreleased_notes {
        return Err(Error::Edit {
            path,
            message: format!(
                "no commit touched {chart} since its version last changed, and no [Unreleased] notes: \
                 give the entry with --message, or skip it with --no-changelog"
            ),
        });
    }
    let after = changelog::add_release(&before, name, version, &opts.date, &messages);
    Ok(FileEdit {
        path,
        before,
        after,
    })
}

fn has_unreleased_notes(text: &str) -> bool {
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            if inside {
                return false;
            }
            inside = line.trim().eq_ignore_ascii_case("## [unreleased]")
                || line.trim().eq_ignore_ascii_case("## unreleased");
            continue;
        }
        if inside && !line.trim().is_empty() {
            return true;
        }
    }
    false
}

/// Writes every planned file.
pub fn apply(plan: &BumpPlan) -> Result<()> {
    for edit in plan.edits.iter().filter(|e| e.before != e.after) {
        std::fs::write(&edit.path, &edit.after).map_err(io(&edit.path))?;
    }
    Ok(())
}

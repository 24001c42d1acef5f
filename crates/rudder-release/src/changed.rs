//! chart-testing's `list-changed`: the merge base of `<remote>/<target-branch>` and `--since`,
//! the files changed since then under the chart folders, each mapped to the chart folder
//! holding it (a direct child of a chart folder with a Chart.yaml on disk). rudder adds: a chart
//! whose local (`file://`) dependency changed counts as changed too, and ignore patterns.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use gix::ObjectId;
use rudder_chart::helmignore::Rules;

use crate::diff::{under, under_any, worktree_changes};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::{local_deps, paths};

/// What to compare, with ct's defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder paths are relative to (and printed from).
    pub cwd: PathBuf,
    pub since: String,
    pub remote: String,
    pub target_branch: String,
    /// Use `since` itself as the base when `<remote>/<target-branch>` does not exist.
    pub since_alone: bool,
    /// Folders holding charts; empty: `charts` if it exists, else found in the repository.
    pub chart_dirs: Vec<String>,
    pub excluded_charts: Vec<String>,
    /// Filter each chart's changed files through its `.helmignore` (ct's `--use-helmignore`).
    pub use_helmignore: bool,
    /// `.helmignore`-style patterns, matched against paths inside each chart.
    pub ignore: Vec<String>,
    /// Count a chart as changed when a `file://` dependency in the repository changed.
    pub local_dependencies: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cwd: PathBuf::from("."),
            since: "HEAD".into(),
            remote: "origin".into(),
            target_branch: "main".into(),
            since_alone: false,
            chart_dirs: Vec::new(),
            excluded_charts: Vec::new(),
            use_helmignore: false,
            ignore: Vec::new(),
            local_dependencies: true,
        }
    }
}

/// Why a chart is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Its own files changed (paths inside the chart).
    Files(Vec<String>),
    /// A `file://` dependency changed: the dependency's folder, as printed.
    Dependency(String),
}

#[derive(Debug, Clone)]
pub struct ChangedChart {
    /// The chart folder as seen from `cwd` (what ct prints).
    pub path: String,
    /// The chart folder from the repository root.
    pub repo_path: String,
    pub reason: Reason,
}

/// The outcome: the charts, and what ct would have said on the way.
#[derive(Debug, Clone)]
pub struct Changed {
    pub base: ObjectId,
    /// The commit the version check reads old versions from: `<remote>/<target-branch>`
    /// (ct's rule), or the base when that branch does not exist.
    pub target: ObjectId,
    /// The chart folders searched, from `cwd`.
    pub chart_dirs: Vec<String>,
    /// Changed charts, sorted by path.
    pub charts: Vec<ChangedChart>,
    /// Folders with changed files that are no chart (ct: "Directory ... is not a valid chart
    /// directory. Skipping..."), once per file as ct says it.
    pub not_charts: Vec<String>,
}

/// Lists the changed charts.
pub fn changed(repo: &Repo, opts: &Options) -> Result<Changed> {
    let root = repo.root();
    let cwd_abs = opts
        .cwd
        .canonicalize()
        .map_err(crate::error::io(&opts.cwd))?;
    let cwd = paths::repo_relative(root, &cwd_abs, ".")?;
    let (base, target) = base_commit(repo, opts)?;

    let chart_dirs = match opts.chart_dirs.is_empty() {
        false => opts
            .chart_dirs
            .iter()
            .map(|d| paths::repo_relative(root, &cwd_abs, d))
            .collect::<Result<Vec<_>>>()?,
        true if cwd_abs.join("charts").is_dir() => {
            vec![paths::join(&cwd, "charts").unwrap_or_default()]
        }
        true => find_chart_dirs(repo, base)?,
    };

    let files = worktree_changes(repo, base, &chart_dirs)?;
    let mut by_chart: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut not_charts = Vec::new();
    for file in files.keys() {
        let dir = paths::parent(file);
        match lookup_chart_dir(root, &chart_dirs, dir) {
            Some(chart) => {
                if opts
                    .excluded_charts
                    .iter()
                    .any(|e| e == paths::base_name(&chart))
                {
                    continue;
                }
                let inside = file[chart.len()..].trim_start_matches('/').to_string();
                by_chart.entry(chart).or_default().push(inside);
            }
            None => not_charts.push(paths::from_cwd(dir, &cwd)),
        }
    }
    let ignore = Rules::parse(&opts.ignore.join("\n")).map_err(|source| Error::Chart {
        path: PathBuf::from("--ignore"),
        source,
    })?;
    let mut reasons: BTreeMap<String, Reason> = BTreeMap::new();
    for (chart, files) in by_chart {
        let kept = kept_files(root, &chart, files, opts, &ignore)?;
        if !kept.is_empty() {
            reasons.insert(chart, Reason::Files(kept));
        }
    }
    if opts.local_dependencies {
        add_dependents(repo, base, &chart_dirs, opts, &ignore, &mut reasons, &cwd)?;
    }
    let charts = reasons
        .into_iter()
        .map(|(repo_path, reason)| ChangedChart {
            path: paths::from_cwd(&repo_path, &cwd),
            repo_path,
            reason,
        })
        .collect();
    Ok(Changed {
        base,
        target,
        chart_dirs: chart_dirs
            .iter()
            .map(|d| paths::from_cwd(d, &cwd))
            .collect(),
        charts,
        not_charts,
    })
}

/// ct's base: `git merge-base <remote>/<target-branch> <since>`.
fn base_commit(repo: &Repo, opts: &Options) -> Result<(ObjectId, ObjectId)> {
    let branch = format!("{}/{}", opts.remote, opts.target_branch);
    let since = repo.require_commit(&opts.since)?;
    match repo.commit_of(&branch)? {
        Some(target) => Ok((repo.merge_base(target, since)?, target)),
        None if opts.since_alone => Ok((since, since)),
        None => Err(Error::NoTargetBranch(branch)),
    }
}

/// ct's `LookupChartDir`: from `dir` upwards, the first folder with a Chart.yaml on disk whose
/// parent is one of the chart folders.
fn lookup_chart_dir(root: &Path, chart_dirs: &[String], dir: &str) -> Option<String> {
    for chart_dir in chart_dirs {
        let mut current = dir;
        while under(current, chart_dir) && current != chart_dir {
            if paths::parent(current) == chart_dir && is_chart(root, current) {
                return Some(current.to_string());
            }
            current = paths::parent(current);
            if current.is_empty() && !chart_dir.is_empty() {
                break;
            }
        }
    }
    None
}

fn is_chart(root: &Path, dir: &str) -> bool {
    root.join(dir).join("Chart.yaml").is_file()
}

/// The chart's changed files left after `.helmignore` (when asked) and `--ignore`; a file in an
/// ignored folder is ignored, as ct walks folders first.
fn kept_files(
    root: &Path,
    chart: &str,
    files: Vec<String>,
    opts: &Options,
    ignore: &Rules,
) -> Result<Vec<String>> {
    let helmignore = match opts.use_helmignore {
        true => Some(load_helmignore(root, chart)?),
        false => None,
    };
    // Rules::parse adds helm's default rule, so the `--ignore` rules apply only when given.
    let ignored = |path: &str| {
        helmignore
            .as_ref()
            .is_some_and(|r| ignored_with_folders(r, path))
            || (!opts.ignore.is_empty() && ignored_with_folders(ignore, path))
    };
    Ok(files.into_iter().filter(|f| !ignored(f)).collect())
}

fn ignored_with_folders(rules: &Rules, path: &str) -> bool {
    let folders = path.match_indices('/').map(|(i, _)| &path[..i]);
    folders.into_iter().any(|f| rules.ignore(f, true)) || rules.ignore(path, false)
}

fn load_helmignore(root: &Path, chart: &str) -> Result<Rules> {
    let file = root.join(chart).join(".helmignore");
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(crate::error::io(&file)(e)),
    };
    Rules::parse(&text).map_err(|source| Error::Chart { path: file, source })
}

/// Every chart in the chart folders whose `file://` dependency changed (directly, or because a
/// dependency of the dependency did) is listed with that dependency as its reason.
fn add_dependents(
    repo: &Repo,
    base: ObjectId,
    chart_dirs: &[String],
    opts: &Options,
    ignore: &Rules,
    reasons: &mut BTreeMap<String, Reason>,
    cwd: &str,
) -> Result<()> {
    let root = repo.root();
    let charts = all_charts(root, chart_dirs, &opts.excluded_charts);
    // Every folder reachable through file:// links, with the links of the charts found there.
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut queue: Vec<String> = charts.clone();
    while let Some(chart) = queue.pop() {
        if deps.contains_key(&chart) {
            continue;
        }
        let links = local_deps::local_dependencies(root, &chart);
        queue.extend(links.iter().cloned());
        deps.insert(chart, links);
    }
    let outside: Vec<String> = deps
        .keys()
        .filter(|d| !under_any(d, chart_dirs))
        .cloned()
        .collect();
    let outside_files = match outside.is_empty() {
        true => BTreeMap::new(),
        false => worktree_changes(repo, base, &outside)?,
    };
    let mut changed: BTreeSet<String> = reasons.keys().cloned().collect();
    for dir in &outside {
        let files: Vec<String> = outside_files
            .keys()
            .filter(|f| under(f, dir))
            .map(|f| f[dir.len()..].trim_start_matches('/').to_string())
            .collect();
        if !kept_files(root, dir, files, opts, ignore)?.is_empty() {
            changed.insert(dir.clone());
        }
    }
    // Until nothing more changes: a folder is changed when one of its links is.
    loop {
        let mut grew = false;
        for (dir, links) in &deps {
            if changed.contains(dir) {
                continue;
            }
            if let Some(link) = links.iter().find(|l| changed.contains(*l)) {
                changed.insert(dir.clone());
                if charts.contains(dir) {
                    reasons.insert(dir.clone(), Reason::Dependency(paths::from_cwd(link, cwd)));
                }
                grew = true;
            }
        }
        if !grew {
            return Ok(());
        }
    }
}

/// ct's `ReadAllChartDirectories`: the direct child folders of the chart folders that hold a
/// Chart.yaml, except the excluded ones.
pub fn all_charts(root: &Path, chart_dirs: &[String], excluded: &[String]) -> Vec<String> {
    let mut charts = Vec::new();
    for dir in chart_dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut found: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !excluded.contains(name))
            .map(|name| paths::join(dir, &name).unwrap_or(name))
            .filter(|chart| is_chart(root, chart))
            .collect();
        found.sort();
        charts.extend(found);
    }
    charts
}

/// Chart folders found in the repository when `charts/` does not exist: the folders holding
/// charts (from the base commit and the index), leaving out charts inside other charts.
fn find_chart_dirs(repo: &Repo, base: ObjectId) -> Result<Vec<String>> {
    let mut charts: BTreeSet<String> = repo
        .tree_files(base)?
        .into_keys()
        .filter(|p| p == "Chart.yaml" || p.ends_with("/Chart.yaml"))
        .map(|p| paths::parent(&p).to_string())
        .collect();
    let root = repo.root();
    charts.extend(
        crate::diff::tracked_paths(repo)?
            .into_iter()
            .filter_map(|p| {
                let is_chart_file = p == "Chart.yaml" || p.ends_with("/Chart.yaml");
                is_chart_file.then(|| paths::parent(&p).to_string())
            }),
    );
    let top: Vec<&String> = charts
        .iter()
        .filter(|c| !c.is_empty() && root.join(c).is_dir())
        .filter(|c| {
            !charts
                .iter()
                .any(|o| o != *c && (o.is_empty() || under(c, o)))
        })
        .collect();
    let dirs: BTreeSet<String> = top.iter().map(|c| paths::parent(c).to_string()).collect();
    Ok(dirs.into_iter().collect())
}

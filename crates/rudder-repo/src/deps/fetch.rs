//! helm's `downloadAll`: every locked dependency's archive saved into a temporary folder in
//! the chart, checked, then moved into `charts/`, where archives no dependency wants any more
//! are deleted. Archives download concurrently and go through a content-addressed cache; a
//! failure leaves `charts/` as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rudder_chart::load::io_text;
use rudder_chart::Dependency;
use rudder_gocompat::semver::{self, Version};
use rudder_report::Reporter;
use sha2::{Digest, Sha256};

use super::resolve::{cached_index, is_oci, local_path, oci_error, RepoNames, Repositories};
use super::{Options, Out};
use crate::chart_repo::resolve_reference;
use crate::http::{Getter, MAX_CHART_BYTES};
use crate::index::IndexFile;
use crate::package::{package, PackageOptions};
use crate::repo_file::Entry;
use crate::{fsutil, RepoError};

/// What helm's getter asks for when it downloads a chart.
const ACCEPT: &str = "application/gzip,application/octet-stream";

/// One archive to download: where from, with which repository's settings, and its digest.
struct Job {
    url: String,
    entry: Entry,
    digest: String,
    file: String,
}

fn io(op: &str, path: &Path, e: &std::io::Error) -> RepoError {
    RepoError::Message(format!("{op} {}: {}", path.display(), io_text(e)))
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The temporary folder, removed however `download_all` ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// helm's content cache: `<root>/<first byte>/<sha256>.chart`.
fn cache_path(root: &Path, digest: &str) -> PathBuf {
    root.join(&digest[..2]).join(format!("{digest}.chart"))
}

/// A digest as an index writes it (`sha256:` prefix optional), if it is one.
fn normal_digest(d: &str) -> Option<String> {
    let hex = d.strip_prefix("sha256:").unwrap_or(d).to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// The archive at `job.url`: from the cache when its digest is known and the cached bytes
/// match it, else downloaded, checked against the digest, and cached.
fn fetch(job: &Job, opts: &Options) -> Result<Vec<u8>, RepoError> {
    let want = normal_digest(&job.digest);
    if let Some(d) = &want {
        if let Ok(bytes) = std::fs::read(cache_path(&opts.content_cache, d)) {
            if hex_sha256(&bytes) == *d {
                return Ok(bytes);
            }
        }
    }
    let getter = Getter::new(&job.entry, opts.timeout)?;
    let bytes = getter.get(&job.url, Some(ACCEPT), MAX_CHART_BYTES)?;
    let got = hex_sha256(&bytes);
    if let Some(d) = &want {
        if got != *d {
            return Err(RepoError::Message(format!(
                "digest mismatch: the repository's index says sha256:{d}, the download is sha256:{got}"
            )));
        }
    }
    // A chart that does not load is not cached.
    rudder_chart::load::load_archive(&bytes)?;
    let path = cache_path(&opts.content_cache, &got);
    if let Some(dir) = path.parent() {
        if std::fs::create_dir_all(dir).is_ok() {
            // The cache is an optimisation: failing to fill it fails nothing.
            let _ = fsutil::write_atomic(&path, &bytes, 0o644);
        }
    }
    Ok(bytes)
}

/// The file name helm gives a download: the last segment of the URL's path.
fn file_name(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.path_segments()?.next_back().map(|s| percent_decode(s)))
        .unwrap_or_default()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 0 && i + 2 <= b.len() - 1 {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// helm's `findChartURL`: the locked version's URL in the repository's index.
fn find_chart_url(
    d: &Dependency,
    index: &IndexFile,
    base: &str,
) -> Result<(String, String), RepoError> {
    let versions = index
        .versions(&d.name)
        .ok_or_else(|| RepoError::Message("could not find : entry not found".into()))?;
    let wanted = Version::parse(&d.version);
    let cv = versions
        .iter()
        .filter(|cv| !cv.urls().is_empty())
        .find(|cv| match &wanted {
            _ if d.version.is_empty() => true,
            Some(w) => Version::parse(&cv.version).is_some_and(|v| v.compare(w).is_eq()),
            None => cv.version == d.version,
        })
        .ok_or_else(|| RepoError::Message("could not find : no matching version".into()))?;
    let url = resolve_reference(base, &cv.urls()[0])?;
    Ok((url, cv.digest().to_string()))
}

/// Saves every locked dependency under `charts/` (file:// versions are updated in `locked`).
pub fn download_all(
    locked: &mut [Dependency],
    repos: &Repositories,
    names: &RepoNames,
    opts: &Options,
    out: Out,
    reporter: &dyn Reporter,
) -> Result<(), RepoError> {
    let dest = opts.chart_path.join("charts");
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
    let tmp = TempDir(
        opts.chart_path
            .join(format!("tmpcharts-{}", std::process::id())),
    );
    std::fs::create_dir_all(&tmp.0).map_err(|e| io("mkdir", &tmp.0, &e))?;

    out(&format!("Saving {} charts\n", locked.len()));
    // First pass, in order: local work and the list of downloads, with helm's lines.
    let mut lines: Vec<String> = Vec::new();
    let mut jobs: Vec<(usize, Job)> = Vec::new();
    let mut indexes: BTreeMap<String, IndexFile> = BTreeMap::new();
    let mut seen_urls: Vec<String> = Vec::new();
    let mut failure: Option<(usize, RepoError)> = None;
    for d in locked.iter_mut() {
        let step = plan_one(d, repos, names, opts, &tmp.0, &mut indexes, reporter);
        match step {
            Err(e) => {
                failure = Some((lines.len(), e));
                break;
            }
            Ok(Plan::Line(line)) => lines.push(line),
            Ok(Plan::Nothing) => {}
            Ok(Plan::Download(job)) => {
                if seen_urls.contains(&job.url) {
                    lines.push(format!(
                        "Already downloaded {} from repo {}\n",
                        d.name, d.repository
                    ));
                    continue;
                }
                seen_urls.push(job.url.clone());
                // helm's downloader logs this each time it makes its cache.
                reporter.log(
                    rudder_report::Level::Debug,
                    "set up default downloader cache",
                    &[],
                );
                lines.push(format!(
                    "Downloading {} from repo {}\n",
                    d.name, d.repository
                ));
                jobs.push((lines.len() - 1, job));
            }
        }
    }
    // Second: the downloads, concurrently; the first failure in dependency order wins.
    let results = download_concurrently(&jobs, opts);
    for ((line, job), result) in jobs.iter().zip(results) {
        let written =
            result.and_then(|bytes| fsutil::write_atomic(&tmp.0.join(&job.file), &bytes, 0o644));
        if let Err(e) = written {
            let e = RepoError::Message(format!("could not download {}: {e}", job.url));
            if failure.as_ref().is_none_or(|(at, _)| *line < *at) {
                failure = Some((*line + 1, e));
            }
        }
    }
    let shown = failure.as_ref().map_or(lines.len(), |(at, _)| *at);
    for line in &lines[..shown.min(lines.len())] {
        out(line);
    }
    if let Some((_, e)) = failure {
        out(&format!("Save error occurred:  {e}\n"));
        return Err(e);
    }
    move_deps(locked, &tmp.0, &dest, out)
}

enum Plan {
    Line(String),
    Nothing,
    Download(Job),
}

fn plan_one(
    d: &mut Dependency,
    repos: &Repositories,
    names: &RepoNames,
    opts: &Options,
    tmp: &Path,
    indexes: &mut BTreeMap<String, IndexFile>,
    reporter: &dyn Reporter,
) -> Result<Plan, RepoError> {
    if d.repository.is_empty() {
        let path = opts.chart_path.join("charts").join(&d.name);
        let line = format!(
            "Dependency {} did not declare a repository. Assuming it exists in the charts directory\n",
            d.name
        );
        let chart = rudder_chart::load::load(&path, &rudder_report::Silent).map_err(|e| {
            RepoError::Message(format!("unable to load chart '{}': {e}", path.display()))
        })?;
        let constraint = semver::parse_constraint(&d.version).map_err(|e| {
            RepoError::Message(format!(
                "dependency {} has an invalid version/constraint format: {e}",
                d.name
            ))
        })?;
        let v = Version::parse(&chart.metadata.version).ok_or_else(|| {
            RepoError::Message(format!(
                "invalid version {} for dependency {}: Invalid Semantic Version",
                d.version, d.name
            ))
        })?;
        if !semver::check_constraint(&constraint, &v) {
            return Err(RepoError::Message(format!(
                "dependency {} at version {} does not satisfy the constraint {}",
                d.name, chart.metadata.version, d.version
            )));
        }
        return Ok(Plan::Line(line));
    }
    if d.repository.starts_with("file://") {
        let path = local_path(&d.repository, &opts.chart_path)?;
        let chart = rudder_chart::load::load(&path, &rudder_report::Silent)?;
        let constraint = semver::parse_constraint(&d.version).map_err(|e| {
            RepoError::Message(format!(
                "dependency {} has an invalid version/constraint format: {e}",
                d.name
            ))
        })?;
        let v = Version::parse(&chart.metadata.version)
            .ok_or_else(|| RepoError::Message("Invalid Semantic Version".into()))?;
        if !semver::check_constraint(&constraint, &v) {
            return Err(RepoError::Message(format!(
                "can't get a valid version for dependency {}",
                d.name
            )));
        }
        package(&path, tmp, &PackageOptions::default(), reporter)?;
        d.version = chart.metadata.version.clone();
        return Ok(if opts.debug {
            Plan::Line(format!("Archiving {} from repo {}\n", d.name, d.repository))
        } else {
            Plan::Nothing
        });
    }
    if is_oci(&d.repository) {
        return Err(oci_error(d));
    }
    // The configured repository serving this URL, else the one named for the URL alone.
    let entry = repos
        .by_url(&d.repository)
        .cloned()
        .unwrap_or_else(|| Entry {
            name: names.get(&d.name).cloned().unwrap_or_default(),
            url: d.repository.clone(),
            ..Entry::default()
        });
    if !indexes.contains_key(&entry.name) {
        let index = cached_index(&entry.name, opts, reporter).map_err(|e| {
            RepoError::Message(format!(
                "chart {} not found in {}: {e}",
                d.name, d.repository
            ))
        })?;
        indexes.insert(entry.name.clone(), index);
    }
    let index = &indexes[&entry.name];
    let (url, digest) = find_chart_url(d, index, &d.repository)?;
    let file = file_name(&url);
    if file.is_empty() || file == "." || file == ".." || file.contains(['/', '\\']) {
        return Err(RepoError::Message(format!(
            "could not download {url}: no file name in the URL"
        )));
    }
    Ok(Plan::Download(Job {
        url,
        entry,
        digest,
        file,
    }))
}

/// Runs the jobs on a few threads; results in job order.
fn download_concurrently(jobs: &[(usize, Job)], opts: &Options) -> Vec<Result<Vec<u8>, RepoError>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Vec<u8>, RepoError>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = jobs.len().clamp(1, 8);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((_, job)) = jobs.get(i) else { break };
                let r = fetch(job, opts);
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(RepoError::Message("download did not run".into()))))
        .collect()
}

/// helm's `safeMoveDeps`: the checked archives replace those in `charts/`; archives of charts
/// no longer wanted are deleted (local `charts/<name>` dependencies are kept).
fn move_deps(deps: &[Dependency], source: &Path, dest: &Path, out: Out) -> Result<(), RepoError> {
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
        let loaded = std::fs::read(&from)
            .map_err(|e| io("open", &from, &e))
            .and_then(|b| rudder_chart::load::load_archive(&b).map_err(RepoError::from));
        if let Err(e) = loaded {
            out(&format!(
                "Could not verify {} for moving: {e} (Skipping)",
                from.display()
            ));
            continue;
        }
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
        let chart = match rudder_chart::load::load(&path, &rudder_report::Silent) {
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

//! Chart archives fetched over HTTP at once, through a content-addressed cache (helm's
//! `content` folder layout, `<cache>/<first byte>/<sha256>.chart`): an archive whose digest the
//! index gives is taken from the cache when the cached bytes have that digest, else downloaded,
//! checked against the digest and loaded as a chart (so nothing hostile or broken is kept),
//! then cached; `charts/` gets a hard link to the cached copy where it can.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::http::{Getter, MAX_CHART_BYTES};
use crate::{fsutil, RepoError};

/// What helm's getter asks for when it downloads a chart.
const ACCEPT: &str = "application/gzip,application/octet-stream";

/// Downloads at once, at most.
const WORKERS: usize = 8;

/// One archive to download: where from, through which repository's getter, its digest.
pub struct Job {
    pub url: String,
    pub repository: String,
    pub digest: String,
    /// The file name in `charts/`.
    pub file: String,
}

pub fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `<root>/<first byte>/<sha256>.chart`.
pub(crate) fn cache_path(root: &Path, digest: &str) -> PathBuf {
    root.join(&digest[..2]).join(format!("{digest}.chart"))
}

/// A digest as an index writes it (`sha256:` prefix optional), if it is one.
pub(crate) fn normal_digest(d: &str) -> Option<String> {
    let hex = d.strip_prefix("sha256:").unwrap_or(d).to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// An archive fetched: its bytes, and the content cache's copy when there is one.
pub(crate) struct Fetched {
    pub bytes: Vec<u8>,
    pub cached: Option<PathBuf>,
}

/// The archive of `job`, from the cache or the network.
pub(crate) fn fetch(job: &Job, getter: &Getter, cache: &Path) -> Result<Fetched, RepoError> {
    let want = normal_digest(&job.digest);
    if let Some(d) = &want {
        let path = cache_path(cache, d);
        if let Ok(bytes) = std::fs::read(&path) {
            if hex_sha256(&bytes) == *d {
                return Ok(Fetched {
                    bytes,
                    cached: Some(path),
                });
            }
        }
    }
    let bytes = getter.get(&job.url, Some(ACCEPT), MAX_CHART_BYTES)?;
    let got = hex_sha256(&bytes);
    if let Some(d) = &want {
        if got != *d {
            return Err(RepoError::Message(format!(
                "digest mismatch: the repository's index says sha256:{d}, the download is sha256:{got}"
            )));
        }
    }
    // A chart that does not load is neither cached nor kept.
    rudder_chart::load::load_archive(&bytes, crate::LOAD_AS)?;
    let cached = store(cache, &bytes, &got);
    Ok(Fetched { bytes, cached })
}

/// Keeps `bytes` (whose sha256 is `digest`) in the content cache; returns the copy's path.
/// The cache is an optimisation: failing to fill it fails nothing.
pub(crate) fn store(cache: &Path, bytes: &[u8], digest: &str) -> Option<PathBuf> {
    let path = cache_path(cache, digest);
    path.parent()
        .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        .then(|| fsutil::write_atomic(&path, bytes, 0o644).ok())
        .flatten()
        .map(|_| path)
}

/// Puts the archive at `target` (in the run's own temporary folder): a hard link to the
/// cached copy where the file system allows one (no second copy of the bytes), else written.
fn place(fetched: &Fetched, target: &Path) -> Result<(), RepoError> {
    if let Some(cached) = &fetched.cached {
        if std::fs::hard_link(cached, target).is_ok() {
            return Ok(());
        }
    }
    std::fs::write(target, &fetched.bytes).map_err(|e| {
        RepoError::Message(format!(
            "open {}: {}",
            target.display(),
            rudder_chart::load::io_text(&e)
        ))
    })
}

/// Runs `jobs` on a few threads, each archive written into `into` once fetched; results in
/// job order. `getter` finds a job's getter by repository name.
pub fn run<'g>(
    jobs: &[Job],
    getter: &(dyn Fn(&str) -> Option<&'g Getter> + Sync),
    cache: &Path,
    into: &Path,
) -> Vec<Result<(), RepoError>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<(), RepoError>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.len().clamp(1, WORKERS) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let result = getter(&job.repository)
                    .ok_or_else(|| RepoError::Message(format!("no getter for {}", job.url)))
                    .and_then(|g| fetch(job, g, cache))
                    .and_then(|fetched| place(&fetched, &into.join(&job.file)));
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(result);
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

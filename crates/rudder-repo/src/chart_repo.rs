//! A chart repository's index as helm fetches and caches it: `index.yaml` resolved against
//! the repository URL, checked, and kept as `<cache>/<name>-index.yaml` with the chart names in
//! `<cache>/<name>-charts.txt`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rudder_gocompat::url_parse;
use rudder_report::Reporter;

use crate::http::{Getter, MAX_INDEX_BYTES};
use crate::index::IndexFile;
use crate::repo_file::Entry;
use crate::{fsutil, RepoError};

/// `<cache>/<name>-index.yaml`.
pub fn cache_index_file(cache: &Path, name: &str) -> PathBuf {
    cache.join(format!("{name}-index.yaml"))
}

/// `<cache>/<name>-charts.txt`.
pub fn cache_charts_file(cache: &Path, name: &str) -> PathBuf {
    cache.join(format!("{name}-charts.txt"))
}

/// helm's `NewChartRepository` check: a URL Go parses, with a scheme helm has a getter for.
pub fn check_url(url: &str) -> Result<(), RepoError> {
    let parsed = url_parse::parse(url)
        .map_err(|_| RepoError::Message(format!("invalid chart URL format: {url}")))?;
    match parsed.scheme.as_str() {
        "http" | "https" => Ok(()),
        "oci" => Err(RepoError::Message(format!(
            "OCI registries are not chart repositories: {url} is used by name in `oci://` references, not added with repo add"
        ))),
        other => Err(RepoError::Message(format!(
            "could not find protocol handler for: {other}"
        ))),
    }
}

/// helm's `ResolveReferenceURL`: `reference` as is when absolute, else resolved against `base`
/// taken as a folder, with `base`'s query kept.
pub fn resolve_reference(base: &str, reference: &str) -> Result<String, RepoError> {
    if let Ok(r) = url_parse::parse(reference) {
        if !r.scheme.is_empty() {
            return Ok(reference.to_string());
        }
    }
    let mut b = reqwest::Url::parse(base)
        .map_err(|e| RepoError::Message(format!("failed to parse {base} as URL: {e}")))?;
    let query = b.query().map(str::to_string);
    let path = format!("{}/", b.path().trim_end_matches('/'));
    b.set_path(&path);
    let mut joined = b
        .join(reference)
        .map_err(|e| RepoError::Message(format!("failed to parse {reference} as URL: {e}")))?;
    joined.set_query(query.as_deref());
    Ok(joined.to_string())
}

/// helm's `urlutil.Equal`: the same URL once the paths are cleaned (a trailing slash aside).
pub fn url_equal(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        url_parse::parse(s).ok().map(|mut u| {
            let path = if u.path.is_empty() { "/" } else { &u.path };
            u.path = rudder_gocompat::path::clean(path);
            u.to_go_string()
        })
    };
    match (norm(a), norm(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// helm's `DownloadIndexFile`: fetches, checks and caches the index of `entry`.
pub fn download_index(
    entry: &Entry,
    cache: &Path,
    timeout: Duration,
    reporter: &dyn Reporter,
) -> Result<(), RepoError> {
    download_index_with(&Getter::new(entry, timeout), entry, cache, reporter).map(|_| ())
}

/// [`download_index`] with a getter of the caller's; returns the index.
pub fn download_index_with(
    getter: &Getter,
    entry: &Entry,
    cache: &Path,
    reporter: &dyn Reporter,
) -> Result<IndexFile, RepoError> {
    let url = resolve_reference(&entry.url, "index.yaml")?;
    let bytes = getter.get(&url, None, MAX_INDEX_BYTES)?;
    let index = IndexFile::parse(&bytes, &entry.url, reporter).map_err(RepoError::Message)?;
    let mut names = String::new();
    for name in index.names() {
        names.push_str(name);
        names.push('\n');
    }
    std::fs::create_dir_all(cache).map_err(|e| {
        RepoError::Message(format!(
            "mkdir {}: {}",
            cache.display(),
            rudder_chart::load::io_text(&e)
        ))
    })?;
    fsutil::write_atomic(
        &cache_charts_file(cache, &entry.name),
        names.as_bytes(),
        0o644,
    )?;
    fsutil::write_atomic(&cache_index_file(cache, &entry.name), &bytes, 0o644)?;
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_against_the_repository_folder() {
        let r = |b, x| resolve_reference(b, x).unwrap();
        assert_eq!(
            r("http://h/charts", "index.yaml"),
            "http://h/charts/index.yaml"
        );
        assert_eq!(r("http://h/charts/", "a-1.tgz"), "http://h/charts/a-1.tgz");
        assert_eq!(r("http://h/c?t=1", "a-1.tgz"), "http://h/c/a-1.tgz?t=1");
        assert_eq!(r("http://h/c", "https://o/a.tgz"), "https://o/a.tgz");
    }

    #[test]
    fn urls_equal_up_to_a_trailing_slash() {
        assert!(url_equal("http://h:1", "http://h:1/"));
        assert!(url_equal("http://h/x/", "http://h/x"));
        assert!(!url_equal("http://h/x", "http://h/y"));
    }
}

//! The repository indexes a dependency run reads, each parsed once: the refresh hands over
//! what it downloaded, the others are read from the cache when first needed. Only what
//! resolving and downloading use is kept (versions, URLs, digests), as plain data that
//! crosses threads.

use std::collections::BTreeMap;
use std::path::Path;

use rudder_report::Reporter;

use crate::chart_repo::cache_index_file;
use crate::index::IndexFile;

/// One version of a chart in an index.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: String,
    pub urls: Vec<String>,
    /// The archive's sha256 as the index gives it (empty when it gives none).
    pub digest: String,
}

/// A repository's charts: each chart's versions, newest first (the index's order).
#[derive(Debug, Clone, Default)]
pub struct Releases {
    charts: BTreeMap<String, Vec<Release>>,
}

impl Releases {
    pub fn from_index(index: &IndexFile) -> Releases {
        let charts = index
            .names()
            .map(|name| {
                let versions = index
                    .versions(name)
                    .unwrap_or_default()
                    .iter()
                    .map(|cv| Release {
                        version: cv.version.clone(),
                        urls: cv.urls(),
                        digest: cv.digest().to_string(),
                    })
                    .collect();
                (name.to_string(), versions)
            })
            .collect();
        Releases { charts }
    }

    pub fn versions(&self, chart: &str) -> Option<&[Release]> {
        self.charts.get(chart).map(Vec::as_slice)
    }
}

/// The indexes by repository name; a failed read is remembered with its error text.
#[derive(Default)]
pub struct Indexes {
    loaded: BTreeMap<String, Result<Releases, String>>,
}

impl Indexes {
    /// Keeps `releases` as repository `name`'s index (just downloaded).
    pub fn insert(&mut self, name: &str, releases: Releases) {
        self.loaded.insert(name.to_string(), Ok(releases));
    }

    /// Repository `name`'s index, read from `cache` the first time (helm's `LoadIndexFile`
    /// errors, without the file name prefix helm's callers add themselves).
    pub fn get(
        &mut self,
        name: &str,
        cache: &Path,
        reporter: &dyn Reporter,
    ) -> Result<&Releases, String> {
        if !self.loaded.contains_key(name) {
            let read = IndexFile::load(&cache_index_file(cache, name), reporter)
                .map(|index| Releases::from_index(&index))
                .map_err(|e| e.to_string());
            self.loaded.insert(name.to_string(), read);
        }
        match &self.loaded[name] {
            Ok(releases) => Ok(releases),
            Err(e) => Err(e.clone()),
        }
    }
}

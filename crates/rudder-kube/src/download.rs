//! Schemas of `http(s)://` schema locations, loaded as kubeconform's HTTP loader loads them
//! (pkg/loader/http.go `Load`): the `-cache` folder first, then the server; a 404, or a body
//! that is not JSON, means "no schema here" and the search goes on; any other failure is the
//! resource's error, worded as kubeconform words it.
//!
//! rudder-kube makes no request itself: a [`Downloader`] does (the CLI's is rudder-repo's HTTP
//! client). [`Downloads`] asks it once per URL per run, whichever worker asks first; the others
//! wait for that answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rudder_jsonschema::{parse, Value};

use crate::disk_cache::DiskCache;

/// Why a download gave no body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DownloadError {
    /// The server answered 404.
    NotFound,
    /// A status other than 200 and 404, given up on.
    Status(u16),
    /// The request failed: Go's text of the error `http.Client.Get` returns (`Get "URL": ...`).
    Request(String),
    /// The body could not be read in full.
    Body(String),
}

/// Makes the requests: `GET url`, the body when the answer is 200.
pub trait Downloader: Send + Sync {
    /// `insecure`: the server's TLS certificate is not verified.
    fn get(&self, url: &str, insecure: bool) -> Result<Vec<u8>, DownloadError>;
}

/// What a URL gave.
#[derive(Clone, Debug)]
pub(crate) enum Loaded {
    Doc(Arc<Value>),
    NotFound,
    /// kubeconform's message, reported for the resource.
    Failed(String),
}

/// The answer of each (insecure, URL), filled by the first worker that asks.
type Answers = HashMap<(bool, String), Arc<OnceLock<Loaded>>>;

/// Answers for one run: each URL asked once, through the on-disk cache when there is one.
pub struct Downloads {
    downloader: Box<dyn Downloader>,
    cache: Option<DiskCache>,
    insecure: bool,
    done: Mutex<Answers>,
}

impl std::fmt::Debug for Downloads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Downloads")
            .field("cache", &self.cache)
            .field("insecure", &self.insecure)
            .finish_non_exhaustive()
    }
}

impl Downloads {
    /// `insecure` is `-insecure-skip-tls-verify`: it applies to the schema locations only.
    pub fn new(downloader: Box<dyn Downloader>, cache: Option<DiskCache>, insecure: bool) -> Self {
        Downloads {
            downloader,
            cache,
            insecure,
            done: Mutex::new(HashMap::new()),
        }
    }

    /// The schema a location's URL names.
    pub(crate) fn schema(&self, url: &str) -> Loaded {
        self.load(url, self.insecure)
    }

    /// A document a schema refers to: kubeconform's reference loader verifies certificates
    /// whatever the flag (validator.go `New` makes it with `skipTLS` false).
    pub(crate) fn reference(&self, url: &str) -> Loaded {
        self.load(url, false)
    }

    fn load(&self, url: &str, insecure: bool) -> Loaded {
        let cell = {
            let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
            done.entry((insecure, url.to_string())).or_default().clone()
        };
        cell.get_or_init(|| self.fetch(url, insecure)).clone()
    }

    fn fetch(&self, url: &str, insecure: bool) -> Loaded {
        if let Some(body) = self.cache.as_ref().and_then(|c| c.get(url)) {
            // A cached body is parsed without the download's leniency: not JSON is an error.
            return match parse(&body) {
                Ok(doc) => Loaded::Doc(Arc::new(doc)),
                Err(e) => Loaded::Failed(e.to_string()),
            };
        }
        let body = match self.downloader.get(url, insecure) {
            Ok(body) => body,
            Err(DownloadError::NotFound) => return Loaded::NotFound,
            Err(DownloadError::Status(code)) => {
                return Loaded::Failed(format!(
                    "error while downloading schema at {url} - received HTTP status {code}"
                ))
            }
            Err(DownloadError::Request(e)) => {
                return Loaded::Failed(format!("failed downloading schema at {url}: {e}"))
            }
            Err(DownloadError::Body(e)) => {
                return Loaded::Failed(format!("failed parsing schema from {url}: {e}"))
            }
        };
        // Stored before it is parsed, as kubeconform does.
        if let Some(cache) = &self.cache {
            if let Err(e) = cache.set(url, &body) {
                return Loaded::Failed(format!("failed to write cache to disk: {e}"));
            }
        }
        match parse(&body) {
            Ok(doc) => Loaded::Doc(Arc::new(doc)),
            // kubeconform's NewNonJSONResponseError makes a NotFoundError.
            Err(_) => Loaded::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Canned answers by URL, counting the requests.
    struct Canned(
        HashMap<&'static str, Result<&'static str, DownloadError>>,
        Arc<AtomicUsize>,
    );

    impl Downloader for Canned {
        fn get(&self, url: &str, _insecure: bool) -> Result<Vec<u8>, DownloadError> {
            self.1.fetch_add(1, Ordering::SeqCst);
            match self.0.get(url) {
                Some(Ok(body)) => Ok(body.as_bytes().to_vec()),
                Some(Err(e)) => Err(e.clone()),
                None => Err(DownloadError::NotFound),
            }
        }
    }

    /// The downloads, and the count of requests made.
    fn downloads(cache: Option<DiskCache>) -> (Downloads, Arc<AtomicUsize>) {
        let answers = HashMap::from([
            ("u/ok", Ok(r#"{"type":"object"}"#)),
            ("u/html", Ok("<html>")),
            ("u/403", Err(DownloadError::Status(403))),
            (
                "u/down",
                Err(DownloadError::Request("Get \"u/down\": EOF".into())),
            ),
            ("u/cut", Err(DownloadError::Body("unexpected EOF".into()))),
        ]);
        let count = Arc::new(AtomicUsize::new(0));
        let d = Downloads::new(Box::new(Canned(answers, count.clone())), cache, false);
        (d, count)
    }

    fn failed(l: Loaded) -> String {
        match l {
            Loaded::Failed(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn answers_and_messages_as_kubeconform() {
        let (d, _) = downloads(None);
        assert!(matches!(d.schema("u/ok"), Loaded::Doc(_)));
        assert!(matches!(d.schema("u/missing"), Loaded::NotFound));
        assert!(matches!(d.schema("u/html"), Loaded::NotFound));
        assert_eq!(
            failed(d.schema("u/403")),
            "error while downloading schema at u/403 - received HTTP status 403"
        );
        assert_eq!(
            failed(d.schema("u/down")),
            "failed downloading schema at u/down: Get \"u/down\": EOF"
        );
        assert_eq!(
            failed(d.schema("u/cut")),
            "failed parsing schema from u/cut: unexpected EOF"
        );
    }

    #[test]
    fn each_url_is_asked_once_from_any_thread() {
        let (d, count) = downloads(None);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    d.schema("u/ok");
                    d.schema("u/403");
                });
            }
        });
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn the_disk_cache_is_read_first_and_written_before_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::open(&dir.path().to_string_lossy()).unwrap();
        let (d, _) = downloads(Some(cache.clone()));
        assert!(matches!(d.schema("u/ok"), Loaded::Doc(_)));
        assert!(matches!(d.schema("u/html"), Loaded::NotFound));
        assert!(cache.get("u/403").is_none());
        // A later run reads the cache: the stored HTML is now an error, as in kubeconform.
        let (again, count) = downloads(Some(cache));
        assert!(matches!(again.schema("u/ok"), Loaded::Doc(_)));
        assert!(failed(again.schema("u/html")).starts_with("invalid character '<'"));
        assert_eq!(count.load(Ordering::SeqCst), 0);
    }
}

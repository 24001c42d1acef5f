//! HTTP(S) downloads as helm's `HTTPGetter` makes them: basic auth sent only to the
//! repository's own host unless `pass_credentials_all`, a CA bundle, a client certificate,
//! `insecure_skip_tls_verify`, helm's User-Agent; plus what helm lacks: a size limit, so a
//! hostile server cannot fill memory.

use std::io::Read;
use std::time::Duration;

use crate::repo_file::Entry;
use crate::RepoError;

/// helm's default download timeout (`--timeout`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The largest index.yaml accepted: public repositories' indexes stay well under it.
pub const MAX_INDEX_BYTES: u64 = 64 << 20;
/// The largest chart archive accepted.
pub const MAX_CHART_BYTES: u64 = 64 << 20;

/// A client set up for one repository's options.
#[derive(Clone)]
pub struct Getter {
    client: reqwest::blocking::Client,
    /// The repository's URL: credentials go to its host only (unless `pass_all`).
    repo_url: String,
    username: String,
    password: String,
    pass_all: bool,
}

fn read_file(path: &str) -> Result<Vec<u8>, RepoError> {
    std::fs::read(path).map_err(|e| {
        RepoError::Message(format!(
            "can't create TLS config for client: failed to read {path}: {}",
            rudder_chart::load::io_text(&e)
        ))
    })
}

impl Getter {
    /// A client for `entry`'s URL, credentials and TLS settings.
    pub fn new(entry: &Entry, timeout: Duration) -> Result<Getter, RepoError> {
        let mut builder = reqwest::blocking::Client::builder()
            .user_agent(concat!("Helm/4.1.4 rudder/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::limited(10))
            .danger_accept_invalid_certs(entry.insecure_skip_tls_verify);
        if !entry.ca_file.is_empty() {
            let pem = read_file(&entry.ca_file)?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                RepoError::Message(format!(
                    "can't create TLS config for client: failed to append certificates from file: {}: {e}",
                    entry.ca_file
                ))
            })?;
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        if !entry.cert_file.is_empty() && !entry.key_file.is_empty() {
            let mut pem = read_file(&entry.cert_file)?;
            pem.push(b'\n');
            pem.extend(read_file(&entry.key_file)?);
            let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                RepoError::Message(format!(
                    "can't create TLS config for client: can't load key pair from cert {} and key {}: {e}",
                    entry.cert_file, entry.key_file
                ))
            })?;
            builder = builder.identity(identity);
        }
        let client = builder
            .build()
            .map_err(|e| RepoError::Message(format!("can't create HTTP client: {e}")))?;
        Ok(Getter {
            client,
            repo_url: entry.url.clone(),
            username: entry.username.clone(),
            password: entry.password.clone(),
            pass_all: entry.pass_credentials_all,
        })
    }

    /// Whether credentials go along to `url`: helm compares the hosts (with ports).
    fn sends_credentials(&self, url: &reqwest::Url) -> bool {
        if self.username.is_empty() && self.password.is_empty() {
            return false;
        }
        if self.pass_all {
            return true;
        }
        match reqwest::Url::parse(&self.repo_url) {
            Ok(repo) => repo.host_str() == url.host_str() && repo.port() == url.port(),
            Err(_) => false,
        }
    }

    /// The body of `url`, at most `limit` bytes; errors worded as helm's getter words them.
    pub fn get(&self, url: &str, accept: Option<&str>, limit: u64) -> Result<Vec<u8>, RepoError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| RepoError::Message(format!("parse {url:?}: {e}")))?;
        let mut req = self.client.get(parsed.clone());
        if let Some(accept) = accept {
            req = req.header(reqwest::header::ACCEPT, accept);
        }
        if self.sends_credentials(&parsed) {
            req = req.basic_auth(&self.username, Some(&self.password));
        }
        let resp = req.send().map_err(|e| transport_error(url, &e))?;
        let status = resp.status();
        if !status.is_success() {
            // Go prints the status line as the server sent it.
            let reason = resp
                .extensions()
                .get::<hyper::ext::ReasonPhrase>()
                .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_string());
            return Err(RepoError::Message(format!(
                "failed to fetch {url} : {} {reason}",
                status.as_u16()
            )));
        }
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(too_large(url, limit));
        }
        let mut body = Vec::new();
        resp.take(limit + 1)
            .read_to_end(&mut body)
            .map_err(|e| RepoError::Message(format!("reading {url}: {}", error_chain(&e))))?;
        if body.len() as u64 > limit {
            return Err(too_large(url, limit));
        }
        Ok(body)
    }
}

fn too_large(url: &str, limit: u64) -> RepoError {
    RepoError::Message(format!(
        "{url} is larger than the {} MiB rudder accepts",
        limit >> 20
    ))
}

/// The causes of an error, outermost first, as one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = s.source();
    }
    parts.join(": ")
}

/// A failed request as Go's client words it (`Get "URL": dial tcp HOST: connect: connection
/// refused`) where the cause is known, else with reqwest's causes.
fn transport_error(url: &str, e: &reqwest::Error) -> RepoError {
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                let host = reqwest::Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        let port = u.port_or_known_default()?;
                        Some(format!("{}:{port}", u.host_str()?))
                    })
                    .unwrap_or_default();
                return RepoError::Message(format!(
                    "Get {url:?}: dial tcp {host}: connect: connection refused"
                ));
            }
        }
        cur = err.source();
    }
    if e.is_timeout() {
        return RepoError::Message(format!(
            "Get {url:?}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
        ));
    }
    RepoError::Message(format!("Get {url:?}: {}", error_chain(e)))
}

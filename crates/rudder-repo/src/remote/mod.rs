//! Charts named by reference (`repo/name`, a chart URL, `--repo URL name`, `oci://...`) and
//! fetched as helm's `ChartDownloader` fetches them for `helm pull` and `helm template`.
//!
//! Each kind of reference is resolved by a function of its own ([`Reference`]); the HTTP kinds
//! end in one download through the content cache (`<cache>/<xx>/<sha256>.chart`), checked
//! against the index's digest and loaded as a chart before anything is written, so a hostile
//! server leaves nothing behind.

mod expand;
mod index_get;
mod resolve;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rudder_report::Reporter;

use crate::deps::download::{self, Job};
use crate::http::{Getter, MAX_CHART_BYTES};
use crate::{fsutil, RepoError};

pub use expand::expand;

/// What a chart reference names, as helm tells them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// `repo/name`: a chart of a configured repository, found in its cached index.
    Repo { repo: String, chart: String },
    /// An absolute URL of a chart archive.
    Url(String),
    /// `--repo URL name`: a chart of a repository given by URL, its index fetched for the run.
    RepoUrl { url: String, chart: String },
    /// `oci://host/path`: a chart in an OCI registry.
    Oci(String),
}

impl Reference {
    /// helm's reading of a chart argument (`repo_url` is `--repo`, empty when not given).
    pub fn parse(name: &str, repo_url: &str) -> Result<Reference, RepoError> {
        if !repo_url.is_empty() {
            return Ok(Reference::RepoUrl {
                url: repo_url.to_string(),
                chart: name.to_string(),
            });
        }
        if name.starts_with("oci://") {
            return Ok(Reference::Oci(name.to_string()));
        }
        let u = rudder_gocompat::url_parse::parse(name)
            .map_err(|_| RepoError::Message(format!("invalid chart URL format: {name}")))?;
        if !u.scheme.is_empty() && !u.host.is_empty() && !u.path.is_empty() {
            return Ok(Reference::Url(name.to_string()));
        }
        match u.path.split_once('/') {
            Some((repo, chart)) => Ok(Reference::Repo {
                repo: repo.to_string(),
                chart: chart.to_string(),
            }),
            None => Err(RepoError::Message(format!(
                "non-absolute URLs should be in form of repo_name/path_to_chart, got: {}",
                u.to_go_string()
            ))),
        }
    }
}

/// The getter flags of a command: credentials and TLS settings.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    pub pass_credentials_all: bool,
    pub cert_file: String,
    pub key_file: String,
    pub ca_file: String,
    pub insecure_skip_tls_verify: bool,
    /// Plain HTTP to OCI registries (no meaning for chart repositories).
    pub plain_http: bool,
}

/// Provenance files: not fetched, fetched and kept (`--prov`), or fetched and required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Provenance {
    #[default]
    Never,
    Later,
    Always,
}

/// What a fetch needs: the reference's version constraint, the flags, helm's settings.
#[derive(Debug, Clone)]
pub struct Options {
    pub version: String,
    pub credentials: Credentials,
    pub provenance: Provenance,
    pub repository_config: PathBuf,
    pub repository_cache: PathBuf,
    pub content_cache: PathBuf,
    /// helm's registry config (`--registry-config`): credentials for OCI registries.
    pub registry_config: PathBuf,
    pub timeout: Duration,
    /// `helm template`'s rule: credentials go to a `--repo` chart on another host only with
    /// `--pass-credentials` (`helm pull` sends them to the chart's own host).
    pub credentials_stay_with_repo: bool,
}

/// A resolved HTTP download: the URL, the digest the index gives (empty for a URL), and the
/// getter settings (whose `url` decides where credentials go).
#[derive(Debug, Clone)]
pub struct Source {
    pub url: String,
    pub digest: String,
    pub getter: crate::repo_file::Entry,
}

/// A fetched chart archive.
#[derive(Debug)]
pub struct Download {
    /// The file name helm saves it under (`name-version.tgz`).
    pub file_name: String,
    /// Where the archive was fetched from (for messages).
    pub url: String,
    pub bytes: Vec<u8>,
    /// The content cache's copy.
    pub cached: Option<PathBuf>,
    /// The provenance file, when asked for: its bytes, or why it could not be fetched.
    pub provenance: Option<Result<Vec<u8>, RepoError>>,
    /// What helm's registry client prints on stderr once it pulled (OCI only; else empty).
    pub notice: String,
}

/// Fetches the chart `reference` names: one resolver per kind, one download for all HTTP ones.
pub fn fetch(
    reference: &Reference,
    opts: &Options,
    reporter: &dyn Reporter,
) -> Result<Download, RepoError> {
    let source = match reference {
        Reference::Oci(r) => return fetch_oci(r, opts),
        Reference::Repo { repo, chart } => resolve::repo_chart(repo, chart, opts, reporter)?,
        Reference::Url(url) => resolve::chart_url(url, opts, reporter)?,
        Reference::RepoUrl { url, chart } => resolve::in_repo_url(url, chart, opts, reporter)?,
    };
    download_http(&source, opts)
}

/// A chart (and its provenance layer) pulled from an OCI registry with the command's
/// credentials and TLS flags.
fn fetch_oci(reference: &str, opts: &Options) -> Result<Download, RepoError> {
    let c = &opts.credentials;
    let registry = crate::oci::Options {
        registry_config: opts.registry_config.clone(),
        username: c.username.clone(),
        password: c.password.clone(),
        plain_http: c.plain_http,
        insecure_skip_tls_verify: c.insecure_skip_tls_verify,
        cert_file: c.cert_file.clone(),
        key_file: c.key_file.clone(),
        ca_file: c.ca_file.clone(),
        timeout: Some(opts.timeout),
    };
    let pulled = crate::oci::pull(reference, &opts.version, &registry)?;
    let chart = rudder_chart::load::load_archive(&pulled.chart, crate::LOAD_AS)?;
    let file_name = format!("{}-{}.tgz", chart.metadata.name, chart.metadata.version);
    let provenance = (opts.provenance != Provenance::Never).then(|| {
        pulled.prov.clone().ok_or_else(|| {
            RepoError::Message(format!("{} has no provenance layer", pulled.reference))
        })
    });
    // Kept in the content cache as HTTP downloads are (`template` renders from there).
    let digest = download::hex_sha256(&pulled.chart);
    let cached = download::store(&opts.content_cache, &pulled.chart, &digest);
    Ok(Download {
        file_name,
        url: reference.to_string(),
        notice: pulled.notice(),
        bytes: pulled.chart,
        cached,
        provenance,
    })
}

/// helm's `Getters.ByScheme` for chart repositories.
fn check_scheme(url: &str) -> Result<(), RepoError> {
    let scheme = rudder_gocompat::url_parse::parse(url)
        .map(|u| u.scheme)
        .unwrap_or_default();
    match scheme.as_str() {
        "http" | "https" => Ok(()),
        other => Err(RepoError::Message(format!(
            "scheme {other:?} not supported"
        ))),
    }
}

/// The archive (from the content cache when the digest is known and cached) and, when asked,
/// its provenance file (cached beside it as `<sha256>.prov`).
fn download_http(source: &Source, opts: &Options) -> Result<Download, RepoError> {
    check_scheme(&source.url)?;
    let file_name = crate::deps::fetch::checked_file_name(&source.url)?;
    let getter = Getter::new(&source.getter, opts.timeout);
    let job = Job {
        url: source.url.clone(),
        repository: source.getter.name.clone(),
        digest: source.digest.clone(),
        file: file_name.clone(),
    };
    let fetched = download::fetch(&job, &getter, &opts.content_cache)?;
    let provenance = (opts.provenance != Provenance::Never)
        .then(|| provenance(source, &getter, &fetched.bytes, &opts.content_cache));
    Ok(Download {
        file_name,
        url: source.url.clone(),
        bytes: fetched.bytes,
        cached: fetched.cached,
        provenance,
        notice: String::new(),
    })
}

/// `URL.prov`, from the content cache or the server (helm's getter sends no Accept header).
fn provenance(
    source: &Source,
    getter: &Getter,
    archive: &[u8],
    cache: &Path,
) -> Result<Vec<u8>, RepoError> {
    let digest = download::hex_sha256(archive);
    let path = download::cache_path(cache, &digest).with_extension("prov");
    if let Ok(bytes) = std::fs::read(&path) {
        if !bytes.is_empty() {
            return Ok(bytes);
        }
    }
    let bytes = getter.get(&format!("{}.prov", source.url), None, MAX_CHART_BYTES)?;
    // The cache is an optimisation: failing to fill it fails nothing.
    let _ = fsutil::write_atomic(&path, &bytes, 0o644);
    Ok(bytes)
}

/// Writes `bytes` as `dir/name` (atomically: a failure leaves no partial file); returns
/// the path.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, RepoError> {
    let path = dir.join(name);
    fsutil::write_atomic(&path, bytes, 0o644)?;
    Ok(path)
}

/// helm's `VerifyChart` on an archive and provenance file held in memory (`name` is the
/// archive's file name, which the signature lists).
pub fn verify(
    archive: &[u8],
    prov: &[u8],
    name: &str,
    keyring: &Path,
) -> Result<crate::provenance::Verification, RepoError> {
    if !name.to_ascii_lowercase().ends_with(".tgz") {
        return Err(RepoError::Message("chart must be a tgz file".into()));
    }
    let keyring = crate::provenance::Keyring::read(keyring)
        .map_err(|e| RepoError::Message(format!("failed to load keyring: {e}")))?;
    crate::provenance::verify(archive, &String::from_utf8_lossy(prov), name, &keyring)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(r: &str, c: &str) -> Reference {
        Reference::Repo {
            repo: r.into(),
            chart: c.into(),
        }
    }

    #[test]
    fn references_are_told_apart_as_helm_does() {
        let p = |n| Reference::parse(n, "");
        assert_eq!(p("myrepo/a").unwrap(), repo("myrepo", "a"));
        assert_eq!(p("myrepo/a/b").unwrap(), repo("myrepo", "a/b"));
        assert_eq!(
            p("http://h/a-1.tgz").unwrap(),
            Reference::Url("http://h/a-1.tgz".into())
        );
        assert_eq!(p("oci://r/a").unwrap(), Reference::Oci("oci://r/a".into()));
        assert_eq!(
            Reference::parse("a", "http://h").unwrap(),
            Reference::RepoUrl {
                url: "http://h".into(),
                chart: "a".into()
            }
        );
        assert_eq!(
            p("a").unwrap_err().to_string(),
            "non-absolute URLs should be in form of repo_name/path_to_chart, got: a"
        );
    }

    #[test]
    fn only_http_schemes_have_a_getter() {
        assert!(check_scheme("https://h/a.tgz").is_ok());
        assert_eq!(
            check_scheme("ftp://x/a.tgz").unwrap_err().to_string(),
            "scheme \"ftp\" not supported"
        );
    }
}

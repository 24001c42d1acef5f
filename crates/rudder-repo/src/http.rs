//! HTTP(S) downloads as helm's `HTTPGetter` makes them: basic auth sent only to the
//! repository's own host unless `pass_credentials_all`, a CA bundle, a client certificate,
//! `insecure_skip_tls_verify`, helm's User-Agent; plus what helm lacks: a size limit, so a
//! hostile server cannot fill memory.

use std::io::Read;
use std::sync::OnceLock;
use std::time::Duration;

use crate::repo_file::Entry;
use crate::RepoError;

/// helm's default download timeout (`--timeout`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The largest index.yaml accepted: public repositories' indexes stay well under it.
pub const MAX_INDEX_BYTES: u64 = 64 << 20;
/// The largest chart archive accepted.
pub const MAX_CHART_BYTES: u64 = 64 << 20;

/// A client set up for one repository, shared by every download from it (the threads of
/// a dependency run included). Its HTTP clients are built when first used: one for `http://`
/// URLs that loads no certificates, one with the repository's TLS settings (or the system's
/// roots) for `https://` ones, and for `http://` requests redirected to `https://`.
pub struct Getter {
    entry: Entry,
    timeout: Duration,
    plain: OnceLock<Result<reqwest::blocking::Client, String>>,
    secure: OnceLock<Result<reqwest::blocking::Client, String>>,
}

/// The client helm's getter would make: its User-Agent, the timeout, no decompression.
fn builder(timeout: Duration) -> reqwest::blocking::ClientBuilder {
    reqwest::blocking::Client::builder()
        .user_agent(concat!("Helm/4.1.4 rudder/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
}

/// Go's client follows at most ten redirects.
const MAX_REDIRECTS: usize = 10;

/// Go's `os.ReadFile` of a TLS file, its error worded as helm's tlsutil words it (`what`
/// names the file: `unable to read cert file`, `can't read CA file`).
fn read_tls_file(what: &str, path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        format!(
            "{what}: {path:?}: open {path}: {}",
            rudder_chart::load::io_text(&e)
        )
    })
}

/// helm's `tlsutil.NewTLSConfig` on reqwest's builder: client certificate and key, and a CA
/// bundle that replaces the system's roots (as Go's `RootCAs` does); errors joined as Go's
/// `errors.Join`.
fn tls_settings(
    mut builder: reqwest::blocking::ClientBuilder,
    entry: &Entry,
) -> Result<reqwest::blocking::ClientBuilder, String> {
    let mut errors = Vec::new();
    let mut pair = None;
    if !entry.cert_file.is_empty() || !entry.key_file.is_empty() {
        let cert = read_tls_file("unable to read cert file", &entry.cert_file);
        let key = read_tls_file("unable to read key file", &entry.key_file);
        match (cert, key) {
            (Ok(c), Ok(k)) => pair = Some((c, k)),
            (c, k) => errors.extend(c.err().into_iter().chain(k.err())),
        }
    }
    let ca = if entry.ca_file.is_empty() {
        None
    } else {
        read_tls_file("can't read CA file", &entry.ca_file)
            .map_err(|e| errors.push(e))
            .ok()
    };
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    if let Some((mut pem, key)) = pair.filter(|(c, k)| !c.is_empty() && !k.is_empty()) {
        pem.push(b'\n');
        pem.extend(key);
        let identity = reqwest::Identity::from_pem(&pem)
            .map_err(|e| format!("unable to load cert from key pair: {}", error_chain(&e)))?;
        builder = builder.identity(identity);
    }
    if let Some(pem) = ca.filter(|p| !p.is_empty()) {
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .ok()
            .filter(|c| !c.is_empty())
            .ok_or("failed to append certificates from pem block")?;
        builder = builder.tls_certs_only(certs);
    }
    Ok(builder)
}

impl Getter {
    /// A getter for `entry`'s URL, credentials and TLS settings.
    pub fn new(entry: &Entry, timeout: Duration) -> Getter {
        Getter {
            entry: entry.clone(),
            timeout,
            plain: OnceLock::new(),
            secure: OnceLock::new(),
        }
    }

    /// The client for `http://` URLs: no certificates to load; a redirect to `https://`
    /// stops it (the secure client takes the request over).
    fn plain(&self) -> Result<&reqwest::blocking::Client, RepoError> {
        let policy = reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if attempt.url().scheme() == "https" {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        self.plain
            .get_or_init(|| {
                builder(self.timeout)
                    .redirect(policy)
                    .tls_certs_only(std::iter::empty())
                    .build()
                    .map_err(|e| format!("can't create HTTP client: {e}"))
            })
            .as_ref()
            .map_err(|e| RepoError::Message(e.clone()))
    }

    /// The client for `https://` URLs, with helm's TLS settings of the repository.
    fn secure(&self) -> Result<&reqwest::blocking::Client, RepoError> {
        self.secure
            .get_or_init(|| {
                let entry = &self.entry;
                let mut builder = builder(self.timeout)
                    .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
                    .danger_accept_invalid_certs(entry.insecure_skip_tls_verify);
                let wants_tls = (!entry.cert_file.is_empty() && !entry.key_file.is_empty())
                    || !entry.ca_file.is_empty()
                    || entry.insecure_skip_tls_verify;
                if wants_tls {
                    builder = tls_settings(builder, entry)
                        .map_err(|e| format!("can't create TLS config for client: {e}"))?;
                }
                builder
                    .build()
                    .map_err(|e| format!("can't create HTTP client: {e}"))
            })
            .as_ref()
            .map_err(|e| RepoError::Message(e.clone()))
    }

    /// The client for `url`'s scheme: no certificates for `http://`, the repository's TLS
    /// settings for `https://`.
    pub(crate) fn client_for(
        &self,
        url: &reqwest::Url,
    ) -> Result<&reqwest::blocking::Client, RepoError> {
        if url.scheme() == "http" {
            self.plain()
        } else {
            self.secure()
        }
    }

    /// Whether credentials go along to `url`: helm compares the hosts (with ports).
    fn sends_credentials(&self, url: &reqwest::Url) -> bool {
        if self.entry.username.is_empty() && self.entry.password.is_empty() {
            return false;
        }
        if self.entry.pass_credentials_all {
            return true;
        }
        match reqwest::Url::parse(&self.entry.url) {
            Ok(repo) => repo.host_str() == url.host_str() && repo.port() == url.port(),
            Err(_) => false,
        }
    }

    /// The body of `url`, at most `limit` bytes; errors worded as helm's getter words them.
    pub fn get(&self, url: &str, accept: Option<&str>, limit: u64) -> Result<Vec<u8>, RepoError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| RepoError::Message(format!("parse {url:?}: {e}")))?;
        let send = |client: &reqwest::blocking::Client| {
            let mut req = client.get(parsed.clone());
            if let Some(accept) = accept {
                req = req.header(reqwest::header::ACCEPT, accept);
            }
            if self.sends_credentials(&parsed) {
                req = req.basic_auth(&self.entry.username, Some(&self.entry.password));
            }
            req.send().map_err(|e| transport_error("Get", url, &e))
        };
        let mut resp = send(self.client_for(&parsed)?)?;
        if resp.status().is_redirection() && parsed.scheme() == "http" {
            // Redirected to https: again, with the client that speaks TLS.
            resp = send(self.secure()?)?;
        }
        let status = resp.status();
        if !status.is_success() {
            return Err(RepoError::Message(format!(
                "failed to fetch {url} : {} {}",
                status.as_u16(),
                reason_phrase(&resp)
            )));
        }
        read_body(resp, url, limit)
    }
}

impl Getter {
    /// Go's `http.Head(url)`: the reply's status line (`200 OK`), or the transport error as
    /// Go words it (`Head "url": ...`).
    pub fn head(&self, url: &str) -> Result<(u16, String), RepoError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| RepoError::Message(format!("parse {url:?}: {e}")))?;
        let resp = self
            .client_for(&parsed)?
            .head(parsed)
            .send()
            .map_err(|e| transport_error("Head", url, &e))?;
        let code = resp.status().as_u16();
        Ok((code, format!("{code} {}", reason_phrase(&resp))))
    }
}

/// The reason phrase of a reply's status line as the server sent it (Go prints that).
pub(crate) fn reason_phrase(resp: &reqwest::blocking::Response) -> String {
    resp.extensions()
        .get::<hyper::ext::ReasonPhrase>()
        .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
        .unwrap_or_else(|| resp.status().canonical_reason().unwrap_or("").to_string())
}

/// A reply's body, at most `limit` bytes (else an error naming `url`).
pub(crate) fn read_body(
    resp: reqwest::blocking::Response,
    url: &str,
    limit: u64,
) -> Result<Vec<u8>, RepoError> {
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
/// refused`, `op` being Go's title-cased method).
pub(crate) fn transport_error(op: &str, url: &str, e: &reqwest::Error) -> RepoError {
    RepoError::Message(format!("{op} {url:?}: {}", transport_cause(url, e)))
}

/// Why a request failed, as Go's client words it after `Get "URL": ` where the cause is known
/// (TLS verification, a refused connection, a name that does not resolve, redirects, the
/// timeout), else with reqwest's causes.
pub(crate) fn transport_cause(url: &str, e: &reqwest::Error) -> String {
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        if let Some(text) = tls_error(err) {
            return text;
        }
        if let Some(lookup) = err.downcast_ref::<rudder_gocompat::resolver::LookupError>() {
            return format!("dial tcp: {lookup}");
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                let host = reqwest::Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        let port = u.port_or_known_default()?;
                        Some(format!("{}:{port}", u.host_str()?))
                    })
                    .unwrap_or_default();
                return format!("dial tcp {host}: connect: connection refused");
            }
        }
        cur = err.source();
    }
    if e.is_redirect() {
        return "stopped after 10 redirects".into();
    }
    if e.is_timeout() {
        return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)".into();
    }
    error_chain(e)
}

/// The TLS error `err` is, or wraps in I/O errors (one inside the other, as a handshake's
/// error comes).
fn rustls_error<'e>(err: &'e (dyn std::error::Error + 'static)) -> Option<&'e rustls::Error> {
    let mut cur: &(dyn std::error::Error + 'static) = err;
    while let Some(inner) = cur
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::get_ref)
    {
        cur = inner;
    }
    cur.downcast_ref::<rustls::Error>()
}

/// Whether the request failed because the server's certificate was refused (Go's
/// `tls.CertificateVerificationError`).
pub(crate) fn is_certificate_error(e: &reqwest::Error) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(rustls::Error::InvalidCertificate(_)) = rustls_error(err) {
            return true;
        }
        cur = err.source();
    }
    false
}

/// A failed TLS handshake as Go's crypto/tls words it, when `err` is (or wraps) one.
fn tls_error(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let tls = rustls_error(err)?;
    let verify = "tls: failed to verify certificate: x509:";
    Some(match tls {
        rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer) => {
            format!("{verify} certificate signed by unknown authority")
        }
        rustls::Error::InvalidCertificate(rustls::CertificateError::Expired) => {
            format!("{verify} certificate has expired or is not yet valid")
        }
        rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName) => {
            format!("{verify} certificate is not valid for the host")
        }
        rustls::Error::InvalidCertificate(other) => format!("{verify} {other:?}"),
        other => format!("remote error: tls: {other}"),
    })
}

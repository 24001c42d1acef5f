//! The HTTP client of `rudder validate`'s URL schema locations, as kubeconform's
//! (pkg/loader/http.go `NewHTTPURLLoader`): go-retryablehttp 0.7.7 with `RetryMax` 2 around
//! Go's client. A failed request and a 429 or 5xx answer (but 501) are tried three times, 1 s
//! then 2 s apart (a 429's or 503's `Retry-After` instead), and the error counts the attempts:
//! `Get "URL": GET URL giving up after 3 attempt(s): Get "URL": dial tcp ...`; too many
//! redirects (ten are followed), a refused certificate and an unsupported scheme end at the
//! first. Go's User-Agent, no compression, proxies from the environment, Go's resolver.
//!
//! kubeconform sets no timeout and no size limit; rudder gives up connecting after 30 s and an
//! attempt after 60 s, waits 30 s at most for a `Retry-After`, and reads 64 MiB at most.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use rudder_gocompat::quote::quote;
use rudder_gocompat::url_parse;
use rudder_kube::{DownloadError, Downloader};

use crate::go_resolver::GoResolver;
use crate::http::{is_certificate_error, read_body, transport_cause};

/// retryablehttp's `RetryMax` 2: three attempts.
const ATTEMPTS: u32 = 3;
/// retryablehttp's `RetryWaitMin` and `RetryWaitMax`.
const RETRY_WAIT_MIN: Duration = Duration::from_secs(1);
const RETRY_WAIT_MAX: Duration = Duration::from_secs(30);
/// Go's default dial timeout (kubeconform's transport has none but the system's).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// One attempt, body included: a server that trickles cannot hold a run for ever.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest schema accepted: the largest CRD schemas are a few MiB.
const MAX_SCHEMA_BYTES: u64 = 64 << 20;
/// Go's client follows at most ten redirects.
const MAX_REDIRECTS: usize = 10;

/// Downloads schemas; its clients (certificates verified, or not) are built on first use and
/// shared by the validating threads.
#[derive(Default)]
pub struct KubeSchemaDownloader {
    verified: OnceLock<Result<Client, String>>,
    insecure: OnceLock<Result<Client, String>>,
}

impl KubeSchemaDownloader {
    pub fn new() -> KubeSchemaDownloader {
        KubeSchemaDownloader::default()
    }

    fn client(&self, insecure: bool) -> Result<&Client, DownloadError> {
        let cell = if insecure {
            &self.insecure
        } else {
            &self.verified
        };
        cell.get_or_init(|| {
            Client::builder()
                .user_agent("Go-http-client/1.1")
                .connect_timeout(CONNECT_TIMEOUT)
                .timeout(ATTEMPT_TIMEOUT)
                .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
                .dns_resolver(Arc::new(GoResolver))
                .danger_accept_invalid_certs(insecure)
                .build()
                .map_err(|e| format!("failed creating HTTP loader: {e}"))
        })
        .as_ref()
        .map_err(|e| DownloadError::Request(e.clone()))
    }
}

impl Downloader for KubeSchemaDownloader {
    fn get(&self, url: &str, insecure: bool) -> Result<Vec<u8>, DownloadError> {
        // http.NewRequest's parse error is what `Get` returns.
        let parsed = url_parse::parse(url).map_err(|e| DownloadError::Request(e.to_string()))?;
        let shown = Shown::of(&parsed);
        if !matches!(parsed.scheme.as_str(), "http" | "https") {
            let cause = format!("unsupported protocol scheme {}", quote(&parsed.scheme));
            return Err(shown.gave_up(1, Some((&shown.error, cause))));
        }
        let client = self.client(insecure)?;
        let mut attempt = 1;
        loop {
            let last = attempt == ATTEMPTS;
            match send(client, url, &parsed) {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    if !retried(status) {
                        return match status {
                            200 => read_body(resp, url, MAX_SCHEMA_BYTES)
                                .map_err(|e| DownloadError::Body(e.to_string())),
                            404 => Err(DownloadError::NotFound),
                            code => Err(DownloadError::Status(code)),
                        };
                    }
                    // retryablehttp's default policy keeps no reason for a status.
                    if last {
                        return Err(shown.gave_up(attempt, None));
                    }
                    std::thread::sleep(backoff(attempt, Some(&resp)));
                }
                Err(failure) => {
                    if last || !failure.retry {
                        let at = failure.url.as_deref().unwrap_or(&shown.error);
                        return Err(shown.gave_up(attempt, Some((at, failure.cause))));
                    }
                    std::thread::sleep(backoff(attempt, None));
                }
            }
            attempt += 1;
        }
    }
}

/// A failed attempt: Go's text of the cause, the URL Go's error names when it is not the
/// request's (a redirect's), and whether retryablehttp tries again.
struct Failure {
    cause: String,
    url: Option<String>,
    retry: bool,
}

fn send(client: &Client, url: &str, parsed: &url_parse::Url) -> Result<Response, Failure> {
    if parsed.host.is_empty() {
        // Go's transport refuses it before dialing; retryablehttp retries it all the same.
        return Err(Failure {
            cause: "http: no Host in request URL".into(),
            url: None,
            retry: true,
        });
    }
    client.get(url).send().map_err(|e| Failure {
        cause: transport_cause(url, &e),
        url: e
            .is_redirect()
            .then(|| e.url().map(ToString::to_string))
            .flatten(),
        retry: !(e.is_redirect() || is_certificate_error(&e)),
    })
}

/// retryablehttp's `DefaultRetryPolicy` for an answer: 429, and 5xx but 501.
fn retried(status: u16) -> bool {
    status == 429 || (status >= 500 && status != 501)
}

/// retryablehttp's `DefaultBackoff` before attempt `attempt + 1`: 1 s doubled each time up to
/// 30 s, or what a 429's or 503's `Retry-After` asks (seconds or an HTTP date; rudder waits
/// 30 s at most where retryablehttp waits as long as asked).
fn backoff(attempt: u32, resp: Option<&Response>) -> Duration {
    let asked = resp
        .filter(|r| matches!(r.status().as_u16(), 429 | 503))
        .and_then(|r| r.headers().get(reqwest::header::RETRY_AFTER))
        .and_then(|v| v.to_str().ok())
        .and_then(retry_after);
    let doubled = RETRY_WAIT_MIN.saturating_mul(1 << (attempt - 1).min(16));
    asked.unwrap_or(doubled).min(RETRY_WAIT_MAX)
}

/// A `Retry-After` value: whole seconds, or an RFC 1123 date (a past one means now).
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<i64>() {
        return u64::try_from(seconds).ok().map(Duration::from_secs);
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let until = at.signed_duration_since(chrono::Utc::now());
    Some(until.to_std().unwrap_or(Duration::ZERO))
}

/// The URL as Go's errors print it: `url.Error` hides a password as `***`, retryablehttp's
/// message as `xxxxx`.
struct Shown {
    error: String,
    retry: String,
}

impl Shown {
    fn of(url: &url_parse::Url) -> Shown {
        let with_password = |mask: &str| {
            let mut u = url.clone();
            if let Some((user, _)) = url.userinfo.split_once(':') {
                u.userinfo = format!("{user}:{mask}");
            }
            u.to_go_string()
        };
        Shown {
            error: with_password("***"),
            retry: with_password("xxxxx"),
        }
    }

    /// The error Go's `http.Client.Get` returns once retryablehttp gives up, with the last
    /// attempt's error (`Get "URL": cause`) when it had one.
    fn gave_up(&self, attempts: u32, last: Option<(&str, String)>) -> DownloadError {
        let mut text = format!(
            "Get {}: GET {} giving up after {attempts} attempt(s)",
            quote(&self.error),
            self.retry
        );
        if let Some((url, cause)) = last {
            text.push_str(&format!(": Get {}: {cause}", quote(url)));
        }
        DownloadError::Request(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loopback::serve;
    use std::net::TcpListener;
    use std::time::Instant;

    #[test]
    fn statuses_as_kubeconform_sees_them() {
        let base = serve(vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            // retried: a 503 that asks for no wait, then a 200
            "HTTP/1.1 503 Busy\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]",
        ]);
        let d = KubeSchemaDownloader::new();
        let url = format!("{base}/s.json");
        assert_eq!(d.get(&url, false).unwrap(), b"{}");
        assert_eq!(d.get(&url, false), Err(DownloadError::NotFound));
        assert_eq!(d.get(&url, false), Err(DownloadError::Status(403)));
        let started = Instant::now();
        assert_eq!(d.get(&url, true).unwrap(), b"[]");
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn refused_connections_are_tried_three_times() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/s.json");
        let started = Instant::now();
        let err = KubeSchemaDownloader::new().get(&url, false);
        // 1 s, then 2 s, between the attempts.
        assert!(started.elapsed() >= Duration::from_secs(3));
        assert_eq!(
            err,
            Err(DownloadError::Request(format!(
                "Get \"{url}\": GET {url} giving up after 3 attempt(s): Get \"{url}\": dial tcp 127.0.0.1:{port}: connect: connection refused"
            )))
        );
    }

    #[test]
    fn urls_go_refuses_before_any_request() {
        let d = KubeSchemaDownloader::new();
        assert_eq!(
            d.get("httpdocs/v1/x.json", false),
            Err(DownloadError::Request(
                "Get \"httpdocs/v1/x.json\": GET httpdocs/v1/x.json giving up after 1 attempt(s): Get \"httpdocs/v1/x.json\": unsupported protocol scheme \"\"".into()
            ))
        );
        assert_eq!(
            d.get("http://h/%zz.json", false),
            Err(DownloadError::Request(
                "parse \"http://h/%zz.json\": invalid URL escape \"%zz\"".into()
            ))
        );
        let shown = Shown::of(&url_parse::parse("https://u:p@h/x.json").unwrap());
        assert_eq!(
            (shown.error.as_str(), shown.retry.as_str()),
            ("https://u:***@h/x.json", "https://u:xxxxx@h/x.json")
        );
    }

    #[test]
    fn waits_as_retryablehttp() {
        assert_eq!(backoff(1, None), Duration::from_secs(1));
        assert_eq!(backoff(2, None), Duration::from_secs(2));
        assert_eq!(backoff(9, None), RETRY_WAIT_MAX);
        assert_eq!(retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(retry_after("-1"), None);
        assert_eq!(
            retry_after("Fri, 31 Dec 1999 23:59:59 GMT"),
            Some(Duration::ZERO)
        );
    }
}

//! The HTTP client that loads the `http://` and `https://` documents values schemas refer to,
//! as each helm's loader does:
//!
//! - helm 4 (`HTTPURLLoader`): its own `http.Client` with a 15 s timeout, helm's User-Agent,
//!   proxies from the environment, the system's TLS roots;
//! - helm 3 (gojsonschema's `http.Get`): Go's default client, no overall timeout (30 s to
//!   connect), Go's User-Agent.
//!
//! Both follow ten redirects, trust the system's roots (on Linux `SSL_CERT_FILE` and
//! `SSL_CERT_DIR` name them, as for Go) and find host names with Go's resolver rules
//! (`rudder_gocompat::resolver`), so failures read as Go's (`dial tcp: lookup HOST on
//! SERVER:53: no such host`).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rudder_chart::schema::{FetchError, SchemaFetcher};
use rudder_chart::Helm;

use crate::go_resolver::GoResolver;
use crate::http::{read_body, reason_phrase, transport_cause, MAX_INDEX_BYTES};

/// helm 4's loader gives up after 15 s.
const HELM4_TIMEOUT: Duration = Duration::from_secs(15);
/// Go's default transport's dial timeout (helm 3 has no overall one).
const GO_DIAL_TIMEOUT: Duration = Duration::from_secs(30);
/// Go's client follows at most ten redirects.
const MAX_REDIRECTS: usize = 10;

/// Fetches schema references; each helm's client is built on first use and kept for the
/// process (helm makes one per validation, which changes nothing visible).
#[derive(Default)]
pub struct HttpSchemaFetcher {
    helm4: OnceLock<Result<reqwest::blocking::Client, String>>,
    helm3: OnceLock<Result<reqwest::blocking::Client, String>>,
}

impl HttpSchemaFetcher {
    pub fn new() -> HttpSchemaFetcher {
        HttpSchemaFetcher::default()
    }

    fn client(&self, helm: Helm) -> Result<&reqwest::blocking::Client, FetchError> {
        let (cell, builder) = match helm {
            Helm::V4 => (
                &self.helm4,
                reqwest::blocking::Client::builder()
                    .user_agent("Helm/4.1.4")
                    .timeout(HELM4_TIMEOUT),
            ),
            Helm::V3 => (
                &self.helm3,
                reqwest::blocking::Client::builder()
                    .user_agent("Go-http-client/1.1")
                    .timeout(None)
                    .connect_timeout(GO_DIAL_TIMEOUT),
            ),
        };
        cell.get_or_init(|| {
            builder
                .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
                .dns_resolver(Arc::new(GoResolver))
                .build()
                .map_err(|e| format!("can't create HTTP client: {e}"))
        })
        .as_ref()
        .map_err(|e| FetchError::Transport(e.clone()))
    }
}

impl SchemaFetcher for HttpSchemaFetcher {
    fn fetch(&self, url: &str, helm: Helm) -> Result<Vec<u8>, FetchError> {
        let resp = self
            .client(helm)?
            .get(url)
            .send()
            .map_err(|e| FetchError::Transport(transport_cause(url, &e)))?;
        let status = resp.status();
        if status != reqwest::StatusCode::OK {
            return Err(FetchError::Status(status.as_u16(), reason_phrase(&resp)));
        }
        read_body(resp, url, MAX_INDEX_BYTES).map_err(|e| FetchError::Transport(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loopback::serve;

    #[test]
    fn bodies_statuses_and_refusals() {
        let base = serve(vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{\"type\":\"string\"}",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n{\"type\":\r\n9\r\n\"string\"}\r\n0\r\n\r\n",
            "HTTP/1.1 404 Gone Away\r\nContent-Length: 0\r\n\r\n",
        ]);
        let fetcher = HttpSchemaFetcher::new();
        let url = format!("{base}/s.json");
        for helm in [Helm::V4, Helm::V3] {
            assert_eq!(fetcher.fetch(&url, helm).unwrap(), br#"{"type":"string"}"#);
        }
        assert_eq!(
            fetcher.fetch(&url, Helm::V4),
            Err(FetchError::Status(404, "Gone Away".into()))
        );
        assert_eq!(
            fetcher.fetch("http://127.0.0.1:1/s.json", Helm::V4),
            Err(FetchError::Transport(
                "dial tcp 127.0.0.1:1: connect: connection refused".into()
            ))
        );
    }

    #[test]
    fn names_that_do_not_resolve_fail_as_go_says() {
        // `.invalid` never resolves (RFC 6761); the hosts file and resolv.conf are read as Go
        // reads them, so the text is the resolver's, prefixed as Go's dialer prefixes it.
        let err = HttpSchemaFetcher::new()
            .fetch("https://no-such-host.invalid/s.json", Helm::V4)
            .unwrap_err();
        let FetchError::Transport(text) = err else {
            panic!("{err:?}")
        };
        assert!(
            text.starts_with("dial tcp: lookup no-such-host.invalid"),
            "{text}"
        );
    }
}

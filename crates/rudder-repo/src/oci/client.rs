//! The distribution API requests helm makes through oras, on the crate's HTTP client: each
//! request sent once as is (or with the credentials a previous 401 asked for), and on a 401
//! sent again with what its `WWW-Authenticate` asks: basic credentials, or a token fetched
//! from the challenge's realm with them. Replies are read with size limits, and error replies
//! worded as oras words them.

use std::sync::Mutex;

use base64::Engine;
use reqwest::blocking::{RequestBuilder, Response};
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::Method;

use super::challenge::{self, Challenge};
use super::credentials::{self, Credential};
use super::errors::{error_response, go_op};
use super::{OciError, Options};
use crate::http::{read_body, transport_error, Getter};
use crate::repo_file::Entry;

/// oras' limit on token replies.
const MAX_TOKEN_BYTES: u64 = 128 << 10;

/// What a request asks of the repository, for token scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Pull,
    Push,
}

/// A registry reached with helm's options.
pub struct Client {
    getter: Getter,
    base: String,
    registry: String,
    credential: Credential,
    /// The `Authorization` value the last challenge led to, sent first from then on.
    authorization: Mutex<Option<String>>,
}

/// A request to send: method, URL, headers and body (kept for a second attempt).
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: HeaderMap,
    pub body: Option<Vec<u8>>,
}

impl Request {
    pub fn new(method: Method, url: String) -> Request {
        Request {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
        }
    }
}

impl Client {
    /// A client for `registry` (`host[:port]`); credentials from the options, else from the
    /// registry config (and docker's).
    pub fn new(registry: &str, opts: &Options) -> Result<Client, OciError> {
        let credential = if !opts.username.is_empty() && !opts.password.is_empty() {
            Credential {
                username: opts.username.clone(),
                password: opts.password.clone(),
            }
        } else {
            credentials::lookup(&opts.registry_config, registry)?
        };
        Ok(Client::with_credential(registry, opts, credential))
    }

    /// A client that authenticates with `credential` alone (what `registry login` checks).
    pub fn with_credential(registry: &str, opts: &Options, credential: Credential) -> Client {
        let scheme = if opts.uses_plain_http() {
            "http"
        } else {
            "https"
        };
        // oras talks to docker.io's registry under its real name.
        let host = if registry == "docker.io" {
            "registry-1.docker.io"
        } else {
            registry
        };
        let base = format!("{scheme}://{host}");
        let entry = Entry {
            url: base.clone(),
            cert_file: opts.cert_file.clone(),
            key_file: opts.key_file.clone(),
            ca_file: opts.ca_file.clone(),
            insecure_skip_tls_verify: opts.insecure_skip_tls_verify,
            ..Entry::default()
        };
        Client {
            getter: Getter::new(&entry, opts.timeout()),
            base,
            registry: registry.to_string(),
            credential,
            authorization: Mutex::new(None),
        }
    }

    /// `scheme://host/v2/` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/v2/{path}", self.base)
    }

    fn builder(
        &self,
        req: &Request,
        authorization: Option<&str>,
    ) -> Result<RequestBuilder, OciError> {
        let url = reqwest::Url::parse(&req.url)
            .map_err(|e| OciError::Message(format!("parse {:?}: {e}", req.url)))?;
        let client = self.getter.client_for(&url).map_err(OciError::from)?;
        let mut b = client
            .request(req.method.clone(), url)
            .headers(req.headers.clone());
        if let Some(value) = authorization {
            b = b.header(AUTHORIZATION, value);
        }
        if let Some(body) = &req.body {
            b = b.body(body.clone());
        }
        Ok(b)
    }

    fn send_once(&self, req: &Request, authorization: Option<&str>) -> Result<Response, OciError> {
        self.builder(req, authorization)?
            .send()
            .map_err(|e| transport_error(go_op(&req.method), &req.url, &e).into())
    }

    /// Sends `req`, answering one authentication challenge; `repository` and `access` make
    /// the token scope. A reply that is still not a success is returned as it is.
    pub fn send(
        &self,
        req: &Request,
        repository: &str,
        access: Access,
    ) -> Result<Response, OciError> {
        let cached = self.authorization.lock().ok().and_then(|a| a.clone());
        let resp = self.send_once(req, cached.as_deref())?;
        if resp.status() != reqwest::StatusCode::UNAUTHORIZED {
            return Ok(resp);
        }
        let header = resp
            .headers()
            .get(WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let fail = |e: String| OciError::Message(format!("{} {:?}: {e}", req.method, req.url));
        let authorization = match challenge::parse(&header) {
            Challenge::Basic => format!("Basic {}", self.basic().map_err(fail)?),
            Challenge::Bearer {
                realm,
                service,
                scope,
            } => {
                let actions = match access {
                    Access::Pull => "pull",
                    Access::Push => "pull,push",
                };
                let mut scopes = vec![format!("repository:{repository}:{actions}")];
                if repository.is_empty() {
                    scopes.clear();
                }
                scopes.extend(
                    scope
                        .split(' ')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
                let token = self
                    .token(&realm, &service, &challenge::clean_scopes(&scopes))
                    .map_err(|e| match e {
                        OciError::Message(m) => fail(m),
                        other => fail(other.to_string()),
                    })?;
                format!("Bearer {token}")
            }
            Challenge::Other => return Ok(resp),
        };
        if let Ok(mut slot) = self.authorization.lock() {
            *slot = Some(authorization.clone());
        }
        self.send_once(req, Some(&authorization))
    }

    /// oras' `fetchBasicAuth`.
    fn basic(&self) -> Result<String, String> {
        let c = &self.credential;
        if c.is_empty() {
            return Err("basic credential not found".into());
        }
        if c.username.is_empty() || c.password.is_empty() {
            return Err("missing username or password for basic auth".into());
        }
        Ok(base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", c.username, c.password)))
    }

    /// oras' `fetchDistributionToken`: `GET realm?scope=...&service=...` with the basic
    /// credentials, the token from its JSON reply.
    fn token(&self, realm: &str, service: &str, scopes: &[String]) -> Result<String, OciError> {
        let mut url = reqwest::Url::parse(realm)
            .map_err(|e| OciError::Message(format!("parse {realm:?}: {e}")))?;
        {
            let mut query = url.query_pairs_mut();
            for scope in scopes {
                query.append_pair("scope", scope);
            }
            if !service.is_empty() {
                query.append_pair("service", service);
            }
        }
        let mut req = Request::new(Method::GET, url.to_string());
        let c = &self.credential;
        if !c.is_empty() {
            let pair = base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", c.username, c.password));
            if let Ok(v) = format!("Basic {pair}").parse() {
                req.headers.insert(AUTHORIZATION, v);
            }
        }
        let resp = self.send_once(&req, None)?;
        if resp.status().as_u16() != 200 {
            return Err(error_response("GET", resp));
        }
        let shown = format!("GET {:?}", resp.url().as_str());
        let body = read_body(resp, &req.url, MAX_TOKEN_BYTES)?;
        let value: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|e| OciError::Message(format!("{shown}: failed to decode response: {e}")))?;
        let text = |k: &str| {
            value
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let token = [text("access_token"), text("token")]
            .into_iter()
            .find(|t| !t.is_empty());
        token.ok_or_else(|| OciError::Message(format!("{shown}: empty token returned")))
    }

    /// A request with `Accept` (and `Content-Type` when given).
    pub fn request(method: Method, url: String, accept: &str, content_type: &str) -> Request {
        let mut req = Request::new(method, url);
        if let Ok(v) = accept.parse() {
            if !accept.is_empty() {
                req.headers.insert(ACCEPT, v);
            }
        }
        if let Ok(v) = content_type.parse() {
            if !content_type.is_empty() {
                req.headers.insert(CONTENT_TYPE, v);
            }
        }
        req
    }

    /// The registry's name as given (`host[:port]`).
    pub fn registry(&self) -> &str {
        &self.registry
    }
}

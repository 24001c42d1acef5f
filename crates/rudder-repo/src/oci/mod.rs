//! Charts in OCI registries, as helm 4.1.4 keeps them there through oras: references
//! (`oci://host[:port]/path/name[:tag|@digest]`), versions from tags, pull and push with
//! helm's media types and manifest bytes, basic and token authentication with the
//! credentials of helm's registry config, and `registry login`/`logout`.

mod api;
mod challenge;
mod client;
pub mod credentials;
mod digest;
mod errors;
pub mod login;
mod manifest;
pub mod pull;
pub mod push;
pub mod reference;
mod tags;

use std::path::PathBuf;
use std::time::Duration;

pub use errors::OciError;
pub use pull::{pull, Pulled};
pub use push::{push, Pushed};
pub use reference::Reference;

/// helm's chart config media type.
pub const CONFIG_MEDIA_TYPE: &str = "application/vnd.cncf.helm.config.v1+json";
/// helm's chart archive layer media type.
pub const CHART_LAYER_MEDIA_TYPE: &str = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
/// helm's provenance layer media type.
pub const PROV_LAYER_MEDIA_TYPE: &str = "application/vnd.cncf.helm.chart.provenance.v1.prov";
/// The chart layer media type of helm 3.0-3.6 (still read, with a warning).
pub const LEGACY_CHART_LAYER_MEDIA_TYPE: &str = "application/tar+gzip";

/// helm's note for tags that stand for versions with build metadata.
pub const UNDERSCORE_MESSAGE: &str = "
OCI artifact references (e.g. tags) do not support the plus sign (+). To support
storing semantic versions, Helm adopts the convention of changing plus (+) to
an underscore (_) in chart version tags when pushing to a registry and back to
a plus (+) when pulling from a registry.";

/// How to reach a registry: helm's `--plain-http`, TLS flags, `--username`/`--password` and
/// registry config.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// helm's registry config (`--registry-config`), read for credentials.
    pub registry_config: PathBuf,
    /// Credentials that replace the config's (both must be given).
    pub username: String,
    pub password: String,
    /// Talk HTTP, not HTTPS (ignored when a TLS option is given, as in helm).
    pub plain_http: bool,
    pub insecure_skip_tls_verify: bool,
    pub cert_file: String,
    pub key_file: String,
    pub ca_file: String,
    /// Per-request timeout; `None` is the crate's default.
    pub timeout: Option<Duration>,
}

impl Options {
    /// helm builds a TLS client (always HTTPS) when a TLS option is given, else honours
    /// `--plain-http`.
    pub fn uses_plain_http(&self) -> bool {
        let tls = (!self.cert_file.is_empty() && !self.key_file.is_empty())
            || !self.ca_file.is_empty()
            || self.insecure_skip_tls_verify;
        self.plain_http && !tls
    }

    fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(crate::http::DEFAULT_TIMEOUT)
    }
}

/// helm's `IsOCI`.
pub fn is_oci(url: &str) -> bool {
    url.starts_with("oci://")
}

//! Chart archives and repositories as helm keeps them: `helm package`'s `.tgz` (same bytes),
//! `helm repo index`'s `index.yaml`; and the HTTP client values schemas' remote references
//! are fetched with.

/// The helm whose texts charts loaded by the repository commands fail with: they are helm 4's
/// commands (helm 3 mode covers rendering and linting).
pub(crate) const LOAD_AS: rudder_chart::Helm = rudder_chart::Helm::V4;

pub mod archive;
pub mod chart_repo;
pub mod deps;
mod fsutil;
mod go_resolver;
pub mod goflate;
pub mod gotime;
pub mod gzip;
pub mod http;
pub mod index;
mod index_json;
pub mod kube_download;
pub mod lock;
#[cfg(test)]
mod loopback;
pub mod oci;
pub mod package;
pub mod provenance;
pub mod remote;
pub mod repo_file;
pub mod schema_fetch;
pub mod tar;

mod error;

pub use error::RepoError;

//! Chart archives and repositories as helm keeps them: `helm package`'s `.tgz` (same bytes),
//! `helm repo index`'s `index.yaml`.

pub mod archive;
pub mod chart_repo;
pub mod deps;
mod fsutil;
pub mod goflate;
mod gotime;
pub mod gzip;
pub mod http;
pub mod index;
mod index_json;
pub mod lock;
pub mod package;
pub mod provenance;
pub mod remote;
pub mod repo_file;
pub mod tar;

mod error;

pub use error::RepoError;

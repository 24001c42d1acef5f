//! Chart archives and repositories as helm keeps them: `helm package`'s `.tgz` (same bytes),
//! `helm repo index`'s `index.yaml`.

pub mod archive;
pub mod goflate;
mod gotime;
pub mod gzip;
pub mod index;
mod index_json;
mod lock;
pub mod package;
pub mod provenance;
pub mod tar;

mod error;

pub use error::RepoError;

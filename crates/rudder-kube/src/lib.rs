//! Kubernetes knowledge without a cluster: the OpenAPI schemas of Kubernetes 1.25 to 1.37
//! bundled in the binary, schemas from CustomResourceDefinitions, schema folders and schema
//! URLs (downloaded through a [`Downloader`] the caller gives), and manifest validation with
//! kubeconform's behaviour.

pub mod bundle;
pub mod crd;
pub mod disk_cache;
pub mod download;
pub mod json;
pub mod location;
pub mod resource;
pub mod validate;
pub mod version;

pub use disk_cache::DiskCache;
pub use download::{DownloadError, Downloader, Downloads};
pub use location::{Location, Sources};
pub use resource::{Body, Resource, Signature};
pub use validate::{FieldError, Options, Outcome, Session, Status, Validator};
pub use version::KubeVersion;

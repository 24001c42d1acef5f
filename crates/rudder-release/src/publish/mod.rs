//! Publishing packaged charts: each target (a pages folder, an OCI registry) says whether a
//! chart version is already there, and a plan decides, before anything is written, what is
//! published and what is skipped. A version already published with other files is refused
//! unless skipping existing versions was asked for (chart-releaser's `--skip-existing`).

pub mod content;
pub mod pages;
pub mod plan;
pub mod registry;

pub use pages::Pages;
pub use plan::{plan, Action, Plan, Row};
pub use registry::Registry;

/// A chart packaged for publishing.
#[derive(Debug, Clone)]
pub struct Release {
    /// The chart folder it was packaged from, as listed to the user.
    pub chart_dir: String,
    pub name: String,
    pub version: String,
    /// `name-version.tgz`.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The provenance file (`.prov`) when the chart was signed.
    pub prov: Option<Vec<u8>>,
}

/// What a target already holds of a release's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// Nothing: the version is new there.
    Absent,
    /// The same files (the archives may differ in timestamps only).
    Same,
    /// Other files under the same version.
    Different,
    /// Listed (in an index) without an archive rudder can compare.
    Listed,
}

/// Where releases go.
pub trait Target {
    /// How the plan names the target (`pages folder gh-pages`, `oci://...`).
    fn name(&self) -> String;
    /// What the target holds of `release`'s version.
    fn existing(&self, release: &Release) -> crate::Result<Existing>;
    /// Publishes `releases` (none of which the target holds).
    fn publish(&mut self, releases: &[&Release]) -> crate::Result<()>;
}

//! What packaging and indexing can fail with; `Display` is helm's text.

use rudder_chart::ChartError;

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// The chart itself does not load.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A packaging, index or lock file failure, worded as helm words it.
    #[error("{0}")]
    Message(String),
}

impl From<String> for RepoError {
    fn from(message: String) -> Self {
        RepoError::Message(message)
    }
}

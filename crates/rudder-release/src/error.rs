//! The release library's errors: what failed, on which path or revision, and why.

use std::path::PathBuf;

/// A boxed error from the git library, kept as the source.
pub type GitSource = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// ct's words: the working directory is not inside a git work tree.
    #[error("must be in a git repository")]
    NotARepository(#[source] GitSource),
    /// ct's words for a missing `<remote>/<target-branch>`.
    #[error("targetBranch '{0}' does not exist")]
    NoTargetBranch(String),
    #[error("revision '{0}' does not exist")]
    NoRevision(String),
    #[error("{context}")]
    Git {
        context: String,
        #[source]
        source: GitSource,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Chart {
        path: PathBuf,
        #[source]
        source: rudder_chart::ChartError,
    },
    /// ct's words when a version does not parse as semver.
    #[error("failed parsing semantic version: {0}")]
    Version(String),
    /// A bump that cannot be made (releasing a release).
    #[error("{0}")]
    Bump(String),
    #[error("{path}: {message}")]
    Edit { path: PathBuf, message: String },
    /// A release that cannot be published (a version already there, an index that does not
    /// read or write).
    #[error("{0}")]
    Publish(String),
}

/// Wraps a git library error with what rudder was doing.
pub(crate) fn git<E>(context: impl Into<String>) -> impl FnOnce(E) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    let context = context.into();
    move |e| Error::Git {
        context,
        source: Box::new(e),
    }
}

/// Wraps an I/O error with its path.
pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

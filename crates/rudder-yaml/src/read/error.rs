//! YAML load failures with helm's exact text and where in the text they happened.

use rudder_report::Location;

use super::tree::ReadError;

/// A failure of sigs.k8s.io/yaml's `Unmarshal`: converting the YAML to JSON, or decoding that
/// JSON into the Go type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DocError {
    #[error("error converting YAML to JSON: {0}")]
    Convert(#[source] ReadError),
    /// A JSON value of the wrong kind for the Go type (`found` is the JSON kind, `into` Go's
    /// description of the target, e.g. `Go value of type map[string]interface {}`).
    #[error(
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {found} into {into}"
    )]
    Decode { found: &'static str, into: String },
}

impl DocError {
    /// 1-based line and 0-based byte column in the document, as far as known.
    pub fn position(&self) -> Option<(usize, Option<usize>)> {
        match self {
            DocError::Convert(e) => e.position,
            DocError::Decode { .. } => None,
        }
    }

    /// Where the failure is, with the document read from `file`.
    pub fn location(&self, file: &str) -> Location {
        locate(file, self.position())
    }
}

impl From<ReadError> for DocError {
    fn from(e: ReadError) -> Self {
        DocError::Convert(e)
    }
}

/// A YAML load failure; `Display` is helm's text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum YamlError {
    /// Kubernetes' document reader refused a `---` line of a values file (at `line`, 1-based).
    #[error("error reading yaml document: invalid Yaml document separator: {rest}")]
    Separator { line: usize, rest: String },
    /// A document of a values file failed; it starts at line `first_line` of the file (the
    /// error's own lines, as helm prints them, count from the document's start).
    #[error("cannot unmarshal yaml document: {source}")]
    ValuesDocument {
        first_line: usize,
        #[source]
        source: DocError,
    },
    /// A values file read as one document (helm 3) failed.
    #[error(transparent)]
    Document(DocError),
}

impl YamlError {
    /// 1-based line and 0-based byte column in the text read, as far as known.
    pub fn position(&self) -> Option<(usize, Option<usize>)> {
        match self {
            YamlError::Separator { line, .. } => Some((*line, None)),
            YamlError::ValuesDocument { first_line, source } => source
                .position()
                .map(|(line, column)| (first_line + line - 1, column)),
            YamlError::Document(source) => source.position(),
        }
    }

    /// Where the failure is, with the text read from `file` (the whole file when the place is
    /// not known).
    pub fn location(&self, file: &str) -> Location {
        locate(file, self.position())
    }
}

fn locate(file: &str, position: Option<(usize, Option<usize>)>) -> Location {
    match position {
        Some((line, column)) => Location::new(file, line, column),
        None => Location::file(file),
    }
}

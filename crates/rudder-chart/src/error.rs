//! Chart loading and values failures: `Display` is helm's text, and each keeps the file it is
//! about. Files are named relative to the chart's folder (or archive root): `values.yaml`,
//! `charts/sub/Chart.yaml`.

use std::path::PathBuf;

use rudder_jsonschema::{CompileError, ValidationError};
use rudder_report::Location;
use rudder_yaml::{DocError, YamlError};

use crate::load::io_text;

/// A chart loading, dependency or values failure.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// A file system call (`stat`, `open`) failed on a path given or found while walking.
    #[error("{op} {}: {}", path.display(), io_text(source))]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Reading a chart file failed.
    #[error("error reading {file}: {}", io_text(source))]
    ReadFile {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// The archive is not a readable gzipped tar.
    /// The archive is not gzip or tar as Go reads them; `Display` is Go's wording.
    #[error("{}", archive_text(.0))]
    Archive(#[source] std::io::Error),
    /// helm 4's loader replaces why an archive did not load by this message; the cause stays
    /// for a terminal to show.
    #[error("unable to load chart archive")]
    ArchiveUnloadable(Box<ChartError>),
    /// The chart's files break one of the loader's rules (links, sizes, paths, a missing
    /// Chart.yaml); `file` is the one concerned, when there is one.
    #[error("{message}")]
    Layout {
        file: Option<String>,
        message: String,
    },
    /// A `.helmignore` rule helm refuses (`line` is 1-based).
    #[error("{message}")]
    Ignore { line: usize, message: String },
    /// Chart.yaml or requirements.yaml does not load.
    #[error("cannot load {file}: {source}")]
    Metadata {
        file: &'static str,
        #[source]
        source: DocError,
    },
    /// Chart.yaml loads but breaks helm's `Metadata.Validate`.
    #[error("validation: {0}")]
    Validation(String),
    /// values.yaml does not load.
    #[error("cannot load {file}: {source}")]
    Values {
        file: &'static str,
        #[source]
        source: YamlError,
    },
    /// A subchart under `charts/` (a folder or an archive named `name`) failed to load.
    #[error("error unpacking subchart {name} in {parent}: {source}")]
    Subchart {
        name: String,
        parent: String,
        #[source]
        source: Box<ChartError>,
    },
    /// Coalescing met a subchart's values section that is not a table (`found` is Go's `%t`).
    #[error("type mismatch on {name}: {found}")]
    ValuesType { name: String, found: String },
    /// Values fail the schemas of one or more charts.
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

impl ChartError {
    /// Where the failure is, relative to the chart's folder: the line and column when known,
    /// else the file; `None` when the failure is about no file.
    pub fn location(&self) -> Option<Location> {
        match self {
            ChartError::Io { path, .. } => Some(Location::file(path.to_string_lossy())),
            ChartError::ReadFile { file, .. } => Some(Location::file(file)),
            ChartError::Archive(_) | ChartError::ValuesType { .. } => None,
            ChartError::ArchiveUnloadable(cause) => cause.location(),
            ChartError::Layout { file, .. } => file.as_deref().map(Location::file),
            ChartError::Ignore { line, .. } => Some(Location::new(".helmignore", *line, None)),
            ChartError::Metadata { file, source } => Some(source.location(file)),
            ChartError::Validation(_) => Some(Location::file("Chart.yaml")),
            ChartError::Values { file, source } => Some(source.location(file)),
            ChartError::Subchart { name, source, .. } => {
                let inner = source.location();
                if name.ends_with(".tgz") {
                    return Some(Location::file(format!("charts/{name}")));
                }
                inner.map(|l| Location {
                    file: format!("charts/{name}/{}", l.file),
                    ..l
                })
            }
            ChartError::Schema(e) => e.failures.first().map(|f| Location::file(f.schema_file())),
        }
    }
}

/// helm's report of values that fail the charts' schemas.
#[derive(Debug, thiserror::Error)]
#[error(
    "values don't meet the specifications of the schema(s) in the following chart(s):\n{}",
    failures.iter().map(ToString::to_string).collect::<String>()
)]
pub struct SchemaError {
    pub failures: Vec<SchemaFailure>,
}

/// One chart's values failing its schema.
#[derive(Debug, thiserror::Error)]
#[error("{name}:\n{problem}")]
pub struct SchemaFailure {
    /// The chart's name, as helm's report heads its part.
    pub name: String,
    /// The chart's folder relative to the root chart's (`""` for the root, `charts/sub`).
    pub path: String,
    pub problem: SchemaProblem,
}

impl SchemaFailure {
    /// The chart's `values.schema.json`, relative to the root chart's folder.
    pub fn schema_file(&self) -> String {
        if self.path.is_empty() {
            "values.schema.json".into()
        } else {
            format!("{}/values.schema.json", self.path)
        }
    }
}

/// Why a chart's values fail its schema.
#[derive(Debug, thiserror::Error)]
pub enum SchemaProblem {
    /// The schema (or a document it refers to) does not load or compile.
    #[error("{0}")]
    Compile(#[source] CompileError),
    /// The values break the schema: `leaves()` lists each (instance pointer, message).
    #[error("{}\n", .0.causes_text())]
    Invalid(#[source] ValidationError),
    /// helm 3 (gojsonschema): the schema does not load, or the values break it.
    #[error("{0}")]
    Helm3(#[source] rudder_jsonschema::gojs::Failure),
    /// The parent's values give a subchart something other than a table (Go's `%T`).
    #[error("invalid type for values: expected object (map), got {0}\n")]
    NotATable(&'static str),
}

/// Go's wording of an archive read failure (`compress/gzip`, `archive/tar`).
fn archive_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    if text.contains("invalid gzip header") {
        "gzip: invalid header".into()
    } else if e.kind() == std::io::ErrorKind::UnexpectedEof {
        "unexpected EOF".into()
    } else {
        text
    }
}

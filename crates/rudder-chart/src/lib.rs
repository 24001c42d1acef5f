//! Charts as helm loads them: the model, loading from folders and archives, `.helmignore`,
//! dependency processing (condition, tags, alias, import-values), values coalescing and
//! `--set` parsing.

pub mod coalesce;
pub mod dependencies;
pub mod detect;
mod error;
mod go_struct;
pub mod helm;
pub mod helmignore;
pub mod load;
pub mod metadata;
mod metadata_struct;
pub mod schema;
pub mod strict_fields;
pub mod strvals;

use std::rc::Rc;

use rudder_gotmpl::Value;

pub use error::{ChartError, SchemaError, SchemaFailure, SchemaProblem};
pub use helm::Helm;
pub use metadata::{Dependency, Metadata};

pub use rudder_report::{Level, Reporter};

/// A loaded chart.
#[derive(Debug, Clone)]
pub struct Chart {
    pub metadata: Metadata,
    /// `templates/**`, as (path relative to the chart, text): shared by every stage of a
    /// render, never copied.
    pub templates: Vec<(String, Rc<str>)>,
    /// Everything `.Files` exposes, as (path, bytes).
    pub files: Vec<(String, Rc<[u8]>)>,
    /// `values.yaml` (an empty map when absent).
    pub values: Value,
    /// `values.schema.json`, if present.
    pub schema: Option<Vec<u8>>,
    /// Subcharts from `charts/`.
    pub dependencies: Vec<Chart>,
    /// Whether this is the chart given on the command line.
    pub is_root: bool,
    /// Shared by every copy of the chart as loaded (aliases copy charts; helm's copies share
    /// their subchart objects, which its `--debug` walk visits once).
    pub origin: Rc<()>,
}

impl Chart {
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Files under `crds/` with a YAML or JSON extension, in path order.
    pub fn crd_files(&self) -> Vec<(String, Rc<[u8]>)> {
        let mut crds: Vec<(String, Rc<[u8]>)> = self
            .files
            .iter()
            .filter(|(p, _)| {
                let lower = p.to_ascii_lowercase();
                p.starts_with("crds/")
                    && (lower.ends_with(".yaml")
                        || lower.ends_with(".yml")
                        || lower.ends_with(".json"))
            })
            .cloned()
            .collect();
        crds.sort_by(|a, b| a.0.cmp(&b.0));
        crds
    }
}

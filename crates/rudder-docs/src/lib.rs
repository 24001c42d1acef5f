//! Chart READMEs from values.yaml comments, as helm-docs v1.14.2 generates them: the same
//! comment grammar, values table, named templates and `README.md.gotmpl` mechanism, rendered
//! with rudder's Go template engine and Sprig functions.
//!
//! [`find_charts`] lists the charts under a search root, [`load`] reads one, [`render`] makes
//! its README (given every chart loaded, for `--document-dependency-values`).

pub mod bitnami;
mod chart;
mod comment;
mod deps;
mod files;
mod funcs;
mod heads;
mod ignore;
mod json;
mod model;
mod rows;
pub mod schema;
mod template;
mod tree;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use chart::ChartInfo;
pub use template::HELM_DOCS_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Yaml { path: String, message: String },
    #[error("{source}")]
    Values { source: rows::RowError },
    #[error("required chart file {path} missing")]
    NoValues { path: String },
    #[error("{message}")]
    Template { message: String },
    /// A chart helm cannot load, for the values files' check.
    #[error("{path}: {message}")]
    Chart { path: String, message: String },
    /// An `@schema` annotation that cannot be applied, at a 1-based line.
    #[error("{path}:{line}: {message}")]
    Schema {
        path: String,
        line: usize,
        message: String,
    },
}

impl Error {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }

    fn yaml(path: &Path, message: String) -> Self {
        Error::Yaml {
            path: path.display().to_string(),
            message,
        }
    }
}

/// The order of the values table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// By key, byte-wise.
    #[default]
    AlphaNum,
    /// As the keys appear in the values file.
    File,
}

/// helm-docs' settings that shape the READMEs.
#[derive(Debug, Clone)]
pub struct Options {
    pub chart_search_root: PathBuf,
    pub template_files: Vec<String>,
    pub values_file: String,
    pub sort_order: SortOrder,
    pub skip_version_footer: bool,
    pub ignore_non_descriptions: bool,
    pub badge_style: String,
    pub document_dependency_values: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            chart_search_root: PathBuf::from("."),
            template_files: vec!["README.md.gotmpl".into()],
            values_file: "values.yaml".into(),
            sort_order: SortOrder::AlphaNum,
            skip_version_footer: false,
            ignore_non_descriptions: false,
            badge_style: "flat-square".into(),
            document_dependency_values: false,
        }
    }
}

/// The chart folders under `root` (each holding a Chart.yaml) in walk order, less those the
/// ignore file excludes, each named as helm-docs names it: `root` joined with the folder.
pub fn find_charts(root: &Path, ignore_file: &str) -> Result<Vec<PathBuf>, Error> {
    let ignore = ignore::Ignore::load(ignore_file)?;
    let mut found = Vec::new();
    let mut walk = walkdir::WalkDir::new(root).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| Error::Io {
            path: root.display().to_string(),
            source: e.into(),
        })?;
        if entry.file_type().is_dir() {
            if ignore.skips(entry.path(), true) {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_name() == "Chart.yaml" && !ignore.skips(entry.path(), false) {
            if let Some(dir) = entry.path().parent() {
                let relative = dir.strip_prefix(root).unwrap_or(dir);
                found.push(deps::join(root, &relative.to_string_lossy()));
            }
        }
    }
    Ok(found)
}

/// Reads the chart in `dir` (as [`find_charts`] names it).
pub fn load(dir: &Path, opts: &Options) -> Result<ChartInfo, Error> {
    chart::load(dir, &opts.values_file)
}

/// Reads the packaged dependencies in `dir`'s `charts/` folder, by archive path: with
/// `--document-dependency-values` they join the charts [`render`] is given.
pub fn load_archives(dir: &Path, opts: &Options) -> Vec<(PathBuf, Result<ChartInfo, Error>)> {
    deps::archives(dir, &opts.values_file)
}

/// A README and what went wrong on the way without stopping it.
#[derive(Debug, Clone)]
pub struct Readme {
    pub text: String,
    pub warnings: Vec<String>,
}

/// The README of `info`; `charts` holds every chart loaded, by folder, for dependency values.
pub fn render(
    info: &ChartInfo,
    charts: &HashMap<PathBuf, ChartInfo>,
    opts: &Options,
) -> Result<Readme, Error> {
    let name = info.dir.display().to_string();
    let mut warnings = Vec::new();
    let dependencies = match opts.document_dependency_values {
        true => deps::dependency_values(info, charts, &mut warnings),
        false => Vec::new(),
    };
    let set = template::parse(&info.dir, opts)?;
    let table = model::table(
        info,
        &dependencies,
        opts.sort_order,
        opts.ignore_non_descriptions,
    )
    .map_err(|source| Error::Values { source })?;
    let data = template::data(info, &name, &table, opts);
    let (out, failure) = template::execute(&set, &data);
    warnings.extend(failure);
    Ok(Readme {
        text: markdown_tidy(&out),
        warnings,
    })
}

/// helm-docs' last step: a space before a line break goes, three or more line breaks become
/// two.
fn markdown_tidy(text: &str) -> String {
    let text = text.replace(" \n", "\n");
    let mut out = String::with_capacity(text.len());
    let mut newlines = 0;
    for c in text.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else {
            newlines = 0;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_drops_a_space_before_newlines_and_extra_blank_lines() {
        assert_eq!(markdown_tidy("a  \n\n\n\nb \n"), "a \n\nb\n");
    }
}

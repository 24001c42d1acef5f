//! Chart READMEs from values.yaml comments, as helm-docs v1.14.2 generates them: the same
//! comment grammar, values table, named templates and `README.md.gotmpl` mechanism, rendered
//! with rudder's Go template engine and Sprig functions.

mod chart;
mod comment;
mod ignore;
mod json;
mod rows;
mod tree;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use rudder_gotmpl::{ExecOptions, Map, Templates, Value};

use rows::Row;

/// The version helm-docs' footer names: committed READMEs say v1.14.2.
pub const HELM_DOCS_VERSION: &str = "1.14.2";

const NAMED_TEMPLATES: &str = include_str!("named.gotmpl");
const DEFAULT_TEMPLATE: &str = include_str!("default.gotmpl");

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Yaml { path: String, message: String },
    #[error("{path}: {source}")]
    Values {
        path: String,
        source: rows::RowError,
    },
    #[error("{path}: no values file, chart skipped")]
    NoValues { path: String },
    #[error("{path}: values file must resolve to a map")]
    NotAMap { path: String },
    #[error("{chart}: {message}")]
    Template { chart: String, message: String },
}

impl Error {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            source,
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

/// helm-docs' settings that shape one chart's README.
#[derive(Debug, Clone)]
pub struct Options {
    pub chart_search_root: PathBuf,
    pub template_files: Vec<String>,
    pub values_file: String,
    pub sort_order: SortOrder,
    pub skip_version_footer: bool,
    pub ignore_non_descriptions: bool,
    pub badge_style: String,
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
        }
    }
}

/// The chart directories under `root` (each directory holding a Chart.yaml), in walk order,
/// less those the ignore file (`.helmdocsignore`) excludes.
pub fn find_charts(root: &Path, ignore_file: &str) -> Result<Vec<PathBuf>, Error> {
    let ignore = ignore::Ignore::load(ignore_file)?;
    let mut found = Vec::new();
    let mut walk = walkdir::WalkDir::new(root).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| Error::Io {
            path: root.display().to_string(),
            source: e.into(),
        })?;
        let is_dir = entry.file_type().is_dir();
        if is_dir && ignore.skips(entry.path(), true) {
            walk.skip_current_dir();
            continue;
        }
        if entry.file_name() == "Chart.yaml" && !ignore.skips(entry.path(), false) {
            if let Some(dir) = entry.path().parent() {
                found.push(dir.to_path_buf());
            }
        }
    }
    Ok(found)
}

/// The README text for the chart in `dir`.
pub fn render(dir: &Path, opts: &Options) -> Result<String, Error> {
    let mut data = chart::metadata(dir)?;
    let rows = value_rows(dir, opts)?;
    data.insert("Values".into(), Value::list(rows.iter().map(row_value).collect()));
    data.insert("Sections".into(), sections(&rows));
    data.insert("ChartDirectory".into(), Value::string(dir.display().to_string()));
    data.insert("HelmDocsVersion".into(), Value::str(HELM_DOCS_VERSION));
    data.insert("SkipVersionFooter".into(), Value::Bool(opts.skip_version_footer));
    data.insert("BadgeStyle".into(), Value::str(&opts.badge_style));

    let template_err = |message: String| Error::Template {
        chart: dir.display().to_string(),
        message,
    };
    let mut templates = Templates::new("README", Rc::new(rudder_funcs::helm_funcs()));
    templates
        .parse("helm-docs", NAMED_TEMPLATES)
        .map_err(|e| template_err(e.to_string()))?;
    templates
        .parse("README", &template_text(dir, opts)?)
        .map_err(|e| template_err(e.to_string()))?;
    let out = templates
        .execute("README", &Value::map(data), &ExecOptions::default())
        .map_err(|e| template_err(e.to_string()))?;
    Ok(markdown_tidy(&out))
}

/// The chart's template files joined, and the default template after them when one is missing.
fn template_text(dir: &Path, opts: &Options) -> Result<String, Error> {
    let mut text = String::new();
    let mut missing = false;
    for file in &opts.template_files {
        let base = Path::new(file).file_name().is_some_and(|b| b == file.as_str());
        let path = if file.starts_with('.') && !base {
            opts.chart_search_root.join(file)
        } else if base {
            dir.join(file)
        } else {
            PathBuf::from(file)
        };
        if !path.exists() {
            missing = true;
            continue;
        }
        text.push_str(&std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?);
    }
    if missing {
        text.push_str(DEFAULT_TEMPLATE);
    }
    Ok(text)
}

fn value_rows(dir: &Path, opts: &Options) -> Result<Vec<Row>, Error> {
    let path = dir.join(&opts.values_file);
    if !path.exists() {
        return Err(Error::NoValues {
            path: path.display().to_string(),
        });
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::io(&path, e))?
        .replace("\r\n", "\n");
    let shown = path.display().to_string();
    let root = tree::parse(&text).map_err(|message| Error::Yaml {
        path: shown.clone(),
        message,
    })?;
    let Some(mut root) = root else {
        return Ok(Vec::new());
    };
    if !matches!(root.kind, tree::Kind::Mapping(_)) {
        return Err(Error::NotAMap { path: shown });
    }
    rows::remove_ignored(&mut root);
    let keyed = comment::keyed_descriptions(&text);
    let mut rows = rows::rows(&root, &keyed).map_err(|source| Error::Values {
        path: shown,
        source,
    })?;
    if opts.ignore_non_descriptions {
        rows.retain(|r| !r.description.is_empty() || !r.auto_description.is_empty());
    }
    match opts.sort_order {
        SortOrder::AlphaNum => rows.sort_by(|a, b| a.key.cmp(&b.key)),
        SortOrder::File => rows.sort_by_key(|r| (r.line, r.column)),
    }
    Ok(rows)
}

fn row_value(row: &Row) -> Value {
    let s = |v: &str| Value::str(v);
    let m: Map = [
        ("Key", s(&row.key)),
        ("Type", s(&row.value_type)),
        ("NotationType", s(&row.notation_type)),
        ("AutoDefault", s(&row.auto_default)),
        ("Default", s(&row.default)),
        ("AutoDescription", s(&row.auto_description)),
        ("Description", s(&row.description)),
        ("Section", s(&row.section)),
        ("Column", Value::Int(row.column as i64)),
        ("LineNumber", Value::Int(row.line as i64)),
        ("Dependency", s("")),
        ("IsGlobal", Value::Bool(false)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Value::map(m)
}

fn section(name: &str, rows: &[&Row]) -> Value {
    let mut m = Map::new();
    m.insert("SectionName".into(), Value::str(name));
    let items = rows.iter().map(|r| row_value(r)).collect();
    m.insert("SectionItems".into(), Value::list(items));
    Value::map(m)
}

/// Rows grouped by `@section`, sections in order of first appearance; unsectioned rows go to
/// "Other Values".
fn sections(rows: &[Row]) -> Value {
    let mut names: Vec<&str> = Vec::new();
    for r in rows {
        if !r.section.is_empty() && !names.contains(&r.section.as_str()) {
            names.push(&r.section);
        }
    }
    let of = |name: &str| rows.iter().filter(|r| r.section == name).collect::<Vec<_>>();
    let mut m = Map::new();
    m.insert("DefaultSection".into(), section("Other Values", &of("")));
    let named = names.iter().map(|n| section(n, &of(n))).collect();
    m.insert("Sections".into(), Value::list(named));
    Value::map(m)
}

/// helm-docs' last step: one space before a line break goes, three or more line breaks
/// become two.
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

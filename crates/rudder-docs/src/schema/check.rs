//! A chart's values files against a schema, as `helm lint --values FILE` (helm 4) checks
//! them: values.yaml alone, then each `ci/*.yaml` and `values/*.yaml` (chart-testing's and a
//! common layout's extra values) coalesced over the chart's values. Each failure names the
//! file, the line of the failing key in it when the file writes that key, and the key's
//! JSON pointer with helm 4's message.

use std::fmt;
use std::path::{Path, PathBuf};

use rudder_chart::{coalesce, load, schema, Helm, SchemaProblem};
use rudder_gotmpl::{Map, Value};
use rudder_report::Silent;

use crate::tree::{self, Kind, Node};
use crate::Error;

/// One value that breaks the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub file: PathBuf,
    /// 1-based line of the failing key (or its nearest written ancestor) in `file`; 0 when
    /// the file does not write it.
    pub line: usize,
    /// The failing value's JSON pointer (`/image/tag`); empty for a file that does not
    /// read, or a schema that does not compile.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        match self.pointer.as_str() {
            "" => write!(f, ": {}", self.message),
            pointer => write!(f, ": at '{pointer}': {}", self.message),
        }
    }
}

/// The files checked: the chart's `values_file`, then `ci/*.yaml` and `values/*.yaml` (and
/// `.yml`), each folder sorted by name.
pub fn values_files(dir: &Path, values_file: &str) -> Vec<PathBuf> {
    let mut files = vec![dir.join(values_file)];
    for folder in ["ci", "values"] {
        let Ok(read) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// Checks every values file of the chart in `dir` against `schema` (its text).
pub fn check(
    dir: &Path,
    values_file: &str,
    schema: &str,
    fetcher: &dyn schema::SchemaFetcher,
) -> Result<Vec<Failure>, Error> {
    let chart = load::load(dir, Helm::V4, &Silent).map_err(|e| Error::Chart {
        path: dir.display().to_string(),
        message: e.to_string(),
    })?;
    let mut failures = Vec::new();
    for (i, file) in values_files(dir, values_file).into_iter().enumerate() {
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        let failure = |pointer: String, message: String| Failure {
            file: file.clone(),
            line: line_of(&text, &pointer),
            pointer,
            message,
        };
        // The chart's own values are the base helm coalesces every file over.
        let user = match i {
            0 => Value::map(Map::new()),
            _ => match rudder_yaml::parse_values(&text) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(failure(String::new(), e.to_string()));
                    continue;
                }
            },
        };
        let values =
            coalesce::coalesce_values(&chart, &user, false, Helm::V4, &Silent).map_err(|e| {
                Error::Chart {
                    path: file.display().to_string(),
                    message: e.to_string(),
                }
            })?;
        match schema::validate_single(&values, schema.as_bytes(), Helm::V4, &Silent, fetcher) {
            Ok(()) => {}
            Err(SchemaProblem::Invalid(e)) => {
                let mut found: Vec<Failure> = e
                    .leaves()
                    .into_iter()
                    .map(|(pointer, message)| failure(pointer, message))
                    .collect();
                // In the file's order, not the validator's.
                found.sort_by_key(|f| f.line);
                failures.extend(found);
            }
            Err(problem) => {
                // The schema itself does not compile: one failure, on the schema.
                failures.push(Failure {
                    file: dir.join(super::FILE),
                    line: 0,
                    pointer: String::new(),
                    message: format!("the generated schema does not compile: {problem}"),
                });
                break;
            }
        }
    }
    Ok(failures)
}

/// The line of the deepest key on the JSON `pointer`'s path that `text` writes (0: none).
fn line_of(text: &str, pointer: &str) -> usize {
    let Ok(Some(root)) = tree::parse(text) else {
        return 0;
    };
    let mut node = &root;
    let mut line = 0;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next: Option<(&Node, usize)> = match &node.kind {
            Kind::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| k.scalar_text() == Some(token.as_str()))
                .map(|(k, v)| (v, k.line)),
            Kind::Sequence(items) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .map(|item| (item, item.line)),
            Kind::Scalar { .. } => None,
        };
        let Some((child, at)) = next else { break };
        node = child;
        line = at;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_yaml_then_ci_then_values_folder_each_sorted() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "values.yaml",
            "ci/b-values.yaml",
            "ci/a-values.yml",
            "ci/notes.txt",
            "values/prod.yaml",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "a: 1\n").unwrap();
        }
        let found: Vec<String> = values_files(dir.path(), "values.yaml")
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "values.yaml",
                "ci/a-values.yml",
                "ci/b-values.yaml",
                "values/prod.yaml"
            ]
        );
    }

    #[test]
    fn failures_point_at_the_deepest_written_key() {
        let text = "image:\n  repository: x\n  tag: 1\nlist:\n  - a\n  - b\n";
        assert_eq!(line_of(text, "/image/tag"), 3);
        assert_eq!(line_of(text, "/image/missing"), 1);
        assert_eq!(line_of(text, "/list/1"), 6);
        assert_eq!(line_of(text, ""), 0);
    }
}

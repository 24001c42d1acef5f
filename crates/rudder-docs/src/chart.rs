//! What helm-docs reads from a chart folder: Chart.yaml decoded as yaml.v3 decodes it into
//! helm-docs' structs (any scalar into a string field as written, a type mismatch an error),
//! the dependencies (requirements.yaml for apiVersion v1) sorted by repository/name, and the
//! values file with its `@ignore`d keys removed and its description comments.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::comment::{keyed_descriptions, Description};
use crate::tree::{self, Kind, Node, ScalarTag};
use crate::Error;

#[derive(Debug, Clone, Default)]
pub struct Maintainer {
    pub email: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Default)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub alias: String,
}

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub api_version: String,
    pub app_version: String,
    pub kube_version: String,
    pub name: String,
    pub deprecated: bool,
    pub description: String,
    pub version: String,
    pub home: String,
    pub kind: String,
    pub sources: Vec<String>,
    pub engine: String,
    pub maintainers: Vec<Maintainer>,
}

/// One chart as helm-docs knows it before rendering.
#[derive(Debug, Clone)]
pub struct ChartInfo {
    /// The search root joined with the chart's folder, as helm-docs names it.
    pub dir: PathBuf,
    pub meta: Meta,
    pub dependencies: Vec<Dependency>,
    /// The values tree (`None` for an empty file), `@ignore`d nodes removed.
    pub values: Option<Node>,
    pub values_text: String,
    pub descriptions: HashMap<String, Description>,
}

/// Where a chart's files are read from: its folder, or a packaged chart (a dependency
/// that `helm dependency build` put in `charts/`).
enum Source<'a> {
    Folder,
    Archive(&'a [rudder_chart::load::DirFile]),
}

impl Source<'_> {
    /// The text of the chart's file `name` (at `path` for messages); `None` when absent.
    fn text(&self, path: &Path, name: &str) -> Option<Result<String, Error>> {
        match self {
            Source::Folder => match std::fs::read_to_string(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                r => Some(r.map_err(|e| Error::io(path, e))),
            },
            Source::Archive(files) => files
                .iter()
                .find(|f| f.name == name)
                .map(|f| Ok(String::from_utf8_lossy(&f.data).into_owned())),
        }
    }

    /// Reads and parses a YAML file (see [`parse`]); a missing file is an error.
    fn read(&self, dir: &Path, name: &str) -> Result<(String, Option<Node>), Error> {
        let path = dir.join(name);
        match self.text(&path, name) {
            Some(raw) => parse(&path, &raw?),
            None => {
                let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
                Err(Error::io(&path, missing))
            }
        }
    }
}

/// A YAML file's text with CRLF line ends turned into LF, as helm-docs reads it, and its tree.
fn parse(path: &Path, raw: &str) -> Result<(String, Option<Node>), Error> {
    let text = raw.replace("\r\n", "\n");
    let node = tree::parse(&text).map_err(|message| Error::yaml(path, message))?;
    Ok((text, node))
}

/// A decoding failure, worded as yaml.v3's.
fn mismatch(node: &Node, into: &str) -> String {
    let found = match &node.kind {
        Kind::Mapping(_) => "!!map".to_string(),
        Kind::Sequence(_) => "!!seq".to_string(),
        Kind::Scalar { text, .. } => format!("!!str `{text}`"),
    };
    format!("line {}: cannot unmarshal {found} into {into}", node.line)
}

/// yaml.v3 decoding a node into a Go string field: a scalar's text (null leaves it empty).
fn string(node: Option<&Node>) -> Result<String, String> {
    match node.map(|n| (n, &n.kind)) {
        None => Ok(String::new()),
        Some((
            _,
            Kind::Scalar {
                tag: ScalarTag::Null,
                ..
            },
        )) => Ok(String::new()),
        Some((_, Kind::Scalar { text, .. })) => Ok(text.clone()),
        Some((n, _)) => Err(mismatch(n, "string")),
    }
}

/// yaml.v3 decoding into a bool, which also takes YAML 1.1's words.
fn boolean(node: Option<&Node>) -> Result<bool, String> {
    let Some(n) = node else { return Ok(false) };
    match n.scalar_text() {
        Some("true" | "True" | "TRUE" | "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON") => {
            Ok(true)
        }
        Some(
            "false" | "False" | "FALSE" | "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF",
        ) => Ok(false),
        Some("" | "~" | "null" | "Null" | "NULL") => Ok(false),
        _ => Err(mismatch(n, "bool")),
    }
}

/// The items of a sequence field (null or absent: none).
fn items<'n>(node: Option<&'n Node>, into: &str) -> Result<&'n [Node], String> {
    match node.map(|n| (n, &n.kind)) {
        None
        | Some((
            _,
            Kind::Scalar {
                tag: ScalarTag::Null,
                ..
            },
        )) => Ok(&[]),
        Some((_, Kind::Sequence(items))) => Ok(items),
        Some((n, _)) => Err(mismatch(n, into)),
    }
}

/// A struct's fields: a mapping (null: all empty).
fn fields(node: &Node, into: &str) -> Result<(), String> {
    match &node.kind {
        Kind::Mapping(_)
        | Kind::Scalar {
            tag: ScalarTag::Null,
            ..
        } => Ok(()),
        _ => Err(mismatch(node, into)),
    }
}

fn meta(node: &Node) -> Result<Meta, String> {
    fields(node, "helm.ChartMeta")?;
    let s = |key: &str| string(node.get(key));
    let maintainers = items(node.get("maintainers"), "[]helm.ChartMetaMaintainer")?
        .iter()
        .map(|m| {
            fields(m, "helm.ChartMetaMaintainer")?;
            Ok(Maintainer {
                email: string(m.get("email"))?,
                name: string(m.get("name"))?,
                url: string(m.get("url"))?,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Meta {
        api_version: s("apiVersion")?,
        app_version: s("appVersion")?,
        kube_version: s("kubeVersion")?,
        name: s("name")?,
        deprecated: boolean(node.get("deprecated"))?,
        description: s("description")?,
        version: s("version")?,
        home: s("home")?,
        kind: s("type")?,
        sources: items(node.get("sources"), "[]string")?
            .iter()
            .map(|n| string(Some(n)))
            .collect::<Result<_, String>>()?,
        engine: s("engine")?,
        maintainers,
    })
}

fn dependencies(node: &Node) -> Result<Vec<Dependency>, String> {
    fields(node, "helm.ChartRequirements")?;
    let mut deps = items(node.get("dependencies"), "[]helm.ChartRequirementsItem")?
        .iter()
        .map(|d| {
            fields(d, "helm.ChartRequirementsItem")?;
            Ok(Dependency {
                name: string(d.get("name"))?,
                version: string(d.get("version"))?,
                repository: string(d.get("repository"))?,
                alias: string(d.get("alias"))?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    deps.sort_by(|a, b| {
        let key = |d: &Dependency| format!("{}/{}", d.repository, d.name);
        key(a).cmp(&key(b))
    });
    Ok(deps)
}

fn decode<T>(path: &Path, r: Result<T, String>) -> Result<T, Error> {
    r.map_err(|m| Error::yaml(path, m))
}

/// Reads the chart in `dir` (the search root joined with the chart's folder).
pub fn load(dir: &Path, values_file: &str) -> Result<ChartInfo, Error> {
    load_from(dir, values_file, &Source::Folder)
}

/// Reads the packaged chart `archive` (named by its path).
pub fn load_archive(archive: &Path, values_file: &str) -> Result<ChartInfo, Error> {
    let bytes = std::fs::read(archive).map_err(|e| Error::io(archive, e))?;
    let files = rudder_chart::load::read_archive_files(&bytes).map_err(|e| Error::Chart {
        path: archive.display().to_string(),
        message: e.to_string(),
    })?;
    load_from(archive, values_file, &Source::Archive(&files))
}

fn load_from(dir: &Path, values_file: &str, source: &Source) -> Result<ChartInfo, Error> {
    let chart_path = dir.join("Chart.yaml");
    let (_, chart) = source.read(dir, "Chart.yaml")?;
    let meta = match &chart {
        Some(node) => decode(&chart_path, meta(node))?,
        None => Meta::default(),
    };
    let requirements = dir.join("requirements.yaml");
    let dependencies = if meta.api_version == "v1" {
        match source.text(&requirements, "requirements.yaml") {
            Some(raw) => match parse(&requirements, &raw?)?.1 {
                Some(node) => decode(&requirements, dependencies(&node))?,
                None => Vec::new(),
            },
            None => Vec::new(),
        }
    } else {
        match &chart {
            Some(node) => decode(&chart_path, dependencies(node))?,
            None => Vec::new(),
        }
    };
    let values_path = dir.join(values_file);
    let Some(raw) = source.text(&values_path, values_file) else {
        return Err(Error::NoValues {
            path: values_path.display().to_string(),
        });
    };
    let raw = raw?;
    let (values_text, mut values) = parse(&values_path, &raw)?;
    if let Some(root) = values.as_mut() {
        crate::rows::remove_ignored(root);
    }
    Ok(ChartInfo {
        dir: dir.to_path_buf(),
        meta,
        dependencies,
        values,
        values_text,
        descriptions: keyed_descriptions(&raw),
    })
}

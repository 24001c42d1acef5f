//! `helm package`: load a chart folder as helm's loader does, apply `--version` and
//! `--app-version`, check that declared dependencies are in `charts/`, and write the archive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rudder_chart::load::{io_text, read_archive_files, read_chart_dir, DirFile};
use rudder_chart::Metadata;
use rudder_report::Reporter;

use crate::archive::{chart_name, write_archive, ChartTree};
use crate::lock::Lock;
use crate::RepoError;

/// `helm package`'s options that shape the archive.
#[derive(Debug, Default, Clone)]
pub struct PackageOptions {
    /// `--version`: replaces the chart's version.
    pub version: Option<String>,
    /// `--app-version`: replaces the chart's appVersion.
    pub app_version: Option<String>,
}

fn err<T>(msg: impl Into<String>) -> Result<T, RepoError> {
    Err(RepoError::Message(msg.into()))
}

/// A packaged chart, not yet written: its metadata, helm's file name and the archive bytes.
pub struct Packaged {
    pub metadata: Metadata,
    /// `name-version.tgz`.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Packages the chart folder `dir` in memory, as `helm package` would write it.
pub fn package_bytes(
    dir: &Path,
    opts: &PackageOptions,
    reporter: &dyn Reporter,
) -> Result<Packaged, RepoError> {
    let mut tree = load_tree(dir, reporter)?;
    if let Some(v) = &opts.version {
        tree.metadata.set_version(v);
    }
    if rudder_gocompat::semver::Version::parse(&tree.metadata.version).is_none() {
        return err("invalid semantic version");
    }
    if let Some(v) = &opts.app_version {
        tree.metadata.set_app_version(v);
    }
    check_dependencies(&tree)?;
    tree.metadata
        .validate()
        .map_err(|e| RepoError::Message(format!("failed to save: chart validation: {e}")))?;
    let file_name = format!(
        "{}-{}.tgz",
        chart_name(&tree.metadata),
        tree.metadata.version
    );
    let bytes =
        write_archive(&tree).map_err(|e| RepoError::Message(format!("failed to save: {e}")))?;
    Ok(Packaged {
        metadata: tree.metadata,
        file_name,
        bytes,
    })
}

/// Packages the chart folder `dir` into `dest` (created if missing); returns the archive's
/// path, `dest` joined with `name-version.tgz`.
pub fn package(
    dir: &Path,
    dest: &Path,
    opts: &PackageOptions,
    reporter: &dyn Reporter,
) -> Result<PathBuf, RepoError> {
    let packaged = package_bytes(dir, opts, reporter)?;
    // Go's filepath.Join cleans the path it prints (`-d ./out/` gives `out/name.tgz`).
    let path = PathBuf::from(rudder_gocompat::path::clean(
        &dest.join(&packaged.file_name).to_string_lossy(),
    ));
    let failed = |e: String| RepoError::Message(format!("failed to save: {e}"));
    match std::fs::metadata(dest) {
        Ok(m) if !m.is_dir() => {
            return Err(failed(format!("is not a directory: {}", dest.display())));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dest)
                .map_err(|e| failed(format!("mkdir {}: {}", dest.display(), io_text(&e))))?;
        }
        Err(e) => {
            return Err(failed(format!("stat {}: {}", dest.display(), io_text(&e))));
        }
    }
    std::fs::write(&path, packaged.bytes)
        .map_err(|e| failed(format!("open {}: {}", path.display(), io_text(&e))))?;
    Ok(path)
}

/// Reads the chart folder as helm's `loader.LoadDir` does, with its errors.
pub fn load_tree(dir: &Path, reporter: &dyn Reporter) -> Result<ChartTree, RepoError> {
    let abs = absolute_clean(dir);
    let chart_yaml = abs.join("Chart.yaml");
    let text = std::fs::read(&chart_yaml).map_err(|e| {
        RepoError::Message(format!(
            "unable to detect chart at {}: open {}: {}",
            chart_yaml.display(),
            chart_yaml.display(),
            io_text(&e)
        ))
    })?;
    let md = Metadata::parse(&String::from_utf8_lossy(&text))?;
    match md.api_version.as_str() {
        "v1" | "v2" => {}
        "v3" => return err("invalid chart apiVersion"),
        _ => return err("unsupported chart version"),
    }
    let files = read_chart_dir(&abs, reporter)?;
    // helm's loader checks the whole tree (metadata, values, subcharts) before packaging.
    rudder_chart::load::load_files(
        files
            .iter()
            .map(|f| (f.name.clone(), f.data.clone()))
            .collect(),
        crate::LOAD_AS,
    )?;
    sort_files(files)
}

/// Go's `filepath.Abs`: joined to the working folder and cleaned lexically.
fn absolute_clean(dir: &Path) -> PathBuf {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    PathBuf::from(rudder_gocompat::path::clean(&abs.to_string_lossy()))
}

/// Sorts a chart's files into the parts helm's writer handles apart (after the loader has
/// accepted them).
fn sort_files(files: Vec<DirFile>) -> Result<ChartTree, RepoError> {
    let text = |f: &DirFile| String::from_utf8_lossy(&f.data).into_owned();
    let chart_file = files
        .iter()
        .find(|f| f.name == "Chart.yaml")
        .ok_or_else(|| RepoError::Message("Chart.yaml file is missing".into()))?;
    let mut metadata = Metadata::parse(&text(chart_file))?;
    let metadata_modified = chart_file.modified;
    let mut tree = ChartTree {
        metadata: Metadata::default(),
        metadata_modified,
        lock: None,
        values: None,
        schema: None,
        templates: Vec::new(),
        files: Vec::new(),
        dependencies: Vec::new(),
    };
    let v1 = metadata.api_version == "v1";
    let mut subcharts: BTreeMap<String, Vec<DirFile>> = BTreeMap::new();
    for f in files {
        match f.name.as_str() {
            "Chart.yaml" => {}
            "Chart.lock" => tree.lock = Some(Lock::parse(&text(&f), "Chart.lock")?),
            "requirements.lock" => {
                tree.lock = Some(Lock::parse(&text(&f), "requirements.lock")?);
                if v1 {
                    tree.files.push(f);
                }
            }
            "values.yaml" => tree.values = Some(f),
            "values.schema.json" => tree.schema = Some(f),
            "requirements.yaml" => {
                metadata.add_requirements(&text(&f))?;
                if v1 {
                    tree.files.push(f);
                }
            }
            n if n.starts_with("templates/") => tree.templates.push(f),
            n if n.starts_with("charts/") && !n.ends_with(".prov") => {
                let rest = &n["charts/".len()..];
                let sub = rest.split('/').next().unwrap_or(rest).to_string();
                let name = rest.to_string();
                subcharts
                    .entry(sub)
                    .or_default()
                    .push(DirFile { name, ..f });
            }
            _ => tree.files.push(f),
        }
    }
    tree.metadata = metadata;
    // helm walks a Go map here, so its subchart order varies from run to run; name order is
    // one of the orders it produces.
    for (name, files) in subcharts {
        if name.starts_with(['_', '.']) {
            continue;
        }
        let sub = if name.ends_with(".tgz") {
            let Some(archive) = files.into_iter().next() else {
                continue;
            };
            read_archive_files(&archive.data)
                .map_err(RepoError::from)
                .and_then(sort_files)
        } else {
            let inner = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(DirFile {
                        name: rest.to_string(),
                        ..f
                    })
                })
                .collect();
            sort_files(inner)
        };
        tree.dependencies.push(sub?);
    }
    Ok(tree)
}

/// helm's `CheckDependencies`: every dependency of Chart.yaml has a chart in `charts/`.
fn check_dependencies(tree: &ChartTree) -> Result<(), RepoError> {
    let present: Vec<&str> = tree
        .dependencies
        .iter()
        .map(|d| d.metadata.name.as_str())
        .collect();
    let missing: Vec<&str> = tree
        .metadata
        .dependencies
        .iter()
        .map(|d| d.name.as_str())
        .filter(|n| !present.contains(n))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        err(format!(
            "found in Chart.yaml, but missing in charts/ directory: {}",
            missing.join(", ")
        ))
    }
}

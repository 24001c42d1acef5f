//! Loading a chart from a folder or a `.tgz` archive, as helm's loader does.

use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use rudder_gotmpl::Value;

use crate::helmignore::Rules;
use crate::metadata::Metadata;
use crate::{Chart, ChartError, Helm, Level, Reporter};

/// helm's limits on archives.
const MAX_CHART_SIZE: u64 = 100 * 1024 * 1024;
const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

type Files = Vec<(String, Vec<u8>)>;

/// A loader rule broken by the chart as a whole.
fn err<T>(msg: impl Into<String>) -> Result<T, ChartError> {
    Err(ChartError::Layout {
        file: None,
        message: msg.into(),
    })
}

/// A loader rule broken by one file.
fn file_err<T>(file: &str, msg: impl Into<String>) -> Result<T, ChartError> {
    Err(ChartError::Layout {
        file: Some(file.to_string()),
        message: msg.into(),
    })
}

/// A failed `stat` or `open` of `path`.
fn io_err<'p>(op: &'static str, path: &'p Path) -> impl FnOnce(std::io::Error) -> ChartError + 'p {
    move |source| ChartError::Io {
        op,
        path: path.to_path_buf(),
        source,
    }
}

/// Loads the chart at `path` (a folder or an archive). A folder is read from its absolute
/// path, as helm's loader does (its messages name absolute paths); the symbolic links it
/// follows are logged to `reporter`.
pub fn load(path: &Path, helm: Helm, reporter: &dyn Reporter) -> Result<Chart, ChartError> {
    let meta = std::fs::metadata(path).map_err(io_err("stat", path))?;
    let mut chart = if meta.is_dir() {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let absolute = rudder_gocompat::path::clean(&absolute.to_string_lossy());
        load_files(read_dir(Path::new(&absolute), reporter)?, helm)?
    } else {
        let bytes = std::fs::read(path).map_err(io_err("open", path))?;
        load_archive(&bytes, helm)?
    };
    chart.is_root = true;
    Ok(chart)
}

/// Go's wording of common I/O errors.
pub fn io_text(e: &std::io::Error) -> String {
    rudder_gocompat::os::error_text(e)
}

fn strip_bom(mut data: Vec<u8>) -> Vec<u8> {
    if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        data.drain(..3);
    }
    data
}

/// A file of a chart folder as helm's directory loader keeps it (the archive writer needs its
/// modification time).
#[derive(Debug, Clone)]
pub struct DirFile {
    /// Path relative to the chart folder, `/`-separated.
    pub name: String,
    /// The bytes, without a UTF-8 byte order mark.
    pub data: Vec<u8>,
    pub modified: std::time::SystemTime,
}

fn read_dir(top: &Path, reporter: &dyn Reporter) -> Result<Files, ChartError> {
    Ok(read_chart_dir(top, reporter)?
        .into_iter()
        .map(|f| (f.name, f.data))
        .collect())
}

/// The files of the chart folder `top` that `.helmignore` keeps, in helm's walk order;
/// symbolic links are followed and reported as helm reports them.
pub fn read_chart_dir(top: &Path, reporter: &dyn Reporter) -> Result<Vec<DirFile>, ChartError> {
    let rules = match std::fs::read_to_string(top.join(".helmignore")) {
        Ok(text) => Rules::parse(&text)?,
        Err(_) => Rules::parse("")?,
    };
    // The folders are walked first, then the files read (on all cores when there are many:
    // an umbrella's thousands of small files are mostly system calls), then what was found is
    // reported in walk order, up to the first failure, as a walk that read as it went would.
    let mut found = Vec::new();
    let stopped = walk(top, "", &rules, &mut found, 0).err();
    let contents = rudder_gotmpl::workers::map_on_cores(
        &found,
        |f| usize::from(matches!(f, Found::File { .. })),
        READ_IN_PARALLEL_FROM,
        |f| match f {
            Found::File { path, rel } => Some(read_file(path, rel)),
            Found::Link { .. } => None,
        },
    );
    let mut files = Vec::new();
    for (f, content) in found.into_iter().zip(contents) {
        match (f, content) {
            (Found::Link { path, resolved }, _) => reporter.log(
                Level::Info,
                "found symbolic link in path. Contents of linked file included and used",
                &[("path", &path), ("resolved", &resolved)],
            ),
            (Found::File { rel, .. }, Some(content)) => {
                let (data, modified) = content?;
                files.push(DirFile {
                    name: rel,
                    data: strip_bom(data),
                    modified,
                });
            }
            (Found::File { .. }, None) => {}
        }
    }
    match stopped {
        Some(e) => Err(e),
        None => Ok(files),
    }
}

/// Files from which a folder's files are read on several threads.
const READ_IN_PARALLEL_FROM: usize = 64;

/// What walking a chart folder finds, in walk order.
enum Found {
    /// A file to read (`rel`: its path in the chart).
    File {
        path: std::path::PathBuf,
        rel: String,
    },
    /// A symbolic link followed (helm logs each).
    Link { path: String, resolved: String },
}

fn walk(
    dir: &Path,
    prefix: &str,
    rules: &Rules,
    out: &mut Vec<Found>,
    depth: usize,
) -> Result<(), ChartError> {
    if depth > 64 {
        return file_err(
            prefix,
            format!("{}: too many levels of nested folders", dir.display()),
        );
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io_err("open", dir))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        // The directory entry tells folders and regular files apart without a `stat` each;
        // anything else (symlinks, which helm's loader follows, or an unknown type) is looked
        // up.
        let kind = entry.file_type().ok();
        if kind.is_some_and(|k| k.is_symlink()) {
            let resolved = std::fs::canonicalize(&path).map_err(|e| {
                let target = std::fs::read_link(&path)
                    .map(|t| dir.join(t))
                    .unwrap_or_else(|_| path.clone());
                ChartError::Layout {
                    file: Some(rel.clone()),
                    message: format!(
                        "error evaluating symlink {}: lstat {}: {}",
                        path.display(),
                        first_missing(&target),
                        io_text(&e)
                    ),
                }
            })?;
            out.push(Found::Link {
                path: path.display().to_string(),
                resolved: resolved.display().to_string(),
            });
        }
        let is_dir = match kind {
            Some(t) if t.is_dir() => true,
            Some(t) if t.is_file() => false,
            _ => std::fs::metadata(&path)
                .map_err(io_err("stat", &path))?
                .is_dir(),
        };
        if is_dir {
            if !rules.ignore(&rel, true) {
                walk(&path, &rel, rules, out, depth + 1)?;
            }
            continue;
        }
        if rules.ignore(&rel, false) {
            continue;
        }
        out.push(Found::File { path, rel });
    }
    Ok(())
}

/// The path Go's `filepath.EvalSymlinks` names when it fails: the first prefix of the
/// (cleaned) link target that does not exist.
fn first_missing(target: &Path) -> String {
    let cleaned = rudder_gocompat::path::clean(&target.to_string_lossy());
    let mut prefix = String::new();
    for (i, part) in cleaned.split('/').enumerate() {
        if i > 0 {
            prefix.push('/');
        }
        prefix.push_str(part);
        if !prefix.is_empty() && std::fs::symlink_metadata(&prefix).is_err() {
            return prefix;
        }
    }
    cleaned
}

/// A chart file's bytes and modification time: a regular file within the size limit.
fn read_file(path: &Path, rel: &str) -> Result<(Vec<u8>, std::time::SystemTime), ChartError> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    use std::io::Read;
    let reading = |source| ChartError::ReadFile {
        file: rel.to_string(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_err("stat", path))?;
    if !meta.is_file() {
        return file_err(
            rel,
            format!(
                "cannot load irregular file {} as it has file mode type bits set",
                path.display()
            ),
        );
    }
    if meta.len() > MAX_FILE_SIZE {
        return file_err(
            rel,
            format!("chart file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}"),
        );
    }
    // Exactly the size just checked: one read, no probing for more.
    let mut data = vec![0; meta.len() as usize];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut data))
        .map_err(reading)?;
    let modified = meta.modified().map_err(reading)?;
    Ok((data, modified))
}

/// Loads a gzipped tar archive held in memory; nothing is written to disk.
pub fn load_archive(bytes: &[u8], helm: Helm) -> Result<Chart, ChartError> {
    let files = read_archive_files(bytes)?;
    load_files(files.into_iter().map(|f| (f.name, f.data)).collect(), helm)
}

/// The files of a chart archive (paths without the chart's folder), as helm's archive reader
/// keeps them.
pub fn read_archive_files(bytes: &[u8]) -> Result<Vec<DirFile>, ChartError> {
    let gz = flate2::read::GzDecoder::new(bytes);
    let mut archive = tar::Archive::new(gz.take(MAX_CHART_SIZE + 1));
    let mut files = Vec::new();
    let mut total = 0u64;
    let entries = archive.entries().map_err(ChartError::Archive)?;
    for entry in entries {
        let mut entry = entry.map_err(ChartError::Archive)?;
        let kind = entry.header().entry_type();
        if kind.is_dir()
            || kind.is_pax_global_extensions()
            || kind.is_pax_local_extensions()
            || kind.is_gnu_longname()
        {
            continue;
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if kind.is_symlink() || kind.is_hard_link() {
            return file_err(
                &raw,
                format!("chart archive contains a link, which is not allowed: {raw:?}"),
            );
        }
        if !kind.is_file() {
            return file_err(
                &raw,
                format!("chart archive contains an irregular file: {raw:?}"),
            );
        }
        let delimiter = if raw.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = raw.split(delimiter).collect();
        let rel = parts[1..].join("/");
        if rel.starts_with('/') {
            return err("chart illegally contains absolute paths");
        }
        let clean = rudder_gocompat::path::clean(&rel);
        if clean == "." {
            return err(format!(
                "chart illegally contains content outside the base directory: {raw:?}"
            ));
        }
        if clean.starts_with("..") {
            return err("chart illegally references parent directory");
        }
        if clean.len() >= 2
            && clean.as_bytes()[1] == b':'
            && clean.as_bytes()[0].is_ascii_alphabetic()
        {
            return err("chart contains illegally named files");
        }
        if parts[0] == "Chart.yaml" {
            return err("chart yaml not in base directory");
        }
        let size = entry.header().size().unwrap_or(0);
        if size > MAX_FILE_SIZE {
            return file_err(
                &clean,
                format!("decompressed chart file {clean:?} is larger than the maximum file size {MAX_FILE_SIZE}"),
            );
        }
        total += size;
        if total > MAX_CHART_SIZE {
            return err(format!(
                "decompressed chart is larger than the maximum size {MAX_CHART_SIZE}"
            ));
        }
        let mut data = Vec::with_capacity(size as usize);
        entry
            .by_ref()
            .take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut data)
            .map_err(ChartError::Archive)?;
        let mtime = entry.header().mtime().unwrap_or(0);
        files.push(DirFile {
            name: clean,
            data: strip_bom(data),
            modified: std::time::UNIX_EPOCH + std::time::Duration::from_secs(mtime),
        });
    }
    if files.is_empty() {
        return err("no files in chart archive");
    }
    Ok(files)
}

/// A file's text as a Go string (bytes that are not UTF-8 are kept, for the YAML reader to
/// report as go-yaml does).
fn text(data: &[u8]) -> String {
    rudder_gotmpl::gostr::from_bytes(data).into_owned()
}

/// Builds a chart from its files (paths relative to the chart folder); `helm` decides how
/// values.yaml is read and how failures are worded.
pub fn load_files(files: Files, helm: Helm) -> Result<Chart, ChartError> {
    let mut metadata: Option<Metadata> = None;
    for (name, data) in &files {
        if name == "Chart.yaml" {
            metadata = Some(Metadata::parse_for(&text(data), helm)?);
        }
    }
    let mut chart = Chart {
        metadata: Metadata::default(),
        templates: Vec::new(),
        files: Vec::new(),
        values: Value::empty_map(),
        schema: None,
        dependencies: Vec::new(),
        is_root: false,
        origin: Rc::new(()),
    };
    let mut subcharts: std::collections::BTreeMap<String, Files> =
        std::collections::BTreeMap::new();
    let mut requirements: Option<String> = None;
    for (name, data) in files {
        match name.as_str() {
            "Chart.yaml" | "Chart.lock" | "requirements.lock" => {
                if name == "requirements.lock"
                    && metadata.as_ref().is_some_and(|m| m.api_version == "v1")
                {
                    chart.files.push((name, Rc::from(data)));
                }
            }
            "values.yaml" => {
                // helm 3 reads one document into a map, helm 4 merges every document.
                let read = match helm {
                    Helm::V3 => rudder_yaml::parse_values_document,
                    Helm::V4 => rudder_yaml::parse_values,
                };
                chart.values = read(&text(&data)).map_err(|source| ChartError::Values {
                    file: "values.yaml",
                    source,
                })?;
            }
            "values.schema.json" => chart.schema = Some(data),
            "requirements.yaml" => {
                requirements = Some(text(&data));
                if metadata.as_ref().is_some_and(|m| m.api_version == "v1") {
                    chart.files.push((name, Rc::from(data)));
                }
            }
            n if n.starts_with("templates/") => {
                let text = Rc::from(rudder_gotmpl::gostr::from_bytes(&data));
                chart.templates.push((name.clone(), text));
            }
            n if n.starts_with("charts/") => {
                if n.ends_with(".prov") {
                    chart.files.push((name, Rc::from(data)));
                    continue;
                }
                let rest = &n["charts/".len()..];
                let cname = rest.split('/').next().unwrap_or(rest).to_string();
                subcharts
                    .entry(cname)
                    .or_default()
                    .push((rest.to_string(), data));
            }
            _ => chart.files.push((name, Rc::from(data))),
        }
    }
    let Some(mut md) = metadata else {
        return file_err("Chart.yaml", "Chart.yaml file is missing");
    };
    if let Some(req) = requirements {
        md.add_requirements(&req)?;
    }
    md.validate()?;
    chart.metadata = md;
    for (n, files) in subcharts {
        if n.starts_with(['_', '.']) {
            continue;
        }
        let sub = if n.ends_with(".tgz") {
            let Some((first, data)) = files.into_iter().next() else {
                continue;
            };
            if first != n {
                return err(format!(
                    "error unpacking subchart tar in {}: expected {n}, got {first}",
                    chart.name()
                ));
            }
            load_archive(&data, helm)
        } else {
            let inner: Files = files
                .into_iter()
                .filter_map(|(f, d)| f.split_once('/').map(|(_, rest)| (rest.to_string(), d)))
                .collect();
            load_files(inner, helm)
        };
        let sub = sub.map_err(|e| ChartError::Subchart {
            name: n,
            parent: chart.name().to_string(),
            source: Box::new(e),
        })?;
        chart.dependencies.push(sub);
    }
    Ok(chart)
}

//! helm 4's `loader.Load` in front of the chart loader: it checks that a path holds a chart,
//! and of which format, before reading it, with its own messages (`unable to detect chart
//! at ...`, `does not appear to be a gzipped archive; got '...'`, `unable to load chart
//! archive`). `helm template` loads through it; `helm lint` reads charts with the loader
//! alone ([`crate::load::load`]).

use std::path::Path;

use crate::load::{io_text, load, load_files, read_archive_files};
use crate::metadata::Metadata;
use crate::{Chart, ChartError, Helm, Reporter};

/// Loads the chart at `path` (a folder or an archive) as helm 4's `loader.Load` does (helm 3's
/// for a folder).
pub fn load_detected(
    path: &Path,
    helm: Helm,
    reporter: &dyn Reporter,
) -> Result<Chart, ChartError> {
    let meta = std::fs::metadata(path).map_err(|source| ChartError::Io {
        op: "stat",
        path: path.to_path_buf(),
        source,
    })?;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // helm 3 reads a folder with its loader alone: no detection, every chart format.
    if meta.is_dir() && helm.is_v3() {
        return load(path, helm, reporter);
    }
    if meta.is_dir() {
        let chart_yaml = absolute.join("Chart.yaml");
        let text = std::fs::read(&chart_yaml).map_err(|e| {
            let shown = chart_yaml.display();
            // Go opens a folder and fails only when reading it.
            let op = if chart_yaml.is_dir() { "read" } else { "open" };
            message(format!(
                "unable to detect chart at {shown}: {op} {shown}: {}",
                io_text(&e)
            ))
        })?;
        return checked(load(path, helm, reporter), &text, helm);
    }
    let name = absolute.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ChartError::Io {
        op: "open",
        path: path.to_path_buf(),
        source,
    })?;
    ensure_archive(&name, &bytes)?;
    // Go's gzip reader fails with its header error only on a wrong magic number, which
    // `ensure_archive` already refused: every failure here is "unable to load".
    let files = read_archive_files(&bytes)
        .map_err(|cause| ChartError::ArchiveUnloadable(Box::new(cause)))?;
    let chart_yaml = files
        .iter()
        .find(|f| f.name == "Chart.yaml")
        .map(|f| f.data.clone())
        .ok_or_else(|| message("unable to detect chart version, no Chart.yaml found".into()))?;
    let loaded = load_files(files.into_iter().map(|f| (f.name, f.data)).collect(), helm);
    checked(
        loaded.map(|mut chart| {
            chart.is_root = true;
            chart
        }),
        &chart_yaml,
        helm,
    )
}

/// What the loader gave, once helm's format check (which runs first in helm) has let it
/// through. Chart.yaml is parsed again only when the loader failed, to tell whether the
/// check would have failed first; a loaded chart's own metadata answers otherwise.
fn checked(
    loaded: Result<Chart, ChartError>,
    chart_yaml: &[u8],
    helm: Helm,
) -> Result<Chart, ChartError> {
    match loaded {
        Ok(chart) => match format_error(&chart.metadata.api_version) {
            Some(e) => Err(e),
            None => Ok(chart),
        },
        Err(e) => {
            let text = rudder_gotmpl::gostr::from_bytes(chart_yaml);
            let metadata = Metadata::parse_for(&text, helm)?;
            Err(format_error(&metadata.api_version).unwrap_or(e))
        }
    }
}

fn message(message: String) -> ChartError {
    ChartError::Layout {
        file: None,
        message,
    }
}

/// helm's check that a file given as a chart is gzip, naming what it looks like otherwise.
/// Go sniffs a zero-filled 512-byte buffer, so a short file reads as binary, never as text.
fn ensure_archive(name: &str, bytes: &[u8]) -> Result<(), ChartError> {
    let mut head = [0u8; rudder_gocompat::content_type::SNIFF_LEN];
    let n = bytes.len().min(head.len());
    head[..n].copy_from_slice(&bytes[..n]);
    let mime = rudder_gocompat::content_type::detect(&head);
    if mime == "application/x-gzip" || head.starts_with(b"\x1F\x8B\x08") {
        return Ok(());
    }
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        return Err(message(format!(
            "file '{name}' seems to be a YAML file, but expected a gzipped archive"
        )));
    }
    Err(message(format!(
        "file '{name}' does not appear to be a gzipped archive; got '{mime}'"
    )))
}

/// helm's refusal of the chart format an `apiVersion` names, if it refuses it: v1 and v2 load
/// here; helm 4.1 reads v3 charts but cannot render them.
fn format_error(api_version: &str) -> Option<ChartError> {
    match api_version {
        "v1" | "v2" => None,
        "v3" => Some(message("invalid chart apiVersion".into())),
        _ => Some(message("unsupported chart version".into())),
    }
}

//! A chart written as helm's `chartutil.Save` writes it: `name-version.tgz`, Chart.yaml
//! re-serialised from the metadata, then Chart.lock, values.yaml, values.schema.json,
//! templates, other files, and each subchart unpacked under `charts/<name>/`.

use std::time::{SystemTime, UNIX_EPOCH};

use rudder_chart::load::DirFile;
use rudder_chart::Metadata;
use rudder_gotmpl::Value;

use crate::gzip::GzipWriter;
use crate::lock::Lock;
use crate::tar::TarWriter;
use crate::RepoError;

/// The gzip extra field helm writes into every chart archive.
const HELM_EXTRA: &[u8] = b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=";

/// A chart's files sorted into the parts helm's writer handles apart.
#[derive(Debug)]
pub struct ChartTree {
    pub metadata: Metadata,
    pub metadata_modified: SystemTime,
    pub lock: Option<Lock>,
    pub values: Option<DirFile>,
    pub schema: Option<DirFile>,
    pub templates: Vec<DirFile>,
    pub files: Vec<DirFile>,
    pub dependencies: Vec<ChartTree>,
}

/// Seconds since the epoch, rounded to the nearest second as Go's tar writer rounds.
fn tar_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64 + i64::from(d.subsec_nanos() >= 500_000_000),
        Err(e) => {
            let d = e.duration();
            -(d.as_secs() as i64) - i64::from(d.subsec_nanos() > 500_000_000)
        }
    }
}

/// The chart's name as helm's validation leaves it (sanitised).
pub fn chart_name(md: &Metadata) -> String {
    md.to_go_struct()
        .get("name")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The `.tgz` bytes of `chart`.
pub fn write_archive(chart: &ChartTree) -> Result<Vec<u8>, RepoError> {
    let mut tar = TarWriter::new(GzipWriter::new(HELM_EXTRA, "Helm"));
    write_chart(&mut tar, chart, "")?;
    Ok(tar.finish().finish())
}

fn write_chart(tar: &mut TarWriter, chart: &ChartTree, prefix: &str) -> Result<(), RepoError> {
    let name = chart_name(&chart.metadata);
    if name.contains('/') || name.is_empty() {
        return Err(RepoError::Message(format!(
            "chart name {name:?} is invalid"
        )));
    }
    let base = if prefix.is_empty() {
        name
    } else {
        format!("{prefix}/{name}")
    };
    let mut fields = chart.metadata.to_go_struct();
    if chart.metadata.api_version == "v1" {
        // A v1 chart's dependencies stay in its requirements.yaml.
        fields.remove("dependencies");
    }
    let chart_yaml = rudder_yaml::to_yaml(&Value::map(fields)).map_err(RepoError::Message)?;
    tar.append(
        &format!("{base}/Chart.yaml"),
        chart_yaml.as_bytes(),
        tar_seconds(chart.metadata_modified),
    );
    if chart.metadata.api_version == "v2" {
        if let Some(lock) = &chart.lock {
            let text = lock.to_yaml()?;
            let mtime = lock
                .generated_seconds()
                .unwrap_or_else(|| tar_seconds(SystemTime::now()));
            tar.append(&format!("{base}/Chart.lock"), text.as_bytes(), mtime);
        }
    }
    if let Some(f) = &chart.values {
        tar.append(
            &format!("{base}/values.yaml"),
            &f.data,
            tar_seconds(f.modified),
        );
    }
    if let Some(schema) = &chart.schema {
        if rudder_yaml::parse_json(&String::from_utf8_lossy(&schema.data)).is_err() {
            return Err(RepoError::Message(
                "invalid JSON in values.schema.json".into(),
            ));
        }
        tar.append(
            &format!("{base}/values.schema.json"),
            &schema.data,
            tar_seconds(schema.modified),
        );
    }
    for f in chart.templates.iter().chain(&chart.files) {
        tar.append(
            &format!("{base}/{}", f.name),
            &f.data,
            tar_seconds(f.modified),
        );
    }
    for dep in &chart.dependencies {
        write_chart(tar, dep, &format!("{base}/charts"))?;
    }
    Ok(())
}

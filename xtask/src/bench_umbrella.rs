//! Umbrella charts for the template benchmark, made at benchmark time: 10, 50 and 100
//! subcharts, each a copy of a chart under a name of its own, as a platform team's umbrella
//! of services looks: copies of the example charts (agent, and platform, which has subcharts
//! of its own), or of public charts the user points the benchmark at (never committed). Time
//! per subchart should stay flat as the umbrella grows.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The umbrella sizes measured.
pub const SIZES: &[usize] = &[10, 50, 100];

/// Writes the umbrella of `size` subcharts under `target/bench-umbrellas/`, copies of
/// `sources` in turn (the example charts when `None`), and returns its folder.
pub fn build(size: usize, sources: Option<&[PathBuf]>) -> Result<PathBuf> {
    let root = rudder_testkit::repo_root();
    let examples = root.join("examples/charts");
    let default_sources = [examples.join("agent"), examples.join("platform")];
    let (sources, kind) = match sources {
        Some(s) => (s, "public"),
        None => (&default_sources[..], "examples"),
    };
    let dir = root.join(format!("target/bench-umbrellas/{kind}-{size}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("charts"))?;
    fs::write(
        dir.join("Chart.yaml"),
        format!("apiVersion: v2\nname: umbrella-{size}\nversion: 1.0.0\n"),
    )?;
    for i in 0..size {
        let source = &sources[i % sources.len()];
        let base = source.file_name().unwrap_or_default().to_string_lossy();
        let name = format!("{base}-{i:03}");
        let into = dir.join("charts").join(&name);
        copy_tree(source, &into)?;
        rename_chart(&into.join("Chart.yaml"), &name)?;
    }
    Ok(dir)
}

/// The chart folders directly under `dirs` that helm renders with their default values
/// (charts whose dependencies are missing, or that need values, are left out).
pub fn renderable_charts(helm: &Path, dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut charts = Vec::new();
    for dir in dirs {
        let mut found: Vec<PathBuf> = fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("Chart.yaml").is_file())
            .collect();
        found.sort();
        for chart in found {
            let ok = std::process::Command::new(helm)
                .arg("template")
                .arg(&chart)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                charts.push(chart);
            }
        }
    }
    Ok(charts)
}

/// The charts fit for a public umbrella: none of their templates (subcharts' included)
/// generate keys (in an umbrella, RSA key generation would be most of the time, and it is
/// measured on its own), and one chart of each name. Two different charts of one name (the
/// prometheus-community and bitnami `kube-state-metrics`) define the same named templates,
/// and in one umbrella the last definition wins for both, which helm refuses to render.
pub fn without_key_generation(charts: &[PathBuf]) -> Vec<PathBuf> {
    let mut names = std::collections::HashSet::new();
    charts
        .iter()
        .filter(|c| !rudder_lint::repository::generates_keys(c))
        .filter(|c| names.insert(c.file_name().map(|n| n.to_os_string())))
        .cloned()
        .collect()
}

fn rename_chart(chart_yaml: &Path, name: &str) -> Result<()> {
    let text = fs::read_to_string(chart_yaml)?;
    let renamed: Vec<String> = text
        .lines()
        .map(|line| match line.starts_with("name:") {
            true => format!("name: {name}"),
            false => line.to_string(),
        })
        .collect();
    fs::write(chart_yaml, renamed.join("\n") + "\n")
        .with_context(|| format!("writing {}", chart_yaml.display()))
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

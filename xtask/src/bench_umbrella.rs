//! Umbrella charts for the template benchmark, made at benchmark time: 10, 50 and 100
//! subcharts, each a copy of an example chart (agent or platform, which has subcharts of its
//! own) under a name of its own, as a platform team's umbrella of services looks. Time per
//! subchart should stay flat as the umbrella grows.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The umbrella sizes measured.
pub const SIZES: &[usize] = &[10, 50, 100];

/// Writes the umbrella of `size` subcharts under `target/bench-umbrellas/` and returns its folder.
pub fn build(size: usize) -> Result<PathBuf> {
    let root = rudder_testkit::repo_root();
    let examples = root.join("examples/charts");
    let dir = root.join(format!("target/bench-umbrellas/umbrella-{size}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("charts"))?;
    fs::write(
        dir.join("Chart.yaml"),
        format!("apiVersion: v2\nname: umbrella-{size}\nversion: 1.0.0\n"),
    )?;
    for i in 0..size {
        let source = if i % 2 == 0 { "agent" } else { "platform" };
        let name = format!("{source}-{i:03}");
        let into = dir.join("charts").join(&name);
        copy_tree(&examples.join(source), &into)?;
        rename_chart(&into.join("Chart.yaml"), &name)?;
    }
    Ok(dir)
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

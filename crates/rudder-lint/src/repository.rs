//! A whole chart repository at once (as chart-testing's `ct lint` walks one): the charts under
//! the given folders, each linted with its default values and with each of its `ci/*.yaml`
//! and `values/*.yaml` files (the environment matrix of a platform repository).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// One lint run: a chart, and the values file it is linted with (none for its defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub chart: PathBuf,
    pub values_file: Option<PathBuf>,
}

/// Whether `dir` is a chart folder (holds a Chart.yaml).
pub fn is_chart(dir: &Path) -> bool {
    dir.join("Chart.yaml").is_file()
}

/// The charts under `roots`: a root that is a chart, else the charts among its folders and
/// their folders (`charts/*`, `stable/*`, ...), in path order. Subcharts (inside a chart's
/// `charts/`) are not charts of the repository.
pub fn discover(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut charts = Vec::new();
    for root in roots {
        collect(root, 0, &mut charts);
    }
    charts.sort();
    charts.dedup();
    charts
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if is_chart(dir) {
        out.push(dir.to_path_buf());
        return;
    }
    // A repository keeps its charts one or two folders down.
    if depth >= 2 {
        return;
    }
    for sub in sorted_entries(dir) {
        let hidden = sub
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if sub.is_dir() && !hidden {
            collect(&sub, depth + 1, out);
        }
    }
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

/// Each chart with its defaults, then with each values file of its matrix, in path order.
pub fn plan(charts: &[PathBuf]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for chart in charts {
        jobs.push(Job {
            chart: chart.clone(),
            values_file: None,
        });
        for folder in ["ci", "values"] {
            for file in sorted_entries(&chart.join(folder)) {
                let yaml = file.extension().is_some_and(|e| e == "yaml" || e == "yml");
                if yaml && file.is_file() {
                    jobs.push(Job {
                        chart: chart.clone(),
                        values_file: Some(file),
                    });
                }
            }
        }
    }
    jobs
}

/// The order to start `jobs` in: those of charts that generate RSA keys first (each key is a
/// random search of tens of milliseconds, which the other runs can overlap only if it starts
/// early), then the rest as planned. The charts' files are read on all cores: this comes before
/// any run starts.
pub fn schedule(jobs: &[Job]) -> Vec<usize> {
    let mut charts: Vec<&Path> = jobs.iter().map(|j| j.chart.as_path()).collect();
    charts.dedup();
    let with_keys: HashSet<&Path> = charts
        .into_par_iter()
        .filter(|chart| generates_keys(chart))
        .collect();
    let mut order: Vec<(bool, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| (!with_keys.contains(job.chart.as_path()), i))
        .collect();
    order.sort();
    order.into_iter().map(|(_, i)| i).collect()
}

/// Whether a file of the chart (its subcharts included) names a key-generating function.
pub fn generates_keys(dir: &Path) -> bool {
    const FUNCTIONS: [&str; 4] = [
        "genCA",
        "genPrivateKey",
        "genSelfSignedCert",
        "genSignedCert",
    ];
    sorted_entries(dir).iter().any(|path| {
        if path.is_dir() {
            return generates_keys(path);
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        FUNCTIONS.iter().any(|f| text.contains(f))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_that_generate_keys_start_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "a/Chart.yaml");
        write(root, "a/ci/x.yaml");
        write(root, "b/Chart.yaml");
        write(root, "b/ci/y.yaml");
        std::fs::write(root.join("b/templates.yaml"), "{{ genCA \"x\" 1 }}").unwrap();
        write(root, "c/Chart.yaml");
        let jobs = plan(&discover(&[root.to_path_buf()]));
        let charts: Vec<String> = schedule(&jobs)
            .into_iter()
            .map(|i| jobs[i].chart.file_name().unwrap().to_string_lossy().into())
            .collect();
        assert_eq!(charts, ["b", "b", "a", "a", "c"]);
    }

    fn write(root: &Path, path: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "a: 1\n").unwrap();
    }

    #[test]
    fn charts_and_their_values_matrix() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "charts/b/Chart.yaml",
            "charts/b/ci/prod.yaml",
            "charts/b/ci/dev.yaml",
            "charts/b/ci/notes.txt",
            "charts/b/values/staging.yml",
            "charts/b/charts/sub/Chart.yaml",
            "charts/a/Chart.yaml",
            "stable/old/deep/x/Chart.yaml",
            ".github/c/Chart.yaml",
        ] {
            write(root, file);
        }
        let charts = discover(&[root.to_path_buf()]);
        let names: Vec<String> = charts
            .iter()
            .map(|c| c.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["charts/a", "charts/b"]);
        let jobs = plan(&charts);
        let files: Vec<Option<String>> = jobs
            .iter()
            .map(|j| {
                j.values_file
                    .as_ref()
                    .map(|f| f.strip_prefix(&j.chart).unwrap().display().to_string())
            })
            .collect();
        assert_eq!(
            files,
            [
                None,
                None,
                Some("ci/dev.yaml".into()),
                Some("ci/prod.yaml".into()),
                Some("values/staging.yml".into())
            ]
        );
    }
}

//! What the repository and dependency tests share: chart repositories made with rudder and
//! served on loopback, a helm home per tool (config, cache and data folders of its own), and
//! runs of helm and rudder compared output for output and file for file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub use rudder_testkit::chart_server::{ChartServer, Options, Reply};

/// Exit code, stdout and stderr.
pub type Outcome = (i32, String, String);

pub fn rudder() -> PathBuf {
    rudder_testkit::rudder_binary(env!("CARGO_BIN_EXE_rudder"))
}

/// The reference helm, or `None` (with a notice) when it is not installed.
pub fn helm() -> Option<PathBuf> {
    rudder_testkit::reference_helm()
}

pub use rudder_testkit::write_chart as chart;

/// A chart repository folder: each `(name, version)` packaged by rudder into `dir`, and its
/// `index.yaml` (with relative URLs) made by `rudder repo index`.
pub fn repository(dir: &Path, charts: &[(&str, &str)]) {
    fs::create_dir_all(dir).unwrap();
    let src = tempfile::tempdir().unwrap();
    for (name, version) in charts {
        let folder = chart(&src.path().join(version), name, version, "");
        let out = run(
            &rudder(),
            src.path(),
            &[],
            &[
                "package",
                folder.to_str().unwrap(),
                "-d",
                dir.to_str().unwrap(),
            ],
        );
        assert_eq!(out.0, 0, "packaging {name} {version}: {}", out.2);
    }
    let out = run(&rudder(), dir, &[], &["repo", "index", "."]);
    assert_eq!(out.0, 0, "indexing: {}", out.2);
}

/// Runs `bin ARGS` in `cwd` with only `vars` (and `HOME`, `PATH`) set.
pub fn run(bin: &Path, cwd: &Path, vars: &[(String, String)], args: &[&str]) -> Outcome {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    rudder_testkit::run_isolated_with(bin, cwd, args, &vars)
}

/// A work folder with a helm home of its own (`config/`, `cache/`, `data/`).
pub struct Home {
    pub dir: PathBuf,
}

impl Home {
    pub fn new(dir: PathBuf) -> Home {
        fs::create_dir_all(&dir).unwrap();
        Home { dir }
    }

    pub fn vars(&self) -> Vec<(String, String)> {
        let at = |sub: &str| self.dir.join(sub).display().to_string();
        vec![
            ("HELM_CONFIG_HOME".into(), at("config")),
            ("HELM_CACHE_HOME".into(), at("cache")),
            ("HELM_DATA_HOME".into(), at("data")),
        ]
    }

    /// Runs `bin ARGS` in this folder; the folder's path is `W` in the outputs.
    pub fn run(&self, bin: &Path, args: &[&str]) -> Outcome {
        let (code, out, err) = run(bin, &self.dir, &self.vars(), args);
        let hide = |s: String| s.replace(&self.dir.display().to_string(), "W");
        (code, hide(out), hide(err))
    }

    pub fn repositories_yaml(&self) -> PathBuf {
        self.dir.join("config/repositories.yaml")
    }

    pub fn content_cache(&self) -> PathBuf {
        self.dir.join("cache/content")
    }
}

/// The files under `dir` by relative path (the times in lock files and indexes blanked),
/// leaving out `skip`ped top folders.
pub fn files(dir: &Path, skip: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let rel = path.strip_prefix(dir).unwrap().display().to_string();
            if skip
                .iter()
                .any(|s| rel == *s || rel.starts_with(&format!("{s}/")))
            {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if rel.ends_with("-charts.txt") {
                // helm writes the chart names in Go's (random) map order.
                let text = fs::read_to_string(&path).unwrap();
                let mut names: Vec<&str> = text.lines().collect();
                names.sort();
                all.insert(rel, names.join("\n").into_bytes());
            } else {
                let bytes = fs::read(&path).unwrap();
                all.insert(rel, blank_times(bytes));
            }
        }
    }
    all
}

/// `generated:` and `created:` lines (clock times) replaced by the field name alone.
fn blank_times(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    if !text.contains("generated: ") {
        return bytes;
    }
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with("generated: ") || t.starts_with("created: ") {
                format!("{}: TIME\n", l.split(':').next().unwrap_or_default())
            } else {
                format!("{l}\n")
            }
        })
        .collect::<String>()
        .into_bytes()
}

/// Asserts two file maps are equal, naming the files that differ.
pub fn assert_same_files(
    what: &str,
    helm: &BTreeMap<String, Vec<u8>>,
    rudder: &BTreeMap<String, Vec<u8>>,
) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(helm), names(rudder), "{what}: not the same files");
    for (name, bytes) in helm {
        if bytes != &rudder[name] {
            panic!(
                "{what}: {name} differs\nhelm:\n{}\nrudder:\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&rudder[name])
            );
        }
    }
}

/// Lines printed by concurrent repository updates come in any order: sorted here.
pub fn sort_update_lines(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut block: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("...") || line.starts_with('\t') && !block.is_empty() {
            if line.starts_with('\t') {
                if let Some(last) = block.last_mut() {
                    last.push('\n');
                    last.push_str(line);
                }
            } else {
                block.push(line.to_string());
            }
            continue;
        }
        block.sort();
        out.append(&mut block);
        out.push(line.to_string());
    }
    block.sort();
    out.append(&mut block);
    out.join("\n")
}

/// Copies the chart folder `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

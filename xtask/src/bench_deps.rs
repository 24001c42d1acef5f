//! The dependency benchmark: `helm dependency update` against `rudder dependency update` of
//! an umbrella with 50 dependencies from a chart repository served on loopback (the testkit's
//! server), each tool with its own repositories file and caches. Rows: one repository
//! configured; five more configured that the chart does not use (helm refreshes them all);
//! and rudder with its content cache warm (archives it downloaded before are not fetched).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rudder_testkit::chart_server::{ChartServer, Options};

use crate::bench::{measure, median};

const DEPENDENCIES: usize = 50;
const RUNS: usize = 7;

/// A tool's settings: repositories file and caches, passed as helm's global flags.
struct Home {
    dir: PathBuf,
}

impl Home {
    fn flags(&self) -> Vec<String> {
        let at = |p: &str| self.dir.join(p).display().to_string();
        vec![
            format!("--repository-config={}", at("config/repositories.yaml")),
            format!("--repository-cache={}", at("cache/repository")),
            format!("--content-cache={}", at("cache/content")),
        ]
    }

    fn run(&self, bin: &Path, args: &[&str], cwd: &Path) -> Result<()> {
        let out = Command::new(bin)
            .args(args)
            .args(self.flags())
            .current_dir(cwd)
            .output()?;
        if !out.status.success() {
            bail!(
                "{} {}: {}",
                bin.display(),
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }
}

/// A chart folder `dir/name` at `version`.
fn chart(dir: &Path, name: &str, version: &str, extra: &str) -> Result<PathBuf> {
    let root = dir.join(name);
    fs::create_dir_all(root.join("templates"))?;
    fs::write(
        root.join("Chart.yaml"),
        format!("apiVersion: v2\nname: {name}\nversion: {version}\n{extra}"),
    )?;
    fs::write(root.join("values.yaml"), "replicas: 1\n")?;
    fs::write(
        root.join("templates/deployment.yaml"),
        "kind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n",
    )?;
    Ok(root)
}

/// The repository (three versions of each of 50 charts) and the umbrella, under `root`.
fn build(root: &Path, rudder: &Path) -> Result<PathBuf> {
    let _ = fs::remove_dir_all(root);
    let served = root.join("www/charts");
    fs::create_dir_all(&served)?;
    let mut deps = String::from("dependencies:\n");
    for i in 0..DEPENDENCIES {
        let name = format!("service-{i:02}");
        for version in ["1.0.0", "1.1.0", "2.0.0"] {
            let src = chart(&root.join("src").join(version), &name, version, "")?;
            let ok = Command::new(rudder)
                .arg("package")
                .arg(&src)
                .arg("-d")
                .arg(&served)
                .output()?
                .status
                .success();
            if !ok {
                bail!("packaging {name} {version}");
            }
        }
        deps.push_str(&format!(
            "- name: {name}\n  version: ~1.0\n  repository: '@bench'\n"
        ));
    }
    let ok = Command::new(rudder)
        .args(["repo", "index", "."])
        .current_dir(&served)
        .status()?
        .success();
    if !ok {
        bail!("indexing the benchmark repository");
    }
    chart(&root.join("work"), "umbrella", "1.0.0", &deps)
}

pub fn run(helm: &Path, rudder: &Path) -> Result<()> {
    let root = rudder_testkit::repo_root().join("target/bench-deps");
    let umbrella = build(&root, rudder)?;
    let server = ChartServer::start(&root.join("www"), Options::default());
    let url = format!("{}/charts", server.url());
    let work = umbrella.parent().context("umbrella folder")?.to_path_buf();
    let home = |tool: &str, extra: usize| -> Result<Home> {
        let h = Home {
            dir: root.join(format!("home-{tool}-{extra}")),
        };
        let bin = if tool == "helm" { helm } else { rudder };
        h.run(bin, &["repo", "add", "bench", &url], &work)?;
        for i in 0..extra {
            // The same server under other names: refreshing them costs what it costs.
            let other = format!("{}/charts?other={i}", server.url());
            h.run(bin, &["repo", "add", &format!("other{i}"), &other], &work)?;
        }
        Ok(h)
    };
    println!(
        "\n{:<44} {:>10} {:>10} {:>8}",
        "dependency update, 50 dependencies", "helm ms", "rudder ms", "speedup"
    );
    for (label, extra, warm) in [
        ("one repository", 0, false),
        ("five more repositories configured", 5, false),
        ("rudder's content cache warm", 0, true),
    ] {
        let (h_home, r_home) = (home("helm", extra)?, home("rudder", extra)?);
        let time = |bin: &Path, h: &Home, clear: bool| -> Result<Duration> {
            let mut times = Vec::new();
            for _ in 0..RUNS {
                let _ = fs::remove_dir_all(umbrella.join("charts"));
                let _ = fs::remove_file(umbrella.join("Chart.lock"));
                if clear {
                    let _ = fs::remove_dir_all(h.dir.join("cache/content"));
                }
                let mut args = vec!["dependency".to_string(), "update".into(), "umbrella".into()];
                args.extend(h.flags());
                times.push(measure(bin, &args, &work, false)?.0);
            }
            Ok(median(times))
        };
        let h = time(helm, &h_home, true)?;
        let r = time(rudder, &r_home, !warm)?;
        println!(
            "{label:<44} {:>10.1} {:>10.1} {:>7.1}x",
            h.as_secs_f64() * 1e3,
            r.as_secs_f64() * 1e3,
            h.as_secs_f64() / r.as_secs_f64()
        );
    }
    Ok(())
}

/// `cargo xtask __serve DIR`: serves DIR as the benchmark does until killed (for profiling
/// rudder against the same server by hand); prints the URL.
pub fn serve(args: &[String]) -> Result<()> {
    let dir = args.first().context("usage: __serve DIR")?;
    let server = ChartServer::start(Path::new(dir), Options::default());
    println!("{}", server.url());
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

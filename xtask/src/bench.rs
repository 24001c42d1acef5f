//! `cargo xtask bench`: `rudder template` against `helm template` on the same charts in one
//! run, as a user runs them (whole process), reporting medians, peak memory and the ratios
//! (the example charts, fixtures, and umbrellas of 10 to 100 subcharts, [`crate::bench_umbrella`]);
//! then `rudder lint` of a whole set of charts in one process against `helm lint` run chart by
//! chart and values file by values file, as CI scripts run it ([`crate::bench_lint`]); and
//! `dependency update` of an umbrella of 50 dependencies ([`crate::bench_deps`]).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::{dist, helm};

const RUNS: usize = 15;

/// Runs `bin args` from a small helper process (this executable, `__measure`), so the child's
/// peak memory is not inflated by ours: Linux carries a parent's high-water mark into a forked
/// child. `any_exit`: a failing exit status is a result too (lint findings), not an error.
pub fn measure(bin: &Path, args: &[String], cwd: &Path, any_exit: bool) -> Result<(Duration, i64)> {
    let out = Command::new(std::env::current_exe()?)
        .arg("__measure")
        .arg(if any_exit { "any-exit" } else { "success" })
        .arg(bin)
        .args(args)
        .current_dir(cwd)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace();
    match (
        it.next().and_then(|n| n.parse().ok()),
        it.next().and_then(|m| m.parse().ok()),
    ) {
        (Some(nanos), Some(rss)) if out.status.success() => Ok((Duration::from_nanos(nanos), rss)),
        _ => bail!(
            "{} {} failed: {}",
            bin.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The helper: runs `bin args`, prints elapsed nanoseconds and peak RSS in KiB.
pub fn measure_child(args: &[String]) -> Result<()> {
    let usage_text = "usage: __measure any-exit|success BIN ARGS...";
    let (mode, args) = args.split_first().context(usage_text)?;
    let (bin, rest) = args.split_first().context(usage_text)?;
    let start = Instant::now();
    let child = Command::new(bin)
        .args(rest)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {bin}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be filled by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child; status and usage point to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    let failed = !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0;
    if r != pid || (failed && mode != "any-exit") {
        bail!("{bin} exited with failure");
    }
    println!("{} {}", elapsed.as_nanos(), usage.ru_maxrss);
    Ok(())
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// `deps` alone runs the dependency benchmark alone; otherwise `--charts DIR` adds public
/// charts. `RUDDER_BINARY` names another rudder binary than the dist build.
pub fn run(args: &[String]) -> Result<()> {
    let helm = helm::install_all(&[rudder_testkit::reference::DEFAULT_REFERENCE
        .version
        .to_string()])?
    .remove(0);
    let rudder = match std::env::var_os(rudder_testkit::BINARY_VARIABLE) {
        Some(bin) => PathBuf::from(bin),
        None => dist::build(dist::Profile::Dist)?,
    };
    if let [w] = args {
        if w == "deps" {
            return crate::bench_deps::run(&helm, &rudder);
        }
    }
    let (chart_dirs, umbrellas_only) = options(args)?;
    let mut benches = if umbrellas_only {
        Vec::new()
    } else {
        workloads()
    };
    let public = crate::bench_umbrella::renderable_charts(&helm, &chart_dirs)?;
    for chart in public.iter().filter(|_| !umbrellas_only) {
        let name = chart.file_name().unwrap_or_default().to_string_lossy();
        let parent = chart.parent().context("a chart folder has a parent")?;
        benches.push((
            name.to_string(),
            parent.to_path_buf(),
            vec!["template".into(), name.to_string()],
        ));
    }
    for &size in crate::bench_umbrella::SIZES {
        let dir = crate::bench_umbrella::build(size, None)?;
        benches.push((
            format!("umbrella of {size}"),
            dir,
            vec!["template".into(), ".".into()],
        ));
    }
    let keyless = crate::bench_umbrella::without_key_generation(&public);
    if !keyless.is_empty() {
        for &size in crate::bench_umbrella::SIZES {
            let dir = crate::bench_umbrella::build(size, Some(&keyless))?;
            benches.push((
                format!("public umbrella of {size}"),
                dir,
                vec!["template".into(), ".".into()],
            ));
        }
    }
    println!(
        "{:<26} {:>10} {:>10} {:>8} {:>10} {:>10} {:>8}",
        "chart", "helm ms", "rudder ms", "speedup", "helm MiB", "rudder MiB", "memory"
    );
    let (mut worst_speed, mut worst_mem) = (f64::MAX, 0f64);
    for (name, cwd, args) in benches {
        let mut ht = Vec::new();
        let mut rt = Vec::new();
        let (mut hm, mut rm) = (0, 0);
        for _ in 0..RUNS {
            let (t, m) = measure(&helm, &args, &cwd, false)?;
            ht.push(t);
            hm = hm.max(m);
            let (t, m) = measure(&rudder, &args, &cwd, false)?;
            rt.push(t);
            rm = rm.max(m);
        }
        let (h, r) = (median(ht), median(rt));
        let speed = h.as_secs_f64() / r.as_secs_f64();
        let mem = rm as f64 / hm as f64;
        worst_speed = worst_speed.min(speed);
        worst_mem = worst_mem.max(mem);
        println!(
            "{name:<26} {:>10.1} {:>10.1} {:>7.1}x {:>10.1} {:>10.1} {:>7.0}%",
            h.as_secs_f64() * 1e3,
            r.as_secs_f64() * 1e3,
            speed,
            hm as f64 / 1024.0,
            rm as f64 / 1024.0,
            mem * 100.0
        );
    }
    println!(
        "slowest speedup {worst_speed:.1}x; largest memory share {:.0}% of helm's",
        worst_mem * 100.0
    );
    crate::bench_lint::run(&helm, &rudder)?;
    crate::bench_policy::run(&helm, &rudder)?;
    crate::bench_deps::run(&helm, &rudder)
}

/// The folders given with `--charts`, and whether `--umbrellas-only` leaves out the single
/// charts (their time is most of a run with many public charts).
fn options(args: &[String]) -> Result<(Vec<PathBuf>, bool)> {
    let mut dirs = Vec::new();
    let mut umbrellas_only = false;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--umbrellas-only" => umbrellas_only = true,
            "--charts" => match it.next() {
                Some(dir) => dirs.push(PathBuf::from(dir)),
                None => bail!("--charts needs a folder"),
            },
            _ => bail!("usage: cargo xtask bench [--charts DIR]... [--umbrellas-only]"),
        }
    }
    Ok((dirs, umbrellas_only))
}

/// The benchmark's runs: a name, the folder to run in, and the arguments (`template ...`).
pub fn workloads() -> Vec<(String, PathBuf, Vec<String>)> {
    let root = rudder_testkit::repo_root();
    let examples = root.join("examples/charts");
    let fixtures = root.join("testdata/charts");
    vec![
        (
            "agent".into(),
            examples.clone(),
            vec!["template".into(), "agent".into()],
        ),
        (
            "agent prod".into(),
            examples.clone(),
            vec![
                "template".into(),
                "agent".into(),
                "-f".into(),
                "agent/values/production.yaml".into(),
            ],
        ),
        (
            "operator".into(),
            examples.clone(),
            vec![
                "template".into(),
                "operator".into(),
                "--include-crds".into(),
                "--set".into(),
                "webhook.enabled=false".into(),
            ],
        ),
        (
            "platform prod".into(),
            examples.clone(),
            vec![
                "template".into(),
                "platform".into(),
                "-f".into(),
                "platform/values/prod.yaml".into(),
            ],
        ),
        (
            "fixture subchart-scoping".into(),
            fixtures.clone(),
            vec!["template".into(), "subchart-scoping".into()],
        ),
        (
            "fixture kind-order".into(),
            fixtures.clone(),
            vec!["template".into(), "kind-order".into()],
        ),
        (
            "fixture files-object".into(),
            fixtures,
            vec!["template".into(), "files-object".into()],
        ),
    ]
}

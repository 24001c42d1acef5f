//! `cargo xtask fuzzdiff`: the differential fuzzer. Random template fragments ([`gen`]) are
//! rendered by helm and by rudder, each in a chart of its own; the two outcomes (exit status,
//! stdout, stderr) must be identical. Every disagreement is reduced to a smaller fragment that
//! still disagrees ([`reduce`]) and printed; `--write-cases FILE` writes the fragments as a
//! `.cases` file for `cargo xtask goldens` (a fixed seed's cases are committed so CI checks them).
//! With `--post-render`, the inputs are commented manifests sent through a post-renderer
//! ([`manifests`]).

mod gen;
mod manifests;
mod reduce;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask fuzzdiff [--post-render] [--seed N] [--count N] [--jobs N] [--write-cases FILE]";

/// One run's outcome: exit status, stdout, stderr (the work folder written as `<work>`).
type Outcome = (i32, String, String);

struct Options {
    seed: u64,
    count: usize,
    jobs: usize,
    write_cases: Option<PathBuf>,
    post_render: bool,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        seed: 1,
        count: 1000,
        jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
        write_cases: None,
        post_render: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--post-render" {
            o.post_render = true;
            continue;
        }
        let value = it.next().context(USAGE)?;
        match flag.as_str() {
            "--seed" => o.seed = value.parse().context(USAGE)?,
            "--count" => o.count = value.parse().context(USAGE)?,
            "--jobs" => o.jobs = value.parse::<usize>().context(USAGE)?.max(1),
            "--write-cases" => o.write_cases = Some(PathBuf::from(value)),
            _ => bail!("{USAGE}"),
        }
    }
    Ok(o)
}

/// The two binaries, and what they render.
struct Bench {
    helm: PathBuf,
    rudder: PathBuf,
    post_render: bool,
}

impl Bench {
    /// Renders `input` with both tools in `work`; `None` when they agree.
    fn disagree(&self, work: &Path, input: &str) -> Result<Option<(Outcome, Outcome)>> {
        match self.post_render {
            true => manifests::write_chart(work, input)?,
            false => write_chart(work, input)?,
        }
        let theirs = self.render(&self.helm, work)?;
        let ours = self.render(&self.rudder, work)?;
        Ok((theirs != ours).then_some((theirs, ours)))
    }

    fn render(&self, bin: &Path, work: &Path) -> Result<Outcome> {
        if !self.post_render {
            return render(bin, work);
        }
        let plugins = work.join("plugins");
        let plugins = plugins.to_string_lossy();
        let vars = [("HELM_PLUGINS", &*plugins)];
        let (code, stdout, stderr) =
            rudder_testkit::run_isolated_with(bin, work, manifests::ARGS, &vars);
        Ok((code, stdout, stderr))
    }

    fn generate(&self, seed: u64, count: usize) -> Vec<String> {
        let mut r = gen::generator(seed);
        let one = |r: &mut gen::Random| match self.post_render {
            true => manifests::manifest(r),
            false => gen::fragment(r),
        };
        (0..count).map(|_| one(&mut r)).collect()
    }

    fn reduce(&self, work: &Path, input: &str) -> Result<String> {
        let disagrees = |i: &str| Ok(self.disagree(work, i)?.is_some());
        match self.post_render {
            true => manifests::reduce(input, disagrees),
            false => reduce::reduce(input, disagrees),
        }
    }
}

fn write_chart(work: &Path, fragment: &str) -> Result<()> {
    let chart = work.join("t");
    std::fs::create_dir_all(chart.join("templates"))?;
    std::fs::write(chart.join("Chart.yaml"), gen::CHART_YAML)?;
    std::fs::write(chart.join("values.yaml"), gen::VALUES)?;
    std::fs::write(chart.join("templates/_helpers.tpl"), gen::HELPERS)?;
    std::fs::write(chart.join("templates/t.yaml"), format!("# {fragment}\n"))?;
    Ok(())
}

fn render(bin: &Path, work: &Path) -> Result<Outcome> {
    let (code, stdout, stderr) = rudder_testkit::run_isolated(bin, work, &["template", "t"]);
    let place = work.to_string_lossy();
    // Go prints pointers in containers as addresses that differ from run to run.
    let normal = |s: String| rudder_testkit::filters::go_addresses(&s.replace(&*place, "<work>"));
    Ok((code, normal(stdout), normal(stderr)))
}

pub fn run(args: &[String]) -> Result<()> {
    let o = options(args)?;
    let helm = crate::helm::install(&crate::helm::REFERENCES[0])?;
    let rudder = match std::env::var_os(rudder_testkit::BINARY_VARIABLE) {
        Some(path) => PathBuf::from(path),
        None => crate::goldens::build_rudder(false)?,
    };
    let bench = Bench {
        helm,
        rudder,
        post_render: o.post_render,
    };
    let fragments = bench.generate(o.seed, o.count);
    let next = AtomicUsize::new(0);
    let found: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    let scratch = tempfile::Builder::new().prefix("fuzzdiff").tempdir()?;
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = (0..o.jobs)
            .map(|worker| {
                let (bench, fragments, next, found) = (&bench, &fragments, &next, &found);
                let work = scratch.path().join(format!("w{worker}"));
                scope.spawn(move || -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(fragment) = fragments.get(i) else {
                            return Ok(());
                        };
                        if bench.disagree(&work, fragment)?.is_some() {
                            let small = bench.reduce(&work, fragment)?;
                            found.lock().expect("not poisoned").push((i, small));
                        }
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("worker does not panic")?;
        }
        Ok(())
    })?;
    let mut found = found.into_inner().expect("not poisoned");
    found.sort();
    let work = scratch.path().join("report");
    for (i, fragment) in &found {
        let (theirs, ours) = bench.disagree(&work, fragment)?.unwrap_or_default();
        match o.post_render {
            true => println!("--- case {i}:\n{fragment}"),
            false => println!("--- case {i}: {fragment}"),
        }
        println!("helm   {}: {:?} {:?}", theirs.0, theirs.1, theirs.2);
        println!("rudder {}: {:?} {:?}", ours.0, ours.1, ours.2);
    }
    let inputs = if o.post_render {
        "manifests"
    } else {
        "fragments"
    };
    println!(
        "fuzzdiff: seed {}, {} {inputs}, {} disagreements",
        o.seed,
        o.count,
        found.len()
    );
    if let Some(path) = &o.write_cases {
        match o.post_render {
            true => write_manifest_cases(path, o.seed, &fragments)?,
            false => write_cases(path, o.seed, &fragments)?,
        }
        println!("wrote {} cases to {}", fragments.len(), path.display());
    }
    Ok(())
}

/// The fragments as a `.cases` file (each case its own chart, as the fuzzer renders them).
fn write_cases(path: &Path, seed: u64, fragments: &[String]) -> Result<()> {
    let mut text = format!(
        "# Made by `cargo xtask fuzzdiff --seed {seed} --count {}`: random template fragments over\n# Sprig's and helm's functions, recorded from helm.\n",
        fragments.len()
    );
    for (i, fragment) in fragments.iter().enumerate() {
        text.push_str(&format!(
            "=== f{i:05}\nfilter: go-address\n--- Chart.yaml\n{}--- values.yaml\n{}--- templates/_helpers.tpl\n{}--- templates/t.yaml\n# {fragment}\n",
            gen::CHART_YAML,
            gen::VALUES,
            gen::HELPERS
        ));
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// The manifests as a `.cases` file, each sent through the copying post-renderer.
fn write_manifest_cases(path: &Path, seed: u64, manifests: &[String]) -> Result<()> {
    let mut text = format!(
        "# Made by `cargo xtask fuzzdiff --post-render --seed {seed} --count {}`: random commented\n# manifests through a post-renderer that copies, recorded from helm.\nenv: HELM_PLUGINS={{work}}/plugins\n",
        manifests.len()
    );
    for (i, manifest) in manifests.iter().enumerate() {
        text.push_str(&manifests::case(&format!("m{i:05}"), manifest));
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

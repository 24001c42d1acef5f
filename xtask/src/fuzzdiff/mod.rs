//! `cargo xtask fuzzdiff`: the differential fuzzer. Random template fragments ([`gen`]) are
//! rendered by helm and by rudder, each in a chart of its own; the two outcomes (exit status,
//! stdout, stderr) must be identical. Every disagreement is reduced to a smaller fragment that
//! still disagrees ([`reduce`]) and printed; `--write-cases FILE` writes the fragments as a
//! `.cases` file for `cargo xtask goldens` (a fixed seed's cases are committed so CI checks them).

mod gen;
mod reduce;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

const USAGE: &str =
    "usage: cargo xtask fuzzdiff [--seed N] [--count N] [--jobs N] [--write-cases FILE]";

/// One run's outcome: exit status, stdout, stderr (the work folder written as `<work>`).
type Outcome = (i32, String, String);

struct Options {
    seed: u64,
    count: usize,
    jobs: usize,
    write_cases: Option<PathBuf>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        seed: 1,
        count: 1000,
        jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
        write_cases: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
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

/// The two binaries and a work folder per worker.
struct Bench {
    helm: PathBuf,
    rudder: PathBuf,
}

impl Bench {
    /// Renders `fragment` with both tools in `work`; `None` when they agree.
    fn disagree(&self, work: &Path, fragment: &str) -> Result<Option<(Outcome, Outcome)>> {
        write_chart(work, fragment)?;
        let theirs = render(&self.helm, work)?;
        let ours = render(&self.rudder, work)?;
        Ok((theirs != ours).then_some((theirs, ours)))
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
    Ok((
        code,
        stdout.replace(&*place, "<work>"),
        stderr.replace(&*place, "<work>"),
    ))
}

pub fn run(args: &[String]) -> Result<()> {
    let o = options(args)?;
    let helm = crate::helm::install(&crate::helm::REFERENCES[0])?;
    let rudder = match std::env::var_os(rudder_testkit::BINARY_VARIABLE) {
        Some(path) => PathBuf::from(path),
        None => crate::goldens::build_rudder(false)?,
    };
    let bench = Bench { helm, rudder };
    let fragments: Vec<String> = {
        let mut r = gen::generator(o.seed);
        (0..o.count).map(|_| gen::fragment(&mut r)).collect()
    };
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
                            let small = reduce::reduce(fragment, |f| {
                                Ok(bench.disagree(&work, f)?.is_some())
                            })?;
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
        println!("--- case {i}: {fragment}");
        println!("helm   {}: {:?} {:?}", theirs.0, theirs.1, theirs.2);
        println!("rudder {}: {:?} {:?}", ours.0, ours.1, ours.2);
    }
    println!(
        "fuzzdiff: seed {}, {} fragments, {} disagreements",
        o.seed,
        o.count,
        found.len()
    );
    if let Some(path) = &o.write_cases {
        write_cases(path, o.seed, &fragments)?;
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
            "=== f{i:05}\n--- Chart.yaml\n{}--- values.yaml\n{}--- templates/_helpers.tpl\n{}--- templates/t.yaml\n# {fragment}\n",
            gen::CHART_YAML,
            gen::VALUES,
            gen::HELPERS
        ));
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

//! `cargo xtask link-order`: the functions a render runs, listed so the linker can place them
//! side by side.
//!
//! A render touches about 1 MiB of a 5 MiB `.text`. Scattered, those functions pull in most
//! of the binary one page fault at a time (each ~1.8 µs on a VM, 60 of them for a small
//! chart); grouped, they fill a few contiguous pages. The list is made by running the dist
//! binary under callgrind on the benchmark's charts and every fixture chart, and is
//! committed: symbol names only change when a function's signature, the compiler or the
//! dependency versions do, and a name the binary no longer has is simply skipped.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::{bench, dist};

/// The committed list.
fn path() -> PathBuf {
    rudder_testkit::repo_root().join("xtask/link-order.txt")
}

/// A copy of the list named by its content, for the linker: cargo does not watch files that
/// linker arguments name, but it rebuilds when the arguments change. `None` without a list.
pub fn snapshot() -> Result<Option<PathBuf>> {
    let Ok(text) = std::fs::read(path()) else {
        return Ok(None);
    };
    let digest = Sha256::digest(&text);
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let dir = rudder_testkit::repo_root().join("target/link-order");
    std::fs::create_dir_all(&dir)?;
    let copy = dir.join(format!("{name}.txt"));
    if !copy.is_file() {
        std::fs::write(&copy, &text)?;
    }
    Ok(Some(copy))
}

/// The runs that train the list: the benchmark's, then each fixture chart and example
/// values file as it is.
fn training_runs() -> Result<Vec<(PathBuf, Vec<String>)>> {
    let root = rudder_testkit::repo_root();
    let mut runs: Vec<(PathBuf, Vec<String>)> = bench::workloads()
        .into_iter()
        // `profile` names the command itself.
        .map(|(_, cwd, args)| (cwd, args[1..].to_vec()))
        .collect();
    let fixtures = root.join("testdata/charts");
    for entry in std::fs::read_dir(&fixtures)? {
        let path = entry?.path();
        if path.is_dir() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            runs.push((fixtures.clone(), vec![name.into_owned()]));
        }
    }
    let examples = root.join("examples/charts");
    for chart in ["agent", "operator", "platform"] {
        let values = examples.join(chart).join("values");
        let Ok(files) = std::fs::read_dir(&values) else {
            continue;
        };
        for file in files {
            let file = file?.path();
            let rel = format!(
                "{chart}/values/{}",
                file.file_name().unwrap().to_string_lossy()
            );
            runs.push((examples.clone(), vec![chart.into(), "-f".into(), rel]));
        }
    }
    runs.sort();
    Ok(runs)
}

/// The symbols callgrind saw executed in one profile (`fn=(id) name` and `cfn=(id) name`
/// lines name each function once; `'2` marks a recursion level).
fn executed_symbols(profile: &str, into: &mut BTreeSet<String>) {
    for line in profile.lines() {
        let Some(rest) = line
            .strip_prefix("fn=(")
            .or_else(|| line.strip_prefix("cfn=("))
        else {
            continue;
        };
        let Some((_, name)) = rest.split_once(") ") else {
            continue;
        };
        let name = name.split('\'').next().unwrap_or(name);
        if !name.starts_with("0x") && !name.starts_with('(') {
            into.insert(name.to_string());
        }
    }
}

fn profile(bin: &Path, cwd: &Path, args: &[String], out: &Path) -> Result<String> {
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--demangle=no")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(bin)
        .arg("template")
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("running valgrind (install it: apt-get install valgrind)")?;
    // A failing render is a run like any other: its error path counts too.
    if status.code().is_none() {
        bail!("valgrind was killed on {}", args.join(" "));
    }
    std::fs::read_to_string(out).with_context(|| format!("reading {}", out.display()))
}

pub fn run() -> Result<()> {
    let bin = dist::build(dist::Profile::Dist)?;
    let scratch = rudder_testkit::repo_root().join("target/link-order");
    std::fs::create_dir_all(&scratch)?;
    let out = scratch.join("callgrind.out");
    let mut symbols = BTreeSet::new();
    let runs = training_runs()?;
    for (cwd, args) in &runs {
        executed_symbols(&profile(&bin, cwd, args, &out)?, &mut symbols);
    }
    let mut text = String::from(
        "# Functions a render runs, placed together by the linker (see xtask/src/link_order.rs).\n\
         # Made by `cargo xtask link-order`; do not edit.\n",
    );
    for s in &symbols {
        text.push_str(s);
        text.push('\n');
    }
    std::fs::write(path(), text)?;
    println!(
        "{} functions from {} runs written to {}",
        symbols.len(),
        runs.len(),
        path().display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_function_names_once_without_recursion_marks() {
        let profile = "fn=(1) main\ncfn=(2) _ZN3foo3bar17h0123E\ncalls=1 0\nfn=(2)\n\
                       fn=(3) _ZN3foo3bar17h0123E'2\nfn=(4) 0x000000000048c540\nfn=(5) (below main)\n";
        let mut set = BTreeSet::new();
        executed_symbols(profile, &mut set);
        assert_eq!(
            set.into_iter().collect::<Vec<_>>(),
            ["_ZN3foo3bar17h0123E", "main"]
        );
    }
}

//! Runs a case's command (the reference tool's or rudder's) in a fresh work folder.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use wait_timeout::ChildExt;

use crate::archive;
use crate::cases::{files_under, Case};
use crate::golden::Outcome;

/// Longer than any case should take, even for helm on a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `<binary> <flags> <case argv>` with a clean, fixed environment so that the reference
/// tool and rudder see the same world: no kube config, no helm config, UTC. `flags` are global
/// flags of the binary (rudder's for the reference it is checked against). The files the
/// command writes in the work folder are part of the outcome.
pub fn run_case(binary: &Path, flags: &[&str], case: &Case) -> Result<Outcome> {
    let tmp = tempfile::tempdir()?;
    let work = tmp.path().join("work");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&work)?;
    std::fs::create_dir_all(&home)?;
    case.materialise(&work)
        .with_context(|| format!("materialising {}", case.id))?;
    // Each input's content (`None` for a dangling link): a file the command rewrites, or
    // removes, is part of its outcome.
    let inputs: BTreeMap<PathBuf, Option<Vec<u8>>> = files_under(&work)?
        .into_iter()
        .map(|p| {
            let content = std::fs::read(&p).ok();
            (p, content)
        })
        .collect();

    let mut cmd = Command::new(binary);
    cmd.args(flags)
        .args(case.argv())
        .current_dir(&work)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("KUBECONFIG", home.join("no-kubeconfig"))
        .env("TZ", "UTC")
        .env("LANG", "C")
        .envs(
            case.env
                .iter()
                .map(|(name, value)| (name, value.replace("{work}", &work.to_string_lossy()))),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match &case.stdin {
        Some(path) => cmd.stdin(File::open(work.join(path))?),
        None => cmd.stdin(Stdio::null()),
    };
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || read_all(&mut out));
    let err_reader = std::thread::spawn(move || read_all(&mut err));
    let status = match child.wait_timeout(TIMEOUT)? {
        Some(status) => status,
        None => {
            child.kill()?;
            child.wait()?;
            bail!("{}: timed out after {TIMEOUT:?}", case.id);
        }
    };
    let stdout = out_reader.join().expect("reader thread")?;
    let stderr = err_reader.join().expect("reader thread")?;
    // The work folder is a fresh temporary path: absolute paths in messages (`--debug`'s
    // chart path) are written relative to a stable placeholder.
    let canonical = work.canonicalize()?;
    let placeholder = |text: String| {
        text.replace(&*canonical.to_string_lossy(), "<work>")
            .replace(&*work.to_string_lossy(), "<work>")
    };
    let now = files_under(&work)?;
    let rel = |path: &Path| -> Result<String> {
        Ok(path
            .strip_prefix(&work)?
            .to_string_lossy()
            .replace('\\', "/"))
    };
    let mut files = Vec::new();
    for path in &now {
        let content = std::fs::read(path).ok();
        if inputs.get(path).is_some_and(|before| *before == content) {
            continue;
        }
        let rel = rel(path)?;
        let content = content.unwrap_or_default();
        let text = match archive::describe(&content) {
            Some(description) => description,
            None => String::from_utf8(content).map_err(|_| {
                anyhow!(
                    "{}: {rel} is not text; the golden format holds text files and gzip archives only",
                    case.id
                )
            })?,
        };
        files.push((rel, placeholder(text)));
    }
    let removed = inputs
        .keys()
        .filter(|p| now.binary_search(p).is_err())
        .map(|p| rel(p))
        .collect::<Result<_>>()?;
    Ok(Outcome {
        exit: status.code().unwrap_or(-1),
        stdout: placeholder(stdout),
        stderr: placeholder(stderr),
        files,
        removed,
    })
}

fn read_all(r: &mut impl std::io::Read) -> std::io::Result<String> {
    let mut buf = Vec::new();
    r.read_to_end(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

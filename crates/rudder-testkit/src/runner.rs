//! Runs a `template` command (helm's or rudder's) on a case in a fresh work folder.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use wait_timeout::ChildExt;

use crate::cases::Case;
use crate::golden::Outcome;

/// Longer than any case should take, even for helm on a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `<binary> template <case args>` with a clean, fixed environment so that helm and rudder
/// see the same world: no kube config, no helm config, UTC.
pub fn run_template(binary: &Path, case: &Case) -> Result<Outcome> {
    let tmp = tempfile::tempdir()?;
    let work = tmp.path().join("work");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&work)?;
    std::fs::create_dir_all(&home)?;
    case.materialise(&work)
        .with_context(|| format!("materialising {}", case.id))?;

    let mut cmd = Command::new(binary);
    cmd.arg("template")
        .args(case.template_args())
        .current_dir(&work)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("KUBECONFIG", home.join("no-kubeconfig"))
        .env("TZ", "UTC")
        .env("LANG", "C")
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
    Ok(Outcome {
        exit: status.code().unwrap_or(-1),
        stdout: placeholder(stdout),
        stderr: placeholder(stderr),
    })
}

fn read_all(r: &mut impl std::io::Read) -> std::io::Result<String> {
    let mut buf = Vec::new();
    r.read_to_end(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

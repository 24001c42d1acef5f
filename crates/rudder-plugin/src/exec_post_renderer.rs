//! helm 3's post-renderer: an executable named by path (or found in `PATH`), run with the
//! `--post-renderer-args`, the manifests on standard input; standard output is the result
//! whatever it holds, standard error only shows in the failure's message.

use std::path::PathBuf;
use std::process::Command;

use rudder_gotmpl::gostr;

use crate::process::{go_exit_error, look_path, run_with_input};

/// An executable post-renderer with its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecPostRenderer {
    /// Absolute and clean, as helm 3 keeps it (it shows in failures).
    pub path: PathBuf,
    pub args: Vec<String>,
}

impl ExecPostRenderer {
    /// helm 3's `postrender.NewExec`: the binary found as `exec.LookPath` finds it, made
    /// absolute against the current folder.
    pub fn new(binary: &str, args: Vec<String>) -> Result<ExecPostRenderer, String> {
        let found =
            look_path(binary).map_err(|e| format!("unable to find binary at {binary}: {e}"))?;
        let absolute = if found.is_absolute() {
            found
        } else {
            std::env::current_dir()
                .map_err(|e| e.to_string())?
                .join(found)
        };
        let clean = rudder_gocompat::path::clean(&absolute.to_string_lossy());
        Ok(ExecPostRenderer {
            path: PathBuf::from(clean),
            args,
        })
    }

    /// Runs the executable on `manifests`: its standard output, or helm 3's message.
    pub fn run(&self, manifests: &str) -> Result<String, String> {
        let path = self.path.display();
        let failed = |stderr: &str, error: &str| {
            format!("error while running command {path}. error output:\n{stderr}: {error}")
        };
        let output = run_with_input(
            Command::new(&self.path).args(&self.args),
            &self.path,
            &gostr::to_bytes(manifests),
        )
        .map_err(|e| failed("", &e))?;
        if !output.status.success() {
            let (error, _) = go_exit_error(output.status);
            return Err(failed(&gostr::from_bytes(&output.stderr), &error));
        }
        Ok(gostr::from_bytes(&output.stdout).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(dir: &std::path::Path, name: &str, body: &str, mode: u32) -> String {
        let path = dir.join(name);
        let text = format!("#!/bin/sh\n{body}\n");
        rudder_testkit::executable::write_executable(&path, text.as_bytes(), mode).unwrap();
        path.display().to_string()
    }

    #[test]
    fn gives_the_manifests_and_arguments_and_keeps_the_output_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = script(dir.path(), "pr", "cat; printf '[%s]' \"$@\"", 0o755);
        let pr = ExecPostRenderer::new(&path, vec!["a b".into(), String::new()]).unwrap();
        assert_eq!(pr.run("k: v\n").unwrap(), "k: v\n[a b][]");
        assert_eq!(
            ExecPostRenderer::new(&format!("{}/./pr", dir.path().display()), vec![])
                .unwrap()
                .path,
            dir.path().join("pr")
        );
    }

    #[test]
    fn failures_read_as_helm_3s() {
        let dir = tempfile::tempdir().unwrap();
        let fail = script(dir.path(), "fail", "echo no >&2; exit 3", 0o755);
        assert_eq!(
            ExecPostRenderer::new(&fail, vec![])
                .unwrap()
                .run("")
                .unwrap_err(),
            format!("error while running command {fail}. error output:\nno\n: exit status 3")
        );
        let plain = script(dir.path(), "plain", "cat", 0o644);
        assert_eq!(
            ExecPostRenderer::new(&plain, vec![]).unwrap_err(),
            format!("unable to find binary at {plain}: exec: {plain:?}: permission denied")
        );
        assert_eq!(
            ExecPostRenderer::new("/no/such", vec![]).unwrap_err(),
            "unable to find binary at /no/such: exec: \"/no/such\": stat /no/such: no such file or directory"
        );
        assert_eq!(
            ExecPostRenderer::new("no-such-program-here", vec![]).unwrap_err(),
            "unable to find binary at no-such-program-here: exec: \"no-such-program-here\": executable file not found in $PATH"
        );
    }
}

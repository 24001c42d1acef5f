//! Running a `postrenderer/v1` plugin of the subprocess runtime, as helm 4 does: the chosen
//! platform command with the extra arguments, the process environment plus
//! `HELM_PLUGIN_NAME` and `HELM_PLUGIN_DIR`, the manifests on standard input; standard output
//! is the result and standard error is dropped.

use std::path::PathBuf;
use std::process::Command;

use rudder_report::{Level, Reporter};

use crate::command::{go_platform, prepare};
use crate::metadata::Plugin;
use crate::process::{go_exit_error, look_path, run_with_input};

/// A post-renderer plugin with its `--post-renderer-args`.
pub struct PostRendererPlugin {
    pub plugin: Plugin,
    pub args: Vec<String>,
}

impl PostRendererPlugin {
    /// Runs the plugin on `manifests`: its output, or helm's message for the failure. The
    /// command and a failed exit are logged at DEBUG, as helm logs them.
    pub fn run(&self, manifests: &str, reporter: &dyn Reporter) -> Result<String, String> {
        let name = &self.plugin.metadata.name;
        let output = self
            .invoke(manifests, reporter)
            .map_err(|e| format!("failed to invoke post-renderer plugin {name:?}: {e}"))?;
        // Output that is only white space means nothing was rendered.
        if output.trim().is_empty() {
            return Err(format!("post-renderer {name:?} produced empty output"));
        }
        Ok(output)
    }

    fn invoke(&self, manifests: &str, reporter: &dyn Reporter) -> Result<String, String> {
        let metadata = &self.plugin.metadata;
        if metadata.runtime != "subprocess" {
            return Err(format!(
                "rudder runs only subprocess plugins, not {:?}",
                metadata.runtime
            ));
        }
        let dir = self.plugin.dir.display().to_string();
        let env = |key: &str| match key {
            "HELM_PLUGIN_NAME" => metadata.name.clone(),
            "HELM_PLUGIN_DIR" => dir.clone(),
            _ => std::env::var(key).unwrap_or_default(),
        };
        let (os, arch) = go_platform();
        let (program, args) = prepare(&metadata.platform_command, os, arch, &self.args, &env)
            .map_err(|e| format!("failed to prepare plugin command: {e}"))?;
        // Go's `exec.Command` looks a program up in PATH only when its name has no slash.
        let resolved = if program.contains('/') {
            Ok(PathBuf::from(&program))
        } else {
            look_path(&program)
        };
        // Go's `cmd.String()`: the program as found in PATH, then the arguments, unquoted.
        let shown = match &resolved {
            Ok(path) => path.display().to_string(),
            Err(_) => program,
        };
        let command_line = std::iter::once(shown.as_str())
            .chain(args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        reporter.log(
            Level::Debug,
            "executing plugin command",
            &[("pluginName", &metadata.name), ("command", &command_line)],
        );
        let program = resolved?;
        let output = run_with_input(
            Command::new(&program)
                .args(&args)
                .env("HELM_PLUGIN_NAME", &metadata.name)
                .env("HELM_PLUGIN_DIR", &dir),
            &program,
            manifests.as_bytes(),
        )?;
        if !output.status.success() {
            let (error, code) = go_exit_error(output.status);
            reporter.log(
                Level::Debug,
                "plugin execution failed",
                &[
                    ("pluginName", &metadata.name),
                    ("error", &error),
                    ("exitCode", &code.to_string()),
                    // helm captured standard error elsewhere, so its log has none.
                    ("stderr", ""),
                ],
            );
            return Err(format!("plugin {:?} exited with error", metadata.name));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::PlatformCommand;
    use crate::metadata::Metadata;
    use rudder_report::Silent;

    fn sh(script: &str, args: &[&str]) -> PostRendererPlugin {
        PostRendererPlugin {
            plugin: Plugin {
                dir: PathBuf::from("/plugins/pr"),
                metadata: Metadata {
                    name: "pr".into(),
                    kind: "postrenderer/v1".into(),
                    runtime: "subprocess".into(),
                    platform_command: vec![PlatformCommand {
                        command: "sh".into(),
                        args: vec!["-c".into(), script.into(), "sh".into()],
                        ..PlatformCommand::default()
                    }],
                },
            },
            args: args.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn gives_the_manifests_on_stdin_and_the_settings_in_the_environment() {
        let out = sh("cat; printenv HELM_PLUGIN_NAME HELM_PLUGIN_DIR", &[])
            .run("k: v\n", &Silent)
            .unwrap();
        assert_eq!(out, "k: v\npr\n/plugins/pr\n");
    }

    #[test]
    fn arguments_are_expanded_and_extra_ones_appended_as_given() {
        // helm expands the plugin's own arguments, `$1` inside a script included.
        let out = sh("echo $HELM_PLUGIN_NAME \"$1\"", &[])
            .run("", &Silent)
            .unwrap();
        assert_eq!(out, "pr \n");
        let mut echo = sh("", &["a,b $X", ""]);
        echo.plugin.metadata.platform_command[0] = PlatformCommand {
            command: "echo ${HELM_PLUGIN_NAME}:".into(),
            ..PlatformCommand::default()
        };
        assert_eq!(echo.run("", &Silent).unwrap(), "pr: a,b $X \n");
    }

    #[test]
    fn failures_read_as_helms() {
        assert_eq!(
            sh("echo out; echo err >&2; exit 3", &[])
                .run("", &Silent)
                .unwrap_err(),
            "failed to invoke post-renderer plugin \"pr\": plugin \"pr\" exited with error"
        );
        assert_eq!(
            sh("cat >/dev/null; printf ' \\n'", &[])
                .run("k: v\n", &Silent)
                .unwrap_err(),
            "post-renderer \"pr\" produced empty output"
        );
        let mut missing = sh("", &[]);
        missing.plugin.metadata.platform_command[0].command = "/nowhere/run.sh".into();
        assert_eq!(
            missing.run("", &Silent).unwrap_err(),
            "failed to invoke post-renderer plugin \"pr\": fork/exec /nowhere/run.sh: no such file or directory"
        );
        missing.plugin.metadata.platform_command[0].command = "no-such-program-here".into();
        assert_eq!(
            missing.run("", &Silent).unwrap_err(),
            "failed to invoke post-renderer plugin \"pr\": exec: \"no-such-program-here\": executable file not found in $PATH"
        );
    }

    #[test]
    #[allow(unsafe_code)]
    fn a_plugin_that_stops_reading_early_neither_hangs_nor_kills() {
        // As in the rudder binary, where a write to a closed pipe would end the process.
        // SAFETY: restoring a default disposition; no test of this crate relies on SIGPIPE.
        #[cfg(unix)]
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
        let big = "k: v\n".repeat(100_000);
        assert_eq!(sh("echo done", &[]).run(&big, &Silent).unwrap(), "done\n");
    }
}

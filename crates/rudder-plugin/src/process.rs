//! Running a program as Go's `os/exec` does, for both helms' post-renderers: how a program is
//! found (`exec.LookPath`), how it is fed and waited for, and the texts of Go's errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Go's `exec.LookPath`: a name with a slash must be an executable file itself; any other is
/// looked up in `PATH`. The error is Go's `exec.Error` text.
pub(crate) fn look_path(program: &str) -> Result<PathBuf, String> {
    let failed = |reason: &str| format!("exec: {program:?}: {reason}");
    if program.contains('/') {
        return find_executable(Path::new(program))
            .map(|()| PathBuf::from(program))
            .map_err(|e| failed(&e));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        // An empty element means the current folder, as in a Unix shell.
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let candidate = dir.join(program);
        if find_executable(&candidate).is_ok() {
            if !candidate.is_absolute() {
                return Err(failed(
                    "cannot run executable found relative to current directory",
                ));
            }
            return Ok(candidate);
        }
    }
    Err(failed("executable file not found in $PATH"))
}

/// Go's `findExecutable`: the file exists, is no folder, and may be executed.
fn find_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(path)
        .map_err(|e| format!("stat {}: {}", path.display(), go_errno_text(&e)))?;
    if metadata.is_dir() {
        return Err("is a directory".into());
    }
    if metadata.permissions().mode() & 0o111 == 0 {
        return Err("permission denied".into());
    }
    Ok(())
}

/// Starts `command` with `input` on its standard input and both outputs captured, and waits
/// for it. The error is Go's `cmd.Start` text (`fork/exec PROGRAM: REASON`).
pub(crate) fn run_with_input(
    command: &mut Command,
    program: &Path,
    input: &[u8],
) -> Result<Output, String> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("fork/exec {}: {}", program.display(), go_errno_text(&e)))?;
    let mut stdin = child.stdin.take();
    let input = input.to_vec();
    // Written beside the reading so that a program writing before it has read everything
    // cannot block; one that stops reading early is no failure (as in Go).
    let writer = std::thread::spawn(move || {
        block_sigpipe();
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(&input);
        }
    });
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    Ok(output)
}

/// Go's `ExitError` text and `ExitCode()` (-1 when a signal ended the process).
pub(crate) fn go_exit_error(status: std::process::ExitStatus) -> (String, i32) {
    if let Some(code) = status.code() {
        return (format!("exit status {code}"), code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                1 => "hangup".to_string(),
                2 => "interrupt".to_string(),
                6 => "aborted".to_string(),
                9 => "killed".to_string(),
                11 => "segmentation fault".to_string(),
                13 => "broken pipe".to_string(),
                15 => "terminated".to_string(),
                other => format!("signal {other}"),
            };
            return (format!("signal: {name}"), -1);
        }
    }
    (status.to_string(), -1)
}

/// SIGPIPE blocked on the calling thread: rudder keeps SIGPIPE's default (`rudder template |
/// head` ends quietly), but a program that exits before reading all its input must only make
/// the write fail (EPIPE), as in Go, where SIGPIPE kills only for writes to stdout or stderr.
/// The signal is sent to the writing thread, so it stays pending there and dies with it.
#[cfg(unix)]
#[allow(unsafe_code)]
fn block_sigpipe() {
    // SAFETY: an empty set is initialised before use; the mask changes for this thread only.
    unsafe {
        let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, set.as_ptr(), std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
fn block_sigpipe() {}

/// The text Go gives a system error (lower case, no error number).
pub(crate) fn go_errno_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(2) => "no such file or directory".into(),
        Some(8) => "exec format error".into(),
        Some(13) => "permission denied".into(),
        Some(20) => "not a directory".into(),
        _ => {
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

//! Writing scripts that a test runs next.
//!
//! A file this process holds open for writing stays open in every child another test thread
//! forks meanwhile, until that child's exec; running the file in that window fails with
//! ETXTBSY ("text file busy"), as a CI run of the post-renderer tests did. So the file is
//! written by a short-lived `sh` of its own, and no descriptor of ours ever points at it.

use std::io::{self, Write};
use std::path::Path;

/// Writes `content` to `path` with permission bits `mode` (ignored off Unix).
#[cfg(unix)]
pub fn write_executable(path: &Path, content: &[u8], mode: u32) -> io::Result<()> {
    use std::process::{Command, Stdio};
    let mut writer = Command::new("sh")
        .args(["-c", "cat > \"$1\" && chmod \"$2\" \"$1\"", "sh"])
        .arg(path)
        .arg(format!("{mode:o}"))
        .stdin(Stdio::piped())
        .spawn()?;
    let written = writer
        .stdin
        .take()
        .map_or(Ok(()), |mut stdin| stdin.write_all(content));
    let status = writer.wait()?;
    written?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "writing {} failed: {status}",
            path.display()
        )))
    }
}

/// Writes `content` to `path`; Windows runs files by their extension, not a mode.
#[cfg(not(unix))]
pub fn write_executable(path: &Path, content: &[u8], _mode: u32) -> io::Result<()> {
    std::fs::write(path, content)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn writes_the_content_with_the_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run me.sh");
        write_executable(&path, b"#!/bin/sh\necho hi\n", 0o750).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"#!/bin/sh\necho hi\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o750);
        let out = std::process::Command::new(&path).output().unwrap();
        assert_eq!(out.stdout, b"hi\n");
    }

    #[test]
    fn a_folder_that_is_not_there_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_executable(&dir.path().join("no/x"), b"", 0o755).is_err());
    }

    /// Threads that write a script and run it at once, beside threads that only fork: with
    /// `fs::write` and a chmod, 3 runs of 3 failed, each with 2-4 of the 4 runners stopped by
    /// "text file busy".
    #[test]
    fn scripts_written_while_other_threads_fork_run() {
        let dir = tempfile::tempdir().unwrap();
        let stop = AtomicBool::new(false);
        let failures: Vec<String> = std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    while !stop.load(Ordering::Relaxed) {
                        let _ = std::process::Command::new("true").status();
                    }
                });
            }
            let runners: Vec<_> = (0..4)
                .map(|t| {
                    let path = dir.path().join(format!("s{t}"));
                    s.spawn(move || -> Result<(), String> {
                        for _ in 0..150 {
                            let _ = std::fs::remove_file(&path);
                            write_executable(&path, b"#!/bin/sh\n", 0o755)
                                .map_err(|e| e.to_string())?;
                            std::process::Command::new(&path)
                                .status()
                                .map_err(|e| e.to_string())?;
                        }
                        Ok(())
                    })
                })
                .collect();
            let results: Vec<_> = runners.into_iter().map(|r| r.join()).collect();
            stop.store(true, Ordering::Relaxed);
            results
                .into_iter()
                .filter_map(|r| r.expect("a runner panicked").err())
                .collect()
        });
        assert_eq!(failures, Vec::<String>::new());
    }
}

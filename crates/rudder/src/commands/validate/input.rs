//! The resources to validate: standard input, or the manifest files under the paths given
//! (walked in lexical order as Go's `filepath.Walk` does, read in parallel), each cut into
//! documents; a path that cannot be walked or read becomes an error result of its own.

use std::io::Read;
use std::path::Path;

use anyhow::{Context as _, Result};
use regex::Regex;
use rudder_gocompat::os::error_text;
use rudder_kube::resource::{is_manifest_file, read_text};
use rudder_kube::{Body, Resource};

/// A resource to validate, or a file that could not be read.
pub struct Input {
    pub resource: Resource,
    pub error: Option<String>,
}

fn failed(path: &str, error: String) -> Input {
    Input {
        resource: Resource {
            path: path.to_string(),
            body: Body::Empty,
        },
        error: Some(error),
    }
}

pub fn stdin(strict: bool, stack: usize) -> Result<Vec<Input>> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("reading standard input")?;
    let read = || {
        read_text("stdin", &text, strict, true)
            .into_iter()
            .map(|resource| Input {
                resource,
                error: None,
            })
            .collect()
    };
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn_scoped(s, read)
            .context("starting a reader thread")?
            .join()
            .map_err(|_| anyhow::anyhow!("reading standard input failed"))
    })
}

/// The manifest files under `root` in walk order, or the error that stopped the walk.
fn walk(root: &Path, ignore: &[Regex], out: &mut Vec<String>) -> Result<(), String> {
    let shown = root.display().to_string();
    let meta = std::fs::symlink_metadata(root)
        .map_err(|e| format!("lstat {shown}: {}", error_text(&e)))?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(root)
            .map_err(|e| format!("open {shown}: {}", error_text(&e)))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            walk(&e, ignore, out)?;
        }
    } else if is_manifest_file(root) && !ignore.iter().any(|r| r.is_match(&shown)) {
        out.push(shown);
    }
    Ok(())
}

pub fn files(paths: &[String], ignore: &[Regex], strict: bool, workers: usize) -> Vec<Input> {
    // (file, or the error that ended the walk of a path)
    let mut found: Vec<Result<String, (String, String)>> = Vec::new();
    for p in paths {
        let mut files = Vec::new();
        let walked = walk(Path::new(p), ignore, &mut files);
        found.extend(files.into_iter().map(Ok));
        if let Err(e) = walked {
            found.push(Err((p.clone(), e)));
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut read: Vec<(usize, Vec<Input>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.min(found.len()).max(1))
            .filter_map(|_| {
                let thread = std::thread::Builder::new().stack_size(super::STACK);
                thread
                    .spawn_scoped(s, || {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(f) = found.get(i) else { break };
                            done.push((i, read_file(f, strict)));
                        }
                        done
                    })
                    .ok()
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    read.sort_by_key(|(i, _)| *i);
    read.into_iter().flat_map(|(_, inputs)| inputs).collect()
}

fn read_file(found: &Result<String, (String, String)>, strict: bool) -> Vec<Input> {
    let path = match found {
        Ok(path) => path,
        Err((path, e)) => return vec![failed(path, e.clone())],
    };
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            read_text(path, &text, strict, false)
                .into_iter()
                .map(|resource| Input {
                    resource,
                    error: None,
                })
                .collect()
        }
        Err(e) => vec![failed(path, format!("open {path}: {}", error_text(&e)))],
    }
}

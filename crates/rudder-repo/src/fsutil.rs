//! Files written whole or not at all: a reader (helm or another rudder) never sees half an
//! index or archive, and a failure leaves the previous file in place.

use std::io::Write;
use std::path::{Path, PathBuf};

use rudder_chart::load::io_text;

use crate::RepoError;

/// A sibling of `path` no other writer picks (process id and a per-process counter).
fn temp_sibling(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<(), RepoError> {
    let tmp = temp_sibling(path);
    let fail = |op: &str, p: &Path, e: std::io::Error| {
        RepoError::Message(format!("{op} {}: {}", p.display(), io_text(&e)))
    };
    let written = (|| -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode);
        }
        #[cfg(not(unix))]
        let _ = mode;
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail("open", path, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail("rename", path, e)
    })
}

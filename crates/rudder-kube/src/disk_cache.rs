//! kubeconform's `-cache` folder (pkg/cache/ondisk.go): each downloaded schema stored under the
//! hex SHA-256 of its URL, written once, read before any download (so a later run needs no
//! server), with kubeconform's checks and messages.

use std::io::Write;

use rudder_gocompat::os::error_text;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
pub struct DiskCache {
    folder: String,
}

impl DiskCache {
    /// The folder of `-cache`, checked as kubeconform's `registry.New` checks it (its second
    /// message prints a nil error: Go's `%!s(<nil>)` is what users see).
    pub fn open(folder: &str) -> Result<DiskCache, String> {
        match std::fs::metadata(folder) {
            Err(e) => Err(format!(
                "failed opening cache folder {folder}: stat {folder}: {}",
                error_text(&e)
            )),
            Ok(meta) if !meta.is_dir() => Err("cache folder %!s(<nil>) is not a directory".into()),
            Ok(_) => Ok(DiskCache {
                folder: folder.to_string(),
            }),
        }
    }

    /// Go's `path.Join(folder, hex(sha256(url)))`.
    pub fn path(&self, url: &str) -> String {
        let name = format!("{:x}", Sha256::digest(url.as_bytes()));
        rudder_gocompat::path::clean(&format!("{}/{name}", self.folder))
    }

    /// The stored body of `url`; any failure to read is a miss, as in kubeconform.
    pub(crate) fn get(&self, url: &str) -> Option<Vec<u8>> {
        std::fs::read(self.path(url)).ok()
    }

    /// Stores `body` unless a file is there already (kubeconform's `Set`), mode 0644; the
    /// error is Go's `open PATH: reason`.
    pub(crate) fn set(&self, url: &str, body: &[u8]) -> Result<(), String> {
        let path = self.path(url);
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            _ => return Ok(()),
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
        let mut file = options
            .open(&path)
            .map_err(|e| format!("open {path}: {}", error_text(&e)))?;
        file.write_all(body)
            .map_err(|e| format!("write {path}: {}", error_text(&e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_checks_and_reuse_as_kubeconform() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().to_string_lossy().into_owned();
        let cache = DiskCache::open(&format!("{folder}/")).unwrap();
        let url = "https://example.com/s.json";
        // sha256("https://example.com/s.json"), as `sha256sum` prints it.
        let name = "7c6cf77cf78032d28ffb7e46685675324502bc24902ed9693029717337adc758";
        assert_eq!(cache.path(url), format!("{folder}/{name}"));
        assert!(cache.get(url).is_none());
        cache.set(url, b"{}").unwrap();
        // Written once: a second body does not replace the first.
        cache.set(url, b"[]").unwrap();
        assert_eq!(cache.get(url).unwrap(), b"{}");

        let missing = format!("{folder}/nope");
        assert_eq!(
            DiskCache::open(&missing).unwrap_err(),
            format!(
                "failed opening cache folder {missing}: stat {missing}: no such file or directory"
            )
        );
        let file = format!("{folder}/file");
        std::fs::write(&file, "").unwrap();
        assert_eq!(
            DiskCache::open(&file).unwrap_err(),
            "cache folder %!s(<nil>) is not a directory"
        );
    }
}

//! `repositories.yaml` as helm reads and writes it (its `repo.File`): the configured chart
//! repositories, their credentials and TLS files.

use std::path::Path;

use rudder_chart::load::io_text;
use rudder_gotmpl::{Map, Value};

use crate::gotime::GoTime;
use crate::RepoError;

/// One repository (helm's `repo.Entry`); equality is helm's "same configuration".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub url: String,
    pub username: String,
    pub password: String,
    pub cert_file: String,
    pub key_file: String,
    pub ca_file: String,
    pub insecure_skip_tls_verify: bool,
    pub pass_credentials_all: bool,
}

/// The file: `apiVersion`, `generated` and the entries in file order.
#[derive(Debug, Clone, Default)]
pub struct RepoFile {
    pub api_version: String,
    generated: Option<GoTime>,
    pub repositories: Vec<Entry>,
}

/// Why the file could not be read: helm tells a missing file from a broken one.
#[derive(Debug, thiserror::Error)]
pub enum RepoFileError {
    #[error("couldn't load repositories file ({path}): open {path}: no such file or directory")]
    NotFound { path: String },
    #[error("{0}")]
    Other(String),
}

impl From<RepoFileError> for RepoError {
    fn from(e: RepoFileError) -> Self {
        RepoError::Message(e.to_string())
    }
}

fn text(m: &Map, key: &str) -> String {
    match m.get(key) {
        Some(Value::String(s)) => s.to_string(),
        _ => String::new(),
    }
}

fn flag(m: &Map, key: &str) -> bool {
    matches!(m.get(key), Some(Value::Bool(true)))
}

impl RepoFile {
    /// helm's `repo.LoadFile`.
    pub fn load(path: &Path) -> Result<RepoFile, RepoFileError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RepoFileError::NotFound {
                path: shown.clone(),
            },
            _ => RepoFileError::Other(format!(
                "couldn't load repositories file ({shown}): open {shown}: {}",
                io_text(&e)
            )),
        })?;
        RepoFile::parse(&String::from_utf8_lossy(&bytes))
    }

    /// The file's text as sigs.k8s.io/yaml unmarshals it (unknown fields ignored).
    pub fn parse(text_in: &str) -> Result<RepoFile, RepoFileError> {
        let doc = rudder_yaml::parse_document(text_in)
            .map_err(|e| RepoFileError::Other(format!("error converting YAML to JSON: {e}")))?;
        let Some(map) = doc.as_map() else {
            return Ok(RepoFile::default());
        };
        let map = map.borrow();
        let generated = match map.get("generated") {
            Some(Value::String(s)) => Some(GoTime::parse_rfc3339(s).ok_or_else(|| {
                RepoFileError::Other(format!(
                    "error unmarshaling JSON: while decoding JSON: parsing time {s:?} as RFC 3339"
                ))
            })?),
            _ => None,
        };
        let mut repositories = Vec::new();
        if let Some(list) = map.get("repositories").and_then(Value::as_list) {
            for item in list.items.iter() {
                let Some(e) = item.as_map() else { continue };
                let e = e.borrow();
                repositories.push(Entry {
                    name: text(&e, "name"),
                    url: text(&e, "url"),
                    username: text(&e, "username"),
                    password: text(&e, "password"),
                    cert_file: text(&e, "certFile"),
                    key_file: text(&e, "keyFile"),
                    ca_file: text(&e, "caFile"),
                    insecure_skip_tls_verify: flag(&e, "insecure_skip_tls_verify"),
                    pass_credentials_all: flag(&e, "pass_credentials_all"),
                });
            }
        }
        Ok(RepoFile {
            api_version: text(&map, "apiVersion"),
            generated,
            repositories,
        })
    }

    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.repositories.iter().find(|e| e.name == name)
    }

    /// helm's `Update`: replaces the entry of the same name, or appends.
    pub fn update(&mut self, entry: Entry) {
        match self.repositories.iter_mut().find(|e| e.name == entry.name) {
            Some(slot) => *slot = entry,
            None => self.repositories.push(entry),
        }
    }

    /// helm's `Remove`: whether an entry of that name was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.repositories.len();
        self.repositories.retain(|e| e.name != name);
        before != self.repositories.len()
    }

    /// The YAML helm writes: keys sorted (it marshals through JSON), every field present.
    pub fn to_yaml(&self) -> Result<String, RepoError> {
        let mut top = Map::new();
        top.insert("apiVersion".into(), Value::string(self.api_version.clone()));
        let generated = self.generated.as_ref().map_or_else(
            || "0001-01-01T00:00:00Z".to_string(),
            GoTime::to_rfc3339_nano,
        );
        top.insert("generated".into(), Value::string(generated));
        let entries = self
            .repositories
            .iter()
            .map(|e| {
                let mut m = Map::new();
                let s = |v: &String| Value::string(v.clone());
                m.insert("caFile".into(), s(&e.ca_file));
                m.insert("certFile".into(), s(&e.cert_file));
                m.insert(
                    "insecure_skip_tls_verify".into(),
                    Value::Bool(e.insecure_skip_tls_verify),
                );
                m.insert("keyFile".into(), s(&e.key_file));
                m.insert("name".into(), s(&e.name));
                m.insert(
                    "pass_credentials_all".into(),
                    Value::Bool(e.pass_credentials_all),
                );
                m.insert("password".into(), s(&e.password));
                m.insert("url".into(), s(&e.url));
                m.insert("username".into(), s(&e.username));
                Value::map(m)
            })
            .collect();
        top.insert("repositories".into(), Value::list(entries));
        rudder_yaml::to_yaml(&Value::map(top)).map_err(RepoError::Message)
    }

    /// helm's `WriteFile`: the folder made if needed, the file written with `mode` (0600).
    pub fn write(&self, path: &Path) -> Result<(), RepoError> {
        let text = self.to_yaml()?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                RepoError::Message(format!("mkdir {}: {}", dir.display(), io_text(&e)))
            })?;
        }
        crate::fsutil::write_atomic(path, text.as_bytes(), 0o600)
    }
}

/// The lock helm takes on repositories.yaml while it changes it: `repositories.lock` beside it
/// (the file's extension replaced), held until dropped.
pub struct FileLock {
    _file: std::fs::File,
}

/// helm's lock path: the extension of `repo_file` replaced by `.lock` (appended when none).
pub fn lock_path(repo_file: &Path) -> std::path::PathBuf {
    let text = repo_file.to_string_lossy();
    let name_start = text.rfind('/').map_or(0, |i| i + 1);
    match text[name_start..].rfind('.') {
        Some(dot) if dot > 0 => format!("{}.lock", &text[..name_start + dot]).into(),
        _ => format!("{text}.lock").into(),
    }
}

/// Takes the lock of `repo_file` (waiting for another helm or rudder that holds it); the
/// folder and the lock file (mode 0600, as helm's flock makes it) are made if needed.
pub fn lock(repo_file: &Path) -> Result<FileLock, RepoError> {
    let path = lock_path(repo_file);
    let fail = |op: &str, p: &Path, e: std::io::Error| {
        RepoError::Message(format!("{op} {}: {}", p.display(), io_text(&e)))
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| fail("mkdir", dir, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true).create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path).map_err(|e| fail("open", &path, e))?;
    #[cfg(unix)]
    rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
        .map_err(|e| fail("flock", &path, e.into()))?;
    Ok(FileLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_sits_beside_the_file() {
        let p = |s: &str| lock_path(Path::new(s)).display().to_string();
        assert_eq!(p("/h/repositories.yaml"), "/h/repositories.lock");
        assert_eq!(p("/h.d/repos"), "/h.d/repos.lock");
        assert_eq!(p("/h/.repos"), "/h/.repos.lock");
    }
}

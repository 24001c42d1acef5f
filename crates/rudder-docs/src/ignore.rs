//! Which chart directories to skip: helm-docs reads its ignore file (`.helmdocsignore`) at the
//! git repository's root, or in the working directory outside a repository, with `.helmignore`
//! rules relative to that directory; `.git` is always skipped.

use std::path::{Path, PathBuf};

use rudder_chart::helmignore::Rules;

use crate::Error;

pub struct Ignore {
    rules: Option<Rules>,
    base: PathBuf,
}

fn git_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

impl Ignore {
    pub fn load(file_name: &str) -> Result<Ignore, Error> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
        let base = git_root(&cwd).unwrap_or(cwd);
        let path = base.join(file_name);
        let rules = match std::fs::read_to_string(&path) {
            Ok(text) => Some(Rules::parse(&text).map_err(|e| Error::Yaml {
                path: path.display().to_string(),
                message: e.to_string(),
            })?),
            Err(_) => None,
        };
        Ok(Ignore { rules, base })
    }

    /// Whether `path` (as walked) is ignored.
    pub fn skips(&self, path: &Path, is_dir: bool) -> bool {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let Ok(relative) = absolute.strip_prefix(&self.base) else {
            return false;
        };
        let relative = relative.to_string_lossy();
        relative == ".git"
            || self
                .rules
                .as_ref()
                .is_some_and(|r| r.ignore(&relative, is_dir))
    }
}

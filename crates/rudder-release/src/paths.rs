//! Repository-relative paths: `/`-separated, no `.` or `..`, `""` for the root.

use std::path::{Component, Path};

use crate::error::{Error, Result};

/// `dir` (relative to `cwd`, or absolute) as a path from the repository root.
pub fn repo_relative(root: &Path, cwd: &Path, dir: &str) -> Result<String> {
    let joined = cwd.join(dir);
    let rel = joined.strip_prefix(root).map_err(|_| Error::Edit {
        path: joined.clone(),
        message: format!("is outside the git repository {}", root.display()),
    })?;
    let mut parts: Vec<String> = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir if parts.pop().is_none() => {
                return Err(Error::Edit {
                    path: joined.clone(),
                    message: format!("is outside the git repository {}", root.display()),
                });
            }
            _ => {}
        }
    }
    Ok(parts.join("/"))
}

/// `a/b` joined with `../c` as a repository path; `None` when it leaves the repository.
pub fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The folder holding `path` (`""` at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The last component of `path`.
pub fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A repository path as seen from `cwd` (also repository-relative), as the user typed it.
pub fn from_cwd(path: &str, cwd: &str) -> String {
    if cwd.is_empty() {
        return if path.is_empty() {
            ".".into()
        } else {
            path.into()
        };
    }
    let (p, c): (Vec<&str>, Vec<&str>) = (
        path.split('/').filter(|x| !x.is_empty()).collect(),
        cwd.split('/').collect(),
    );
    let common = p.iter().zip(&c).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; c.len() - common];
    out.extend(&p[common..]);
    if out.is_empty() {
        ".".into()
    } else {
        out.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_relativises() {
        assert_eq!(join("charts/a", "../b").as_deref(), Some("charts/b"));
        assert_eq!(join("charts/a", "../../../x"), None);
        assert_eq!(from_cwd("charts/a", "charts"), "a");
        assert_eq!(from_cwd("charts/a", "other/x"), "../../charts/a");
        assert_eq!(from_cwd("charts/a", ""), "charts/a");
        assert_eq!(parent("charts/a"), "charts");
        assert_eq!(parent("a"), "");
    }
}

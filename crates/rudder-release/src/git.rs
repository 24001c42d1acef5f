//! The few git questions release work asks, answered with gix (no `git` process): revisions,
//! merge bases, the files of a commit, file contents at a commit, and first-parent history.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gix::ObjectId;

use crate::error::{git, io, Error, Result};

/// A file of a commit's tree: its blob (or submodule commit) and whether it is executable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeFile {
    pub id: ObjectId,
    pub executable: bool,
    pub link: bool,
    pub submodule: bool,
}

/// One commit of a history walk.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: ObjectId,
    /// The first line of the message.
    pub summary: String,
    pub parent: Option<ObjectId>,
}

/// A repository with a work tree.
pub struct Repo {
    pub(crate) repo: gix::Repository,
    root: PathBuf,
}

impl Repo {
    /// The repository whose work tree holds `dir` (ct: "must be in a git repository").
    pub fn discover(dir: &Path) -> Result<Repo> {
        let repo = gix::discover(dir).map_err(|e| Error::NotARepository(Box::new(e)))?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| Error::NotARepository("a bare repository has no work tree".into()))?;
        let root = workdir.canonicalize().map_err(io(workdir))?;
        Ok(Repo { repo, root })
    }

    /// The work tree's top folder, canonical.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The commit a revision names (`HEAD`, `origin/main`, a tag, an id), `None` when it
    /// names nothing.
    pub fn commit_of(&self, rev: &str) -> Result<Option<ObjectId>> {
        let id = match self.repo.rev_parse_single(rev) {
            Ok(id) => id,
            Err(_) => return Ok(None),
        };
        let commit = id
            .object()
            .map_err(git(format!("reading {rev}")))?
            .peel_to_commit()
            .map_err(git(format!("{rev} is not a commit")))?;
        Ok(Some(commit.id))
    }

    /// The commit a revision names, or an error naming it.
    pub fn require_commit(&self, rev: &str) -> Result<ObjectId> {
        self.commit_of(rev)?
            .ok_or_else(|| Error::NoRevision(rev.to_string()))
    }

    /// `git merge-base a b`: the best common ancestor.
    pub fn merge_base(&self, a: ObjectId, b: ObjectId) -> Result<ObjectId> {
        let base = self
            .repo
            .merge_base(a, b)
            .map_err(git(format!("failed identifying merge base of {a} and {b}")))?;
        Ok(base.detach())
    }

    /// Every file of a commit's tree by its path from the repository root.
    pub fn tree_files(&self, commit: ObjectId) -> Result<BTreeMap<String, TreeFile>> {
        let tree = self.tree_of(commit)?;
        let files = tree
            .traverse()
            .breadthfirst
            .files()
            .map_err(git(format!("listing the files of {commit}")))?;
        Ok(files
            .into_iter()
            .filter(|e| !e.mode.is_tree())
            .map(|e| {
                let file = TreeFile {
                    id: e.oid,
                    executable: e.mode.is_executable(),
                    link: e.mode.is_link(),
                    submodule: e.mode.is_commit(),
                };
                (e.filepath.to_string(), file)
            })
            .collect())
    }

    /// The id of the tree or blob at `path` in a commit (`""` is the root tree).
    pub fn entry_id(&self, commit: ObjectId, path: &str) -> Result<Option<ObjectId>> {
        let tree = self.tree_of(commit)?;
        if path.is_empty() {
            return Ok(Some(tree.id));
        }
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(git(format!("looking up {path} in {commit}")))?;
        Ok(entry.map(|e| e.object_id()))
    }

    /// A file's bytes at a commit, `None` when the commit has no such file.
    pub fn file_at(&self, commit: ObjectId, path: &str) -> Result<Option<Vec<u8>>> {
        let Some(id) = self.entry_id(commit, path)? else {
            return Ok(None);
        };
        let object = self
            .repo
            .find_object(id)
            .map_err(git(format!("reading {path} at {commit}")))?;
        if object.kind != gix::object::Kind::Blob {
            return Ok(None);
        }
        Ok(Some(object.detach().data))
    }

    /// The first-parent history from `tip`, newest first.
    pub fn first_parent_history(&self, tip: ObjectId) -> Result<Vec<Commit>> {
        let walk = self
            .repo
            .rev_walk([tip])
            .first_parent_only()
            .all()
            .map_err(git(format!("walking the history of {tip}")))?;
        let mut commits = Vec::new();
        for info in walk {
            let info = info.map_err(git(format!("walking the history of {tip}")))?;
            let commit = info
                .object()
                .map_err(git(format!("reading commit {}", info.id)))?;
            let message = commit.message_raw_sloppy().to_string();
            commits.push(Commit {
                id: info.id,
                summary: message.lines().next().unwrap_or("").trim().to_string(),
                parent: info.parent_ids().next().map(|p| p.detach()),
            });
        }
        Ok(commits)
    }

    fn tree_of(&self, commit: ObjectId) -> Result<gix::Tree<'_>> {
        self.repo
            .find_commit(commit)
            .map_err(git(format!("reading commit {commit}")))?
            .tree()
            .map_err(git(format!("reading the tree of {commit}")))
    }
}

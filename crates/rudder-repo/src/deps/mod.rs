//! `helm dependency update|build|list`: Chart.yaml's dependencies resolved against the
//! repositories' cached indexes into Chart.lock, and their archives saved in `charts/`.
//!
//! Same files and messages as helm 4.1.4, but only the repositories the chart needs are
//! refreshed and read, archives download concurrently, and a content-addressed cache (helm's
//! own `content` folder layout) keeps them from downloading twice.

mod charts_dir;
pub(crate) mod download;
pub(crate) mod fetch;
mod hash;
mod indexes;
mod list;
pub(crate) mod resolve;
mod session;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rudder_chart::{Dependency, Metadata};
use rudder_gotmpl::{Map, Value};
use rudder_report::Reporter;

use crate::lock::Lock;
use crate::RepoError;
use session::Session;

pub use hash::hash_req;
pub use list::{list, table};

/// Where a line of helm's output goes (stdout); each call is one or more whole lines.
pub type Out<'a> = &'a (dyn Fn(&str) + Sync);

/// What `dependency update|build` needs: helm's settings and flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub chart_path: PathBuf,
    pub repository_config: PathBuf,
    pub repository_cache: PathBuf,
    pub content_cache: PathBuf,
    pub skip_refresh: bool,
    pub debug: bool,
    pub timeout: Duration,
    /// How to reach OCI registries (`--plain-http`, TLS flags, credentials).
    pub oci: crate::oci::Options,
}

/// The chart folder, its metadata and its lock file (if any).
struct Loaded {
    metadata: Metadata,
    lock: Option<Lock>,
    /// Chart.yaml declares `dependencies` (helm tells a missing list from an empty one).
    declares_dependencies: bool,
}

fn lock_file_name(md: &Metadata) -> &'static str {
    if md.api_version == "v1" {
        "requirements.lock"
    } else {
        "Chart.lock"
    }
}

/// helm's `loadChartDir`: only chart folders, loaded as helm loads them.
fn load_chart_dir(path: &Path) -> Result<Loaded, RepoError> {
    match std::fs::metadata(path) {
        Err(e) => {
            return Err(RepoError::Message(format!(
                "could not find {}: stat {}: {}",
                path.display(),
                path.display(),
                rudder_chart::load::io_text(&e)
            )))
        }
        Ok(m) if !m.is_dir() => {
            return Err(RepoError::Message(
                "only unpacked charts can be updated".into(),
            ))
        }
        Ok(_) => {}
    }
    let chart = rudder_chart::load::load(path, crate::LOAD_AS, &rudder_report::Silent)?;
    let metadata = chart.metadata;
    let lock_path = path.join(lock_file_name(&metadata));
    let lock = match std::fs::read_to_string(&lock_path) {
        // An empty (or `null`) lock unmarshals into Go's nil lock: there is none.
        Ok(text) if matches!(rudder_yaml::parse_document(&text), Ok(Value::Nil)) => None,
        Ok(text) => Some(Lock::parse(&text, lock_file_name(&metadata))?),
        Err(_) => None,
    };
    let declares_dependencies = declares_dependencies(path, &metadata);
    Ok(Loaded {
        metadata,
        lock,
        declares_dependencies,
    })
}

/// Whether Chart.yaml (or a v1 chart's requirements.yaml) has a `dependencies` list.
fn declares_dependencies(path: &Path, md: &Metadata) -> bool {
    if !md.dependencies.is_empty() {
        return true;
    }
    let file = if md.api_version == "v1" {
        "requirements.yaml"
    } else {
        "Chart.yaml"
    };
    std::fs::read_to_string(path.join(file))
        .ok()
        .and_then(|t| rudder_yaml::parse_document(&t).ok())
        .and_then(|d| d.as_map().map(|m| m.borrow().get("dependencies").cloned()))
        .flatten()
        .is_some_and(|v| matches!(v, Value::List(_)))
}

/// A dependency as Go's `chart.Dependency` struct holds it once unmarshalled (from
/// [`rudder_chart::metadata::dependency_go_struct`]'s value): text sanitised, `enabled` as the
/// file says (the loader does not set it), every field the digest covers.
fn go_dependency(v: &Value) -> Dependency {
    let field = |k: &str| v.as_map().and_then(|m| m.borrow().get(k).cloned());
    let text = |k: &str| match field(k) {
        Some(Value::String(s)) => s.to_string(),
        _ => String::new(),
    };
    let list = |k: &str| match field(k) {
        Some(Value::List(l)) => l.items.clone(),
        _ => Vec::new(),
    };
    Dependency {
        name: text("name"),
        version: text("version"),
        repository: text("repository"),
        condition: text("condition"),
        tags: list("tags")
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        enabled: matches!(field("enabled"), Some(Value::Bool(true))),
        import_values: list("import-values"),
        alias: text("alias"),
    }
}

/// The dependencies Chart.yaml (or requirements.yaml) requests, as helm's loader leaves them.
fn requested(md: &Metadata) -> Vec<Dependency> {
    match md.to_go_struct().get("dependencies") {
        Some(Value::List(l)) => l.items.iter().map(go_dependency).collect(),
        _ => Vec::new(),
    }
}

fn lock_value(d: &Dependency) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), Value::string(d.name.clone()));
    m.insert("repository".into(), Value::string(d.repository.clone()));
    if !d.version.is_empty() {
        m.insert("version".into(), Value::string(d.version.clone()));
    }
    Value::map(m)
}

/// helm's `writeLock`: never through a symlink.
fn write_lock(chart: &Path, md: &Metadata, lock: &Lock) -> Result<(), RepoError> {
    let name = lock_file_name(md);
    let dest = chart.join(name);
    if let Ok(meta) = std::fs::symlink_metadata(&dest) {
        if meta.file_type().is_symlink() {
            let link = std::fs::read_link(&dest).unwrap_or_default();
            return Err(RepoError::Message(format!(
                "the {name} file is a symlink to {:?}",
                link.display().to_string()
            )));
        }
    }
    crate::fsutil::write_atomic(&dest, lock.to_yaml()?.as_bytes(), 0o644)
}

/// `helm dependency update`: resolves the ranges, saves the archives, writes the lock.
pub fn update(opts: &Options, out: Out, reporter: &dyn Reporter) -> Result<(), RepoError> {
    let loaded = load_chart_dir(&opts.chart_path)?;
    if !loaded.declares_dependencies {
        return Ok(());
    }
    let mut req = requested(&loaded.metadata);
    let repos = resolve::Repositories::load(&opts.repository_config)?;
    let mut session = Session::new(opts, out, reporter);
    let names = resolve::resolve_repo_names(&mut req, &repos, opts, out)?;
    let names = resolve::ensure_missing_repos(names, &req, &mut session)?;
    if !opts.skip_refresh {
        resolve::refresh(&req, &repos, &names, &mut session);
    }
    let mut locked = resolve::resolve(&req, &names, &mut session)?;
    fetch::download_all(&mut locked, &repos, &names, &mut session)?;
    let digest = hash_req(&req, &locked);
    if loaded.lock.as_ref().is_some_and(|l| l.digest() == digest) {
        return Ok(());
    }
    let lock = Lock::new(digest, locked.iter().map(lock_value).collect());
    write_lock(&opts.chart_path, &loaded.metadata, &lock)
}

/// `helm dependency build`: the archives the lock names (an update without a lock).
pub fn build(opts: &Options, out: Out, reporter: &dyn Reporter) -> Result<(), RepoError> {
    let loaded = load_chart_dir(&opts.chart_path)?;
    let Some(lock) = &loaded.lock else {
        return update(opts, out, reporter);
    };
    let v1 = loaded.metadata.api_version == "v1";
    let stale = if v1 {
        "the lock file (requirements.lock) is out of sync with the dependencies file (requirements.yaml). Please update the dependencies"
    } else {
        "the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies"
    };
    let mut req = requested(&loaded.metadata);
    // Helm 2's digest, of the dependencies before their repository aliases are resolved.
    let v2_digest = v1.then(|| hash::hash_v2_req(&req));
    let repos = resolve::Repositories::load(&opts.repository_config)?;
    let mut names = resolve::resolve_repo_names(&mut req, &repos, opts, out)?;
    let mut locked: Vec<Dependency> = lock.dependencies().iter().map(go_dependency).collect();
    if hash_req(&req, &locked) != lock.digest() {
        let Some(v2_digest) = v2_digest else {
            return Err(RepoError::Message(stale.into()));
        };
        reporter.log(
            rudder_report::Level::Info,
            "warning: a valid Helm v3 hash was not found. Checking against Helm v2 hash...",
            &[],
        );
        if v2_digest != lock.digest() {
            return Err(RepoError::Message(stale.into()));
        }
    }
    resolve::has_all_repos(&locked, &repos).map_err(|e| {
        RepoError::Message(format!(
            "{e}. Please add the missing repos via 'helm repo add'"
        ))
    })?;
    // Lock entries find their repository by URL; names of configured ones come from the file.
    for d in &locked {
        if let Some(e) = repos.by_url(&d.repository) {
            names.insert(d.name.clone(), e.name.clone());
        }
    }
    let mut session = Session::new(opts, out, reporter);
    if !opts.skip_refresh {
        resolve::refresh(&locked, &repos, &names, &mut session);
    }
    fetch::download_all(&mut locked, &repos, &names, &mut session)
}

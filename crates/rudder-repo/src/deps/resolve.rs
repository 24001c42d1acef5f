//! Which repository each dependency comes from, refreshing just those, and the version each
//! range resolves to (helm's `resolveRepoNames`, `ensureMissingRepos`, `Resolver.Resolve`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rudder_chart::Dependency;
use rudder_gocompat::semver::{self, Version};
use sha2::{Digest, Sha256};

use super::indexes::Releases;
use super::session::Session;
use super::{Options, Out};
use crate::chart_repo::{download_index_with, url_equal};
use crate::repo_file::{Entry, RepoFile, RepoFileError};
use crate::RepoError;

/// The name helm gives a repository a chart names by URL only.
const MANAGER_PREFIX: &str = "helm-manager-";

/// Dependency name -> repository name (or the URL itself, for helm's unnamed ones).
pub type RepoNames = BTreeMap<String, String>;

/// repositories.yaml (empty when there is none, as helm takes it).
pub struct Repositories {
    file: RepoFile,
}

impl Repositories {
    pub fn load(path: &Path) -> Result<Repositories, RepoError> {
        match RepoFile::load(path) {
            Ok(file) => Ok(Repositories { file }),
            Err(RepoFileError::NotFound { .. }) => Ok(Repositories {
                file: RepoFile::default(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    pub fn by_url(&self, url: &str) -> Option<&Entry> {
        self.file
            .repositories
            .iter()
            .find(|e| url_equal(&e.url, url))
    }

    pub fn by_name(&self, name: &str) -> Option<&Entry> {
        self.file.get(name)
    }

    /// The repositories in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.file.repositories
    }
}

pub use crate::oci::is_oci;

/// helm's versions of an OCI dependency: the version itself when it is one, else the
/// repository's tags that are versions, newest first.
fn oci_versions(d: &Dependency, opts: &crate::oci::Options) -> Result<Vec<String>, RepoError> {
    if Version::parse(&d.version).is_some() {
        return Ok(vec![d.version.clone()]);
    }
    let reference = format!("{}/{}", d.repository, d.name);
    crate::oci::pull::versions(&reference, opts).map_err(|e| {
        RepoError::Message(format!(
            "could not retrieve list of tags for repository {}: {e}",
            d.repository
        ))
    })
}

/// helm's `GetLocalPath`: a `file://` path, relative to the chart unless absolute.
pub fn local_path(repository: &str, chart: &Path) -> Result<PathBuf, RepoError> {
    let p = repository.strip_prefix("file://").unwrap_or(repository);
    // Go's filepath.Abs and filepath.Join: cleaned paths.
    let path = if p.starts_with('/') {
        PathBuf::from(rudder_gocompat::path::clean(p))
    } else {
        PathBuf::from(rudder_gocompat::path::clean(&format!(
            "{}/{p}",
            chart.display()
        )))
    };
    if !path.exists() {
        return Err(RepoError::Message(format!(
            "directory {} not found",
            path.display()
        )));
    }
    Ok(path)
}

/// helm's `resolveRepoNames`: `@name` and `alias:name` become the repository's URL; each
/// dependency is mapped to the configured repository that serves it.
pub fn resolve_repo_names(
    req: &mut [Dependency],
    repos: &Repositories,
    opts: &Options,
    out: Out,
) -> Result<RepoNames, RepoError> {
    let mut names = RepoNames::new();
    let mut missing = Vec::new();
    for d in req.iter_mut() {
        if d.repository.is_empty() {
            continue;
        }
        if d.repository.starts_with("file://") {
            local_path(&d.repository, &opts.chart_path)?;
            if opts.debug {
                out(&format!("Repository from local path: {}\n", d.repository));
            }
            names.insert(d.name.clone(), d.repository.clone());
            continue;
        }
        if is_oci(&d.repository) {
            names.insert(d.name.clone(), d.repository.clone());
            continue;
        }
        let alias = d
            .repository
            .strip_prefix('@')
            .or_else(|| d.repository.strip_prefix("alias:"));
        let found = repos.file.repositories.iter().find(|e| match alias {
            Some(a) => a == e.name,
            None => url_equal(&e.url, &d.repository),
        });
        match found {
            Some(e) => {
                if alias.is_some() {
                    d.repository = e.url.clone();
                }
                names.insert(d.name.clone(), e.name.clone());
            }
            None if rudder_gocompat::url_parse::parse_request_uri(&d.repository).is_ok() => {
                names.insert(d.repository.clone(), d.repository.clone());
            }
            None => missing.push(d.repository.clone()),
        }
    }
    if missing.is_empty() {
        return Ok(names);
    }
    let mut message = format!(
        "no repository definition for {}. Please add them via 'helm repo add'",
        missing.join(", ")
    );
    if missing
        .iter()
        .any(|r| !r.contains("//") && !r.starts_with('@') && !r.starts_with("alias:"))
    {
        message.push_str(
            "\nNote that repositories must be URLs or aliases. For example, to refer to the \"example\"\nrepository, use \"https://charts.example.com/\" or \"@example\" instead of\n\"example\". Don't forget to add the repo, too ('helm repo add').",
        );
    }
    Err(RepoError::Message(message))
}

/// `helm-manager-<sha256 of the URL>`.
fn manager_name(url: &str) -> String {
    let sum = Sha256::digest(url.as_bytes());
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    format!("{MANAGER_PREFIX}{hex}")
}

/// helm's `ensureMissingRepos`: repositories named by URL only get a generated name, and
/// their index is fetched (unless `--skip-refresh`).
pub fn ensure_missing_repos(
    mut names: RepoNames,
    req: &[Dependency],
    session: &mut Session,
) -> Result<RepoNames, RepoError> {
    let mut unmanaged: Vec<Entry> = Vec::new();
    for d in req {
        if d.repository.is_empty() || names.contains_key(&d.name) {
            continue;
        }
        let name = manager_name(&d.repository);
        names.insert(d.name.clone(), name.clone());
        if !unmanaged.iter().any(|e| e.name == name) {
            unmanaged.push(Entry {
                name,
                url: d.repository.clone(),
                ..Entry::default()
            });
        }
    }
    for e in &unmanaged {
        session.prepare(e);
    }
    if !session.opts.skip_refresh && !unmanaged.is_empty() {
        (session.out)("Getting updates for unmanaged Helm repositories...\n");
        update_in_parallel(&unmanaged, session);
    }
    Ok(names)
}

/// Fetches each repository's index at once; failures are reported and do not stop the others
/// (as helm's `parallelRepoUpdate`). Lines come in the order of `entries`. What downloaded is
/// kept in the session's indexes (parsed once, in the downloading thread).
fn update_in_parallel(entries: &[Entry], session: &mut Session) {
    let (opts, reporter) = (session.opts, session.reporter);
    let shared = &*session;
    let results: Vec<Result<Releases, RepoError>> = std::thread::scope(|s| {
        let handles: Vec<_> = entries
            .iter()
            .map(|e| {
                s.spawn(move || {
                    let getter = shared
                        .getter(&e.name)
                        .ok_or_else(|| RepoError::Message(format!("no getter for {}", e.name)))?;
                    download_index_with(getter, e, &opts.repository_cache, reporter)
                        .map(|index| Releases::from_index(&index))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(RepoError::Message("index download thread failed".into()))
                })
            })
            .collect()
    });
    let out = session.out;
    for (e, result) in entries.iter().zip(results) {
        let shown = if e.name.starts_with(MANAGER_PREFIX) {
            &e.url
        } else {
            &e.name
        };
        match (result, e.name.starts_with(MANAGER_PREFIX)) {
            (Ok(releases), _) => {
                session.indexes.insert(&e.name, releases);
                out(&format!(
                    "...Successfully got an update from the {shown:?} chart repository\n"
                ))
            }
            (Err(err), true) => out(&format!(
                "...Unable to get an update from the {shown:?} chart repository:\n\t{err}\n"
            )),
            (Err(err), false) => out(&format!(
                "...Unable to get an update from the {shown:?} chart repository ({}):\n\t{err}\n",
                e.url
            )),
        }
    }
}

/// helm's `UpdateRepositories`, limited to the configured repositories `deps` use.
pub fn refresh(
    deps: &[Dependency],
    repos: &Repositories,
    names: &RepoNames,
    session: &mut Session,
) {
    let mut needed: Vec<Entry> = Vec::new();
    for d in deps {
        let Some(entry) = names.get(&d.name).and_then(|n| repos.by_name(n)) else {
            continue;
        };
        if !needed
            .iter()
            .any(|e| e.url.trim_end_matches('/') == entry.url.trim_end_matches('/'))
        {
            needed.push(entry.clone());
        }
    }
    if needed.is_empty() {
        return;
    }
    for e in &needed {
        session.prepare(e);
    }
    (session.out)("Hang tight while we grab the latest from your chart repositories...\n");
    update_in_parallel(&needed, session);
    (session.out)("Update Complete. ⎈Happy Helming!⎈\n");
}

/// helm's `hasAllRepos`: every locked repository URL is configured (or `file://`).
pub fn has_all_repos(locked: &[Dependency], repos: &Repositories) -> Result<(), RepoError> {
    let missing: Vec<&str> = locked
        .iter()
        .filter(|d| {
            !d.repository.is_empty()
                && !d.repository.starts_with("file://")
                && !is_oci(&d.repository)
                && repos.by_url(d.repository.trim_end_matches('/')).is_none()
        })
        .map(|d| d.repository.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(RepoError::Message(format!(
        "no repository definition for {}",
        missing.join(", ")
    )))
}

/// helm's `Resolver.Resolve`: each dependency's exact version (the newest matching its range).
pub fn resolve(
    req: &[Dependency],
    names: &RepoNames,
    session: &mut Session,
) -> Result<Vec<Dependency>, RepoError> {
    let opts = session.opts;
    let mut locked = Vec::with_capacity(req.len());
    let mut missing = Vec::new();
    for d in req {
        let constraint = semver::parse_constraint(&d.version).map_err(|e| {
            RepoError::Message(format!(
                "dependency {:?} has an invalid version/constraint format: {e}",
                d.name
            ))
        })?;
        let lock = |version: &str| Dependency {
            name: d.name.clone(),
            repository: d.repository.clone(),
            version: version.to_string(),
            ..Dependency::default()
        };
        let missing_text = || {
            format!(
                "{:?} (repository {:?}, version {:?})",
                d.name, d.repository, d.version
            )
        };
        if d.repository.is_empty() {
            local_path(&format!("charts/{}", d.name), &opts.chart_path)?;
            locked.push(lock(&d.version));
            continue;
        }
        if d.repository.starts_with("file://") {
            let path = local_path(&d.repository, &opts.chart_path)?;
            let chart = rudder_chart::load::load(&path, crate::LOAD_AS, &rudder_report::Silent)?;
            let Some(v) = Version::parse(&chart.metadata.version) else {
                continue;
            };
            if semver::check_constraint(&constraint, &v) {
                locked.push(lock(&chart.metadata.version));
            } else {
                missing.push(missing_text());
            }
            continue;
        }
        if is_oci(&d.repository) {
            let found = oci_versions(d, &opts.oci)?.into_iter().find(|v| {
                Version::parse(v).is_some_and(|p| semver::check_constraint(&constraint, &p))
            });
            // helm never counts an OCI dependency missing: without a match the range itself
            // is locked, and the download fails on it.
            locked.push(lock(found.as_deref().unwrap_or(&d.version)));
            continue;
        }
        let repo_name = names.get(&d.name).cloned().unwrap_or_default();
        if repo_name.is_empty() {
            locked.push(lock(&d.version));
            continue;
        }
        let index = session
            .indexes
            .get(&repo_name, &opts.repository_cache, session.reporter)
            .map_err(|e| {
                RepoError::Message(format!(
                    "no cached repository for {repo_name} found. (try 'helm repo update'): {e}"
                ))
            })?;
        let Some(versions) = index.versions(&d.name) else {
            return Err(RepoError::Message(format!(
                "{} chart not found in repo {}",
                d.name, d.repository
            )));
        };
        let found = versions.iter().find_map(|cv| {
            let v = Version::parse(&cv.version)?;
            (!cv.urls.is_empty() && semver::check_constraint(&constraint, &v))
                .then(|| v.original().to_string())
        });
        match found {
            Some(v) => locked.push(lock(&v)),
            None => missing.push(missing_text()),
        }
    }
    if !missing.is_empty() {
        return Err(RepoError::Message(format!(
            "can't get a valid version for {} subchart(s): {}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml",
            missing.len(),
            missing.join(", ")
        )));
    }
    Ok(locked)
}

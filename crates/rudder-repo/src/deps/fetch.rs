//! helm's `downloadAll`: every locked dependency's archive saved into a temporary folder in
//! the chart, then moved into `charts/`, where archives no dependency wants any more are
//! deleted. Local work and helm's lines come in dependency order; the downloads run at once
//! ([`super::download`]); a failure leaves `charts/` as it was.

use rudder_chart::Dependency;
use rudder_gocompat::semver::{self, Version};

use super::charts_dir::{move_deps, prepare};
use super::download::{self, Job};
use super::indexes::Releases;
use super::resolve::{is_oci, local_path, RepoNames, Repositories};
use super::session::Session;
use crate::chart_repo::resolve_reference;
use crate::package::{package, PackageOptions};
use crate::repo_file::Entry;
use crate::RepoError;

/// The file name helm gives a download: the last segment of the URL's path, decoded.
fn file_name(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.path_segments()?.next_back().map(percent_decode))
        .unwrap_or_default()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if let (b'%', Some(Ok(v))) = (b[i], hex.map(|h| u8::from_str_radix(h, 16))) {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// [`file_name`], refused when it is no plain file name (a hostile index or URL).
pub(crate) fn checked_file_name(url: &str) -> Result<String, RepoError> {
    let file = file_name(url);
    if file.is_empty() || file == "." || file == ".." || file.contains(['/', '\\']) {
        return Err(RepoError::Message(format!(
            "could not download {url}: no file name in the URL"
        )));
    }
    Ok(file)
}

/// helm's `findChartURL`: the locked version's URL in the repository's index, and its digest.
fn find_chart_url(
    d: &Dependency,
    index: &Releases,
    base: &str,
) -> Result<(String, String), RepoError> {
    let versions = index
        .versions(&d.name)
        .ok_or_else(|| RepoError::Message("could not find : entry not found".into()))?;
    let wanted = Version::parse(&d.version);
    let release = versions
        .iter()
        .filter(|r| !r.urls.is_empty())
        .find(|r| match &wanted {
            _ if d.version.is_empty() => true,
            Some(w) => Version::parse(&r.version).is_some_and(|v| v.compare(w).is_eq()),
            None => r.version == d.version,
        })
        .ok_or_else(|| RepoError::Message("could not find : no matching version".into()))?;
    let url = resolve_reference(base, &release.urls[0])?;
    Ok((url, release.digest.clone()))
}

/// Saves every locked dependency under `charts/` (file:// versions are updated in `locked`).
pub fn download_all(
    locked: &mut [Dependency],
    repos: &Repositories,
    names: &RepoNames,
    session: &mut Session,
) -> Result<(), RepoError> {
    let out = session.out;
    let (dest, tmp) = prepare(&session.opts.chart_path)?;
    out(&format!("Saving {} charts\n", locked.len()));
    // First, in order: local work and the list of downloads, with helm's lines.
    let mut lines: Vec<String> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    let mut job_lines: Vec<usize> = Vec::new();
    let mut failure: Option<(usize, RepoError)> = None;
    for d in locked.iter_mut() {
        if is_oci(&d.repository) {
            // helm says so before it pulls, so the line stays when the pull fails.
            lines.push(format!(
                "Downloading {} from repo {}\n",
                d.name, d.repository
            ));
        }
        match plan_one(d, repos, names, session, &tmp.0) {
            Err(e) => {
                failure = Some((lines.len(), e));
                break;
            }
            Ok(Plan::Line(line)) => lines.push(line),
            Ok(Plan::Nothing) => {}
            Ok(Plan::Download(job)) => {
                if jobs.iter().any(|j| j.url == job.url) {
                    lines.push(format!(
                        "Already downloaded {} from repo {}\n",
                        d.name, d.repository
                    ));
                    continue;
                }
                // helm's downloader logs this each time it makes its cache.
                session.reporter.log(
                    rudder_report::Level::Debug,
                    "set up default downloader cache",
                    &[],
                );
                lines.push(format!(
                    "Downloading {} from repo {}\n",
                    d.name, d.repository
                ));
                job_lines.push(lines.len() - 1);
                jobs.push(job);
            }
        }
    }
    // Then the downloads, at once; the first failure in dependency order wins.
    let shared = &*session;
    let getter = |name: &str| shared.getter(name);
    let results = download::run(&jobs, &getter, &session.opts.content_cache, &tmp.0);
    for ((line, job), result) in job_lines.iter().zip(&jobs).zip(results) {
        if let Err(e) = result {
            let e = RepoError::Message(format!("could not download {}: {e}", job.url));
            if failure.as_ref().is_none_or(|(at, _)| *line < *at) {
                failure = Some((*line + 1, e));
            }
        }
    }
    let shown = failure.as_ref().map_or(lines.len(), |(at, _)| *at);
    for line in &lines[..shown.min(lines.len())] {
        out(line);
    }
    if let Some((_, e)) = failure {
        out(&format!("Save error occurred:  {e}\n"));
        return Err(e);
    }
    move_deps(locked, &tmp.0, &dest, out)
}

enum Plan {
    Line(String),
    Nothing,
    Download(Job),
}

/// What one dependency needs: a check of a chart in `charts/`, a `file://` chart packaged
/// into `tmp`, or a download.
fn plan_one(
    d: &mut Dependency,
    repos: &Repositories,
    names: &RepoNames,
    session: &mut Session,
    tmp: &std::path::Path,
) -> Result<Plan, RepoError> {
    let opts = session.opts;
    if d.repository.is_empty() {
        let path = opts.chart_path.join("charts").join(&d.name);
        let line = format!(
            "Dependency {} did not declare a repository. Assuming it exists in the charts directory\n",
            d.name
        );
        let chart = rudder_chart::load::load(&path, crate::LOAD_AS, &rudder_report::Silent)
            .map_err(|e| {
                RepoError::Message(format!("unable to load chart '{}': {e}", path.display()))
            })?;
        let constraint = semver::parse_constraint(&d.version).map_err(|e| {
            RepoError::Message(format!(
                "dependency {} has an invalid version/constraint format: {e}",
                d.name
            ))
        })?;
        let v = Version::parse(&chart.metadata.version).ok_or_else(|| {
            RepoError::Message(format!(
                "invalid version {} for dependency {}: Invalid Semantic Version",
                d.version, d.name
            ))
        })?;
        if !semver::check_constraint(&constraint, &v) {
            return Err(RepoError::Message(format!(
                "dependency {} at version {} does not satisfy the constraint {}",
                d.name, chart.metadata.version, d.version
            )));
        }
        return Ok(Plan::Line(line));
    }
    if d.repository.starts_with("file://") {
        let path = local_path(&d.repository, &opts.chart_path)?;
        let chart = rudder_chart::load::load(&path, crate::LOAD_AS, &rudder_report::Silent)?;
        let constraint = semver::parse_constraint(&d.version).map_err(|e| {
            RepoError::Message(format!(
                "dependency {} has an invalid version/constraint format: {e}",
                d.name
            ))
        })?;
        let v = Version::parse(&chart.metadata.version)
            .ok_or_else(|| RepoError::Message("Invalid Semantic Version".into()))?;
        if !semver::check_constraint(&constraint, &v) {
            return Err(RepoError::Message(format!(
                "can't get a valid version for dependency {}",
                d.name
            )));
        }
        package(&path, tmp, &PackageOptions::default(), session.reporter)?;
        d.version = chart.metadata.version.clone();
        return Ok(if opts.debug {
            Plan::Line(format!("Archiving {} from repo {}\n", d.name, d.repository))
        } else {
            Plan::Nothing
        });
    }
    if is_oci(&d.repository) {
        return pull_oci(d, session, tmp);
    }
    // The configured repository serving this URL, else the one named for the URL alone.
    let entry = repos
        .by_url(&d.repository)
        .cloned()
        .unwrap_or_else(|| Entry {
            name: names.get(&d.name).cloned().unwrap_or_default(),
            url: d.repository.clone(),
            ..Entry::default()
        });
    let index = session
        .indexes
        .get(&entry.name, &opts.repository_cache, session.reporter)
        .map_err(|e| {
            RepoError::Message(format!(
                "chart {} not found in {}: {e}",
                d.name, d.repository
            ))
        })?;
    let (url, digest) = find_chart_url(d, index, &d.repository)?;
    let file = checked_file_name(&url)?;
    session.prepare(&entry);
    Ok(Plan::Download(Job {
        url,
        repository: entry.name,
        digest,
        file,
    }))
}

/// helm's OCI download: `REPOSITORY/NAME` at the locked version, saved as
/// `NAME-VERSION.tgz`; the registry client's lines go to standard error.
fn pull_oci(d: &Dependency, session: &Session, tmp: &std::path::Path) -> Result<Plan, RepoError> {
    let reference = format!("{}/{}", d.repository, d.name);
    let pulled = crate::oci::pull(&reference, &d.version, &session.opts.oci)
        .map_err(|e| RepoError::Message(format!("could not download {reference}: {e}")))?;
    for line in pulled.notice().lines() {
        session.reporter.line(line);
    }
    let file = tmp.join(format!("{}-{}.tgz", d.name, d.version));
    std::fs::write(&file, &pulled.chart)
        .map_err(|e| RepoError::Message(format!("{}: {e}", file.display())))?;
    Ok(Plan::Nothing)
}

//! One resolver per HTTP reference kind (helm's `ResolveChartVersion` and
//! `FindChartInRepoURL`): the archive's URL, its digest and the getter settings, with helm's
//! errors.

use rudder_report::Reporter;

use super::index_get::get;
use super::{Credentials, Options, Source};
use crate::chart_repo::{cache_index_file, check_url, resolve_reference, url_equal};
use crate::deps::resolve::Repositories;
use crate::http::{Getter, MAX_INDEX_BYTES};
use crate::index::IndexFile;
use crate::repo_file::Entry;
use crate::RepoError;

fn message(text: String) -> RepoError {
    RepoError::Message(text)
}

/// The flags as getter settings, credentials going to `url`'s host.
fn flags_entry(c: &Credentials, url: &str) -> Entry {
    Entry {
        url: url.to_string(),
        username: c.username.clone(),
        password: c.password.clone(),
        cert_file: c.cert_file.clone(),
        key_file: c.key_file.clone(),
        ca_file: c.ca_file.clone(),
        insecure_skip_tls_verify: c.insecure_skip_tls_verify,
        pass_credentials_all: c.pass_credentials_all,
        ..Entry::default()
    }
}

/// The flags, overridden by what a configured repository sets (helm appends its options
/// after the flags': its TLS files when it has any, its credentials when it has both).
fn with_repository(c: &Credentials, rc: &Entry) -> Entry {
    let mut e = flags_entry(c, &rc.url);
    e.name = rc.name.clone();
    if !rc.cert_file.is_empty() || !rc.key_file.is_empty() || !rc.ca_file.is_empty() {
        e.cert_file = rc.cert_file.clone();
        e.key_file = rc.key_file.clone();
        e.ca_file = rc.ca_file.clone();
    }
    if !rc.username.is_empty() && !rc.password.is_empty() {
        e.username = rc.username.clone();
        e.password = rc.password.clone();
        e.pass_credentials_all = rc.pass_credentials_all;
    }
    e
}

/// `repo/chart`: the version the constraint picks in the repository's cached index.
pub fn repo_chart(
    repo: &str,
    chart: &str,
    opts: &Options,
    reporter: &dyn Reporter,
) -> Result<Source, RepoError> {
    let repos = Repositories::load(&opts.repository_config)?;
    let rc = repos
        .by_name(repo)
        .ok_or_else(|| message(format!("repo {repo} not found")))?;
    if rc.url.is_empty() {
        return Err(message(format!("no URL found for repository {repo}")));
    }
    check_url(&rc.url)?;
    let index = IndexFile::load(
        &cache_index_file(&opts.repository_cache, &rc.name),
        reporter,
    )
    .map_err(|e| {
        message(format!(
            "no cached repo found. (try 'helm repo update'): {e}"
        ))
    })?;
    let cv = get(&index, chart, &opts.version, reporter).map_err(|e| {
        message(format!(
            "chart {chart:?} matching {} not found in {} index. (try 'helm repo update'): {e}",
            opts.version, rc.name
        ))
    })?;
    let reference = format!("{repo}/{chart}");
    let first = cv
        .urls()
        .into_iter()
        .next()
        .ok_or_else(|| message(format!("chart {reference:?} has no downloadable URLs")))?;
    let url = resolve_reference(&rc.url, &first)
        .map_err(|_| message(format!("invalid chart URL format: {reference}")))?;
    Ok(Source {
        url,
        digest: cv.digest().to_string(),
        getter: with_repository(&opts.credentials, rc),
    })
}

/// A chart URL: the settings of the configured repository whose index lists it (helm's
/// `scanReposForURL`), else the flags alone.
pub fn chart_url(url: &str, opts: &Options, reporter: &dyn Reporter) -> Result<Source, RepoError> {
    let repos = Repositories::load(&opts.repository_config)?;
    for rc in repos.entries() {
        check_url(&rc.url)?;
        let index = IndexFile::load(
            &cache_index_file(&opts.repository_cache, &rc.name),
            reporter,
        )
        .map_err(|e| {
            message(format!(
                "no cached repo found. (try 'helm repo update'): {e}"
            ))
        })?;
        let listed = index.names().any(|name| {
            index
                .versions(name)
                .unwrap_or_default()
                .iter()
                .any(|cv| cv.urls().iter().any(|u| url_equal(url, u)))
        });
        if listed {
            return Ok(Source {
                url: url.to_string(),
                digest: String::new(),
                getter: with_repository(&opts.credentials, rc),
            });
        }
    }
    Ok(Source {
        url: url.to_string(),
        digest: String::new(),
        getter: flags_entry(&opts.credentials, url),
    })
}

/// `--repo URL chart`: the repository's index fetched for this run only, then the chart's
/// URL resolved as any chart URL is.
pub fn in_repo_url(
    repo_url: &str,
    chart: &str,
    opts: &Options,
    reporter: &dyn Reporter,
) -> Result<Source, RepoError> {
    check_url(repo_url)?;
    let entry = flags_entry(&opts.credentials, repo_url);
    let getter = Getter::new(&entry, opts.timeout);
    let index = resolve_reference(repo_url, "index.yaml")
        .and_then(|u| getter.get(&u, None, MAX_INDEX_BYTES))
        .and_then(|bytes| IndexFile::parse(&bytes, repo_url, reporter).map_err(message))
        .map_err(|e| {
            message(format!(
                "looks like {repo_url:?} is not a valid chart repository or cannot be reached: {e}"
            ))
        })?;
    let mut what = format!("chart {chart:?}");
    if !opts.version.is_empty() {
        what = format!("{what} version {:?}", opts.version);
    }
    let cv = get(&index, chart, &opts.version, reporter)
        .map_err(|_| message(format!("{what} not found in {repo_url} repository")))?;
    let first = cv
        .urls()
        .into_iter()
        .next()
        .ok_or_else(|| message(format!("{what} has no downloadable URLs")))?;
    let url = resolve_reference(repo_url, &first)
        .map_err(|e| message(format!("failed to make chart URL absolute: {e}")))?;
    let mut source = chart_url(&url, opts, reporter)?;
    if opts.credentials_stay_with_repo
        && !opts.credentials.pass_credentials_all
        && !same_service(repo_url, &url)
    {
        source.getter.username.clear();
        source.getter.password.clear();
    }
    Ok(source)
}

/// helm's `urlEqual` of install: same scheme, host name and port (default ports filled in).
fn same_service(a: &str, b: &str) -> bool {
    match (reqwest::Url::parse(a), reqwest::Url::parse(b)) {
        (Ok(a), Ok(b)) => {
            a.scheme() == b.scheme()
                && a.host_str() == b.host_str()
                && a.port_or_known_default() == b.port_or_known_default()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repository_overrides_the_flags_only_where_it_sets_something() {
        let flags = Credentials {
            username: "u".into(),
            password: "p".into(),
            ca_file: "flag-ca".into(),
            ..Credentials::default()
        };
        let mut rc = Entry {
            name: "r".into(),
            url: "http://h/c".into(),
            username: "only-user".into(),
            ..Entry::default()
        };
        let e = with_repository(&flags, &rc);
        assert_eq!((e.username.as_str(), e.ca_file.as_str()), ("u", "flag-ca"));
        rc.password = "pw".into();
        rc.key_file = "k".into();
        let e = with_repository(&flags, &rc);
        assert_eq!(
            (e.username.as_str(), e.password.as_str()),
            ("only-user", "pw")
        );
        assert_eq!((e.ca_file.as_str(), e.key_file.as_str()), ("", "k"));
    }

    #[test]
    fn services_compare_with_default_ports() {
        assert!(same_service("http://h/c", "http://h:80/c/a.tgz"));
        assert!(!same_service("http://h/c", "https://h/c/a.tgz"));
        assert!(!same_service("http://h:1/c", "http://h:2/c"));
    }
}

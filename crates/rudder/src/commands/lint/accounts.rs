//! `--validate-maintainers`: chart-testing's account check. Each maintainer's name must be an
//! account on the git host of the repository's remote: a HEAD request to
//! `https://<host>/<name>` must answer 200 (`--maintainers-url` replaces `https://<host>`).
//! As in Go, `SSL_CERT_FILE` replaces the system's certificate authorities.

use std::sync::OnceLock;

use rudder_lint::chart_testing::AccountCheck;
use rudder_repo::http::{Getter, DEFAULT_TIMEOUT};
use rudder_repo::repo_file::Entry;

pub struct Accounts {
    remote: String,
    base: Option<String>,
    /// The address accounts are under and the client asking it, found on first use.
    resolved: OnceLock<Result<(String, Getter), String>>,
}

impl Accounts {
    pub fn new(remote: &str, base: Option<&str>) -> Accounts {
        Accounts {
            remote: remote.to_string(),
            base: base.map(|b| b.trim_end_matches('/').to_string()),
            resolved: OnceLock::new(),
        }
    }

    fn resolve(&self) -> Result<(String, Getter), String> {
        let base = match &self.base {
            Some(base) => base.clone(),
            None => format!("https://{}", git_host(&remote_url(&self.remote)?)?),
        };
        let entry = Entry {
            url: base.clone(),
            ca_file: std::env::var("SSL_CERT_FILE").unwrap_or_default(),
            ..Entry::default()
        };
        Ok((base, Getter::new(&entry, DEFAULT_TIMEOUT)))
    }
}

impl AccountCheck for Accounts {
    fn check(&self, account: &str) -> Result<(), String> {
        let (base, getter) = self
            .resolved
            .get_or_init(|| self.resolve())
            .as_ref()
            .map_err(Clone::clone)?;
        match getter.head(&format!("{base}/{account}")) {
            Err(e) => Err(format!("failed validating maintainers: {e}")),
            Ok((200, _)) => Ok(()),
            Ok((_, status)) => Err(format!(
                "failed validating maintainer {account:?}: {status}"
            )),
        }
    }
}

/// `git ls-remote --get-url REMOTE`, as chart-testing asks for the remote's address.
fn remote_url(remote: &str) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .args(["ls-remote", "--get-url", remote])
        .output()
        .map_err(|e| format!("running git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "git ls-remote --get-url {remote}: {}",
            stderr.trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The host of a git remote: a URL's host, or an scp-style remote's (`git@host:path`).
fn git_host(remote: &str) -> Result<String, String> {
    if let Some(host) = url_host(remote) {
        return Ok(host);
    }
    let without_user = remote.split_once('@').map_or(remote, |(_, rest)| rest);
    match without_user.split_once(':') {
        Some((host, path))
            if !host.is_empty() && !host.contains(['/', '@']) && !path.is_empty() =>
        {
            Ok(host.to_string())
        }
        _ => Err(format!(
            "could not parse git repository domain for {remote:?}"
        )),
    }
}

/// A URL's host name (Go's `url.Hostname`), when `remote` is a URL with one.
fn url_host(remote: &str) -> Option<String> {
    let (_, rest) = remote.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next()?,
        None => host_port.split(':').next()?,
    };
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_git_remotes() {
        assert_eq!(
            git_host("https://github.com/helm/charts.git").unwrap(),
            "github.com"
        );
        assert_eq!(
            git_host("git@gitlab.com:group/project.git").unwrap(),
            "gitlab.com"
        );
        assert_eq!(
            git_host("ssh://git@bitbucket.org/team/repo").unwrap(),
            "bitbucket.org"
        );
        assert_eq!(
            git_host("origin").unwrap_err(),
            "could not parse git repository domain for \"origin\""
        );
    }
}

//! `rudder repo add NAME URL`: checks the repository's index and records it in
//! repositories.yaml, as `helm repo add` does.

use std::io::Read;

use anyhow::{bail, Result};
use clap::Args;

use rudder_repo::chart_repo::{check_url, download_index};
use rudder_repo::repo_file::{Entry, RepoFile, RepoFileError};

use super::super::{positional, Context};

/// Repositories deleted for good, and where their charts went.
const DEPRECATED: &[(&str, &str)] = &[
    (
        "//kubernetes-charts.storage.googleapis.com",
        "https://charts.helm.sh/stable",
    ),
    (
        "//kubernetes-charts-incubator.storage.googleapis.com",
        "https://charts.helm.sh/incubator",
    ),
];

#[derive(Args, Debug)]
pub struct AddArgs {
    /// NAME and URL (helm's messages when there are not two).
    #[arg(value_name = "NAME URL")]
    pub positional: Vec<String>,
    /// chart repository username
    #[arg(long, default_value = "")]
    pub username: String,
    /// chart repository password
    #[arg(long, default_value = "")]
    pub password: String,
    /// read chart repository password from stdin
    #[arg(long = "password-stdin")]
    pub password_stdin: bool,
    /// replace (overwrite) the repo if it already exists
    #[arg(long = "force-update")]
    pub force_update: bool,
    /// identify HTTPS client using this SSL certificate file
    #[arg(long = "cert-file", default_value = "")]
    pub cert_file: String,
    /// identify HTTPS client using this SSL key file
    #[arg(long = "key-file", default_value = "")]
    pub key_file: String,
    /// verify certificates of HTTPS-enabled servers using this CA bundle
    #[arg(long = "ca-file", default_value = "")]
    pub ca_file: String,
    /// skip tls certificate checks for the repository
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    /// allow adding official repos that have been permanently deleted
    #[arg(long = "allow-deprecated-repos")]
    pub allow_deprecated_repos: bool,
    /// pass credentials to all domains
    #[arg(long = "pass-credentials")]
    pub pass_credentials: bool,
    /// time to wait for the index file download to complete
    #[arg(long, default_value = "2m0s")]
    pub timeout: String,
}

pub fn run(args: &AddArgs, cx: &Context) -> Result<()> {
    let command = positional::Command {
        path: "helm repo add",
        usage: "[NAME] [URL]",
    };
    command.exactly(2, &args.positional)?;
    let (name, url) = (&args.positional[0], &args.positional[1]);
    let timeout = super::timeout(&args.timeout)?;
    if !args.allow_deprecated_repos {
        if let Some((_, new)) = DEPRECATED.iter().find(|(old, _)| url.contains(old)) {
            bail!("repo {:?} is no longer available; try {new:?} instead", url);
        }
    }
    let path = &cx.settings.repository_config;
    let _lock = rudder_repo::repo_file::lock(path)?;
    let mut file = match RepoFile::load(path) {
        Ok(f) => f,
        Err(RepoFileError::NotFound { .. }) => RepoFile::default(),
        Err(e) => bail!(
            "{}",
            e.to_string().trim_start_matches(&format!(
                "couldn't load repositories file ({}): ",
                path.display()
            ))
        ),
    };
    let mut password = args.password.clone();
    if !args.username.is_empty() && password.is_empty() {
        password = if args.password_stdin {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            let text = text.strip_suffix('\n').unwrap_or(&text);
            text.strip_suffix('\r').unwrap_or(text).to_string()
        } else {
            super::password::prompt()?
        };
    }
    let entry = Entry {
        name: name.clone(),
        url: url.clone(),
        username: args.username.clone(),
        password,
        cert_file: args.cert_file.clone(),
        key_file: args.key_file.clone(),
        ca_file: args.ca_file.clone(),
        insecure_skip_tls_verify: args.insecure_skip_tls_verify,
        pass_credentials_all: args.pass_credentials,
    };
    if name.contains('/') {
        bail!(
            "repository name ({}) contains '/', please specify a different name without '/'",
            name
        );
    }
    if !args.force_update {
        if let Some(existing) = file.get(name) {
            if *existing != entry {
                bail!(
                    "repository name ({}) already exists, please specify a different name",
                    name
                );
            }
            println!(
                "{:?} already exists with the same configuration, skipping",
                name
            );
            return Ok(());
        }
    }
    check_url(url)?;
    download_index(&entry, &cx.settings.repository_cache, timeout, &cx.printer).map_err(|e| {
        anyhow::anyhow!(
            "looks like {:?} is not a valid chart repository or cannot be reached: {e}",
            url
        )
    })?;
    file.update(entry);
    file.write(path)?;
    println!("{:?} has been added to your repositories", name);
    Ok(())
}

//! `rudder repo update [NAME...]`: fetches the indexes of the configured repositories, all at
//! once, as `helm repo update` does.

use anyhow::{bail, Result};
use clap::Args;

use rudder_repo::chart_repo::download_index;
use rudder_repo::repo_file::{RepoFile, RepoFileError};

use super::super::Context;

#[derive(Args, Debug)]
pub struct UpdateArgs {
    #[arg(value_name = "REPO")]
    pub names: Vec<String>,
    /// time to wait for the index file download to complete
    #[arg(long, default_value = "2m0s")]
    pub timeout: String,
}

const NO_REPOSITORIES: &str = "no repositories found. You must add one before updating";

pub fn run(args: &UpdateArgs, cx: &Context) -> Result<()> {
    let timeout = super::timeout(&args.timeout)?;
    let path = &cx.settings.repository_config;
    let file = match RepoFile::load(path) {
        Ok(f) if f.repositories.is_empty() => bail!(NO_REPOSITORIES),
        Ok(f) => f,
        Err(RepoFileError::NotFound { .. }) => bail!(NO_REPOSITORIES),
        Err(e) => bail!("failed loading file: {}: {e}", path.display()),
    };
    for name in &args.names {
        if file.get(name).is_none() {
            bail!("no repositories found matching '{name}'.  Nothing will be updated");
        }
    }
    let repos: Vec<_> = file
        .repositories
        .iter()
        .filter(|r| args.names.is_empty() || args.names.contains(&r.name))
        .collect();
    for r in &repos {
        rudder_repo::chart_repo::check_url(&r.url)?;
    }
    println!("Hang tight while we grab the latest from your chart repositories...");
    let cache = &cx.settings.repository_cache;
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = repos
            .iter()
            .map(|r| s.spawn(move || download_index(r, cache, timeout, &cx.printer)))
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let mut failed = Vec::new();
    for (r, result) in repos.iter().zip(results) {
        match result {
            Ok(Ok(())) => println!(
                "...Successfully got an update from the {:?} chart repository",
                r.name
            ),
            Ok(Err(e)) => {
                println!(
                    "...Unable to get an update from the {:?} chart repository ({}):\n\t{e}",
                    r.name, r.url
                );
                failed.push(r.url.clone());
            }
            Err(_) => failed.push(r.url.clone()),
        }
    }
    if !failed.is_empty() {
        bail!(
            "failed to update the following repositories: [{}]",
            failed.join(" ")
        );
    }
    println!("Update Complete. ⎈Happy Helming!⎈");
    Ok(())
}

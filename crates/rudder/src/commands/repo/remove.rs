//! `rudder repo remove NAME...`: drops repositories from repositories.yaml and their cached
//! index, as `helm repo remove` does.

use anyhow::{bail, Result};
use clap::Args;

use rudder_repo::chart_repo::{cache_charts_file, cache_index_file};
use rudder_repo::repo_file::RepoFile;

use super::super::Context;

#[derive(Args, Debug)]
pub struct RemoveArgs {
    #[arg(value_name = "REPO")]
    pub names: Vec<String>,
}

pub fn run(args: &RemoveArgs, cx: &Context) -> Result<()> {
    let command = super::super::positional::Command {
        path: "helm repo remove",
        usage: "[REPO1 [REPO2 ...]]",
    };
    command.at_least(1, &args.names)?;
    let path = &cx.settings.repository_config;
    let mut file = match RepoFile::load(path) {
        Ok(f) if !f.repositories.is_empty() => f,
        _ => bail!("no repositories configured"),
    };
    let cache = &cx.settings.repository_cache;
    for name in &args.names {
        if !file.remove(name) {
            bail!("no repo named {name:?} found");
        }
        file.write(path)?;
        let _ = std::fs::remove_file(cache_charts_file(cache, name));
        let index = cache_index_file(cache, name);
        match std::fs::remove_file(&index) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => bail!(
                "can't remove index file {}: {}",
                index.display(),
                rudder_chart::load::io_text(&e)
            ),
            _ => {}
        }
        println!("{name:?} has been removed from your repositories");
    }
    Ok(())
}

//! `rudder repo`: chart repositories, kept in helm's `repositories.yaml` and index cache.

pub mod add;
pub mod index;
pub mod list;
pub(crate) mod password;
pub mod remove;
pub mod update;

use anyhow::Result;
use clap::{Args, Subcommand};

use super::Context;

#[derive(Args, Debug)]
pub struct RepoArgs {
    #[command(subcommand)]
    pub command: RepoCommand,
}

#[derive(Subcommand, Debug)]
pub enum RepoCommand {
    /// Add a chart repository
    Add(add::AddArgs),
    /// Generate an index file given a directory containing packaged charts
    Index(index::IndexArgs),
    /// List chart repositories
    #[command(visible_alias = "ls")]
    List(list::ListArgs),
    /// Remove one or more chart repositories
    #[command(visible_alias = "rm")]
    Remove(remove::RemoveArgs),
    /// Update information of available charts locally from chart repositories
    #[command(visible_alias = "up")]
    Update(update::UpdateArgs),
}

pub fn run(args: &RepoArgs, cx: &Context) -> Result<()> {
    match &args.command {
        RepoCommand::Add(a) => add::run(a, cx),
        RepoCommand::Index(a) => index::run(a, cx),
        RepoCommand::List(a) => list::run(a, cx),
        RepoCommand::Remove(a) => remove::run(a, cx),
        RepoCommand::Update(a) => update::run(a, cx),
    }
}

/// A `--timeout` value (Go duration syntax), worded as pflag words a bad one.
pub fn timeout(text: &str) -> Result<std::time::Duration> {
    let nanos = rudder_gocompat::duration::parse_duration(text)
        .map_err(|e| anyhow::anyhow!("invalid argument {text:?} for \"--timeout\" flag: {e}"))?;
    Ok(std::time::Duration::from_nanos(nanos.max(0) as u64))
}

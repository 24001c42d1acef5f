//! `rudder repo`: chart repositories (`repo index` so far).

pub mod index;

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
    /// Generate an index file given a directory containing packaged charts
    Index(index::IndexArgs),
}

pub fn run(args: &RepoArgs, cx: &Context) -> Result<()> {
    match &args.command {
        RepoCommand::Index(a) => index::run(a, cx),
    }
}

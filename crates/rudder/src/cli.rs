//! Command-line structure (clap); the logic lives in `commands/`, one file per command.

use clap::{Parser, Subcommand};

use crate::commands::version::VersionArgs;

/// A fast, Helm-compatible chart toolkit.
#[derive(Parser, Debug)]
#[command(name = "rudder", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the version information
    Version(VersionArgs),
}

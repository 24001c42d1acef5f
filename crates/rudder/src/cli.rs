//! Command-line structure (clap); the logic lives in `commands/`, one file per command.

use clap::{Parser, Subcommand};

use crate::commands::template::args::TemplateArgs;
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
    /// Locally render templates, exactly as `helm template` does
    Template(Box<TemplateArgs>),
    /// Print the version information
    Version(VersionArgs),
}

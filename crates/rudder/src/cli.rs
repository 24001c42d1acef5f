//! Command-line structure (clap); the logic lives in `commands/`, one file per command.

use clap::{CommandFactory, FromArgMatches, Subcommand};

use crate::commands::env::EnvArgs;
use crate::commands::package::PackageArgs;
use crate::commands::repo::RepoArgs;
use crate::commands::template::args::TemplateArgs;
use crate::commands::version::VersionArgs;
use crate::settings::GlobalArgs;

/// A fast, Helm-compatible chart toolkit.
#[derive(clap::Parser, Debug)]
#[command(name = "rudder", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Locally render templates, exactly as `helm template` does
    Template(Box<TemplateArgs>),
    /// Print the version information
    Version(VersionArgs),
    /// Print the environment information in use (helm's settings and paths)
    Env(EnvArgs),
    /// Package a chart directory into a chart archive, byte for byte as `helm package`
    Package(PackageArgs),
    /// Work with chart repositories (`repo index`)
    Repo(RepoArgs),
}

impl Cli {
    /// Parses the process's arguments. As with Go's pflag, a flag given twice keeps its last
    /// value (`-n a -n b` is namespace `b`) instead of being refused.
    pub fn parse_args() -> Cli {
        let command = Cli::command()
            .args_override_self(true)
            .mut_subcommands(|sub| sub.args_override_self(true));
        let matches = command.get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

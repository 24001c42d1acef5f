//! Command-line structure (clap); the logic lives in `commands/`, one file per command.

use clap::{ArgAction, CommandFactory, FromArgMatches, Subcommand};

use crate::commands::env::EnvArgs;
use crate::commands::lint::LintArgs;
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
    /// Examine charts for possible issues, exactly as `helm lint` does
    Lint(Box<LintArgs>),
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
    /// Parses the process's arguments with Go's pflag conventions where clap's differ: a flag
    /// given twice keeps its last value (`-n a -n b` is namespace `b`) instead of being
    /// refused, and a boolean flag also takes `=true`/`=false` (`--include-crds=false`).
    pub fn parse_args() -> Cli {
        let command = pflag_style(Cli::command()).mut_subcommands(pflag_style);
        let matches = command.get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

fn pflag_style(command: clap::Command) -> clap::Command {
    let bools: Vec<clap::Id> = command
        .get_arguments()
        .filter(|a| matches!(a.get_action(), ArgAction::SetTrue))
        .map(|a| a.get_id().clone())
        .collect();
    bools
        .into_iter()
        .fold(command.args_override_self(true), |command, id| {
            command.mut_arg(id, |arg| {
                arg.action(ArgAction::Set)
                    .num_args(0..=1)
                    .require_equals(true)
                    .default_value("false")
                    .default_missing_value("true")
                    .value_parser(crate::settings::parse_go_bool)
            })
        })
}

//! Command-line structure (clap); the logic lives in `commands/`, one file per command.

use clap::{ArgAction, CommandFactory, FromArgMatches, Subcommand};

use crate::commands::bump::BumpArgs;
use crate::commands::changed::ChangedArgs;
use crate::commands::dependency::DependencyArgs;
use crate::commands::docs::DocsArgs;
use crate::commands::env::EnvArgs;
use crate::commands::lint::LintArgs;
use crate::commands::package::PackageArgs;
use crate::commands::publish::PublishArgs;
use crate::commands::pull::PullArgs;
use crate::commands::push::PushArgs;
use crate::commands::registry::RegistryArgs;
use crate::commands::repo::RepoArgs;
use crate::commands::template::args::TemplateArgs;
use crate::commands::validate::ValidateArgs;
use crate::commands::verify::VerifyArgs;
use crate::commands::version::VersionArgs;
use crate::settings::GlobalArgs;

/// A fast, Helm-compatible chart toolkit.
#[derive(clap::Parser, Debug)]
#[command(name = "rudder", version = crate::commands::version::VERSION_LINE, about, long_about = None)]
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
    /// Download a chart from a repository and (optionally) unpack it, as `helm pull` does
    #[command(visible_alias = "fetch")]
    Pull(Box<PullArgs>),
    /// Add, list, remove, update and index chart repositories
    Repo(RepoArgs),
    /// Push a chart archive to an OCI registry, as `helm push` does
    Push(PushArgs),
    /// Log in to or log out from an OCI registry
    Registry(RegistryArgs),
    /// Manage a chart's dependencies
    #[command(visible_alias = "dep", visible_alias = "dependencies")]
    Dependency(DependencyArgs),
    /// Generate chart READMEs from values.yaml comments, as helm-docs does
    Docs(Box<DocsArgs>),
    /// Verify that a chart archive has been signed and is valid, as `helm verify` does
    Verify(VerifyArgs),
    /// Validate Kubernetes manifests against the bundled schemas, offline, as kubeconform does
    Validate(Box<ValidateArgs>),
    /// List the charts changed against a git base, as chart-testing's `ct list-changed`
    Changed(ChangedArgs),
    /// Increase a chart's version (and its dependents' constraints, and its CHANGELOG.md)
    Bump(BumpArgs),
    /// Package the changed (or given) charts and publish them to a pages folder
    Publish(Box<PublishArgs>),
}

impl Cli {
    /// Parses the process's arguments with Go's pflag conventions where clap's differ: a flag
    /// given twice keeps its last value (`-n a -n b` is namespace `b`) instead of being
    /// refused, and a boolean flag also takes `=true`/`=false` (`--include-crds=false`).
    ///
    /// Unknown flags and flags missing their value fail with pflag's words (`Error: unknown
    /// flag: --foo`, exit status 1), as scripts written against helm expect.
    pub fn parse_args() -> Cli {
        let command = pflag_style_all(Cli::command());
        let args = crate::commands::validate::go_flags(std::env::args().collect());
        let matches = command.try_get_matches_from(&args).unwrap_or_else(|e| {
            if let Some(message) = pflag_message(&e, &args) {
                crate::printer::error(&message);
                std::process::exit(1);
            }
            e.exit()
        });
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// pflag's message for the parse errors it words differently from clap.
fn pflag_message(e: &clap::Error, args: &[String]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let invalid = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => return None,
    };
    match e.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(long) = invalid.strip_prefix("--") {
                let name = long.split('=').next().unwrap_or(long);
                return Some(format!("unknown flag: --{name}"));
            }
            let short = invalid.strip_prefix('-')?;
            let letter = short.chars().next()?;
            // pflag names what was left of the group from that letter on (`-gz`: `-z`).
            let rest = args
                .iter()
                .filter(|a| a.starts_with('-') && !a.starts_with("--"))
                .find_map(|a| a.find(letter).map(|i| a[i..].to_string()))
                .unwrap_or_else(|| short.to_string());
            Some(format!("unknown shorthand flag: '{letter}' in -{rest}"))
        }
        ErrorKind::InvalidValue if args.last().is_some_and(|a| a.starts_with('-')) => {
            // A flag that takes a value came last, without one.
            let last = args.last()?;
            match last.strip_prefix("--") {
                Some(long) => Some(format!("flag needs an argument: --{long}")),
                None => {
                    let letter = last.chars().last()?;
                    Some(format!("flag needs an argument: '{letter}' in {last}"))
                }
            }
        }
        _ => None,
    }
}

/// [`pflag_style`] for a command and all its subcommands, however deep (`dependency update`).
fn pflag_style_all(command: clap::Command) -> clap::Command {
    pflag_style(command).mut_subcommands(pflag_style_all)
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

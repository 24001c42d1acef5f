//! Command-line structure (clap); the logic lives in `commands/`, one file per command.

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Subcommand};

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

/// Each subcommand's arguments are built only when it is the one invoked (`defer`): building
/// all of them (and their pflag styling) was a third of a small chart's render.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// Locally render templates, exactly as `helm template` does
    Template(Pflag<Box<TemplateArgs>>),
    /// Examine charts for possible issues, exactly as `helm lint` does
    Lint(Pflag<Box<LintArgs>>),
    /// Print the version information
    Version(Pflag<VersionArgs>),
    /// Print the environment information in use (helm's settings and paths)
    Env(Pflag<EnvArgs>),
    /// Package a chart directory into a chart archive, byte for byte as `helm package`
    Package(Pflag<PackageArgs>),
    /// Download a chart from a repository and (optionally) unpack it, as `helm pull` does
    #[command(visible_alias = "fetch")]
    Pull(Pflag<Box<PullArgs>>),
    /// Add, list, remove, update and index chart repositories
    Repo(Pflag<RepoArgs>),
    /// Push a chart archive to an OCI registry, as `helm push` does
    Push(Pflag<PushArgs>),
    /// Log in to or log out from an OCI registry
    Registry(Pflag<RegistryArgs>),
    /// Manage a chart's dependencies
    #[command(visible_alias = "dep", visible_alias = "dependencies")]
    Dependency(Pflag<DependencyArgs>),
    /// Generate chart READMEs from values.yaml comments, as helm-docs does
    Docs(Pflag<Box<DocsArgs>>),
    /// Verify that a chart archive has been signed and is valid, as `helm verify` does
    Verify(Pflag<VerifyArgs>),
    /// Validate Kubernetes manifests against the bundled schemas, offline, as kubeconform does
    Validate(Pflag<Box<ValidateArgs>>),
    /// List the charts changed against a git base, as chart-testing's `ct list-changed`
    Changed(Pflag<ChangedArgs>),
    /// Increase a chart's version (and its dependents' constraints, and its CHANGELOG.md)
    Bump(Pflag<BumpArgs>),
    /// Package the changed (or given) charts and publish them to a pages folder
    Publish(Pflag<Box<PublishArgs>>),
}

impl Cli {
    /// Parses the process's arguments with Go's pflag conventions where clap's differ: a flag
    /// given twice keeps its last value (`-n a -n b` is namespace `b`) instead of being
    /// refused, and a boolean flag also takes `=true`/`=false` (`--include-crds=false`).
    ///
    /// Unknown flags and flags missing their value fail with pflag's words (`Error: unknown
    /// flag: --foo`, exit status 1), as scripts written against helm expect.
    pub fn parse_args() -> Cli {
        let mut command = pflag_style(Cli::command());
        let args = crate::commands::validate::go_flags(std::env::args().collect());
        let mut matches = command.try_get_matches_from_mut(&args).unwrap_or_else(|e| {
            if let Some(message) = pflag_message(&e, &args) {
                crate::printer::error(&message);
                std::process::exit(1);
            }
            e.exit()
        });
        // Read in place (clap's `from_arg_matches` copies all the matches first). The global
        // flags given after a subcommand name override those given before it.
        let mut global =
            GlobalArgs::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.exit());
        let mut level = matches.subcommand();
        while let Some((_, sub)) = level {
            global
                .update_from_arg_matches(sub)
                .unwrap_or_else(|e| e.exit());
            level = sub.subcommand();
        }
        let command_args = Command::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.exit());
        // The parser's tables are not needed again and the process ends with the command:
        // freeing them cost a tenth of a small chart's render.
        std::mem::forget(matches);
        std::mem::forget(command);
        Cli {
            command: command_args,
            global,
        }
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

/// A subcommand's arguments, parsed with pflag's conventions ([`pflag_style`]). The styling
/// happens where clap builds the arguments, so only for the subcommand invoked.
#[derive(Debug)]
pub struct Pflag<T>(pub T);

impl<T> std::ops::Deref for Pflag<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: clap::Args> clap::Args for Pflag<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        keep_about(command, T::augment_args)
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        keep_about(command, T::augment_args_for_update)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: FromArgMatches> FromArgMatches for Pflag<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Pflag)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    // The `_mut` forms read the matches in place; the derived by-reference forms copy them.
    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Pflag)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// Adds a subcommand's arguments with `augment` and styles them. Deferred, the arguments'
/// own doc comment would come last and replace the description the variant gave.
fn keep_about(
    command: clap::Command,
    augment: fn(clap::Command) -> clap::Command,
) -> clap::Command {
    keeping_about(command, |c| pflag_style_all(augment(c)))
}

/// [`pflag_style`] for a command and all its subcommands, however deep (`dependency update`),
/// each given the global flags too (whose doc comment must not become the description).
fn pflag_style_all(command: clap::Command) -> clap::Command {
    keeping_about(command, |c| pflag_style(GlobalArgs::augment_args(c)))
        .mut_subcommands(pflag_style_all)
}

/// `change(command)` with the command's description as it was before.
fn keeping_about(
    command: clap::Command,
    change: impl FnOnce(clap::Command) -> clap::Command,
) -> clap::Command {
    let about = command.get_about().cloned();
    let long_about = command.get_long_about().cloned();
    change(command)
        .about(clap::builder::Resettable::from(about))
        .long_about(clap::builder::Resettable::from(long_about))
}

/// pflag's conventions where clap's differ: a flag given twice keeps its last value, and a
/// boolean flag also takes `=true`/`=false`.
fn pflag_style(command: clap::Command) -> clap::Command {
    command.args_override_self(true).mut_args(|arg| {
        if !matches!(arg.get_action(), ArgAction::SetTrue) {
            return arg;
        }
        arg.action(ArgAction::Set)
            .num_args(0..=1)
            .require_equals(true)
            .default_value("false")
            .default_missing_value("true")
            .value_parser(crate::settings::parse_go_bool)
    })
}

//! One module per command; each gets the resolved settings and the printer.

pub mod bump;
pub mod changed;
pub mod chart_path;
pub mod dependency;
pub mod docs;
pub mod docs_bitnami;
pub mod env;
pub mod lint;
pub mod package;
pub mod positional;
pub mod publish;
pub mod pull;
pub mod push;
pub mod registry;
pub mod repo;
pub mod signing;
pub mod template;
pub mod validate;
pub mod values;
pub mod verify;
pub mod version;

use crate::cli::{Cli, Command};
use crate::printer::Printer;
use crate::settings::{ProcessEnv, Settings};

/// A failure the command has already reported on stdout (as kubeconform does): the process
/// exits with status 1 and prints nothing more.
#[derive(Debug)]
pub struct ExitQuietly;

impl std::fmt::Display for ExitQuietly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("failed")
    }
}

impl std::error::Error for ExitQuietly {}

/// What every command shares: the settings (flag > environment > default) and the printer.
pub struct Context {
    pub settings: Settings,
    pub printer: Printer,
    /// Loads the `http(s)://` documents values schemas refer to (template, lint).
    pub schema_fetcher: rudder_repo::schema_fetch::HttpSchemaFetcher,
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::resolve(&cli.global, &ProcessEnv).map_err(anyhow::Error::msg)?;
    let cx = Context {
        printer: Printer::new(settings.debug, settings.color),
        settings,
        schema_fetcher: rudder_repo::schema_fetch::HttpSchemaFetcher::new(),
    };
    match cli.command {
        Command::Template(args) => template::run(&args, &cx),
        Command::Lint(args) => lint::run(&args, &cx),
        Command::Version(args) => version::run(&args),
        Command::Env(args) => env::run(&args, &cx),
        Command::Package(args) => package::run(&args, &cx),
        Command::Repo(args) => repo::run(&args, &cx),
        Command::Push(args) => push::run(&args, &cx),
        Command::Registry(args) => registry::run(&args, &cx),
        Command::Docs(args) => docs::run(&args, &cx),
        Command::Dependency(args) => dependency::run(&args, &cx),
        Command::Verify(args) => verify::run(&args),
        Command::Pull(args) => pull::run(&args, &cx),
        Command::Validate(args) => validate::run(&args, &cx),
        Command::Changed(args) => changed::run(&args, &cx),
        Command::Publish(args) => publish::run(&args, &cx),
        Command::Bump(args) => bump::run(&args, &cx),
    }
}

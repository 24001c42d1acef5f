//! One module per command; each gets the resolved settings and the printer.

pub mod dependency;
pub mod docs;
pub mod env;
pub mod lint;
pub mod package;
pub mod repo;
pub mod template;
pub mod values;
pub mod version;

use crate::cli::{Cli, Command};
use crate::printer::Printer;
use crate::settings::{ProcessEnv, Settings};

/// What every command shares: the settings (flag > environment > default) and the printer.
pub struct Context {
    pub settings: Settings,
    pub printer: Printer,
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::resolve(&cli.global, &ProcessEnv).map_err(anyhow::Error::msg)?;
    let cx = Context {
        printer: Printer::new(settings.debug, settings.color),
        settings,
    };
    match cli.command {
        Command::Template(args) => template::run(&args, &cx),
        Command::Lint(args) => lint::run(&args, &cx),
        Command::Version(args) => version::run(&args),
        Command::Env(args) => env::run(&args, &cx),
        Command::Package(args) => package::run(&args, &cx),
        Command::Repo(args) => repo::run(&args, &cx),
        Command::Docs(args) => docs::run(&args, &cx),
        Command::Dependency(args) => dependency::run(&args, &cx),
    }
}

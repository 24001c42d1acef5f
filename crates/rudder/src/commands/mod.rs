//! One module per command.

pub mod template;
pub mod version;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Template(args) => template::run(&args),
        Command::Version(args) => version::run(&args),
    }
}

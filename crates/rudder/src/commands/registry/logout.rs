//! `rudder registry logout HOST`: removes the host's credentials from helm's registry config.

use anyhow::Result;
use clap::Args;

use rudder_repo::oci::{login, Options};

use super::super::{positional, Context};

#[derive(Args, Debug)]
pub struct LogoutArgs {
    /// The registry host.
    #[arg(value_name = "host")]
    pub positional: Vec<String>,
}

pub fn run(args: &LogoutArgs, cx: &Context) -> Result<()> {
    positional::Command {
        path: "helm registry logout",
        usage: "[host]",
    }
    .at_least(1, &args.positional)?;
    let host = &args.positional[0];
    let opts = Options {
        registry_config: cx.settings.registry_config.clone(),
        ..Options::default()
    };
    login::logout(host, &opts)?;
    eprintln!("Removing login credentials for {host}");
    Ok(())
}

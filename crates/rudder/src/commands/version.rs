//! `rudder version`: rudder's version and the Helm behaviour it reproduces.

use clap::Args;

/// The Helm release whose `template` behaviour rudder reproduces.
pub const HELM_COMPAT: &str = "v4.1.4";

#[derive(Args, Debug)]
pub struct VersionArgs {
    /// Print the version number only
    #[arg(long)]
    pub short: bool,
}

pub fn run(args: &VersionArgs) -> anyhow::Result<()> {
    let version = env!("CARGO_PKG_VERSION");
    if args.short {
        println!("v{version}");
    } else {
        println!("rudder v{version} (compatible with helm {HELM_COMPAT})");
    }
    Ok(())
}

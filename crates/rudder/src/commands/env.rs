//! `rudder env`: the settings in use, printed as `helm env` prints them, so plugins and scripts
//! that read `helm env` read the same here.

use anyhow::{bail, Result};
use clap::Args;

use super::Context;
use crate::settings::ProcessEnv;

#[derive(Args, Debug)]
pub struct EnvArgs {
    /// Print only this variable's value
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

pub fn run(args: &EnvArgs, cx: &Context) -> Result<()> {
    let vars = cx.settings.env_vars(&ProcessEnv);
    match args.names.as_slice() {
        [] => {
            for (name, value) in &vars {
                println!("{name}=\"{value}\"");
            }
        }
        [name] => {
            let value = vars
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str());
            println!("{}", value.unwrap_or_default());
        }
        _ => bail!("\"rudder env\" accepts at most 1 argument"),
    }
    Ok(())
}

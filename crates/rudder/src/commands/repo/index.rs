//! `rudder repo index DIR`: `index.yaml` for the chart archives under DIR, as `helm repo
//! index` writes it.

use anyhow::Result;
use clap::Args;

use super::super::Context;

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// The folder holding the chart archives
    #[arg(value_name = "DIR")]
    pub dir: String,
    /// URL of the chart repository
    #[arg(long)]
    pub url: Option<String>,
    /// Merge the generated index into the given index
    #[arg(long)]
    pub merge: Option<String>,
}

pub fn run(_args: &IndexArgs, _cx: &Context) -> Result<()> {
    Ok(())
}

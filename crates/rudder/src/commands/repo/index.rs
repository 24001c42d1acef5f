//! `rudder repo index DIR`: `index.yaml` for the chart archives under DIR, as `helm repo
//! index` writes it.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use rudder_repo::index::index_directory;

use super::super::Context;

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// The folder holding the chart archives
    #[arg(value_name = "DIR")]
    pub dir: String,
    /// URL of chart repository
    #[arg(long, default_value = "")]
    pub url: String,
    /// Merge the generated index into the given index
    #[arg(long, default_value = "")]
    pub merge: String,
    /// Output in JSON format
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &IndexArgs, cx: &Context) -> Result<()> {
    let dir = std::path::absolute(&args.dir).unwrap_or_else(|_| PathBuf::from(&args.dir));
    let merge = (!args.merge.is_empty()).then(|| Path::new(&args.merge));
    index_directory(&dir, &args.url, merge, args.json, &cx.printer)?;
    Ok(())
}

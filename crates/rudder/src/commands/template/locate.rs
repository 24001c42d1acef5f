//! helm's `LocateChart`: a local chart folder or archive (verified with `--verify`), else a
//! chart fetched by reference into the content cache, whose copy is then rendered.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use rudder_repo::remote::{self, Provenance, Reference};
use rudder_report::{Level, Reporter};

use crate::commands::chart_path::ChartPathArgs;
use crate::commands::{verify, Context};

pub fn locate_chart(
    name: &str,
    flags: &ChartPathArgs,
    version: &str,
    cx: &Context,
) -> Result<PathBuf> {
    let name = name.trim();
    if flags.repo.is_empty() {
        let path = Path::new(name);
        if path.exists() {
            if flags.verify {
                let absolute = std::path::absolute(path)?;
                verify::check(&absolute.to_string_lossy(), &flags.keyring)?;
            }
            return Ok(path.to_path_buf());
        }
        if path.is_absolute() || name.starts_with('.') {
            bail!("path {name:?} not found");
        }
    }
    let provenance = if flags.verify {
        Provenance::Always
    } else {
        Provenance::Never
    };
    let mut opts = flags.options(version.to_string(), provenance, cx);
    opts.credentials_stay_with_repo = true;
    let reference = Reference::parse(name, &flags.repo)?;
    cx.printer
        .log(Level::Debug, "set up default downloader cache", &[]);
    let download = remote::fetch(&reference, &opts, &cx.printer)?;
    eprint!("{}", download.notice);
    if flags.verify {
        let Some(Ok(prov)) = &download.provenance else {
            bail!("failed to fetch provenance \"{}.prov\"", download.url);
        };
        remote::verify(
            &download.bytes,
            prov,
            &download.file_name,
            Path::new(&flags.keyring),
        )?;
    }
    match download.cached {
        Some(path) => Ok(std::path::absolute(path)?),
        None => bail!(
            "could not keep {} in the content cache {}",
            download.url,
            opts.content_cache.display()
        ),
    }
}

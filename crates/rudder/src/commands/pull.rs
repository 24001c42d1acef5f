//! `rudder pull`: charts downloaded from repositories (and unpacked, and verified), as
//! `helm pull` does, with its output and errors.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::Args;
use rudder_repo::remote::{self, Provenance, Reference};

use super::chart_path::ChartPathArgs;
use super::{positional, Context};

#[derive(Args, Debug)]
pub struct PullArgs {
    /// The charts: `repo/chartname`, a chart URL, or a name with --repo
    #[arg(value_name = "chart URL | repo/chartname")]
    pub charts: Vec<String>,
    #[command(flatten)]
    pub chart_path: ChartPathArgs,
    /// location to write the chart. If this and untardir are specified, untardir is appended to this
    #[arg(short = 'd', long, default_value = ".")]
    pub destination: String,
    /// fetch the provenance file, but don't perform verification
    #[arg(long)]
    pub prov: bool,
    /// if set to true, will untar the chart after downloading it
    #[arg(long)]
    pub untar: bool,
    /// if untar is specified, this flag specifies the name of the directory into which the chart is expanded
    #[arg(long, default_value = ".")]
    pub untardir: String,
}

pub fn run(args: &PullArgs, cx: &Context) -> Result<()> {
    positional::Command {
        path: "helm pull",
        usage: "[chart URL | repo/chartname] [...]",
    }
    .at_least(1, &args.charts)?;
    let version = args.chart_path.constraint(cx);
    for chart in &args.charts {
        // helm prints a chart's lines once it is pulled, and nothing of a failed one.
        print!("{}", pull(chart, &version, args, cx)?);
    }
    Ok(())
}

/// Go's `filepath.Join`: joined and cleaned.
fn join(a: &str, b: &str) -> String {
    rudder_gocompat::path::clean(&format!("{a}/{b}"))
}

fn pull(chart: &str, version: &str, args: &PullArgs, cx: &Context) -> Result<String> {
    let flags = &args.chart_path;
    let provenance = if flags.verify {
        Provenance::Always
    } else if args.prov {
        Provenance::Later
    } else {
        Provenance::Never
    };
    let mut out = String::new();
    // With --untar the archive goes to a temporary folder, unpacked once verified.
    let scratch = if args.untar {
        Some(tempfile::Builder::new().prefix("helm-").tempdir()?)
    } else {
        None
    };
    let dest = scratch.as_ref().map_or_else(
        || PathBuf::from(&args.destination),
        |t| t.path().to_path_buf(),
    );
    let reference = Reference::parse(chart, &flags.repo)?;
    let opts = flags.options(version.to_string(), provenance, cx);
    let download = remote::fetch(&reference, &opts, &cx.printer)?;
    eprint!("{}", download.notice);
    remote::save(&dest, &download.file_name, &download.bytes)?;
    match &download.provenance {
        None => {}
        Some(Err(e)) if provenance == Provenance::Later => {
            out.push_str(&format!(
                "WARNING: Verification not found for {chart}: {e}\n"
            ));
        }
        Some(Err(_)) => bail!("failed to fetch provenance \"{}.prov\"", download.url),
        Some(Ok(prov)) => {
            remote::save(&dest, &format!("{}.prov", download.file_name), prov)?;
            if flags.verify {
                let verified = remote::verify(
                    &download.bytes,
                    prov,
                    &download.file_name,
                    Path::new(&flags.keyring),
                )?;
                for user in &verified.signed_by {
                    out.push_str(&format!("Signed by: {user}\n"));
                }
                out.push_str(&format!(
                    "Using Key With Fingerprint: {}\nChart Hash Verified: {}\n",
                    verified.fingerprint, verified.file_hash
                ));
            }
        }
    }
    if args.untar {
        untar(chart, args, &download.bytes)?;
    }
    Ok(out)
}

/// helm's unpacking: into `--untardir` (under `-d` unless absolute), refusing to replace a
/// file or folder named as the chart reference's last segment.
fn untar(chart: &str, args: &PullArgs, archive: &[u8]) -> Result<()> {
    let ud = if Path::new(&args.untardir).is_absolute() {
        args.untardir.clone()
    } else {
        join(&args.destination, &args.untardir)
    };
    let last = chart.rsplit('/').next().unwrap_or(chart);
    let check = if ud == "." {
        last.to_string()
    } else {
        join(&ud, last)
    };
    if std::fs::metadata(&check).is_ok() {
        bail!("failed to untar: a file or directory with the name {check} already exists");
    }
    std::fs::create_dir_all(&check).map_err(|e| {
        anyhow!(
            "failed to untar (mkdir): mkdir {check}: {}",
            rudder_chart::load::io_text(&e)
        )
    })?;
    remote::expand(Path::new(&ud), archive)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_as_go_does() {
        assert_eq!(join(".", "."), ".");
        assert_eq!(join("d", "x"), "d/x");
        assert_eq!(join("d/", "./x"), "d/x");
    }
}

//! `rudder package`: chart folders into versioned chart archives, byte for byte as
//! `helm package` writes them.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Args;

use rudder_repo::package::{package, PackageOptions};

use super::{signing, Context};

#[derive(Args, Debug)]
pub struct PackageArgs {
    /// The chart folders to package
    #[arg(value_name = "CHART_PATH")]
    pub paths: Vec<String>,
    /// Set the version on the chart to this semver version
    #[arg(long)]
    pub version: Option<String>,
    /// Set the appVersion on the chart to this version
    #[arg(long = "app-version")]
    pub app_version: Option<String>,
    /// Location to write the chart.
    #[arg(short = 'd', long, default_value = ".")]
    pub destination: String,
    #[command(flatten)]
    pub signing: signing::SignArgs,
    /// update dependencies from "Chart.yaml" to dir "charts/" before packaging
    #[arg(short = 'u', long = "dependency-update")]
    pub dependency_update: bool,
    /// Registry flags: helm passes them only to its OCI registry client, which the chart
    /// repositories of `--dependency-update` do not use.
    #[command(flatten)]
    pub registry: RegistryArgs,
}

/// `helm package`'s OCI registry flags, accepted for compatibility.
#[derive(Args, Debug)]
pub struct RegistryArgs {
    /// chart repository username where to locate the requested chart
    #[arg(long, default_value = "")]
    pub username: String,
    /// chart repository password where to locate the requested chart
    #[arg(long, default_value = "")]
    pub password: String,
    /// identify HTTPS client using this SSL certificate file
    #[arg(long = "cert-file", default_value = "")]
    pub cert_file: String,
    /// identify HTTPS client using this SSL key file
    #[arg(long = "key-file", default_value = "")]
    pub key_file: String,
    /// skip tls certificate checks for the chart download
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    /// use insecure HTTP connections for the chart download
    #[arg(long = "plain-http")]
    pub plain_http: bool,
    /// verify certificates of HTTPS-enabled servers using this CA bundle
    #[arg(long = "ca-file", default_value = "")]
    pub ca_file: String,
}

pub fn run(args: &PackageArgs, cx: &Context) -> Result<()> {
    if args.paths.is_empty() {
        bail!("need at least one argument, the path to the chart");
    }
    args.signing.check()?;
    let mut passphrase: Option<String> = None;
    // An empty flag value means "not set", as in helm.
    let given = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    let opts = PackageOptions {
        version: given(&args.version),
        app_version: given(&args.app_version),
    };
    let dest = if args.destination == "." {
        std::env::current_dir()?
    } else {
        PathBuf::from(&args.destination)
    };
    for path in &args.paths {
        if let Err(e) = std::fs::metadata(path) {
            bail!("stat {path}: {}", rudder_chart::load::io_text(&e));
        }
        if args.dependency_update {
            super::dependency::update_for(Path::new(path), cx, true)?;
        }
        let saved = package(Path::new(path), &dest, &opts, &cx.printer)?;
        if args.signing.sign {
            let bytes = std::fs::read(&saved)?;
            let prov = args.signing.sign_archive(&bytes, &saved, &mut passphrase)?;
            let mut prov_path = saved.as_os_str().to_owned();
            prov_path.push(".prov");
            std::fs::write(prov_path, prov)?;
        }
        println!(
            "Successfully packaged chart and saved it to: {}",
            saved.display()
        );
    }
    Ok(())
}

//! `rudder package`: chart folders into versioned chart archives, byte for byte as
//! `helm package` writes them.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Args;

use rudder_repo::package::{package, PackageOptions};
use rudder_repo::provenance::Keyring;

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
    /// Use a PGP private key to sign this package
    #[arg(long)]
    pub sign: bool,
    /// Name of the key to use when signing. Used if --sign is true
    #[arg(long, default_value = "")]
    pub key: String,
    /// Location of a public keyring
    #[arg(long, default_value_t = signing::default_keyring())]
    pub keyring: String,
    /// Location of a file which contains the passphrase for the signing key. Use "-" in order
    /// to read from stdin.
    #[arg(long = "passphrase-file")]
    pub passphrase_file: Option<String>,
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
    if args.sign {
        if args.key.is_empty() {
            bail!("--key is required for signing a package");
        }
        if args.keyring.is_empty() {
            bail!("--keyring is required for signing a package");
        }
    }
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
        if args.sign {
            sign(args, &saved, &mut passphrase)?;
        }
        println!(
            "Successfully packaged chart and saved it to: {}",
            saved.display()
        );
    }
    Ok(())
}

/// Writes `ARCHIVE.prov` as `helm package --sign` does; the passphrase is asked once per run.
fn sign(args: &PackageArgs, archive: &Path, passphrase: &mut Option<String>) -> Result<()> {
    let keyring = Keyring::read(Path::new(&args.keyring))?;
    let signer = keyring.signing_key(&args.key)?;
    let secret = match (&signer.passphrase_prompt, passphrase.as_ref()) {
        (None, _) => String::new(),
        (Some(_), Some(known)) => known.clone(),
        (Some(name), None) => {
            let read = signing::passphrase(args.passphrase_file.as_deref(), name)?;
            passphrase.insert(read).clone()
        }
    };
    let bytes = std::fs::read(archive)?;
    let metadata = rudder_repo::provenance::archive_metadata_yaml(&bytes)
        .map_err(|e| anyhow::anyhow!("failed to load chart for signing: {e}"))?;
    let file_name = archive
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prov = signer.sign(&bytes, &file_name, &metadata, &secret)?;
    let mut prov_path = archive.as_os_str().to_owned();
    prov_path.push(".prov");
    std::fs::write(prov_path, prov)?;
    Ok(())
}

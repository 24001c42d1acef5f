//! `rudder verify PATH`: checks a chart archive against its `.prov` file and a keyring, as
//! `helm verify` does, with its output and errors.

use std::path::Path;

use anyhow::{bail, Result};
use clap::Args;
use rudder_repo::provenance::{verify, Keyring, Verification};

use super::signing;

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The chart archive to verify
    #[arg(value_name = "PATH")]
    pub path: String,
    /// Keyring containing public keys
    #[arg(long, default_value_t = signing::default_keyring())]
    pub keyring: String,
}

pub fn run(args: &VerifyArgs) -> Result<()> {
    let verified = check(&args.path, &args.keyring)?;
    for user in &verified.signed_by {
        println!("Signed by: {user}");
    }
    println!("Using Key With Fingerprint: {}", verified.fingerprint);
    println!("Chart Hash Verified: {}", verified.file_hash);
    Ok(())
}

/// helm's `VerifyChart`: the archive at `path` against `path.prov` and the keyring.
pub fn check(path_text: &str, keyring: &str) -> Result<Verification> {
    let path = Path::new(path_text);
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("stat {path_text}: {}", rudder_chart::load::io_text(&e)))?;
    if meta.is_dir() {
        bail!("unpacked charts cannot be verified");
    }
    if !is_tar(path) {
        bail!("chart must be a tgz file");
    }
    let prov_path = format!("{path_text}.prov");
    if let Err(e) = std::fs::metadata(&prov_path) {
        bail!(
            "could not load provenance file {prov_path}: stat {prov_path}: {}",
            rudder_chart::load::io_text(&e)
        );
    }
    let keyring = Keyring::read(Path::new(keyring))
        .map_err(|e| anyhow::anyhow!("failed to load keyring: {e}"))?;
    let archive =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("failed to read chart archive: {e}"))?;
    let prov = std::fs::read(&prov_path)
        .map_err(|e| anyhow::anyhow!("failed to read provenance file: {e}"))?;
    let prov = String::from_utf8_lossy(&prov);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(verify(&archive, &prov, &name, &keyring)?)
}

/// helm's `isTar`: the extension is `.tgz`, in any case.
fn is_tar(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tgz"))
}

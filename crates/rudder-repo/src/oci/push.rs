//! A chart archive (and its `.prov`) pushed as helm's `Client.Push` pushes it: the archive
//! and provenance layers sorted by digest, the chart's metadata as the config (Go's JSON of
//! helm's `Metadata`), the OCI annotations helm derives from Chart.yaml, and the manifest
//! tagged with the chart's version (`+` written `_`).

use std::collections::BTreeMap;

use rudder_chart::Metadata;
use rudder_gotmpl::Value;

use super::api::Repository;
use super::client::Client;
use super::manifest::{Descriptor, Manifest, MANIFEST_MEDIA_TYPE};
use super::reference::Reference;
use super::{
    OciError, Options, CHART_LAYER_MEDIA_TYPE, CONFIG_MEDIA_TYPE, PROV_LAYER_MEDIA_TYPE,
    UNDERSCORE_MESSAGE,
};

/// What was pushed.
#[derive(Debug, Clone)]
pub struct Pushed {
    /// helm's name for it: `host/path/name:tag`.
    pub reference: String,
    /// The manifest's digest.
    pub manifest_digest: String,
    /// The manifest's bytes.
    pub manifest: Vec<u8>,
}

impl Pushed {
    /// What helm prints once it pushed (on standard error).
    pub fn notice(&self) -> String {
        let mut out = format!(
            "Pushed: {}\nDigest: {}\n",
            self.reference, self.manifest_digest
        );
        let tag = self.reference.rsplit(':').next().unwrap_or_default();
        if tag.contains('_') {
            out.push_str(&format!(
                "{} contains an underscore.\n{UNDERSCORE_MESSAGE}\n",
                self.reference
            ));
        }
        out
    }
}

/// helm's `Metadata` fields, as `json.Marshal` writes them.
fn config_json(md: &Metadata) -> Result<Vec<u8>, OciError> {
    crate::index_json::version_object(&md.to_go_struct())
        .map(String::into_bytes)
        .map_err(OciError::Message)
}

fn text(fields: &rudder_gotmpl::Map, key: &str) -> String {
    match fields.get(key) {
        Some(Value::String(s)) => s.to_string(),
        _ => String::new(),
    }
}

/// helm's `generateOCIAnnotations`: the chart's facts under the `org.opencontainers.image.*`
/// keys (blank ones left out), then the chart's own annotations but for title and version.
fn annotations(md: &Metadata, created: &str) -> BTreeMap<String, String> {
    let fields = md.to_go_struct();
    let mut out = BTreeMap::new();
    let mut add = |key: &str, value: String| {
        if !value.trim().is_empty() {
            out.insert(format!("org.opencontainers.image.{key}"), value);
        }
    };
    add("description", text(&fields, "description"));
    add("title", text(&fields, "name"));
    add("version", text(&fields, "version"));
    add("url", text(&fields, "home"));
    add("created", created.to_string());
    let list = |key: &str| {
        fields
            .get(key)
            .and_then(Value::as_list)
            .map(|l| l.items.clone())
            .unwrap_or_default()
    };
    if let Some(Value::String(source)) = list("sources").first() {
        add("source", source.to_string());
    }
    let maintainers: Vec<String> = list("maintainers")
        .iter()
        .map(|m| {
            let Some(m) = m.as_map() else {
                return String::new();
            };
            let m = m.borrow();
            let (name, email) = (text(&m, "name"), text(&m, "email"));
            if email.is_empty() {
                name
            } else {
                format!("{name} ({email})")
            }
        })
        .collect();
    if !maintainers.is_empty() {
        add("authors", maintainers.join(", "));
    }
    if let Some(map) = fields.get("annotations").and_then(Value::as_map) {
        for (k, v) in map.borrow().iter() {
            let fixed = [
                "org.opencontainers.image.version",
                "org.opencontainers.image.title",
            ];
            if !fixed.contains(&k.as_str()) {
                if let Value::String(v) = v {
                    out.insert(k.to_string(), v.to_string());
                }
            }
        }
    }
    out
}

/// Pushes `archive` (with `prov`) to `remote` (`oci://host/path`, the chart's name and
/// version appended); `created` is the archive's modification time in RFC 3339.
pub fn push(
    archive: &[u8],
    prov: Option<&[u8]>,
    remote: &str,
    created: &str,
    opts: &Options,
) -> Result<Pushed, OciError> {
    let chart = rudder_chart::load::load_archive(archive, crate::LOAD_AS)
        .map_err(|e| OciError::Message(e.to_string()))?;
    let md = &chart.metadata;
    let base = rudder_gocompat::path::clean(remote.strip_prefix("oci://").unwrap_or(remote));
    let joined = rudder_gocompat::path::clean(&format!("{base}/{}", md.name));
    let raw = format!("{joined}:{}", md.version);
    let reference = Reference::parse(&raw)?;
    let chart_desc = Descriptor::of(CHART_LAYER_MEDIA_TYPE, archive);
    let config = config_json(md)?;
    let config_desc = Descriptor::of(CONFIG_MEDIA_TYPE, &config);
    let mut layers = vec![(chart_desc, archive)];
    if let Some(prov) = prov {
        layers.push((Descriptor::of(PROV_LAYER_MEDIA_TYPE, prov), prov));
    }
    layers.sort_by(|a, b| a.0.digest.cmp(&b.0.digest));
    let manifest = Manifest {
        config: config_desc.clone(),
        layers: layers.iter().map(|(d, _)| d.clone()).collect(),
        annotations: annotations(md, created),
    };
    let manifest_bytes = manifest.to_json();
    let manifest_desc = Descriptor::of(MANIFEST_MEDIA_TYPE, &manifest_bytes);

    let client = Client::new(&reference.registry, opts)?;
    let repo = Repository {
        client: &client,
        name: reference.repository.clone(),
    };
    if !repo.exists("manifests", &manifest_desc.digest)? {
        repo.push_blob(&config_desc, &config)?;
        for (desc, data) in &layers {
            repo.push_blob(desc, data)?;
        }
    }
    repo.push_manifest(&reference.tag, &manifest_desc, &manifest_bytes)?;
    Ok(Pushed {
        reference: reference.to_helm_string(),
        manifest_digest: manifest_desc.digest,
        manifest: manifest_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_as_helm_derives_them() {
        let md = Metadata::parse(
            "apiVersion: v2\nname: app\nversion: 1.0.0\ndescription: ' '\nhome: https://h\nsources: [https://s, https://t]\nmaintainers:\n- name: A\n  email: a@x\n- name: B\nannotations:\n  org.opencontainers.image.title: other\n  extra: x\n",
        )
        .unwrap();
        let got = annotations(&md, "2024-01-01T00:00:00Z");
        let want: BTreeMap<String, String> = [
            ("extra", "x"),
            ("org.opencontainers.image.authors", "A (a@x), B"),
            ("org.opencontainers.image.created", "2024-01-01T00:00:00Z"),
            ("org.opencontainers.image.source", "https://s"),
            ("org.opencontainers.image.title", "app"),
            ("org.opencontainers.image.url", "https://h"),
            ("org.opencontainers.image.version", "1.0.0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(got, want);
    }
}

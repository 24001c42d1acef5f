//! OCI image manifests: read from a registry's reply, and written with the bytes Go's
//! `json.Marshal` gives helm's `ocispec.Manifest` (struct field order, no media type, the
//! annotations sorted, strings HTML-escaped).

use std::collections::BTreeMap;

use super::digest::Digest;
use super::OciError;

/// `application/vnd.oci.image.manifest.v1+json`.
pub const MANIFEST_MEDIA_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
/// The manifest media types oras accepts, in the order of its `Accept` header.
pub const MANIFEST_ACCEPT: &str = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.artifact.manifest.v1+json";

/// One piece of content: its media type, digest and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Descriptor {
    pub media_type: String,
    pub digest: String,
    pub size: u64,
}

impl Descriptor {
    /// The descriptor oras' `PushBytes` makes for `data`.
    pub fn of(media_type: &str, data: &[u8]) -> Descriptor {
        Descriptor {
            media_type: media_type.to_string(),
            digest: Digest::sha256(data).to_string(),
            size: data.len() as u64,
        }
    }

    fn to_json(&self) -> String {
        format!(
            "{{\"mediaType\":{},\"digest\":{},\"size\":{}}}",
            go_string(&self.media_type),
            go_string(&self.digest),
            self.size
        )
    }

    fn from_json(v: &serde_json::Value) -> Option<Descriptor> {
        Some(Descriptor {
            media_type: v.get("mediaType")?.as_str()?.to_string(),
            digest: v.get("digest")?.as_str()?.to_string(),
            size: v.get("size")?.as_u64()?,
        })
    }
}

/// A manifest's config and layers (and annotations, which pulling does not need).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub config: Descriptor,
    pub layers: Vec<Descriptor>,
    pub annotations: BTreeMap<String, String>,
}

fn go_string(s: &str) -> String {
    rudder_yaml::to_json(&rudder_gotmpl::Value::str(s)).unwrap_or_else(|_| format!("{s:?}"))
}

impl Manifest {
    /// Go's `json.Marshal` of helm's manifest.
    pub fn to_json(&self) -> Vec<u8> {
        let layers: Vec<String> = self.layers.iter().map(Descriptor::to_json).collect();
        let mut out = format!(
            "{{\"schemaVersion\":2,\"config\":{},\"layers\":[{}]",
            self.config.to_json(),
            layers.join(",")
        );
        if !self.annotations.is_empty() {
            let pairs: Vec<String> = self
                .annotations
                .iter()
                .map(|(k, v)| format!("{}:{}", go_string(k), go_string(v)))
                .collect();
            out.push_str(&format!(",\"annotations\":{{{}}}", pairs.join(",")));
        }
        out.push('}');
        out.into_bytes()
    }

    /// A manifest as a registry serves it; `shown` names it in errors.
    pub fn parse(bytes: &[u8], shown: &str) -> Result<Manifest, OciError> {
        let bad = |why: &str| OciError::Message(format!("{shown}: invalid manifest: {why}"));
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| bad(&e.to_string()))?;
        if v.get("manifests").is_some() {
            return Err(bad("an image index, not a chart's manifest"));
        }
        let config = v
            .get("config")
            .and_then(Descriptor::from_json)
            .ok_or_else(|| bad("no config descriptor"))?;
        let layers = match v.get("layers") {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(serde_json::Value::Array(list)) => list
                .iter()
                .map(|l| Descriptor::from_json(l).ok_or_else(|| bad("a layer is not a descriptor")))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(bad("layers is not a list")),
        };
        let annotations = v
            .get("annotations")
            .and_then(|a| a.as_object())
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Manifest {
            config,
            layers,
            annotations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_go_bytes_and_reads_them_back() {
        let m = Manifest {
            config: Descriptor::of("application/vnd.cncf.helm.config.v1+json", b"{}"),
            layers: vec![Descriptor::of("l", b"x")],
            annotations: [
                ("b".to_string(), "<&>".to_string()),
                ("a".into(), "1".into()),
            ]
            .into_iter()
            .collect(),
        };
        let text = String::from_utf8(m.to_json()).unwrap();
        assert!(text.starts_with("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\",\"digest\":\"sha256:44136fa3"));
        assert!(text.ends_with(
            ",\"size\":1}],\"annotations\":{\"a\":\"1\",\"b\":\"\\u003c\\u0026\\u003e\"}}"
        ));
        assert_eq!(Manifest::parse(text.as_bytes(), "m").unwrap(), m);
    }

    #[test]
    fn rejects_what_is_not_a_manifest() {
        for bad in [&b"[]"[..], b"{\"manifests\":[]}", b"{\"config\":{}}", b"{"] {
            assert!(Manifest::parse(bad, "m").is_err());
        }
    }
}

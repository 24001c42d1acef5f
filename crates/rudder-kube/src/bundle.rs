//! The Kubernetes schemas `build.rs` embeds (from kubernetes-validate 1.37.0): the index is
//! read on first use, and each chunk of schema texts is inflated only when a text in it is
//! asked for, so a run pays for the definitions it validates against and no more.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kube-schemas.bin"));

/// The oldest and newest bundled minor versions of Kubernetes 1.x.
pub const FIRST_MINOR: u32 = 25;
pub const LAST_MINOR: u32 = 37;

/// One Kubernetes minor version's names: definition name or per-kind file stem
/// (`deployment-apps-v1`) to text number.
#[derive(Default, Clone)]
struct Version {
    definitions: HashMap<String, usize>,
    kinds: HashMap<String, usize>,
}

impl Version {
    fn names(&mut self, tag: &str) -> &mut HashMap<String, usize> {
        if tag == "d" {
            &mut self.definitions
        } else {
            &mut self.kinds
        }
    }
}

struct Bundle {
    /// (offset, length) of each deflated chunk, after the index.
    chunks: Vec<(usize, usize)>,
    /// (chunk, offset, length) of each text in its inflated chunk.
    texts: Vec<(usize, usize, usize)>,
    versions: HashMap<u32, Version>,
    body: &'static [u8],
    inflated: Vec<OnceLock<Option<String>>>,
}

fn bundle() -> Option<&'static Bundle> {
    static BUNDLE: OnceLock<Option<Bundle>> = OnceLock::new();
    BUNDLE.get_or_init(|| read(DATA)).as_ref()
}

fn inflate(bytes: &[u8]) -> Option<String> {
    let mut out = String::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_string(&mut out)
        .ok()?;
    Some(out)
}

fn read(data: &'static [u8]) -> Option<Bundle> {
    let rest = data.strip_prefix(b"RKS1")?;
    let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let index = inflate(rest.get(4..4 + len)?)?;
    let body = rest.get(4 + len..)?;
    let mut b = Bundle {
        chunks: Vec::new(),
        texts: Vec::new(),
        versions: HashMap::new(),
        body,
        inflated: Vec::new(),
    };
    // Each version starts as a copy of the one before, then applies its changes.
    let mut version: Option<u32> = None;
    for line in index.lines() {
        let mut f = line.split(' ');
        let tag = f.next()?;
        let mut num = || f.next()?.parse::<usize>().ok();
        match tag {
            "c" => b.chunks.push((num()?, num()?)),
            "b" => b.texts.push((num()?, num()?, num()?)),
            "v" => {
                let minor = num()? as u32;
                let start = match version {
                    Some(before) => b.versions.get(&before)?.clone(),
                    None => Version::default(),
                };
                b.versions.insert(minor, start);
                version = Some(minor);
            }
            "d" | "k" => {
                let (name, id) = line[2..].rsplit_once(' ')?;
                let v = b.versions.get_mut(&version?)?;
                v.names(tag).insert(name.to_string(), id.parse().ok()?);
            }
            "-" => {
                let (tag, name) = line[2..].split_once(' ')?;
                b.versions.get_mut(&version?)?.names(tag).remove(name);
            }
            _ => return None,
        }
    }
    b.inflated = (0..b.chunks.len()).map(|_| OnceLock::new()).collect();
    Some(b)
}

impl Bundle {
    fn text(&self, id: usize) -> Option<&str> {
        let &(chunk, offset, len) = self.texts.get(id)?;
        let inflated = self.inflated.get(chunk)?.get_or_init(|| {
            let (at, n) = *self.chunks.get(chunk)?;
            inflate(self.body.get(at..at + n)?)
        });
        inflated.as_deref()?.get(offset..offset + len)
    }
}

/// Whether schemas of Kubernetes 1.`minor` are bundled.
pub fn has_version(minor: u32) -> bool {
    bundle().is_some_and(|b| b.versions.contains_key(&minor))
}

/// The per-kind schema `stem` (kubernetes-validate's file name without `.json`, e.g.
/// `deployment-apps-v1`) of Kubernetes 1.`minor`, as JSON text.
pub fn kind_schema(minor: u32, stem: &str) -> Option<&'static str> {
    let b = bundle()?;
    b.text(*b.versions.get(&minor)?.kinds.get(stem)?)
}

/// The definition `name` (`io.k8s.api.apps.v1.DeploymentSpec`) of Kubernetes 1.`minor`.
pub fn definition(minor: u32, name: &str) -> Option<&'static str> {
    let b = bundle()?;
    b.text(*b.versions.get(&minor)?.definitions.get(name)?)
}

/// Whether Kubernetes itself serves kinds of the API group whose kubeconform kind suffix is
/// `-<group>-` (`apps`, `rbac`, ...; `v1` for the core group) in any bundled version: a
/// missing schema for such a group means an API version Kubernetes does not (or no longer)
/// serve, not a custom resource.
pub fn is_kubernetes_group(group_first: &str) -> bool {
    static GROUPS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    GROUPS
        .get_or_init(|| {
            let mut set = std::collections::HashSet::new();
            for v in bundle().map(|b| b.versions.values()).into_iter().flatten() {
                for stem in v.kinds.keys() {
                    // `<kind>-<group>-<version>` or `<kind>-<version>` (core)
                    let parts: Vec<&str> = stem.split('-').collect();
                    match parts.as_slice() {
                        [_, version] => set.insert((*version).to_string()),
                        [_, group, ..] => set.insert((*group).to_string()),
                        _ => false,
                    };
                }
            }
            set
        })
        .contains(group_first)
}

/// How many chunks have been inflated so far (for tests of the laziness).
pub fn inflated_chunks() -> usize {
    bundle().map_or(0, |b| {
        b.inflated.iter().filter(|c| c.get().is_some()).count()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_is_bundled() {
        for minor in FIRST_MINOR..=LAST_MINOR {
            assert!(has_version(minor), "1.{minor}");
            assert!(kind_schema(minor, "deployment-apps-v1").is_some());
            assert!(definition(minor, "io.k8s.api.core.v1.PodSpec").is_some());
        }
        assert!(!has_version(24));
        assert!(is_kubernetes_group("apps") && is_kubernetes_group("rbac"));
        assert!(is_kubernetes_group("v1"));
        assert!(!is_kubernetes_group("monitoring"));
        assert!(kind_schema(37, "nothing-v1").is_none());
    }

    #[test]
    fn versions_differ_where_kubernetes_changed() {
        // FlowSchema flowcontrol v1beta2 was removed in 1.29, when v1 arrived.
        assert!(kind_schema(25, "flowschema-flowcontrol-v1beta2").is_some());
        assert!(kind_schema(29, "flowschema-flowcontrol-v1beta2").is_none());
        assert!(kind_schema(28, "flowschema-flowcontrol-v1").is_none());
        assert!(kind_schema(29, "flowschema-flowcontrol-v1").is_some());
    }
}

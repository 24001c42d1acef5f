//! The `digest` of Chart.lock: helm's `HashReq`, the sha256 of Go's JSON of the pair (requested
//! dependencies, locked dependencies), so `dependency build` can tell a stale lock.

use rudder_chart::Dependency;
use rudder_gotmpl::Value;
use sha2::{Digest, Sha256};

/// A JSON string as Go's encoder writes it (HTML characters escaped).
fn string(s: &str) -> String {
    rudder_yaml::to_json(&Value::str(s)).unwrap_or_else(|_| format!("{s:?}"))
}

/// One dependency as Go's `Dependency` struct marshals: field order of the struct, empty
/// `omitempty` fields left out.
fn dependency(d: &Dependency) -> String {
    let mut out = format!("{{\"name\":{}", string(&d.name));
    if !d.version.is_empty() {
        out.push_str(&format!(",\"version\":{}", string(&d.version)));
    }
    out.push_str(&format!(",\"repository\":{}", string(&d.repository)));
    if !d.condition.is_empty() {
        out.push_str(&format!(",\"condition\":{}", string(&d.condition)));
    }
    if !d.tags.is_empty() {
        let tags: Vec<String> = d.tags.iter().map(|t| string(t)).collect();
        out.push_str(&format!(",\"tags\":[{}]", tags.join(",")));
    }
    if d.enabled {
        out.push_str(",\"enabled\":true");
    }
    if !d.import_values.is_empty() {
        let values = rudder_yaml::to_json(&Value::list(d.import_values.clone()))
            .unwrap_or_else(|_| "null".into());
        out.push_str(&format!(",\"import-values\":{values}"));
    }
    if !d.alias.is_empty() {
        out.push_str(&format!(",\"alias\":{}", string(&d.alias)));
    }
    out.push('}');
    out
}

fn list(deps: &[Dependency]) -> String {
    if deps.is_empty() {
        return "null".into();
    }
    let items: Vec<String> = deps.iter().map(dependency).collect();
    format!("[{}]", items.join(","))
}

/// Go's JSON of `[2][]*chart.Dependency{requested, locked}`.
fn json(requested: &[Dependency], locked: &[Dependency]) -> String {
    format!("[{},{}]", list(requested), list(locked))
}

fn sha256(text: &str) -> String {
    let sum = Sha256::digest(text.as_bytes());
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// `sha256:<hex>` of `[requested, locked]`.
pub fn hash_req(requested: &[Dependency], locked: &[Dependency]) -> String {
    sha256(&json(requested, locked))
}

/// helm's `HashV2Req`: the digest Helm 2 wrote into requirements.lock, of
/// `{"dependencies": requested}` (repositories as requirements.yaml writes them).
pub fn hash_v2_req(requested: &[Dependency]) -> String {
    sha256(&format!("{{\"dependencies\":{}}}", list(requested)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(name: &str, version: &str, repository: &str) -> Dependency {
        Dependency {
            name: name.into(),
            version: version.into(),
            repository: repository.into(),
            ..Dependency::default()
        }
    }

    /// The digest helm 4.1.4 wrote for this chart (aliases, tags, a `>=` range: Go escapes `>`).
    #[test]
    fn json_as_go_marshals_it() {
        let u = "http://127.0.0.1:18555/charts";
        let mut b = dep("b", ">=0.1.0", u);
        b.alias = "bee".into();
        b.condition = "bee.enabled".into();
        b.tags = vec!["x".into(), "y<z".into()];
        let mut c = dep("c", "*", u);
        let mut m = rudder_gotmpl::Map::new();
        m.insert("parent".into(), Value::str("b"));
        m.insert("child".into(), Value::str("a"));
        c.import_values = vec![Value::map(m), Value::str("data")];
        let req = vec![dep("a", "^0.1.0", u), b, c];
        let lock = vec![
            dep("a", "0.1.0", u),
            dep("b", "1.2.3", u),
            dep("c", "2.0.0", u),
        ];
        let want = r#"[[{"name":"a","version":"^0.1.0","repository":"http://127.0.0.1:18555/charts"},{"name":"b","version":"\u003e=0.1.0","repository":"http://127.0.0.1:18555/charts","condition":"bee.enabled","tags":["x","y\u003cz"],"alias":"bee"},{"name":"c","version":"*","repository":"http://127.0.0.1:18555/charts","import-values":[{"child":"a","parent":"b"},"data"]}],[{"name":"a","version":"0.1.0","repository":"http://127.0.0.1:18555/charts"},{"name":"b","version":"1.2.3","repository":"http://127.0.0.1:18555/charts"},{"name":"c","version":"2.0.0","repository":"http://127.0.0.1:18555/charts"}]]"#;
        assert_eq!(json(&req, &lock), want);
        // What helm 4.1.4 wrote into Chart.lock for this chart.
        assert_eq!(
            hash_req(&req, &lock),
            "sha256:b1c9a92014f71e0d038e256b67e98fd06676be425040f33730d1cb21aa09e33a"
        );
    }

    #[test]
    fn same_digest_as_helm() {
        let mut b = dep("b", "0.1.0", "http://127.0.0.1:18181");
        b.condition = "bee.enabled".into();
        b.tags = vec!["x".into()];
        b.alias = "bee".into();
        let req = vec![
            dep("a", "^0.1.0", "http://127.0.0.1:18181/"),
            b,
            dep("loc", ">=0.0.1", "file://../loc"),
        ];
        let lock = vec![
            dep("a", "0.1.0", "http://127.0.0.1:18181/"),
            dep("b", "0.1.0", "http://127.0.0.1:18181"),
            dep("loc", "0.1.0", "file://../loc"),
        ];
        assert_eq!(
            hash_req(&req, &lock),
            "sha256:cd977cbcb7de80541831f07fd0b22e417c6f20c0ed94c60f6e966cfc80ba27b5"
        );
    }

    /// Helm 2's digest of a requirements.yaml (as Go marshals `{"dependencies": [...]}`).
    #[test]
    fn helm_2_digest() {
        assert_eq!(
            hash_v2_req(&[dep("a", "*", "@myrepo")]),
            "sha256:c0dd84c37a5ea8df6f8a43600db3d21e89f1f6ec9bfec041d6a5674c16019bd2"
        );
    }
}

//! The JSON fields of helm's `chart.Metadata` (with its `Maintainer` and `Dependency`), for
//! readers that decode strictly (`yaml.UnmarshalStrict`, an index's strict load): the first
//! key the structs lack is the error.

use rudder_gotmpl::{Map, Value};

pub const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];
pub const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];
pub const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];

/// Go's decoders match keys to fields case-insensitively.
fn is_field(key: &str, fields: &[&str]) -> bool {
    fields.iter().any(|f| f.eq_ignore_ascii_case(key))
}

/// The first key (in JSON's sorted order, depth first) of a metadata map that is neither a
/// metadata field nor one of `extra`, looking into maintainers and dependencies.
pub fn unknown_metadata_field(fields: &Map, extra: &[&str]) -> Option<String> {
    let mut keys: Vec<&String> = fields.keys().collect();
    keys.sort();
    keys.into_iter().find_map(|key| {
        if !is_field(key, METADATA_FIELDS) && !is_field(key, extra) {
            return Some(key.clone());
        }
        let inner = if key.eq_ignore_ascii_case("maintainers") {
            MAINTAINER_FIELDS
        } else if key.eq_ignore_ascii_case("dependencies") {
            DEPENDENCY_FIELDS
        } else {
            return None;
        };
        fields[key.as_str()]
            .as_list()?
            .items
            .iter()
            .filter_map(Value::as_map)
            .find_map(|item| unknown_key(&item.borrow(), inner))
    })
}

fn unknown_key(fields: &Map, known: &[&str]) -> Option<String> {
    let mut keys: Vec<&String> = fields.keys().collect();
    keys.sort();
    keys.into_iter().find(|k| !is_field(k, known)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_unknown_key_depth_first() {
        let doc = rudder_yaml::parse_document(
            "name: a\nzz: 1\nmaintainers:\n  - name: x\n    phone: 1\nurls: []\n",
        )
        .unwrap();
        let map = doc.as_map().unwrap().borrow().clone();
        assert_eq!(unknown_metadata_field(&map, &[]).as_deref(), Some("phone"));
        assert_eq!(
            unknown_metadata_field(&map, &["urls"]).as_deref(),
            Some("phone")
        );
        let doc = rudder_yaml::parse_document("Name: a\nurls: []\n").unwrap();
        let map = doc.as_map().unwrap().borrow().clone();
        assert_eq!(unknown_metadata_field(&map, &["urls"]), None);
        assert_eq!(unknown_metadata_field(&map, &[]).as_deref(), Some("urls"));
    }
}

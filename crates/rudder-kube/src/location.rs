//! Schema locations as kubeconform takes them (`-schema-location`, pkg/registry/registry.go
//! `New`): `default` (here the bundled schemas), a folder or URL laid out as
//! kubernetes-json-schema (`<folder>/vX.Y.Z-standalone[-strict]/<kind>-<group>-<version>.json`),
//! or a path or URL template with Go template fields (`{{ .ResourceKind }}`,
//! `{{ .ResourceAPIVersion }}`, `{{ .Group }}`, `{{ .KindSuffix }}`,
//! `{{ .NormalizedKubernetesVersion }}`, `{{ .StrictSuffix }}`). A location starting with
//! `http` is downloaded ([`crate::download`]), anything else is read from files.

use std::rc::Rc;
use std::sync::Arc;

use rudder_gotmpl::{ExecOptions, FuncMap, Map, Templates, Value as Data};

use crate::disk_cache::DiskCache;
use crate::download::Downloads;

/// kubeconform's layout under a folder given without a file pattern.
const FOLDER_LAYOUT: &str =
    "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// The schemas bundled in the binary.
    Bundled,
    /// A path template for local schema files.
    Files(String),
    /// A URL template for schemas to download.
    Http(String),
}

impl Location {
    /// A `-schema-location` value; the template is checked once here, as kubeconform does.
    pub fn parse(s: &str) -> Result<Location, String> {
        if s == "default" {
            return Ok(Location::Bundled);
        }
        let template = if s.ends_with("json") {
            s.to_string()
        } else {
            format!("{s}{FOLDER_LAYOUT}")
        };
        let fields = Fields::new("Deployment", "v1", "master", true);
        fields
            .render(&template)
            .map_err(|e| format!("failed initialising schema location registry: {e}"))?;
        // kubeconform's test is the prefix `http`, so `httpdocs/` is a URL to it too.
        if template.starts_with("http") {
            Ok(Location::Http(template))
        } else {
            Ok(Location::Files(template))
        }
    }

    /// The `-schema-location` values and the `-cache` folder (none when empty), checked in
    /// kubeconform's order: it checks the folder after each location's template, and once more
    /// after all of them (for its default location).
    pub fn parse_all(
        values: &[String],
        cache: Option<&str>,
    ) -> Result<(Vec<Location>, Option<DiskCache>), String> {
        let open = || {
            cache
                .filter(|c| !c.is_empty())
                .map(DiskCache::open)
                .transpose()
        };
        let mut locations = Vec::new();
        for value in values {
            locations.push(Location::parse(value)?);
            open()?;
        }
        Ok((locations, open()?))
    }
}

/// Where schemas are searched: the locations in order, and what downloads the remote ones.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// Empty means the bundled schemas.
    pub locations: Vec<Location>,
    /// Needed by [`Location::Http`] locations.
    pub downloads: Option<Arc<Downloads>>,
}

/// The values a location template can use, for one resource.
pub struct Fields {
    pub normalized_version: String,
    pub strict_suffix: &'static str,
    pub resource_kind: String,
    pub resource_api_version: String,
    pub group: String,
    pub kind_suffix: String,
}

impl Fields {
    /// kubeconform's values for `kind` of `api_version` (`apps/v1`) at `version` (`master` or
    /// `vX.Y.Z`... given normalised).
    pub fn new(kind: &str, api_version: &str, normalized_version: &str, strict: bool) -> Fields {
        let group_parts: Vec<&str> = api_version.split('/').collect();
        let group = group_parts[0];
        let first = group.split('.').next().unwrap_or("");
        let mut kind_suffix = format!("-{}", first.to_lowercase());
        if let Some(v) = group_parts.get(1) {
            kind_suffix.push('-');
            kind_suffix.push_str(&v.to_lowercase());
        }
        Fields {
            normalized_version: normalized_version.to_string(),
            strict_suffix: if strict { "-strict" } else { "" },
            resource_kind: kind.to_lowercase(),
            resource_api_version: group_parts[group_parts.len() - 1].to_string(),
            group: group.to_string(),
            kind_suffix,
        }
    }

    /// The template executed with these values, as Go's text/template does.
    pub fn render(&self, template: &str) -> Result<String, String> {
        let mut t = Templates::new("tpl", Rc::new(FuncMap::new()));
        t.parse("tpl", template).map_err(|e| e.to_string())?;
        let mut m = Map::new();
        for (k, v) in [
            (
                "NormalizedKubernetesVersion",
                self.normalized_version.as_str(),
            ),
            ("StrictSuffix", self.strict_suffix),
            ("ResourceKind", &self.resource_kind),
            ("ResourceAPIVersion", &self.resource_api_version),
            ("Group", &self.group),
            ("KindSuffix", &self.kind_suffix),
        ] {
            m.insert(k.to_string(), Data::str(v));
        }
        let opts = ExecOptions {
            max_steps: Some(100_000),
        };
        t.execute("tpl", &Data::map(m), &opts)
            .map_err(|e| e.to_string())
    }

    /// The API group's first label as kind suffixes name it (`apps`, `rbac`; `v1` for the
    /// core group).
    pub fn group_first(&self) -> &str {
        let rest = self.kind_suffix.trim_start_matches('-');
        rest.split('-').next().unwrap_or(rest)
    }

    /// kubernetes-validate's file stem for the bundled schema (`deployment-apps-v1`).
    pub fn bundled_stem(&self) -> String {
        format!("{}{}", self.resource_kind, self.kind_suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_as_kubeconform() {
        let f = Fields::new(
            "ClusterRole",
            "rbac.authorization.k8s.io/v1",
            "v1.30.0",
            true,
        );
        assert_eq!(f.kind_suffix, "-rbac-v1");
        assert_eq!(f.bundled_stem(), "clusterrole-rbac-v1");
        assert_eq!(f.group, "rbac.authorization.k8s.io");
        assert_eq!(f.resource_api_version, "v1");
        let core = Fields::new("Service", "v1", "master", false);
        assert_eq!(core.bundled_stem(), "service-v1");
        assert_eq!(core.group, "v1");
        assert_eq!((f.group_first(), core.group_first()), ("rbac", "v1"));
        let Location::Files(t) = Location::parse("schemas").unwrap() else {
            panic!()
        };
        assert_eq!(
            f.render(&t).unwrap(),
            "schemas/v1.30.0-standalone-strict/clusterrole-rbac-v1.json"
        );
        assert_eq!(
            f.render("x/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")
                .unwrap(),
            "x/rbac.authorization.k8s.io/clusterrole_v1.json"
        );
        assert_eq!(Location::parse("default").unwrap(), Location::Bundled);
        assert!(Location::parse("x/{{ .Nope")
            .unwrap_err()
            .contains("failed initialising"));
    }

    #[test]
    fn urls_as_kubeconform() {
        let datree = "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json";
        assert_eq!(
            Location::parse(datree).unwrap(),
            Location::Http(datree.into())
        );
        // Not ending in `json`: kubernetes-json-schema's layout under the URL.
        assert_eq!(
            Location::parse("http://127.0.0.1:8080/schemas").unwrap(),
            Location::Http(format!("http://127.0.0.1:8080/schemas{FOLDER_LAYOUT}"))
        );
        // registry.go tests the prefix `http`, not a scheme.
        assert!(matches!(
            Location::parse("httpdocs/{{ .ResourceKind }}.json").unwrap(),
            Location::Http(_)
        ));
        let f = Fields::new("Widget", "example.com/v1", "v1.30.0", false);
        assert_eq!(
            f.render(datree).unwrap(),
            "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/example.com/widget_v1.json"
        );
        assert!(Location::parse("https://x/{{ .Nope")
            .unwrap_err()
            .starts_with("failed initialising schema location registry: template: tpl:1:"));
    }

    #[test]
    fn the_cache_folder_is_checked_after_each_location() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().to_string_lossy().into_owned();
        let missing = format!("{folder}/none");
        let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (locations, cache) =
            Location::parse_all(&values(&["default", "http://h/x.json"]), Some(&folder)).unwrap();
        assert_eq!(locations.len(), 2);
        assert!(cache.is_some());
        assert!(Location::parse_all(&[], Some("")).unwrap().1.is_none());
        // No location: checked all the same.
        let no_cache = Location::parse_all(&[], Some(&missing)).unwrap_err();
        assert!(
            no_cache.starts_with("failed opening cache folder"),
            "{no_cache}"
        );
        // A bad first template is reported before the folder, a bad second one after it.
        let first = Location::parse_all(&values(&["x/{{ .Nope", "default"]), Some(&missing));
        assert!(first.unwrap_err().starts_with("failed initialising"));
        let second = Location::parse_all(&values(&["default", "x/{{ .Nope"]), Some(&missing));
        assert!(second
            .unwrap_err()
            .starts_with("failed opening cache folder"));
    }
}

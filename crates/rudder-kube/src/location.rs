//! Schema locations as kubeconform takes them (`-schema-location`): `default` (here the
//! bundled schemas), a folder laid out as kubernetes-json-schema (`<folder>/vX.Y.Z-standalone
//! [-strict]/<kind>-<group>-<version>.json`), or a file path template with Go template fields
//! (`{{ .ResourceKind }}`, `{{ .ResourceAPIVersion }}`, `{{ .Group }}`, `{{ .KindSuffix }}`,
//! `{{ .NormalizedKubernetesVersion }}`, `{{ .StrictSuffix }}`).

use std::rc::Rc;

use rudder_gotmpl::{ExecOptions, FuncMap, Map, Templates, Value as Data};

/// kubeconform's layout under a folder given without a file pattern.
const FOLDER_LAYOUT: &str =
    "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// The schemas bundled in the binary.
    Bundled,
    /// A path template for local schema files.
    Files(String),
}

impl Location {
    /// A `-schema-location` value; the template is checked once here, as kubeconform does.
    pub fn parse(s: &str) -> Result<Location, String> {
        if s == "default" {
            return Ok(Location::Bundled);
        }
        if s.starts_with("http://") || s.starts_with("https://") {
            return Err(format!(
                "failed initialising schema location registry: {s}: rudder validates offline and does not download schemas; download them into a folder and give its path"
            ));
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
        Ok(Location::Files(template))
    }
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
}

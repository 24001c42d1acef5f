//! Schemas for custom resources, from the `CustomResourceDefinition`s of the same run: each
//! served version's `openAPIV3Schema` turned into a JSON schema as kubeconform's
//! openapi2jsonschema does (int-or-string as a choice of the two types), plus what the
//! structural-schema extensions mean (`nullable`, `x-kubernetes-preserve-unknown-fields`).

use std::collections::BTreeMap;

use rudder_jsonschema::Value;

use crate::json::{object, str_at};

/// Custom resource schemas by (kind, apiVersion).
#[derive(Default, Clone)]
pub struct CrdSchemas {
    by_kind: BTreeMap<(String, String), (String, Value)>,
}

/// OpenAPI v3 schemas are draft-4 shaped; kubeconform compiles schemas without `$schema` as
/// draft 4 too.
pub const DRAFT4: &str = "http://json-schema.org/draft-04/schema#";

impl CrdSchemas {
    /// Adds the schemas of `crd` (any object: only CustomResourceDefinitions count); `origin`
    /// names it in schema URLs.
    pub fn add(&mut self, crd: &Value, origin: &str) {
        if str_at(crd, &["kind"]) != Some("CustomResourceDefinition")
            || !str_at(crd, &["apiVersion"]).is_some_and(|v| v.starts_with("apiextensions.k8s.io/"))
        {
            return;
        }
        let (Some(group), Some(kind)) = (
            str_at(crd, &["spec", "group"]),
            str_at(crd, &["spec", "names", "kind"]),
        ) else {
            return;
        };
        let spec = crd.get("spec");
        let shared = spec
            .and_then(|s| s.get("validation"))
            .and_then(|v| v.get("openAPIV3Schema"));
        let mut versions: Vec<(String, Option<&Value>)> = Vec::new();
        if let Some(Value::Array(list)) = spec.and_then(|s| s.get("versions")) {
            for v in list {
                if let Some(name) = str_at(v, &["name"]) {
                    let own = v.get("schema").and_then(|s| s.get("openAPIV3Schema"));
                    versions.push((name.to_string(), own.or(shared)));
                }
            }
        } else if let Some(name) = str_at(crd, &["spec", "version"]) {
            versions.push((name.to_string(), shared));
        }
        for (version, schema) in versions {
            let Some(schema) = schema else { continue };
            let api_version = format!("{group}/{version}");
            let url = format!(
                "file:///{}/{}.{group}_{version}.json",
                origin.trim_start_matches('/'),
                kind.to_lowercase()
            );
            let mut doc = convert(schema);
            if let Value::Object(o) = &mut doc {
                o.entry("$schema".to_string())
                    .or_insert_with(|| Value::String(DRAFT4.into()));
            }
            self.by_kind
                .insert((kind.to_string(), api_version), (url, doc));
        }
    }

    /// The schema for `kind` of `api_version` and the URL it is known by, if a CRD gave one.
    pub fn get(&self, kind: &str, api_version: &str) -> Option<&(String, Value)> {
        self.by_kind
            .get(&(kind.to_string(), api_version.to_string()))
    }

    pub fn is_empty(&self) -> bool {
        self.by_kind.is_empty()
    }
}

/// The OpenAPI schema as JSON Schema.
fn convert(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            if o.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true))
                || o.get("format").and_then(Value::as_str) == Some("int-or-string")
            {
                let mut choices = vec![
                    object([("type", Value::String("string".into()))]),
                    object([("type", Value::String("integer".into()))]),
                ];
                if o.get("nullable") == Some(&Value::Bool(true)) {
                    choices.push(object([("type", Value::String("null".into()))]));
                }
                return object([("oneOf", Value::Array(choices))]);
            }
            let mut out: BTreeMap<String, Value> =
                o.iter().map(|(k, x)| (k.clone(), convert(x))).collect();
            if o.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = o.get("type") {
                    out.insert(
                        "type".into(),
                        Value::Array(vec![Value::String(t.clone()), Value::String("null".into())]),
                    );
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
        other => other.clone(),
    }
}

/// Strict mode for a CRD schema: objects with `properties` take no other fields unless the
/// schema keeps unknown fields (`x-kubernetes-preserve-unknown-fields`).
pub fn strict(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let add = o.contains_key("properties")
                && !o.contains_key("additionalProperties")
                && o.get("x-kubernetes-preserve-unknown-fields") != Some(&Value::Bool(true));
            for x in o.values_mut() {
                strict(x);
            }
            if add {
                o.insert("additionalProperties".into(), Value::Bool(false));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strict),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Value {
        rudder_jsonschema::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn versions_of_a_crd() {
        let crd = parse(
            r#"{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
            "spec":{"group":"example.com","names":{"kind":"Widget"},"versions":[
              {"name":"v1","schema":{"openAPIV3Schema":{"type":"object","properties":{"size":{"x-kubernetes-int-or-string":true},"note":{"type":"string","nullable":true}}}}},
              {"name":"v2"}]}}"#,
        );
        let mut s = CrdSchemas::default();
        s.add(&crd, "crds.yaml");
        let (url, schema) = s.get("Widget", "example.com/v1").unwrap();
        assert_eq!(url, "file:///crds.yaml/widget.example.com_v1.json");
        assert_eq!(
            schema,
            &parse(
                r#"{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"size":{"oneOf":[{"type":"string"},{"type":"integer"}]},"note":{"type":["string","null"],"nullable":true}}}"#
            )
        );
        assert!(s.get("Widget", "example.com/v2").is_none());
    }
}

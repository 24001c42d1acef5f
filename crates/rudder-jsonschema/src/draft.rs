//! The drafts: their `$schema` URLs, where subschemas sit, and their meta-schemas (taken from the
//! `referencing` crate and parsed only when a schema of that draft is compiled).

use std::sync::{Arc, OnceLock};

use crate::json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Draft {
    D4 = 4,
    D6 = 6,
    D7 = 7,
    D2019 = 2019,
    D2020 = 2020,
}

impl Draft {
    /// The canonical meta-schema URL.
    pub fn url(self) -> &'static str {
        match self {
            Draft::D4 => "http://json-schema.org/draft-04/schema",
            Draft::D6 => "http://json-schema.org/draft-06/schema",
            Draft::D7 => "http://json-schema.org/draft-07/schema",
            Draft::D2019 => "https://json-schema.org/draft/2019-09/schema",
            Draft::D2020 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    /// The draft a `$schema` value names (either scheme, empty fragment allowed).
    pub fn from_url(url: &str) -> Option<Draft> {
        let (u, frag) = crate::url::split(url);
        if !frag.is_empty() {
            return None;
        }
        let u = u
            .strip_prefix("http://")
            .or_else(|| u.strip_prefix("https://"))
            .unwrap_or(u);
        Some(match u {
            "json-schema.org/schema" | "json-schema.org/draft/2020-12/schema" => Draft::D2020,
            "json-schema.org/draft/2019-09/schema" => Draft::D2019,
            "json-schema.org/draft-07/schema" => Draft::D7,
            "json-schema.org/draft-06/schema" => Draft::D6,
            "json-schema.org/draft-04/schema" => Draft::D4,
            _ => return None,
        })
    }

    /// The keyword holding a schema's id.
    pub fn id_keyword(self) -> &'static str {
        if self == Draft::D4 {
            "id"
        } else {
            "$id"
        }
    }

    /// The id of a schema object, without fragment (drafts before 2019 ignore it next to `$ref`).
    pub fn id_of(self, obj: &Value) -> Option<&str> {
        if self < Draft::D2019 && obj.get("$ref").is_some() {
            return None;
        }
        let id = obj.get(self.id_keyword())?.as_str()?;
        let id = crate::url::split(id).0;
        (!id.is_empty()).then_some(id)
    }

    /// Keywords whose value is a schema, a map of schemas (`*`), or a list of schemas (`[]`).
    pub fn subschema_keywords(self) -> &'static [(&'static str, Shape)] {
        use Shape::*;
        const D4: &[(&str, Shape)] = &[
            ("definitions", Map),
            ("not", One),
            ("allOf", List),
            ("anyOf", List),
            ("oneOf", List),
            ("properties", Map),
            ("additionalProperties", One),
            ("patternProperties", Map),
            ("items", OneOrList),
            ("additionalItems", One),
            ("dependencies", Map),
        ];
        const D6: &[(&str, Shape)] = &[("propertyNames", One), ("contains", One)];
        const D7: &[(&str, Shape)] = &[("if", One), ("then", One), ("else", One)];
        const D2019: &[(&str, Shape)] = &[
            ("$defs", Map),
            ("dependentSchemas", Map),
            ("unevaluatedProperties", One),
            ("unevaluatedItems", One),
            ("contentSchema", One),
        ];
        const D2020: &[(&str, Shape)] = &[("prefixItems", List)];
        static ALL: OnceLock<[Vec<(&str, Shape)>; 5]> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            let mut acc = Vec::new();
            let mut out: [Vec<(&str, Shape)>; 5] = Default::default();
            for (i, part) in [D4, D6, D7, D2019, D2020].iter().enumerate() {
                acc.extend_from_slice(part);
                out[i] = acc.clone();
            }
            out
        });
        let i = match self {
            Draft::D4 => 0,
            Draft::D6 => 1,
            Draft::D7 => 2,
            Draft::D2019 => 3,
            Draft::D2020 => 4,
        };
        &all[i]
    }

    /// The meta-schema documents a draft's meta-schema uses, by URL (the first is its own).
    pub fn meta_urls(self) -> &'static [&'static str] {
        match self {
            Draft::D4 => &["http://json-schema.org/draft-04/schema"],
            Draft::D6 => &["http://json-schema.org/draft-06/schema"],
            Draft::D7 => &["http://json-schema.org/draft-07/schema"],
            Draft::D2019 => &[
                "https://json-schema.org/draft/2019-09/schema",
                "https://json-schema.org/draft/2019-09/meta/core",
                "https://json-schema.org/draft/2019-09/meta/applicator",
                "https://json-schema.org/draft/2019-09/meta/validation",
                "https://json-schema.org/draft/2019-09/meta/meta-data",
                "https://json-schema.org/draft/2019-09/meta/format",
                "https://json-schema.org/draft/2019-09/meta/content",
            ],
            Draft::D2020 => &[
                "https://json-schema.org/draft/2020-12/schema",
                "https://json-schema.org/draft/2020-12/meta/core",
                "https://json-schema.org/draft/2020-12/meta/applicator",
                "https://json-schema.org/draft/2020-12/meta/unevaluated",
                "https://json-schema.org/draft/2020-12/meta/validation",
                "https://json-schema.org/draft/2020-12/meta/meta-data",
                "https://json-schema.org/draft/2020-12/meta/format-annotation",
                "https://json-schema.org/draft/2020-12/meta/content",
            ],
        }
    }
}

/// How a keyword holds subschemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    One,
    Map,
    List,
    OneOrList,
}

/// A meta-schema document by URL (`http` or `https`, `json-schema.org/schema` = latest).
pub fn meta_document(url: &str) -> Option<Arc<Value>> {
    let rest = url
        .strip_prefix("http://json-schema.org/")
        .or_else(|| url.strip_prefix("https://json-schema.org/"))?;
    let rest = if rest == "schema" {
        "draft/2020-12/schema"
    } else {
        rest
    };
    use referencing::meta as m;
    let (slot, source): (usize, &serde_json::Value) = match rest {
        "draft-04/schema" => (0, &m::DRAFT4),
        "draft-06/schema" => (1, &m::DRAFT6),
        "draft-07/schema" => (2, &m::DRAFT7),
        "draft/2019-09/schema" => (3, &m::DRAFT201909),
        "draft/2019-09/meta/core" => (4, &m::DRAFT201909_CORE),
        "draft/2019-09/meta/applicator" => (5, &m::DRAFT201909_APPLICATOR),
        "draft/2019-09/meta/validation" => (6, &m::DRAFT201909_VALIDATION),
        "draft/2019-09/meta/meta-data" => (7, &m::DRAFT201909_META_DATA),
        "draft/2019-09/meta/format" => (8, &m::DRAFT201909_FORMAT),
        "draft/2019-09/meta/content" => (9, &m::DRAFT201909_CONTENT),
        "draft/2020-12/schema" => (10, &m::DRAFT202012),
        "draft/2020-12/meta/core" => (11, &m::DRAFT202012_CORE),
        "draft/2020-12/meta/applicator" => (12, &m::DRAFT202012_APPLICATOR),
        "draft/2020-12/meta/unevaluated" => (13, &m::DRAFT202012_UNEVALUATED),
        "draft/2020-12/meta/validation" => (14, &m::DRAFT202012_VALIDATION),
        "draft/2020-12/meta/meta-data" => (15, &m::DRAFT202012_META_DATA),
        "draft/2020-12/meta/format-annotation" => (16, &m::DRAFT202012_FORMAT_ANNOTATION),
        "draft/2020-12/meta/format-assertion" => (17, &m::DRAFT202012_FORMAT_ASSERTION),
        "draft/2020-12/meta/content" => (18, &m::DRAFT202012_CONTENT),
        _ => return None,
    };
    static CACHE: [OnceLock<Arc<Value>>; 19] = [const { OnceLock::new() }; 19];
    Some(
        CACHE[slot]
            .get_or_init(|| {
                let mut v = Value::from(source);
                patch(slot, &mut v);
                Arc::new(v)
            })
            .clone(),
    )
}

/// santhosh-tekuri embeds slightly different copies of the draft 4 to 7 meta-schemas than the
/// published ones `referencing` carries; these edits make them behave the same.
fn patch(slot: usize, v: &mut Value) {
    let Value::Object(root) = v else { return };
    if slot == 0 {
        root.remove("id");
    }
    let Some(Value::Object(props)) = root.get_mut("properties") else {
        return;
    };
    if slot <= 2 {
        if let Some(Value::Object(e)) = props.get_mut("enum") {
            e.insert(
                "minItems".into(),
                Value::Number(crate::number::Number::from_i64(1)),
            );
            e.insert("uniqueItems".into(), Value::Bool(true));
        }
    }
    let string = || {
        Value::Object(
            [("type".to_string(), Value::String("string".into()))]
                .into_iter()
                .collect(),
        )
    };
    match slot {
        0 => {
            props.insert("$ref".into(), string());
            if let Some(Value::Object(s)) = props.get_mut("$schema") {
                s.insert("format".into(), Value::String("uri".into()));
            }
        }
        1 => {
            props.remove("examples");
            if let Some(Value::Object(p)) = props.get_mut("patternProperties") {
                p.remove("propertyNames");
            }
        }
        _ => {}
    }
}

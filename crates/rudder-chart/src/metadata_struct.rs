//! `.Chart` as helm 3 gives it to templates: `struct { chart.Metadata; IsRoot bool }`, the
//! loaded metadata (text fields sanitised by its validation) with the dependencies as
//! processed. helm 4 gives a map instead ([`Metadata::to_value`]).

use std::rc::Rc;

use rudder_gotmpl::{SliceType, Value};

use crate::go_struct::{Field, Struct};
use crate::metadata::{annotations_value, field, sanitize, str_field, Dependency, Metadata};

const MAINTAINERS: SliceType = SliceType::Named("[]*chart.Maintainer");
const DEPENDENCIES: SliceType = SliceType::Named("[]*chart.Dependency");

impl Metadata {
    /// helm 3's `.Chart` for this chart.
    pub fn to_struct_value(&self, is_root: bool, dependencies: &[Dependency]) -> Value {
        let metadata = Field {
            go: "Metadata",
            json: None,
            omitempty: false,
            value: object("chart.Metadata", self.struct_fields(dependencies)),
        };
        object(
            "struct { chart.Metadata; IsRoot bool }",
            vec![
                metadata,
                Field::always("IsRoot", "IsRoot", Value::Bool(is_root)),
            ],
        )
    }

    fn struct_fields(&self, dependencies: &[Dependency]) -> Vec<Field> {
        let raw = self.raw();
        let text = |key: &str| Value::string(sanitize(&str_field(raw.get(key))));
        let texts = |key: &str| strings(raw.get(key));
        let maintainers = match raw.get("maintainers") {
            Some(Value::List(l)) => {
                Value::typed_list(MAINTAINERS, l.items.iter().map(maintainer).collect())
            }
            _ => Value::nil_list(MAINTAINERS),
        };
        let annotations = annotations_value(raw.get("annotations"));
        let dependencies = if dependencies.is_empty() && raw.get("dependencies").is_none() {
            Value::nil_list(DEPENDENCIES)
        } else {
            Value::typed_list(DEPENDENCIES, dependencies.iter().map(dependency).collect())
        };
        let f = Field::omitempty;
        vec![
            f("Name", "name", Value::string(sanitize(&self.name))),
            f("Home", "home", text("home")),
            f("Sources", "sources", texts("sources")),
            f("Version", "version", Value::string(self.version.clone())),
            f("Description", "description", text("description")),
            f("Keywords", "keywords", texts("keywords")),
            f("Maintainers", "maintainers", maintainers),
            f("Icon", "icon", text("icon")),
            f(
                "APIVersion",
                "apiVersion",
                Value::string(self.api_version.clone()),
            ),
            f("Condition", "condition", text("condition")),
            f("Tags", "tags", text("tags")),
            f("AppVersion", "appVersion", text("appVersion")),
            f(
                "Deprecated",
                "deprecated",
                Value::Bool(self.is_deprecated()),
            ),
            f("Annotations", "annotations", annotations),
            f("KubeVersion", "kubeVersion", text("kubeVersion")),
            f("Dependencies", "dependencies", dependencies),
            f("Type", "type", Value::string(self.chart_type.clone())),
        ]
    }
}

fn object(type_name: &'static str, fields: Vec<Field>) -> Value {
    Value::Object(Rc::new(Struct {
        type_name,
        fields,
        yaml_tags: false,
    }))
}

/// A sanitised `[]string` field: nil when Chart.yaml has none.
fn strings(v: Option<&Value>) -> Value {
    match v {
        Some(Value::List(l)) => Value::typed_list(
            SliceType::String,
            l.items
                .iter()
                .map(|x| Value::string(sanitize(&str_field(Some(x)))))
                .collect(),
        ),
        _ => Value::nil_list(SliceType::String),
    }
}

/// A `*chart.Maintainer` (sanitised, as its validation leaves it).
fn maintainer(m: &Value) -> Value {
    let text = |key: &str| Value::string(sanitize(&str_field(field(m, key).as_ref())));
    object(
        "*chart.Maintainer",
        vec![
            Field::omitempty("Name", "name", text("name")),
            Field::omitempty("Email", "email", text("email")),
            Field::omitempty("URL", "url", text("url")),
        ],
    )
}

/// A `*chart.Dependency` (sanitised, as its validation leaves it).
fn dependency(d: &Dependency) -> Value {
    let tags = if d.tags.is_empty() {
        Value::nil_list(SliceType::String)
    } else {
        Value::typed_list(
            SliceType::String,
            d.tags.iter().map(|t| Value::string(sanitize(t))).collect(),
        )
    };
    let import_values = if d.import_values.is_empty() {
        Value::nil_list(SliceType::Any)
    } else {
        Value::list(d.import_values.clone())
    };
    let text = |s: &str| Value::string(sanitize(s));
    // The one type of these whose fields have yaml tags (the json ones).
    Value::Object(Rc::new(Struct {
        type_name: "*chart.Dependency",
        yaml_tags: true,
        fields: vec![
            Field::always("Name", "name", text(&d.name)),
            Field::omitempty("Version", "version", text(&d.version)),
            Field::always("Repository", "repository", text(&d.repository)),
            Field::omitempty("Condition", "condition", text(&d.condition)),
            Field::omitempty("Tags", "tags", tags),
            Field::omitempty("Enabled", "enabled", Value::Bool(d.enabled)),
            Field::omitempty("ImportValues", "import-values", import_values),
            Field::omitempty("Alias", "alias", Value::string(d.alias.clone())),
        ],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rudder_gotmpl::fmt::sprintf;

    fn chart(text: &str) -> Value {
        let md = Metadata::parse(text).unwrap();
        md.to_struct_value(true, &md.dependencies)
    }

    // helm v3.17.2, `printf "%#v" .Chart` of a minimal chart.
    #[test]
    fn a_minimal_chart_has_nil_lists_and_maps() {
        let c = chart("apiVersion: v2\nname: t\nversion: 0.1.0\n");
        assert_eq!(
            sprintf("%#v", std::slice::from_ref(&c)),
            "struct { chart.Metadata; IsRoot bool }{Metadata:chart.Metadata{Name:\"t\", Home:\"\", \
             Sources:[]string(nil), Version:\"0.1.0\", Description:\"\", Keywords:[]string(nil), \
             Maintainers:[]*chart.Maintainer(nil), Icon:\"\", APIVersion:\"v2\", Condition:\"\", \
             Tags:\"\", AppVersion:\"\", Deprecated:false, Annotations:map[string]string(nil), \
             KubeVersion:\"\", Dependencies:[]*chart.Dependency(nil), Type:\"\"}, IsRoot:true}"
        );
        assert_eq!(
            sprintf("%v", &[c]),
            "{{t  [] 0.1.0  [] []  v2    false map[]  [] } true}"
        );
    }

    #[test]
    fn maintainers_are_pointers_sanitised() {
        let c = chart("name: t\nversion: 1.0.0\nmaintainers:\n- name: \"a\\tb\"\n");
        let Value::Object(o) = c else { unreachable!() };
        let Some(Value::List(l)) = o.field("Maintainers") else {
            panic!("no maintainers")
        };
        assert_eq!(sprintf("%v", std::slice::from_ref(&l.items[0])), "&{a b  }");
    }
}

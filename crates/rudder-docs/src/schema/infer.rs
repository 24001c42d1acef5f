//! The schema of a values tree: each key's type from its value, its description from its
//! helm-docs comment, its `@schema` annotations applied.
//!
//! Inference: a mapping is an `object` with `properties` (in the file's order, YAML merge
//! keys `<<` expanded, explicit keys first), a list an `array` whose `items` merge its
//! items' schemas, scalars `string`, `integer`, `number` or `boolean` as helm's YAML 1.1
//! reader resolves them (`yes` is a boolean), since helm validates what it reads. A null, and the items of an empty list, get no `type`: any value fits
//! until an annotation (or a helm-docs `# -- (type)`, which also admits `null`) says which.
//! Nothing is `required` and no object closes its properties unless annotated, so a
//! schema never refuses what its annotations allow.

use std::collections::HashMap;

use super::annotation::{self, Problem};
use super::keywords::{interpret, Keywords};
use crate::comment::{node_description, Description};
use crate::json::Json;
use crate::rows::child_key;
use crate::tree::{Kind, Node, ScalarTag};
use rudder_yaml::read::Scalar;

pub type Object = Vec<(String, Json)>;

pub struct Walk<'t> {
    pub lines: Vec<&'t str>,
    /// `# key.path -- text` descriptions, by helm-docs key.
    pub keyed: HashMap<String, Description>,
}

/// A key's schema and whether its parent requires it.
pub struct Built {
    pub schema: Object,
    pub required: bool,
}

fn get<'o>(object: &'o Object, key: &str) -> Option<&'o Json> {
    object.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn set(object: &mut Object, key: &str, value: Json) {
    match object.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => object.push((key.to_string(), value)),
    }
}

/// A mapping's entries with `<<` merge keys expanded: merged keys sit where the `<<` was,
/// and a key written in the mapping wins over a merged one.
fn entries(value: &Node) -> Vec<(&Node, &Node)> {
    let Kind::Mapping(own) = &value.kind else {
        return Vec::new();
    };
    let written = |name: &str| own.iter().any(|(k, _)| k.scalar_text() == Some(name));
    let mut out: Vec<(&Node, &Node)> = Vec::new();
    for (k, v) in own {
        if k.scalar_text() != Some("<<") {
            out.push((k, v));
            continue;
        }
        let sources: Vec<&Node> = match &v.kind {
            Kind::Sequence(items) => items.iter().collect(),
            _ => vec![v],
        };
        for source in sources {
            for (mk, mv) in entries(source) {
                let name = mk.scalar_text().unwrap_or_default();
                if !written(name) && !out.iter().any(|(o, _)| o.scalar_text() == Some(name)) {
                    out.push((mk, mv));
                }
            }
        }
    }
    out
}

/// The JSON type of a helm-docs `# -- (type)` name, as dadav's helm-schema maps them.
fn helm_docs_type(name: &str) -> Option<&'static str> {
    Some(match name.trim() {
        "object" | "map" | "dict" => "object",
        "list" | "array" | "slice" => "array",
        "string" | "tpl" => "string",
        "int" | "integer" => "integer",
        "float" | "number" => "number",
        "bool" | "boolean" => "boolean",
        _ => return None,
    })
}

/// A null value's type: any, unless its helm-docs comment names one (which admits null).
fn null_type(comment: &Description) -> Option<Json> {
    helm_docs_type(&comment.value_type).map(|t| with_null(Json::Str(t.into())))
}

/// `type` with `null` added (unless there).
fn with_null(t: Json) -> Json {
    let null = Json::Str("null".into());
    match t {
        Json::List(mut types) => {
            if !types.contains(&null) {
                types.push(null);
            }
            Json::List(types)
        }
        one if one == null => one,
        one => Json::List(vec![one, null]),
    }
}

/// Two schemas as one that accepts what either does (a list's items, `mergeProperties`):
/// types unite, and properties and items merge; for other keywords the second schema's
/// value wins, as losisin's tool merges them.
pub fn merge(a: &Object, b: &Object) -> Object {
    let mut out = a.clone();
    match (get(a, "type"), get(b, "type")) {
        (Some(x), Some(y)) if x != y => {
            let mut types = Vec::new();
            for t in [x, y] {
                let list = match t {
                    Json::List(l) => l.clone(),
                    one => vec![one.clone()],
                };
                for t in list {
                    if !types.contains(&t) {
                        types.push(t);
                    }
                }
            }
            set(&mut out, "type", Json::List(types));
        }
        (Some(_), None) => out.retain(|(k, _)| k != "type"),
        _ => {}
    }
    for key in ["properties", "items"] {
        let merged = match (get(a, key), get(b, key)) {
            (Some(Json::Object(x)), Some(Json::Object(y))) if key == "items" => {
                Json::Object(merge(x, y))
            }
            (Some(Json::Object(x)), Some(Json::Object(y))) => {
                let mut props = x.clone();
                for (name, schema) in y {
                    match (get(x, name), schema) {
                        (Some(Json::Object(old)), Json::Object(new)) => {
                            set(&mut props, name, Json::Object(merge(old, new)))
                        }
                        (Some(_), _) => {}
                        (None, _) => props.push((name.clone(), schema.clone())),
                    }
                }
                Json::Object(props)
            }
            (None, Some(y)) => y.clone(),
            _ => continue,
        };
        set(&mut out, key, merged);
    }
    for (k, v) in b {
        if !matches!(k.as_str(), "type" | "properties" | "items") {
            set(&mut out, k, v.clone());
        }
    }
    out
}

impl Walk<'_> {
    /// The schema of `value`, written under `key` (a list item is its own key), at
    /// helm-docs key `path`; `None` when `hidden`. `parent_line` is the line of the key
    /// holding this one: an annotation ending a line belongs to the outermost key on it,
    /// and in `- name: x # @schema ...` to `name`, not to the item.
    pub fn node(
        &self,
        path: &str,
        key: &Node,
        value: &Node,
        parent_line: usize,
    ) -> Result<Option<Built>, Problem> {
        let item = std::ptr::eq(key, value);
        let trailing =
            key.line != parent_line && (!item || matches!(value.kind, Kind::Scalar { .. }));
        let place = annotation::Place {
            head: &key.head_comment,
            line: key.line,
            trailing,
            foot: (!item).then(|| key.column - 1),
        };
        let (entries, head) = annotation::of_node(&place, &self.lines)?;
        let keywords = interpret(&entries)?;
        if keywords.hidden {
            return Ok(None);
        }
        let comment = match self.keyed.get(path) {
            Some(d) => d.clone(),
            None => node_description(&head),
        };
        let mut schema = Object::new();
        // A list item is no key: its children's annotations are judged against its parent.
        let line = if item { parent_line } else { key.line };
        let (inferred, children) = self.infer(path, line, value, &comment)?;
        for name in ["$id", "$ref", "title"] {
            if let Some(v) = keywords.get(name) {
                schema.push((name.into(), v.clone()));
            }
        }
        match keywords.get("description") {
            Some(v) => schema.push(("description".into(), v.clone())),
            None if !comment.description.is_empty() => {
                schema.push(("description".into(), Json::Str(comment.description.clone())))
            }
            None => {}
        }
        // As losisin's tool does, no `type` beside the keywords that say it otherwise.
        let composed = ["const", "allOf", "anyOf", "oneOf", "not"];
        let t = match composed.iter().any(|k| keywords.get(k).is_some()) {
            true => None,
            false => keywords.get("type").or(inferred.as_ref()).cloned(),
        };
        match (t, keywords.nullable) {
            (Some(t), true) => schema.push(("type".into(), with_null(t))),
            (Some(t), false) => schema.push(("type".into(), t)),
            (None, _) => {}
        }
        let placed = ["$id", "$ref", "title", "description", "type", "required"];
        for (k, v) in &keywords.schema {
            if !placed.contains(&k.as_str()) && k != "properties" && k != "items" {
                schema.push((k.clone(), v.clone()));
            }
        }
        self.children(&mut schema, children, &keywords);
        Ok(Some(Built {
            schema,
            required: keywords.required_by_parent,
        }))
    }

    /// The inferred type (`None`: any) and the children's keywords (`properties`,
    /// `required`, `items`).
    fn infer(
        &self,
        path: &str,
        line: usize,
        value: &Node,
        comment: &Description,
    ) -> Result<(Option<Json>, Object), Problem> {
        let name = |t: &str| Some(Json::Str(t.into()));
        Ok(match &value.kind {
            Kind::Mapping(_) => (name("object"), self.properties(path, line, value)?),
            Kind::Sequence(items) => {
                let mut merged: Option<Object> = None;
                for (i, item) in items.iter().enumerate() {
                    let Some(built) = self.node(&format!("{path}[{i}]"), item, item, line)? else {
                        continue;
                    };
                    merged = Some(match merged {
                        None => built.schema,
                        Some(m) => merge(&m, &built.schema),
                    });
                }
                let items = merged.map(|m| vec![("items".to_string(), Json::Object(m))]);
                (name("array"), items.unwrap_or_default())
            }
            Kind::Scalar { text, .. } if value.plain => {
                let t = match rudder_yaml::read::resolve_plain(text) {
                    Scalar::Null => return Ok((null_type(comment), Vec::new())),
                    Scalar::Bool(_) => "boolean",
                    Scalar::Int(_) | Scalar::Uint(_) => "integer",
                    Scalar::Float(_) => "number",
                    Scalar::Str(_) | Scalar::Merge => "string",
                };
                (name(t), Vec::new())
            }
            Kind::Scalar { tag, .. } => match tag {
                ScalarTag::Null => (null_type(comment), Vec::new()),
                ScalarTag::Bool => (name("boolean"), Vec::new()),
                ScalarTag::Int => (name("integer"), Vec::new()),
                ScalarTag::Float => (name("number"), Vec::new()),
                _ => (name("string"), Vec::new()),
            },
        })
    }

    /// A mapping's `properties` and `required`; `line` is its key's.
    pub fn properties(&self, path: &str, line: usize, value: &Node) -> Result<Object, Problem> {
        let mut properties = Object::new();
        let mut required = Vec::new();
        for (k, v) in entries(value) {
            let name = k.scalar_text().unwrap_or_default();
            let Some(built) = self.node(&child_key(path, name), k, v, line)? else {
                continue;
            };
            if built.required {
                required.push(Json::Str(name.to_string()));
            }
            properties.push((name.to_string(), Json::Object(built.schema)));
        }
        let mut out = Vec::new();
        if !properties.is_empty() {
            out.push(("properties".to_string(), Json::Object(properties)));
        }
        if !required.is_empty() {
            out.push(("required".into(), Json::List(required)));
        }
        Ok(out)
    }

    /// Adds `items`, `properties` and `required`: annotated ones win over the inferred
    /// ones; `item*` keywords refine the inferred `items`.
    fn children(&self, schema: &mut Object, inferred: Object, keywords: &Keywords) {
        let mut items = match keywords.get("items") {
            Some(v) => Some(v.clone()),
            None => get(&inferred, "items").cloned(),
        };
        if !keywords.items.is_empty() {
            let mut object = match items {
                Some(Json::Object(o)) => o,
                _ => Object::new(),
            };
            for (k, v) in &keywords.items {
                set(&mut object, k, v.clone());
            }
            items = Some(Json::Object(object));
        }
        if let Some(items) = items {
            schema.push(("items".into(), items));
        }
        let properties = match keywords.get("properties") {
            Some(v) => Some(v.clone()),
            None if keywords.skip_properties => None,
            None => get(&inferred, "properties").cloned(),
        };
        match properties {
            Some(Json::Object(props)) if keywords.merge_properties => {
                let merged = props
                    .iter()
                    .filter_map(|(_, s)| match s {
                        Json::Object(o) => Some(o.clone()),
                        _ => None,
                    })
                    .reduce(|a, b| merge(&a, &b));
                if let Some(m) = merged {
                    schema.push(("additionalProperties".into(), Json::Object(m)));
                }
            }
            Some(props) => schema.push(("properties".into(), props)),
            None => {}
        }
        let mut required: Vec<Json> = match keywords.get("required") {
            Some(Json::List(names)) => names.clone(),
            _ => Vec::new(),
        };
        let children_required = !keywords.skip_properties && !keywords.merge_properties;
        if let (Some(Json::List(names)), true) = (get(&inferred, "required"), children_required) {
            for n in names {
                if !required.contains(n) {
                    required.push(n.clone());
                }
            }
        }
        if !required.is_empty() {
            schema.push(("required".into(), Json::List(required)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Json {
        Json::Str(v.into())
    }

    #[test]
    fn merged_items_unite_types_and_properties() {
        let a = vec![
            ("type".into(), s("object")),
            (
                "properties".into(),
                Json::Object(vec![(
                    "x".into(),
                    Json::Object(vec![("type".into(), s("string"))]),
                )]),
            ),
        ];
        let b = vec![
            ("type".into(), s("object")),
            (
                "properties".into(),
                Json::Object(vec![("y".into(), Json::Object(vec![]))]),
            ),
        ];
        let merged = merge(&a, &b);
        let Some(Json::Object(props)) = get(&merged, "properties") else {
            panic!("properties expected")
        };
        assert_eq!(props.len(), 2);
        let c = vec![("type".into(), s("integer"))];
        assert_eq!(
            get(&merge(&c, &vec![("type".into(), s("string"))]), "type"),
            Some(&Json::List(vec![s("integer"), s("string")]))
        );
        assert_eq!(get(&merge(&c, &Vec::new()), "type"), None);
    }

    #[test]
    fn null_gets_a_type_only_from_its_helm_docs_comment() {
        assert_eq!(
            with_null(s("string")),
            Json::List(vec![s("string"), s("null")])
        );
        assert_eq!(helm_docs_type("tpl"), Some("string"));
        assert_eq!(helm_docs_type("k8s/Resources"), None);
    }
}

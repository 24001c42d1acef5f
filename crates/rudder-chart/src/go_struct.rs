//! A Go struct value as templates see it: fields read by their Go names (an embedded struct's
//! promoted), printed as Go's `fmt` prints structs, serialised by the fields' JSON tags. helm 3's
//! `.Chart` is made of these ([`crate::metadata_struct`]).

use rudder_gotmpl::{fmt, Map, Object, Value};

/// One field of a Go struct.
#[derive(Debug)]
pub struct Field {
    pub go: &'static str,
    /// The JSON name; `None` for an embedded struct, whose fields JSON promotes.
    pub json: Option<&'static str>,
    /// The tag's `omitempty`: an empty value is left out of the JSON.
    pub omitempty: bool,
    pub value: Value,
}

impl Field {
    /// A field tagged `json:"<json>,omitempty"`.
    pub fn omitempty(go: &'static str, json: &'static str, value: Value) -> Field {
        Field {
            go,
            json: Some(json),
            omitempty: true,
            value,
        }
    }

    /// A field always in the JSON, under `json`.
    pub fn always(go: &'static str, json: &'static str, value: Value) -> Field {
        Field {
            go,
            json: Some(json),
            omitempty: false,
            value,
        }
    }
}

/// A struct, or a pointer to one when its type name starts with `*`.
#[derive(Debug)]
pub struct Struct {
    pub type_name: &'static str,
    pub fields: Vec<Field>,
    /// Whether the fields' `yaml` tags are their `json` ones (go-yaml v3 then writes the JSON
    /// names, empty fields omitted), rather than absent.
    pub yaml_tags: bool,
}

/// Go's `isEmptyValue` for the kinds these structs hold.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::List(l) => l.items.is_empty(),
        Value::Map(m) => m.borrow().is_empty(),
        _ => false,
    }
}

impl Struct {
    fn is_pointer(&self) -> bool {
        self.type_name.starts_with('*')
    }

    fn embedded(&self) -> impl Iterator<Item = &Value> {
        self.fields
            .iter()
            .filter(|f| f.json.is_none())
            .map(|f| &f.value)
    }

    /// `{a b}`: the fields under `%v`.
    fn braced(&self) -> String {
        let items: Vec<String> = self
            .fields
            .iter()
            .map(|f| fmt::format_v(&f.value))
            .collect();
        format!("{{{}}}", items.join(" "))
    }
}

impl Object for Struct {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn field(&self, name: &str) -> Option<Value> {
        if let Some(f) = self.fields.iter().find(|f| f.go == name) {
            return Some(f.value.clone());
        }
        self.embedded().find_map(|e| match e {
            Value::Object(o) => o.field(name),
            _ => None,
        })
    }
    fn is_struct_field(&self, name: &str) -> bool {
        self.field(name).is_some()
    }
    /// A template action prints what a pointer points to.
    fn format_v(&self) -> String {
        self.braced()
    }
    /// A function given a pointer shows it behind `&`.
    fn format_arg(&self) -> String {
        let pointer = if self.is_pointer() { "&" } else { "" };
        format!("{pointer}{}", self.braced())
    }
    fn go_syntax(&self) -> String {
        let items: Vec<String> = self
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{}:{}",
                    f.go,
                    fmt::sprintf("%#v", std::slice::from_ref(&f.value))
                )
            })
            .collect();
        let pointer = if self.is_pointer() { "&" } else { "" };
        format!(
            "{pointer}{}{{{}}}",
            self.type_name.trim_start_matches('*'),
            items.join(", ")
        )
    }
    fn exported_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        Some(
            self.fields
                .iter()
                .map(|f| (f.go, f.value.clone()))
                .collect(),
        )
    }
    fn named_struct_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        self.exported_fields()
    }
    fn yaml_fields(&self) -> Option<Vec<(String, Value)>> {
        let fields = match self.yaml_tags {
            true => self.json_fields()?,
            false => self.exported_fields()?,
        };
        let name = |n: &str| match self.yaml_tags {
            true => n.to_string(),
            false => n.to_lowercase(),
        };
        Some(fields.into_iter().map(|(n, v)| (name(n), v)).collect())
    }
    fn json_fields(&self) -> Option<Vec<(&'static str, Value)>> {
        let mut out = Vec::new();
        for f in &self.fields {
            match (f.json, &f.value) {
                (None, Value::Object(o)) => out.extend(o.json_fields().unwrap_or_default()),
                (Some(_), v) if f.omitempty && is_empty(v) => {}
                (Some(json), v) => out.push((json, v.clone())),
                (None, _) => {}
            }
        }
        Some(out)
    }
    fn to_plain(&self) -> Option<Value> {
        let fields = self.json_fields()?;
        let map: Map = fields
            .into_iter()
            .map(|(name, v)| (name.to_string(), v))
            .collect();
        Some(Value::map(map))
    }
    fn prints_as_address(&self) -> bool {
        self.is_pointer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn person() -> Value {
        Value::Object(Rc::new(Struct {
            type_name: "*p.Person",
            yaml_tags: false,
            fields: vec![
                Field::omitempty("Name", "name", Value::str("me")),
                Field::omitempty("URL", "url", Value::str("")),
            ],
        }))
    }

    fn outer() -> Struct {
        let inner = Struct {
            type_name: "p.Inner",
            yaml_tags: true,
            fields: vec![
                Field::always("ID", "id", Value::str("")),
                Field::omitempty("People", "people", Value::list(vec![person()])),
            ],
        };
        Struct {
            type_name: "struct { p.Inner; Root bool }",
            yaml_tags: false,
            fields: vec![
                Field {
                    go: "Inner",
                    json: None,
                    omitempty: false,
                    value: Value::Object(Rc::new(inner)),
                },
                Field::always("Root", "Root", Value::Bool(true)),
            ],
        }
    }

    #[test]
    fn embedded_fields_are_promoted() {
        let o = outer();
        assert!(matches!(o.field("ID"), Some(Value::String(_))));
        assert!(matches!(o.field("Root"), Some(Value::Bool(true))));
        assert!(o.field("Inner").is_some());
        assert!(o.field("id").is_none());
    }

    #[test]
    fn json_flattens_the_embedded_struct_and_omits_empty_fields() {
        let names: Vec<&str> = outer()
            .json_fields()
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["id", "people", "Root"]);
        let Value::Object(p) = person() else {
            unreachable!()
        };
        assert_eq!(p.json_fields().unwrap().len(), 1);
    }

    #[test]
    fn prints_as_go_does() {
        let Value::Object(p) = person() else {
            unreachable!()
        };
        assert_eq!(p.format_v(), "{me }");
        assert_eq!(p.format_arg(), "&{me }");
        assert_eq!(p.go_syntax(), "&p.Person{Name:\"me\", URL:\"\"}");
        assert_eq!(
            outer().format_v(),
            format!("{{{{ [{:#x}]}} true}}", fmt::POINTER_STAND_IN)
        );
    }
}

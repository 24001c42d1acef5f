//! readme-generator's `--schema` output: an OpenAPI-style object schema with a property per
//! rendered value (nested by the dots of its name, `a[0].b` as a list of objects), its type,
//! description and default, written as `JSON.stringify(schema, null, 4)`.

use super::comments::Param;
use super::config::Config;
use super::js::{self, Js, Object};

/// The schema text, or the tool's error for `nil` values not marked `[nullable]`.
pub fn render(params: &[Param], config: &Config) -> Result<String, String> {
    let nullable = |p: &Param| p.has_modifier(&config.nullable);
    let is_nil = |p: &Param| p.value == Some(Js::Str("nil".into()));
    let nils: Vec<&str> = params
        .iter()
        .filter(|p| is_nil(p) && !nullable(p))
        .map(|p| p.name.as_str())
        .collect();
    if !nils.is_empty() {
        return Err(format!(
            "Invalid type 'nil' for the following values: {}",
            nils.join(", ")
        ));
    }
    let mut properties = Object::default();
    for p in params {
        let mut p = p.clone();
        if is_nil(&p) && nullable(&p) {
            p.value = Some(Js::Str("null".into()));
        }
        for m in &p.modifiers {
            if *m == config.array {
                p.kind = "array".into();
            } else if *m == config.object {
                p.kind = "object".into();
            } else if *m == config.string {
                p.kind = "string".into();
            }
        }
        let shown = !p.extra() && !p.has_modifier(&config.object) && p.value.is_some() && p.schema;
        if shown {
            let tree: Vec<&str> = p.name.split('.').collect();
            let is_nullable = nullable(&p);
            add(&p, is_nullable, &tree, &mut properties, false)?;
        }
    }
    let mut schema = Object::default();
    schema.set("title".into(), Js::Str("Chart Values".into()));
    schema.set("type".into(), Js::Str("object".into()));
    schema.set("properties".into(), Js::Obj(properties));
    Ok(js::stringify(&Js::Obj(schema), 4))
}

fn text(s: &str) -> Js {
    Js::Str(s.into())
}

/// The tool's `generateSchema`: objects along the path, a list of objects for `key[n]`
/// (whose items take no defaults), and the leaf with its type, description and default.
fn add(
    p: &Param,
    nullable: bool,
    tree: &[&str],
    properties: &mut Object,
    no_default: bool,
) -> Result<(), String> {
    let Some((last, parents)) = tree.split_last() else {
        return Ok(());
    };
    let mut at = properties;
    for (i, part) in parents.iter().enumerate() {
        if let Some(key) = list_key(part) {
            if !at.contains(key) {
                let mut items = Object::default();
                items.set("type".into(), text("object"));
                items.set("properties".into(), Js::Obj(Object::default()));
                let mut list = Object::default();
                list.set("type".into(), text("array"));
                list.set("description".into(), text(&p.description));
                list.set("items".into(), Js::Obj(items));
                at.set(key.into(), Js::Obj(list));
            }
            let inner = child(at, key)
                .and_then(|l| child(l, "items"))
                .and_then(|i| child(i, "properties"))
                .ok_or_else(|| broken(&p.name))?;
            return add(p, nullable, &tree[i + 1..], inner, true);
        }
        if !at.contains(part) {
            let mut object = Object::default();
            object.set("type".into(), text("object"));
            object.set("properties".into(), Js::Obj(Object::default()));
            at.set(part.to_string(), Js::Obj(object));
        }
        at = child(at, part)
            .and_then(|o| child(o, "properties"))
            .ok_or_else(|| broken(&p.name))?;
    }
    let mut leaf = Object::default();
    leaf.set("type".into(), text(&p.kind));
    leaf.set("description".into(), text(&p.description));
    let mut value = p.value.clone();
    if !no_default {
        if value == Some(text("null")) {
            value = Some(Js::Null);
        }
        if let Some(v) = &value {
            leaf.set("default".into(), v.clone());
        }
    }
    if nullable {
        leaf.set("nullable".into(), Js::Bool(true));
    }
    if p.kind == "array" {
        leaf.set("items".into(), items(value.as_ref()));
    }
    at.set(last.to_string(), Js::Obj(leaf));
    Ok(())
}

/// `{type: typeof first}` for a list's items, `{}` for an empty (or null) one; a string
/// value types its items by its first character, as the tool indexes it.
fn items(value: Option<&Js>) -> Js {
    let mut out = Object::default();
    let first = match value {
        Some(Js::Null) => return Js::Obj(out),
        Some(Js::Arr(items)) if items.is_empty() => return Js::Obj(out),
        Some(Js::Str(s)) if s.is_empty() => return Js::Obj(out),
        Some(Js::Arr(items)) => Js::type_of(items.first()),
        Some(Js::Str(_)) => "string",
        Some(Js::Obj(o)) => Js::type_of(o.get("0")),
        _ => "undefined",
    };
    out.set("type".into(), text(first));
    Js::Obj(out)
}

/// `key[...]` → `key` (the part up to the last `[` with something after it).
fn list_key(part: &str) -> Option<&str> {
    if !part.ends_with(']') {
        return None;
    }
    let open = part[..part.len() - 1].rfind('[')?;
    (open > 0 && open + 1 < part.len() - 1).then(|| &part[..open])
}

/// An object's property that is an object itself.
fn child<'o>(object: &'o mut Object, key: &str) -> Option<&'o mut Object> {
    match object.get_mut(key) {
        Some(Js::Obj(inner)) => Some(inner),
        _ => None,
    }
}

fn broken(name: &str) -> String {
    format!(
        "{name}: its parent is no object in the schema (readme-generator fails: Cannot set \
         properties of undefined)"
    )
}

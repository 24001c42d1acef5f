//! Helm's `common.Values`: the Go type of `.Values` and of the top-level context, with the
//! methods templates can call on it (`.Values.AsMap`, `.Values.Table "a.b"`, ...).

use rudder_gotmpl::{Map, MapRef, MapType, Ty, Value};

pub struct CommonValues;

/// The one instance every `common.Values` map refers to.
pub static COMMON_VALUES: CommonValues = CommonValues;

impl MapType for CommonValues {
    fn name(&self) -> &'static str {
        "common.Values"
    }

    fn method_params(&self, name: &str) -> Option<&'static [Ty]> {
        match name {
            "AsMap" | "YAML" => Some(&[]),
            "Table" | "PathValue" => Some(&[Ty::String]),
            _ => None,
        }
    }

    fn call_method(&self, map: &MapRef, name: &str, args: &[Value]) -> Result<Value, String> {
        let arg = || args.first().and_then(Value::as_str).unwrap_or_default();
        match name {
            // A map[string]interface{} of the same entries.
            "AsMap" => Ok(Value::map(map.borrow().clone())),
            "YAML" => rudder_yaml::to_yaml(&Value::Map(map.clone())).map(Value::string),
            "Table" => table(&map.borrow(), arg()).map(|t| Value::named_map(t, &COMMON_VALUES)),
            "PathValue" => path_value(&map.borrow(), arg()),
            _ => Err(format!("no method {name}")),
        }
    }
}

/// The map at a dotted path (`Values.Table`): each step must be a map.
fn table(root: &Map, path: &str) -> Result<Map, String> {
    let mut current = root.clone();
    for step in path.split('.') {
        current = match current.get(step) {
            Some(Value::Map(m)) => m.borrow().clone(),
            _ => return Err(format!("{step:?} is not a table")),
        };
    }
    Ok(current)
}

/// The non-map value at a dotted path (`Values.PathValue`).
fn path_value(root: &Map, path: &str) -> Result<Value, String> {
    if path.is_empty() {
        return Err("YAML path cannot be empty".into());
    }
    let (tables, key) = match path.rsplit_once('.') {
        Some((tables, key)) => (Some(tables), key),
        None => (None, path),
    };
    let no_value = || format!("{key:?} is not a value");
    let holder = match tables {
        Some(t) => table(root, t).map_err(|_| no_value())?,
        None => root.clone(),
    };
    match holder.get(key) {
        Some(Value::Map(_)) | None => Err(no_value()),
        Some(v) => Ok(v.clone()),
    }
}

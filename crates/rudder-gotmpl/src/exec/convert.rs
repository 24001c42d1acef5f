//! Go's `validateType`: whether a computed value can be passed as a parameter of a Go type.

use crate::func::Ty;
use crate::value::{SliceType, Value};

/// Converts `v` for a parameter of type `ty`, or returns Go's complaint. `iface` tells whether
/// the value sits in an `interface{}` slot (its type then shows as `interface {}`).
pub fn convert(ty: Ty, v: Value, iface: bool) -> Result<Value, String> {
    let got = |v: &Value| {
        if iface && v.is_nil() {
            "interface {}".to_string()
        } else {
            v.go_type()
        }
    };
    if v.is_nil() {
        // A nil out of an `interface{}` slot has that static type, which only `interface{}`
        // accepts; an invalid value (a pipeline's nil) becomes the parameter's zero value.
        return match ty {
            Ty::Any => Ok(Value::Nil),
            _ if iface => Err(format!(
                "wrong type for value; expected {}; got interface {{}}",
                ty.go_name()
            )),
            _ => nil_of(ty).ok_or_else(|| format!("invalid value; expected {}", ty.go_name())),
        };
    }
    if let (Ty::Map, Value::Map(m)) = (ty, &v) {
        if m.named().is_some() && m.is_interface_map() {
            // Assigned to the parameter's type, the map loses its name (so `merge .Values`
            // returns a `map[string]interface {}`).
            return Ok(Value::unnamed_view(m));
        }
    }
    let ok = match (ty, &v) {
        (Ty::Any, _) => true,
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::String, Value::String(_)) => true,
        (Ty::Int, Value::Int(_)) => true,
        (Ty::Int64, Value::Int64(_)) => true,
        (Ty::Float64, Value::Float(_)) => true,
        (Ty::List, Value::List(l)) => l.elem == SliceType::Any,
        (Ty::StringList, Value::List(l)) => l.elem == SliceType::String,
        (Ty::Map, Value::Map(m)) => m.is_interface_map(),
        (Ty::Bytes, Value::Bytes(_)) => true,
        (Ty::Struct(name), Value::Object(o)) => o.type_name() == name,
        _ => false,
    };
    if ok {
        Ok(v)
    } else {
        Err(format!(
            "wrong type for value; expected {}; got {}",
            ty.go_name(),
            got(&v)
        ))
    }
}

/// Go's `reflect.Zero` for the parameter types that can hold nil (interfaces, slices, maps);
/// `None` for the others, where nil is an error.
pub fn nil_of(ty: Ty) -> Option<Value> {
    match ty {
        Ty::Any => Some(Value::Nil),
        Ty::List => Some(Value::nil_list(SliceType::Any)),
        Ty::StringList => Some(Value::nil_list(SliceType::String)),
        Ty::Map => Some(Value::nil_map(None)),
        Ty::Bytes => Some(Value::bytes(Vec::new())),
        _ => None,
    }
}

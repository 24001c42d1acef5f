//! Defaults and flow (Sprig's defaults.go).

use rudder_gotmpl::{Builtin, FuncResult, Ty, Value};

use crate::conv::{is_empty, list_items};

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::variadic("default", &[Ty::Any], Ty::Any, default),
    Builtin::new("empty", &[Ty::Any], empty),
    Builtin::variadic("coalesce", &[], Ty::Any, coalesce),
    Builtin::variadic("all", &[], Ty::Any, all),
    Builtin::variadic("any", &[], Ty::Any, any),
    Builtin::new("ternary", &[Ty::Any, Ty::Any, Ty::Bool], ternary),
    Builtin::new("compact", &[Ty::Any], compact),
    Builtin::new("mustCompact", &[Ty::Any], compact),
];

/// `default D [GIVEN]`: `given` unless it is empty, else `d`.
fn default(a: &[Value]) -> FuncResult {
    match a.get(1) {
        Some(given) if !is_empty(given) => Ok(given.clone()),
        _ => Ok(a[0].clone()),
    }
}

/// `empty V`: whether `v` is Sprig-empty (nil, zero, empty text or collection).
fn empty(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(is_empty(&a[0])))
}

/// `coalesce V...`: the first non-empty value, else nil.
fn coalesce(a: &[Value]) -> FuncResult {
    Ok(a.iter()
        .find(|v| !is_empty(v))
        .cloned()
        .unwrap_or(Value::Nil))
}

/// `all V...`: whether no value is empty.
fn all(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(a.iter().all(|v| !is_empty(v))))
}

/// `any V...`: whether some value is not empty.
fn any(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(a.iter().any(|v| !is_empty(v))))
}

/// `ternary T F COND`: `t` when `cond`, else `f`.
fn ternary(a: &[Value]) -> FuncResult {
    Ok(if a[2].truthy() {
        a[0].clone()
    } else {
        a[1].clone()
    })
}

/// `compact LIST` (and `mustCompact`): the list without its empty items.
fn compact(a: &[Value]) -> FuncResult {
    if a[0].is_nil() {
        return Err(crate::lists::NIL_DEREF.into());
    }
    let Some(items) = list_items(&a[0]) else {
        return Err(format!("Cannot compact on type {}", a[0].go_kind()).into());
    };
    Ok(Value::list(
        items.into_iter().filter(|v| !is_empty(v)).collect(),
    ))
}

//! Defaults and flow (Sprig's defaults.go).

use rudder_gotmpl::{Func, FuncMap, Ty, Value};

use crate::conv::{is_empty, list_items};

pub fn register(m: &mut FuncMap) {
    m.insert(
        "default",
        Func::variadic(&[Ty::Any], Ty::Any, |a| match a.get(1) {
            Some(given) if !is_empty(given) => Ok(given.clone()),
            _ => Ok(a[0].clone()),
        }),
    );
    m.insert(
        "empty",
        Func::new(&[Ty::Any], |a| Ok(Value::Bool(is_empty(&a[0])))),
    );
    m.insert(
        "coalesce",
        Func::variadic(&[], Ty::Any, |a| {
            Ok(a.iter()
                .find(|v| !is_empty(v))
                .cloned()
                .unwrap_or(Value::Nil))
        }),
    );
    m.insert(
        "all",
        Func::variadic(&[], Ty::Any, |a| {
            Ok(Value::Bool(a.iter().all(|v| !is_empty(v))))
        }),
    );
    m.insert(
        "any",
        Func::variadic(&[], Ty::Any, |a| {
            Ok(Value::Bool(a.iter().any(|v| !is_empty(v))))
        }),
    );
    m.insert(
        "ternary",
        Func::new(&[Ty::Any, Ty::Any, Ty::Bool], |a| {
            Ok(if a[2].truthy() {
                a[0].clone()
            } else {
                a[1].clone()
            })
        }),
    );
    for name in ["compact", "mustCompact"] {
        m.insert(
            name,
            Func::new(&[Ty::Any], move |a| {
                if a[0].is_nil() {
                    return Err(crate::lists::NIL_DEREF.into());
                }
                let Some(items) = list_items(&a[0]) else {
                    return Err(format!("Cannot compact on type {}", a[0].go_kind()).into());
                };
                Ok(Value::list(
                    items.into_iter().filter(|v| !is_empty(v)).collect(),
                ))
            }),
        );
    }
}

//! Dictionary functions (Sprig's dict.go). Maps are shared: `set`, `unset`, `merge` and
//! `mergeOverwrite` change their first argument in place, as in Go.

use rudder_gotmpl::{Func, FuncError, FuncMap, Map, SliceType, Ty, Value};

use crate::conv::{is_empty, to_string};

fn key(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

pub fn register(m: &mut FuncMap) {
    m.insert(
        "dict",
        Func::variadic(&[], Ty::Any, |a| {
            let mut d = Map::new();
            for pair in a.chunks(2) {
                let v = pair.get(1).cloned().unwrap_or_else(|| Value::str(""));
                d.insert(to_string(&pair[0]), v);
            }
            Ok(Value::map(d))
        }),
    );
    m.insert(
        "get",
        Func::new(&[Ty::Map, Ty::String], |a| {
            let d = a[0].as_map().expect("converted to a map");
            Ok(d.borrow()
                .get(key(&a[1]))
                .cloned()
                .unwrap_or_else(|| Value::str("")))
        }),
    );
    m.insert(
        "set",
        Func::new(&[Ty::Map, Ty::String, Ty::Any], |a| {
            let d = a[0].as_map().expect("converted to a map");
            d.borrow_mut().insert(key(&a[1]).to_string(), a[2].clone());
            Ok(a[0].clone())
        }),
    );
    m.insert(
        "unset",
        Func::new(&[Ty::Map, Ty::String], |a| {
            let d = a[0].as_map().expect("converted to a map");
            d.borrow_mut().remove(key(&a[1]));
            Ok(a[0].clone())
        }),
    );
    m.insert(
        "hasKey",
        Func::new(&[Ty::Map, Ty::String], |a| {
            let d = a[0].as_map().expect("converted to a map");
            Ok(Value::Bool(d.borrow().contains_key(key(&a[1]))))
        }),
    );
    m.insert(
        "pluck",
        Func::variadic(&[Ty::String], Ty::Map, |a| {
            let k = key(&a[0]);
            Ok(Value::list(
                a[1..]
                    .iter()
                    .filter_map(|d| d.as_map().and_then(|d| d.borrow().get(k).cloned()))
                    .collect(),
            ))
        }),
    );
    m.insert(
        "keys",
        Func::variadic(&[], Ty::Map, |a| {
            let mut ks: Vec<Value> = Vec::new();
            for d in a {
                if let Some(d) = d.as_map() {
                    ks.extend(d.borrow().keys().map(|k| Value::str(k)));
                }
            }
            Ok(Value::typed_list(SliceType::String, ks))
        }),
    );
    m.insert(
        "values",
        Func::new(&[Ty::Map], |a| {
            let d = a[0].as_map().expect("converted to a map");
            Ok(Value::list(d.borrow().values().cloned().collect()))
        }),
    );
    m.insert(
        "pick",
        Func::variadic(&[Ty::Map], Ty::String, |a| {
            let d = a[0].as_map().expect("converted to a map").borrow();
            let out: Map = a[1..]
                .iter()
                .filter_map(|k| d.get(key(k)).map(|v| (key(k).to_string(), v.clone())))
                .collect();
            Ok(Value::map(out))
        }),
    );
    m.insert(
        "omit",
        Func::variadic(&[Ty::Map], Ty::String, |a| {
            let d = a[0].as_map().expect("converted to a map").borrow();
            let out: Map = d
                .iter()
                .filter(|(k, _)| !a[1..].iter().any(|o| key(o) == k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Ok(Value::map(out))
        }),
    );
    for (name, overwrite) in [
        ("merge", false),
        ("mustMerge", false),
        ("mergeOverwrite", true),
        ("mustMergeOverwrite", true),
    ] {
        m.insert(
            name,
            Func::variadic(&[Ty::Map], Ty::Map, move |a| {
                let dst = a[0].as_map().expect("converted to a map");
                for src in &a[1..] {
                    if let Some(src) = src.as_map() {
                        if std::rc::Rc::ptr_eq(dst, src) {
                            continue;
                        }
                        let src = src.borrow().clone();
                        merge_into(&mut dst.borrow_mut(), &src, overwrite);
                    }
                }
                Ok(a[0].clone())
            }),
        );
    }
    m.insert(
        "dig",
        Func::variadic(&[], Ty::Any, |a| {
            if a.len() < 3 {
                return Err(FuncError::new("dig needs at least three arguments"));
            }
            // Sprig type-asserts the dict, every key and each step taken, as Go panics.
            let mut cur = a[a.len() - 1].clone();
            let default = &a[a.len() - 2];
            expect_map(&cur)?;
            let keys = &a[..a.len() - 2];
            for k in keys {
                if k.as_str().is_none() {
                    return Err(conversion_error(k, "string"));
                }
            }
            for (i, k) in keys.iter().enumerate() {
                let next = expect_map(&cur)?
                    .borrow()
                    .get(k.as_str().unwrap_or_default())
                    .cloned();
                match next {
                    Some(v) if i + 1 < keys.len() => cur = v,
                    Some(v) => return Ok(v),
                    None => return Ok(default.clone()),
                }
            }
            Ok(cur)
        }),
    );
    for name in ["deepCopy", "mustDeepCopy"] {
        m.insert(
            name,
            Func::new(&[Ty::Any], |a| {
                if a[0].is_nil() {
                    return Err(FuncError::new(
                        "reflect: call of reflect.Value.Type on zero Value",
                    ));
                }
                Ok(a[0].deep_copy())
            }),
        );
    }
}

/// mergo semantics: maps merge recursively; a destination value is replaced when empty (or
/// always, with `overwrite`).
fn merge_into(dst: &mut Map, src: &Map, overwrite: bool) {
    for (k, sv) in src {
        match dst.get(k) {
            Some(Value::Map(dm)) => {
                if let Value::Map(sm) = sv {
                    if !std::rc::Rc::ptr_eq(dm, sm) {
                        let sm = sm.borrow().clone();
                        merge_into(&mut dm.borrow_mut(), &sm, overwrite);
                    }
                } else if overwrite {
                    dst.insert(k.clone(), sv.clone());
                }
            }
            Some(dv) => {
                if overwrite || is_empty(dv) {
                    dst.insert(k.clone(), sv.clone());
                }
            }
            None => {
                dst.insert(k.clone(), sv.deep_copy());
            }
        }
    }
}

/// Go's failed type assertion `x.(T)` on an `interface{}`.
fn conversion_error(v: &Value, want: &str) -> FuncError {
    let got = if v.is_nil() {
        "nil".to_string()
    } else {
        v.go_type()
    };
    FuncError::new(format!(
        "interface conversion: interface {{}} is {got}, not {want}"
    ))
}

fn expect_map(v: &Value) -> Result<&rudder_gotmpl::MapRef, FuncError> {
    v.as_map()
        .ok_or_else(|| conversion_error(v, "map[string]interface {}"))
}

//! Dictionary functions (Sprig's dict.go). Maps are shared: `set`, `unset`, `merge` and
//! `mergeOverwrite` change their first argument in place, as in Go.

use rudder_gotmpl::{Builtin, FuncError, FuncResult, Map, MapRef, SliceType, Ty, Value};

use crate::conv::{is_empty, to_string};

fn key(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::variadic("dict", &[], Ty::Any, dict),
    Builtin::new("get", &[Ty::Map, Ty::String], get),
    Builtin::new("set", &[Ty::Map, Ty::String, Ty::Any], set),
    Builtin::new("unset", &[Ty::Map, Ty::String], unset),
    Builtin::new("hasKey", &[Ty::Map, Ty::String], has_key),
    Builtin::variadic("pluck", &[Ty::String], Ty::Map, pluck),
    Builtin::variadic("keys", &[], Ty::Map, keys),
    Builtin::new("values", &[Ty::Map], values),
    Builtin::variadic("pick", &[Ty::Map], Ty::String, pick),
    Builtin::variadic("omit", &[Ty::Map], Ty::String, omit),
    Builtin::variadic("merge", &[Ty::Map], Ty::Map, merge_fn),
    Builtin::variadic("mustMerge", &[Ty::Map], Ty::Map, must_merge),
    Builtin::variadic("mergeOverwrite", &[Ty::Map], Ty::Map, merge_overwrite),
    Builtin::variadic(
        "mustMergeOverwrite",
        &[Ty::Map],
        Ty::Map,
        must_merge_overwrite,
    ),
    Builtin::variadic("dig", &[], Ty::Any, dig),
    Builtin::new("deepCopy", &[Ty::Any], deep_copy),
    Builtin::new("mustDeepCopy", &[Ty::Any], deep_copy),
];

/// The map argument, which the executor has already converted.
fn dict_arg(v: &Value) -> &MapRef {
    v.as_map().expect("converted to a map")
}

/// `dict K V ...`: a new map of the pairs (keys as strings, a missing last value `""`).
fn dict(a: &[Value]) -> FuncResult {
    let mut d = Map::new();
    for pair in a.chunks(2) {
        let v = pair.get(1).cloned().unwrap_or_else(|| Value::str(""));
        d.insert(to_string(&pair[0]), v);
    }
    Ok(Value::map(d))
}

/// `get D K`: `d[k]`, `""` when absent.
fn get(a: &[Value]) -> FuncResult {
    Ok(dict_arg(&a[0])
        .borrow()
        .get(key(&a[1]))
        .cloned()
        .unwrap_or_else(|| Value::str("")))
}

/// `set D K V`: stores `d[k] = v` in place and returns `d`.
fn set(a: &[Value]) -> FuncResult {
    dict_arg(&a[0]).insert(key(&a[1]).to_string(), a[2].clone())?;
    Ok(a[0].clone())
}

/// `unset D K`: deletes `d[k]` in place and returns `d`.
fn unset(a: &[Value]) -> FuncResult {
    dict_arg(&a[0]).borrow_mut().remove(key(&a[1]));
    Ok(a[0].clone())
}

/// `hasKey D K`: whether `d` holds `k`.
fn has_key(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(
        dict_arg(&a[0]).borrow().contains_key(key(&a[1])),
    ))
}

/// `pluck K D...`: the values of `k` in the maps that hold it.
fn pluck(a: &[Value]) -> FuncResult {
    let k = key(&a[0]);
    Ok(Value::list(
        a[1..]
            .iter()
            .filter_map(|d| d.as_map().and_then(|d| d.borrow().get(k).cloned()))
            .collect(),
    ))
}

/// `keys D...`: the keys of all the maps, as a `[]string`.
fn keys(a: &[Value]) -> FuncResult {
    let mut ks: Vec<Value> = Vec::new();
    for d in a {
        if let Some(d) = d.as_map() {
            ks.extend(d.borrow().keys().map(|k| Value::str(k)));
        }
    }
    Ok(Value::typed_list(SliceType::String, ks))
}

/// `values D`: the values of `d`.
fn values(a: &[Value]) -> FuncResult {
    Ok(Value::list(
        dict_arg(&a[0]).borrow().values().cloned().collect(),
    ))
}

/// `pick D K...`: a new map of the given keys of `d`.
fn pick(a: &[Value]) -> FuncResult {
    let d = dict_arg(&a[0]).borrow();
    let out: Map = a[1..]
        .iter()
        .filter_map(|k| d.get(key(k)).map(|v| (key(k).to_string(), v.clone())))
        .collect();
    Ok(Value::map(out))
}

/// `omit D K...`: a new map of `d` without the given keys.
fn omit(a: &[Value]) -> FuncResult {
    let d = dict_arg(&a[0]).borrow();
    let out: Map = d
        .iter()
        .filter(|(k, _)| !a[1..].iter().any(|o| key(o) == k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Value::map(out))
}

/// `merge DST SRC...`: mergo's `Merge` of each source into `dst`, errors ignored.
fn merge_fn(a: &[Value]) -> FuncResult {
    merge_all(a, false, false)
}

/// `mustMerge DST SRC...`: `merge` that returns mergo's error.
fn must_merge(a: &[Value]) -> FuncResult {
    merge_all(a, false, true)
}

/// `mergeOverwrite DST SRC...`: mergo's `Merge` with `WithOverride`, errors ignored.
fn merge_overwrite(a: &[Value]) -> FuncResult {
    merge_all(a, true, false)
}

/// `mustMergeOverwrite DST SRC...`: `mergeOverwrite` that returns mergo's error.
fn must_merge_overwrite(a: &[Value]) -> FuncResult {
    merge_all(a, true, true)
}

fn merge_all(a: &[Value], overwrite: bool, must: bool) -> FuncResult {
    let mut dst = a[0].clone();
    for src in &a[1..] {
        match merge(&dst, src, overwrite) {
            Ok(merged) => dst = merged,
            // Sprig's merge swallows mergo's errors; the must forms return them.
            Err(e) if must => return Err(e),
            Err(_) => {}
        }
    }
    Ok(dst)
}

/// `dig K... DEFAULT D`: the value at the path of keys in nested maps, else `default`.
fn dig(a: &[Value]) -> FuncResult {
    if a.len() < 3 {
        return Err(FuncError::new("dig needs at least three arguments"));
    }
    // Sprig type-asserts the dict, every key and each step taken, as Go panics; a type
    // assertion wants `map[string]interface {}` itself, so helm's `.Values` (a
    // `common.Values`) fails where nested maps pass.
    let mut cur = a[a.len() - 1].clone();
    let default = &a[a.len() - 2];
    asserted_map(&cur)?;
    let keys = &a[..a.len() - 2];
    for k in keys {
        if k.as_str().is_none() {
            return Err(conversion_error(k, "string"));
        }
    }
    for (i, k) in keys.iter().enumerate() {
        let next = asserted_map(&cur)?
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
}

/// `deepCopy V` (and `mustDeepCopy`): copystructure's deep copy.
fn deep_copy(a: &[Value]) -> FuncResult {
    if a[0].is_nil() {
        return Err(FuncError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    a[0].try_deep_copy()
        .ok_or_else(|| FuncError::new("deepCopy: the value contains itself"))
}

/// How deep mergo may recurse before rudder gives up: only a map that contains itself gets
/// there (Go recurses until its stack overflows).
const MAX_MERGE_DEPTH: usize = 10_000;

/// `mergo.Merge(&dst, src)` (with `WithOverride` when `overwrite`): the map merged into,
/// which is `dst` itself unless `dst` is a nil map (mergo then makes a new one).
fn merge(dst: &Value, src: &Value, overwrite: bool) -> FuncResult {
    let (Value::Map(d), Value::Map(s)) = (dst, src) else {
        return Ok(dst.clone());
    };
    let dst = if d.is_nil() && !s.is_nil() {
        Value::empty_map()
    } else {
        dst.clone()
    };
    merge_maps(dst.as_map().expect("a map"), s, overwrite, 0)?;
    Ok(dst)
}

/// mergo's `deepMerge` of two maps. Maps are shared references, so `src` may be `dst` or
/// contain it: no borrow is held across a step, each key is read when its turn comes, as Go
/// reads the live maps.
fn merge_maps(dst: &MapRef, src: &MapRef, overwrite: bool, depth: usize) -> Result<(), FuncError> {
    if depth > MAX_MERGE_DEPTH {
        return Err(FuncError::new(
            "merge: maps nested too deep (a map contains itself)",
        ));
    }
    let keys: Vec<String> = src.borrow().keys().cloned().collect();
    for k in keys {
        let Some(sv) = src.borrow().get(&k).cloned() else {
            continue; // removed by an earlier step through an alias
        };
        let dv = dst.borrow().get(&k).cloned();
        if sv.is_nil() {
            // A nil source value never fills a gap; with overwrite it still replaces.
            if overwrite {
                dst.insert(k, sv)?;
            }
            continue;
        }
        match (&sv, &dv) {
            (Value::Map(sm), Some(Value::Map(dm))) => merge_maps(dm, sm, overwrite, depth + 1)?,
            (Value::List(sl), _) => {
                // mergo first stores a slice chosen by the whole maps' emptiness (the source
                // map holds this key, so it is never empty)...
                let chosen = if overwrite || dst.borrow().is_empty() {
                    sv.clone()
                } else {
                    match &dv {
                        None | Some(Value::Nil) => Value::typed_list(sl.elem, Vec::new()),
                        Some(d) => d.clone(),
                    }
                };
                dst.insert(k.clone(), chosen)?;
            }
            _ => {}
        }
        // ...then keeps a non-empty destination value facing a slice or a map with a map.
        let dst_kept = dv.as_ref().is_some_and(|d| {
            !mergo_empty(d)
                && (matches!(sv, Value::List(_))
                    || matches!((&sv, d), (Value::Map(_), Value::Map(_))))
        });
        if !dst_kept && (overwrite || dv.as_ref().is_none_or(mergo_empty)) {
            // The source value itself, not a copy: the maps now share it, as in Go.
            dst.insert(k, sv)?;
        }
    }
    Ok(())
}

/// mergo's `isEmptyValue`: Sprig's emptiness, except that complex numbers never are.
fn mergo_empty(v: &Value) -> bool {
    !matches!(v, Value::Complex(..)) && is_empty(v)
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

/// Go's `v.(map[string]interface{})`: the exact type, not a named map type.
fn asserted_map(v: &Value) -> Result<&MapRef, FuncError> {
    v.as_map()
        .filter(|m| m.named().is_none())
        .ok_or_else(|| conversion_error(v, "map[string]interface {}"))
}

//! Coalescing user values with chart defaults, as helm's `CoalesceValues`/`MergeValues`:
//! user values win, maps merge, a user null deletes a chart default, subcharts get their
//! section plus the parent's globals.

use rudder_gotmpl::{fmt, Map, MapRef, Value};

use crate::{Chart, ChartError};

const GLOBAL: &str = "global";

fn new_map() -> MapRef {
    Value::empty_map().as_map().cloned().expect("a map")
}

/// `CoalesceValues(chart, vals)` (merge = false) or `MergeValues` (merge = true), on a deep
/// copy of `vals`.
pub fn coalesce_values(chart: &Chart, vals: &Value, merge: bool) -> Result<Value, ChartError> {
    let copy = match vals.deep_copy() {
        Value::Map(m) => m,
        _ => new_map(),
    };
    coalesce(chart, &copy, merge)?;
    Ok(Value::Map(copy))
}

fn coalesce(chart: &Chart, dest: &MapRef, merge: bool) -> Result<(), ChartError> {
    coalesce_chart_values(chart, dest, merge);
    for sub in &chart.dependencies {
        let name = sub.name().to_string();
        let existing = dest.borrow().get(&name).cloned();
        let sub_map = match existing {
            None => {
                let m = new_map();
                dest.borrow_mut()
                    .insert(name.clone(), Value::Map(m.clone()));
                m
            }
            Some(Value::Map(m)) => m,
            Some(other) => {
                return Err(ChartError(format!(
                    "type mismatch on {name}: {}",
                    fmt::sprintf("%t", &[other])
                )));
            }
        };
        coalesce_globals(&sub_map, dest);
        coalesce(sub, &sub_map, merge)?;
    }
    Ok(())
}

/// The parent's `global` overlaid on the subchart's (parent wins, nested maps merged).
fn coalesce_globals(dest: &MapRef, src: &MapRef) {
    let dg = match dest.borrow().get(GLOBAL) {
        None => new_map(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => return,
    };
    let sg = match src.borrow().get(GLOBAL) {
        None => new_map(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => return,
    };
    let entries: Vec<(String, Value)> = sg
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in entries {
        if let Value::Map(vm) = &val {
            let vv: MapRef =
                std::rc::Rc::new(rudder_gotmpl::value::MapCell::new(vm.borrow().clone()));
            let existing = dg.borrow().get(&key).cloned();
            match existing {
                None => {
                    dg.borrow_mut().insert(key, Value::Map(vv));
                }
                Some(Value::Map(dv)) => {
                    coalesce_tables(&vv, &dv, true);
                    dg.borrow_mut().insert(key, Value::Map(vv));
                }
                Some(_) => {}
            }
        } else if matches!(dg.borrow().get(&key), Some(Value::Map(_))) {
            continue;
        } else {
            dg.borrow_mut().insert(key, val);
        }
    }
    dest.borrow_mut().insert(GLOBAL.into(), Value::Map(dg));
}

fn coalesce_chart_values(chart: &Chart, v: &MapRef, merge: bool) {
    let defaults = match chart.values.deep_copy() {
        Value::Map(m) => m.borrow().clone(),
        _ => Map::new(),
    };
    for (key, val) in defaults {
        let existing = v.borrow().get(&key).cloned();
        match existing {
            Some(Value::Nil) if !merge => {
                v.borrow_mut().remove(&key);
            }
            Some(Value::Map(dest)) => {
                if let Value::Map(src) = &val {
                    let child_merge = merge || chart.dependencies.iter().any(|d| d.name() == key);
                    coalesce_tables(&dest, src, child_merge);
                }
            }
            Some(_) => {}
            None => {
                v.borrow_mut().insert(key, val);
            }
        }
    }
}

/// helm's `coalesceTablesFullKey`: fills `dst` from `src`; `dst` wins.
pub fn coalesce_tables(dst: &MapRef, src: &MapRef, merge: bool) {
    if std::rc::Rc::ptr_eq(dst, src) {
        return;
    }
    let src_non_nil: std::collections::HashSet<String> = src
        .borrow()
        .iter()
        .filter(|(_, v)| !v.is_nil())
        .map(|(k, _)| k.clone())
        .collect();
    let dst_nils: Vec<String> = dst
        .borrow()
        .iter()
        .filter(|(_, v)| v.is_nil())
        .map(|(k, _)| k.clone())
        .collect();
    for k in dst_nils {
        src.borrow_mut().insert(k, Value::Nil);
    }
    let entries: Vec<(String, Value)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in entries {
        let dv = dst.borrow().get(&key).cloned();
        match dv {
            Some(Value::Nil) if !merge && src_non_nil.contains(&key) => {
                dst.borrow_mut().remove(&key);
            }
            None => {
                dst.borrow_mut().insert(key, val);
            }
            Some(Value::Map(dm)) => {
                if let Value::Map(sm) = &val {
                    coalesce_tables(&dm, sm, merge);
                }
            }
            Some(_) => {}
        }
    }
}

/// helm's `MergeMaps` for user values (`-f` files): maps merge, everything else replaces.
pub fn merge_maps(a: &Map, b: &Map) -> Map {
    let mut out = a.clone();
    for (k, v) in b {
        if let (Value::Map(bv), Some(Value::Map(av))) = (v, out.get(k)) {
            let merged = merge_maps(&av.borrow(), &bv.borrow());
            out.insert(k.clone(), Value::map(merged));
            continue;
        }
        out.insert(k.clone(), v.clone());
    }
    out
}

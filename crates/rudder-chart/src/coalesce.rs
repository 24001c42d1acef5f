//! Coalescing user values with chart defaults, as helm's `CoalesceValues`/`MergeValues`:
//! user values win, maps merge, a user null deletes a chart default, subcharts get their
//! section plus the parent's globals. What helm logs on the way (a table meeting a
//! non-table) goes to the log at INFO, keyed by the dotted path helm prints.

use rudder_gotmpl::{fmt, Map, MapRef, Value};

use crate::{Chart, ChartError, Helm, Level, Reporter};

const GLOBAL: &str = "global";

fn new_map() -> MapRef {
    Value::empty_map().as_map().cloned().expect("a map")
}

/// helm's `concatPrefix`.
fn concat(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A line helm's coalescing prints through `log.Printf`: helm 4 at INFO, helm 3 with the
/// place in its `coalesce.go` that printed it (`go_line`).
fn info(log: &dyn Reporter, helm: Helm, go_line: u32, message: &str) {
    match helm {
        Helm::V3 => log.line(&format!("coalesce.go:{go_line}: {message}")),
        Helm::V4 => log.log(Level::Info, message, &[]),
    }
}

/// `CoalesceValues(chart, vals)` (merge = false) or `MergeValues` (merge = true), on a deep
/// copy of `vals`.
pub fn coalesce_values(
    chart: &Chart,
    vals: &Value,
    merge: bool,
    helm: Helm,
    log: &dyn Reporter,
) -> Result<Value, ChartError> {
    let copy = match vals.deep_copy() {
        Value::Map(m) => m,
        _ => new_map(),
    };
    coalesce(chart, &copy, "", merge, helm, log)?;
    Ok(Value::Map(copy))
}

fn coalesce(
    chart: &Chart,
    dest: &MapRef,
    prefix: &str,
    merge: bool,
    helm: Helm,
    log: &dyn Reporter,
) -> Result<(), ChartError> {
    let sub_prefix = concat(prefix, chart.name());
    coalesce_chart_values(chart, dest, &sub_prefix, merge, helm, log);
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
                return Err(ChartError::ValuesType {
                    found: fmt::sprintf("%t", &[other]),
                    name,
                });
            }
        };
        coalesce_globals(&sub_map, dest, &sub_prefix, helm, log);
        coalesce(sub, &sub_map, &sub_prefix, merge, helm, log)?;
    }
    Ok(())
}

/// The parent's `global` overlaid on the subchart's (parent wins, nested maps merged).
fn coalesce_globals(dest: &MapRef, src: &MapRef, prefix: &str, helm: Helm, log: &dyn Reporter) {
    let dg = match dest.borrow().get(GLOBAL) {
        None => new_map(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => {
            info(
                log,
                helm,
                138,
                "warning: skipping globals because destination global is not a table.",
            );
            return;
        }
    };
    let sg = match src.borrow().get(GLOBAL) {
        None => new_map(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => {
            info(
                log,
                helm,
                145,
                "warning: skipping globals because source global is not a table.",
            );
            return;
        }
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
                    coalesce_tables(&vv, &dv, true, &concat(prefix, &key), helm, log);
                    dg.borrow_mut().insert(key, Value::Map(vv));
                }
                Some(_) => info(
                    log,
                    helm,
                    161,
                    &format!(
                        "Conflict: cannot merge map onto non-map for {}. Skipping.",
                        fmt::quote(&key)
                    ),
                ),
            }
        } else if matches!(dg.borrow().get(&key), Some(Value::Map(_))) {
            info(log, helm, 175, &format!("key {key} is table. Skipping"));
        } else {
            dg.borrow_mut().insert(key, val);
        }
    }
    dest.borrow_mut().insert(GLOBAL.into(), Value::Map(dg));
}

fn coalesce_chart_values(
    chart: &Chart,
    v: &MapRef,
    prefix: &str,
    merge: bool,
    helm: Helm,
    log: &dyn Reporter,
) {
    let Value::Map(defaults) = &chart.values else {
        return;
    };
    // The chart's values are copied only where they enter `v` (coalescing changes what it
    // takes in); defaults the values override are not copied at all.
    for (key, val) in defaults.borrow().iter() {
        let existing = v.borrow().get(key).cloned();
        match existing {
            Some(Value::Nil) if !merge => {
                v.borrow_mut().remove(key);
            }
            Some(Value::Map(dest)) => match val {
                Value::Map(_) => {
                    let Value::Map(src) = val.deep_copy() else {
                        unreachable!("a map's copy is a map")
                    };
                    let child_merge = merge || chart.dependencies.iter().any(|d| d.name() == key);
                    coalesce_tables(&dest, &src, child_merge, &concat(prefix, key), helm, log);
                }
                Value::Nil => {}
                _ => info(
                    log,
                    helm,
                    237,
                    &format!("warning: skipped value for {prefix}.{key}: Not a table."),
                ),
            },
            Some(_) => {}
            None => {
                v.borrow_mut().insert(key.clone(), val.deep_copy());
            }
        }
    }
}

/// helm's `coalesceTablesFullKey`: fills `dst` from `src`; `dst` wins. `prefix` is the dotted
/// path of both, for the log.
pub fn coalesce_tables(
    dst: &MapRef,
    src: &MapRef,
    merge: bool,
    prefix: &str,
    helm: Helm,
    log: &dyn Reporter,
) {
    if std::rc::Rc::ptr_eq(dst, src) {
        return;
    }
    let src_non_nil: std::collections::HashSet<String> = src
        .borrow()
        .iter()
        .filter(|(_, v)| !v.is_nil())
        .map(|(k, _)| k.clone())
        .collect();
    // helm 4 copies `dst`'s nulls into `src` and removes a key only when `src` gave it a
    // value (a user nulling a chart default); helm 3.17.2 removes every key `dst` holds as null.
    if !helm.is_v3() {
        let dst_nils: Vec<String> = dst
            .borrow()
            .iter()
            .filter(|(_, v)| v.is_nil())
            .map(|(k, _)| k.clone())
            .collect();
        for k in dst_nils {
            src.borrow_mut().insert(k, Value::Nil);
        }
    }
    let entries: Vec<(String, Value)> = src
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, val) in entries {
        let dv = dst.borrow().get(&key).cloned();
        match dv {
            Some(Value::Nil) if !merge && (helm.is_v3() || src_non_nil.contains(&key)) => {
                dst.borrow_mut().remove(&key);
            }
            None => {
                dst.borrow_mut().insert(key, val);
            }
            Some(Value::Map(dm)) => match &val {
                Value::Map(sm) => coalesce_tables(&dm, sm, merge, &concat(prefix, &key), helm, log),
                Value::Nil => {}
                _ => info(
                    log,
                    helm,
                    301,
                    &format!(
                        "warning: destination for {} is a table. Ignoring non-table value ({})",
                        concat(prefix, &key),
                        fmt::format_v(&val)
                    ),
                ),
            },
            Some(_) if matches!(val, Value::Map(_)) => info(
                log,
                helm,
                298,
                &format!(
                    "warning: cannot overwrite table with non table for {} ({})",
                    concat(prefix, &key),
                    fmt::format_v(&val)
                ),
            ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use rudder_report::Recorder;

    fn map(yaml_pairs: &[(&str, Value)]) -> MapRef {
        let mut m = Map::new();
        for (k, v) in yaml_pairs {
            m.insert(k.to_string(), v.clone());
        }
        Value::map(m).as_map().cloned().expect("a map")
    }

    // helm v3.17.2 and v4.1.4 (testdata/cases/values/coalesce-log).
    #[test]
    fn a_table_meeting_a_scalar_is_logged_as_each_helm_logs_it() {
        for (helm, want) in [
            (
                Helm::V3,
                "coalesce.go:301: warning: destination for t.a is a table. Ignoring non-table value (1)",
            ),
            (
                Helm::V4,
                "INFO warning: destination for t.a is a table. Ignoring non-table value (1)",
            ),
        ] {
            let dst = map(&[("a", Value::Map(map(&[])))]);
            let src = map(&[("a", Value::Int(1))]);
            let log = Recorder::default();
            coalesce_tables(&dst, &src, false, "t", helm, &log);
            assert_eq!(log.reports(), vec![want.to_string()]);
        }
    }
}

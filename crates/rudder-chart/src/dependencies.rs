//! Dependency processing as helm's `ProcessDependencies`: aliases, `tags`, `condition`, the
//! removal of disabled subcharts, and `import-values`.

use rudder_gotmpl::value::STRING_MAP;
use rudder_gotmpl::{fmt, Map, MapRef, Value};

use crate::coalesce::{coalesce_tables, coalesce_values};
use crate::{Chart, ChartError, Helm, Level, Reporter};

fn compatible(constraint: &str, version: &str) -> bool {
    let Some(v) = rudder_gocompat::semver::Version::parse(version) else {
        return false;
    };
    !constraint.trim().is_empty()
        && rudder_gocompat::semver::satisfies(constraint, &v).unwrap_or(false)
}

/// Processes the dependencies of `chart` (recursively) against user values `vals`; `helm`
/// words the warnings.
pub fn process(
    chart: &mut Chart,
    vals: &Value,
    helm: Helm,
    log: &dyn Reporter,
) -> Result<(), ChartError> {
    process_enabled(chart, vals, "", helm, log)?;
    process_import_values(chart, helm, log)
}

fn path_value(vals: &Value, path: &str) -> Option<Value> {
    let mut cur = vals.clone();
    for part in path.split('.') {
        let next = cur.as_map()?.borrow().get(part).cloned()?;
        cur = next;
    }
    Some(cur)
}

/// helm's `Values.Table`: the map at a dotted path, or the step that is missing or not a map
/// (`ErrNoTable`'s text).
fn table_at(vals: &Value, path: &str) -> Result<MapRef, String> {
    let mut cur = vals
        .as_map()
        .cloned()
        .ok_or_else(|| "not a table".to_string())?;
    for step in path.split('.') {
        let next = cur.borrow().get(step).cloned();
        cur = match next {
            Some(Value::Map(m)) => m,
            _ => return Err(format!("{} is not a table", fmt::quote(step))),
        };
    }
    Ok(cur)
}

fn process_enabled(
    chart: &mut Chart,
    vals: &Value,
    path: &str,
    helm: Helm,
    log: &dyn Reporter,
) -> Result<(), ChartError> {
    if chart.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let existing = std::mem::take(&mut chart.dependencies);
    // Subcharts no declaration matches come first, then the declared ones (aliased copies).
    let mut deps: Vec<Chart> = existing
        .iter()
        .filter(|c| {
            !chart
                .metadata
                .dependencies
                .iter()
                .any(|r| r.name == c.name() && compatible(&r.version, &c.metadata.version))
        })
        .cloned()
        .collect();
    for req in &mut chart.metadata.dependencies {
        if let Some(found) = existing
            .iter()
            .find(|c| c.name() == req.name && compatible(&req.version, &c.metadata.version))
        {
            let mut copy = found.clone();
            if !req.alias.is_empty() {
                copy.metadata.set_name(&req.alias);
            }
            deps.push(copy);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
        req.enabled = true;
    }
    chart.dependencies = deps;
    let cvals = coalesce_values(chart, vals, false, helm, log)?;
    // tags
    if let Some(Value::Map(tags)) = cvals.as_map().and_then(|m| m.borrow().get("tags").cloned()) {
        for req in &mut chart.metadata.dependencies {
            let (mut has_true, mut has_false) = (false, false);
            for t in &req.tags {
                if let Some(Value::Bool(b)) = tags.borrow().get(t) {
                    if *b {
                        has_true = true;
                    } else {
                        has_false = true;
                    }
                }
            }
            req.enabled = has_true || !has_false;
        }
    }
    // conditions: the first path holding a bool decides.
    for req in &mut chart.metadata.dependencies {
        for c in req.condition.trim().split(',') {
            if c.is_empty() {
                continue;
            }
            match path_value(&cvals, &format!("{path}{c}")) {
                Some(Value::Bool(b)) => {
                    req.enabled = b;
                    break;
                }
                // helm's PathValue finds no value where a table is.
                None | Some(Value::Map(_)) => {}
                Some(_) if helm.is_v3() => log.line(&format!(
                    "dependencies.go:63: Warning: Condition path '{c}' for chart {} returned non-bool value",
                    req.name
                )),
                Some(_) => log.log(
                    Level::Warn,
                    "returned non-bool value",
                    &[("path", c), ("chart", &req.name)],
                ),
            }
        }
    }
    let disabled: Vec<String> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    chart
        .dependencies
        .retain(|c| !disabled.contains(&c.metadata.name));
    chart
        .metadata
        .dependencies
        .retain(|r| !disabled.contains(&r.name));
    for sub in &mut chart.dependencies {
        let subpath = format!("{path}{}.", sub.name());
        process_enabled(sub, &cvals, &subpath, helm, log)?;
    }
    Ok(())
}

fn process_import_values(
    chart: &mut Chart,
    helm: Helm,
    log: &dyn Reporter,
) -> Result<(), ChartError> {
    for sub in &mut chart.dependencies {
        process_import_values(sub, helm, log)?;
    }
    if chart.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let cvals = coalesce_values(chart, &Value::empty_map(), true, helm, log)?;
    let b: MapRef = Value::empty_map().as_map().cloned().expect("a map");
    for req in &mut chart.metadata.dependencies {
        let mut out = Vec::new();
        for iv in &req.import_values {
            let (child, parent, map_form) = match iv {
                Value::Map(m) => {
                    let m = m.borrow();
                    let get = |k: &str| {
                        m.get(k)
                            .map(fmt::format_v)
                            .unwrap_or_else(|| "<nil>".into())
                    };
                    (get("child"), get("parent"), true)
                }
                Value::String(s) => (format!("exports.{s}"), ".".to_string(), false),
                _ => continue,
            };
            let mut entry = Map::new();
            entry.insert("child".into(), Value::string(child.clone()));
            entry.insert("parent".into(), Value::string(parent.clone()));
            // helm keeps each processed entry as a map[string]string.
            out.push(Value::named_map(entry, &STRING_MAP));
            let table = match table_at(&cvals, &format!("{}.{child}", req.name)) {
                Ok(table) => table,
                // helm words the two forms' warnings differently; helm 3 logs through Go's log.
                Err(e) if map_form && helm.is_v3() => {
                    log.line(&format!(
                        "dependencies.go:269: Warning: ImportValues missing table from chart {}: {e}",
                        req.name
                    ));
                    continue;
                }
                Err(e) if map_form => {
                    let attrs = [("chart", req.name.as_str()), ("error", &e)];
                    log.log(Level::Warn, "ImportValues missing table from chart", &attrs);
                    continue;
                }
                Err(e) if helm.is_v3() => {
                    log.line(&format!(
                        "dependencies.go:286: Warning: ImportValues missing table: {e}"
                    ));
                    continue;
                }
                Err(e) => {
                    log.log(Level::Warn, "ImportValues missing table", &[("error", &e)]);
                    continue;
                }
            };
            let table = Value::Map(table).deep_copy();
            let src = if parent == "." {
                table
            } else {
                wrap_path(&parent, table)
            };
            if let Value::Map(src) = src {
                coalesce_tables(&b, &src, true, "", helm, log);
            }
        }
        req.import_values = out;
    }
    if let Value::Map(merged) = cvals.deep_copy() {
        coalesce_tables(&merged, &b, true, "", helm, log);
        chart.values = Value::Map(merged);
    }
    Ok(())
}

fn wrap_path(path: &str, v: Value) -> Value {
    path.split('.').rev().fold(v, |acc, part| {
        let mut m = Map::new();
        m.insert(part.to_string(), acc);
        Value::map(m)
    })
}

//! The values table as the template sees it: the chart's rows (and with
//! `--document-dependency-values` its dependencies'), sorted, and grouped by `@section`.

use std::collections::HashMap;

use crate::chart::ChartInfo;
use crate::rows::{rows, Row, RowError};
use crate::SortOrder;

pub struct Table {
    pub rows: Vec<Row>,
    /// The rows without a section ("Other Values").
    pub unsectioned: Vec<Row>,
    /// Named sections in order of first appearance, each sorted.
    pub sections: Vec<(String, Vec<Row>)>,
}

fn chart_rows(info: &ChartInfo) -> Result<Vec<Row>, RowError> {
    match &info.values {
        Some(root) => rows(root, &info.descriptions, &info.values_text),
        None => Ok(Vec::new()),
    }
}

/// helm-docs' order: globals first, then the chart's own rows, then each dependency's
/// together; within those by key or by position in the file.
fn sort(rows: &mut [Row], order: SortOrder) {
    rows.sort_by(|a, b| {
        let group = |r: &Row| (!r.is_global, !r.is_global && !r.dependency.is_empty());
        group(a).cmp(&group(b)).then_with(|| {
            let dependency = match a.is_global || b.is_global {
                true => std::cmp::Ordering::Equal,
                false => a.dependency.cmp(&b.dependency),
            };
            dependency.then_with(|| match order {
                SortOrder::AlphaNum => a.key.cmp(&b.key),
                SortOrder::File => (a.line, a.column).cmp(&(b.line, b.column)),
            })
        })
    });
}

/// The table for `info`; `dependencies` are the dependency charts with their key prefixes.
pub fn table(
    info: &ChartInfo,
    dependencies: &[(String, &ChartInfo)],
    order: SortOrder,
    ignore_non_descriptions: bool,
) -> Result<Table, RowError> {
    let mut all = chart_rows(info)?;
    if ignore_non_descriptions {
        all.retain(|r| !r.description.is_empty() || !r.auto_description.is_empty());
    }
    if !dependencies.is_empty() {
        let mut seen_globals: HashMap<String, ()> = HashMap::new();
        for r in all.iter_mut().filter(|r| r.key.starts_with("global.")) {
            r.is_global = true;
            seen_globals.insert(r.key.clone(), ());
        }
        for (prefix, dep) in dependencies {
            for mut r in chart_rows(dep)? {
                if r.key == "global" || r.key.starts_with("global.") {
                    if seen_globals.insert(r.key.clone(), ()).is_some() {
                        continue;
                    }
                    r.is_global = true;
                } else {
                    r.key = format!("{prefix}.{}", r.key);
                }
                r.dependency = prefix.clone();
                all.push(r);
            }
        }
    }
    sort(&mut all, order);
    let mut unsectioned = Vec::new();
    let mut sections: Vec<(String, Vec<Row>)> = Vec::new();
    for r in &all {
        if r.section.is_empty() {
            unsectioned.push(r.clone());
        } else if let Some((_, items)) = sections.iter_mut().find(|(n, _)| *n == r.section) {
            items.push(r.clone());
        } else {
            sections.push((r.section.clone(), vec![r.clone()]));
        }
    }
    Ok(Table {
        rows: all,
        unsectioned,
        sections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(key: &str, dep: &str, global: bool) -> Row {
        Row {
            key: key.into(),
            dependency: dep.into(),
            is_global: global,
            ..Row::default()
        }
    }

    #[test]
    fn globals_then_own_rows_then_dependencies() {
        let mut rows = vec![
            r("b.x", "b", false),
            r("z", "", false),
            r("global.a", "", true),
            r("a.y", "a", false),
            r("c", "", false),
        ];
        sort(&mut rows, SortOrder::AlphaNum);
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["global.a", "c", "z", "a.y", "b.x"]);
    }
}

//! Dependencies: helm's `rules.Dependencies` (helm#7910). The chart must load; subcharts in
//! charts/ must be declared, declared ones present, and names and aliases unique.

use rudder_chart::Chart;

use crate::{Linter, Options, Severity};

pub fn check(linter: &mut Linter, options: &Options) {
    let chart = match rudder_chart::load::load(&linter.chart_dir, options.helm, options.reporter) {
        Ok(chart) => chart,
        Err(e) => {
            let text = format!("unable to load chart\n\t{e}");
            linter.check("chart-load", Severity::Error, "", Err(text));
            return;
        }
    };
    let dir = linter.dir_text();
    linter.check(
        "dependency-undeclared",
        Severity::Error,
        &dir,
        undeclared(&chart),
    );
    linter.check("dependency-unique", Severity::Error, &dir, unique(&chart));
    linter.check(
        "dependency-missing",
        Severity::Warning,
        &dir,
        missing(&chart),
    );
}

fn undeclared(chart: &Chart) -> Result<(), String> {
    let names: Vec<&str> = chart
        .dependencies
        .iter()
        .map(Chart::name)
        .filter(|name| !chart.metadata.dependencies.iter().any(|d| d.name == *name))
        .collect();
    missing_these("chart metadata", &names)
}

fn missing(chart: &Chart) -> Result<(), String> {
    let names: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .map(|d| d.name.as_str())
        .filter(|name| !chart.dependencies.iter().any(|c| c.name() == *name))
        .collect();
    missing_these("chart directory", &names)
}

/// helm's finding for dependencies one side lacks.
fn missing_these(side: &str, names: &[&str]) -> Result<(), String> {
    if names.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{side} is missing these dependencies: {}",
        names.join(",")
    ))
}

fn unique(chart: &Chart) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut shadowing: Vec<&str> = Vec::new();
    for d in &chart.metadata.dependencies {
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if seen.contains(&key.as_str()) {
            shadowing.push(key);
        }
        seen.push(key);
    }
    if shadowing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "multiple dependencies with name or alias: {}",
        shadowing.join(",")
    ))
}

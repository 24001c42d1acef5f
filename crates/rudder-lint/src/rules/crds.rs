//! crds/: helm's `rules.Crds`. Every file the loader keeps under crds/ must hold only
//! CustomResourceDefinitions of apiextensions.k8s.io; the first unreadable document ends the rule.

use crate::rules::templates::unreadable;
use crate::{Linter, Options, Severity};

const DIR: &str = "crds/";

pub fn check(linter: &mut Linter, options: &Options) {
    use Severity::Error;
    let path = linter.chart_dir.join("crds");
    if !path.exists() {
        return;
    }
    let is_dir = if path.is_dir() {
        Ok(())
    } else {
        Err("not a directory".into())
    };
    if !linter.check("crds-dir", Error, DIR, is_dir) {
        return;
    }
    let chart = match rudder_chart::load::load(&linter.chart_dir, options.helm, options.reporter) {
        Ok(chart) => chart,
        Err(e) => {
            linter.check("chart-load", Error, DIR, Err(e.to_string()));
            return;
        }
    };
    for (file, data) in chart.crd_files() {
        let text = rudder_gotmpl::gostr::from_bytes(&data);
        for object in
            rudder_yaml::read_k8s_objects(&text, super::templates::lint_struct(options.helm))
        {
            let object = match object {
                Ok(object) => object,
                Err(e) => {
                    linter.check("crd-yaml", Error, &file, Err(unreadable(&e)));
                    return;
                }
            };
            let Some(object) = object else { continue };
            let api = if object.api_version.starts_with("apiextensions.k8s.io") {
                Ok(())
            } else {
                Err("apiVersion is not in 'apiextensions.k8s.io'".into())
            };
            linter.check("crd-api-version", Error, &file, api);
            let kind = if object.kind == "CustomResourceDefinition" {
                Ok(())
            } else {
                Err("object kind is not 'CustomResourceDefinition'".into())
            };
            linter.check("crd-kind", Error, &file, kind);
        }
    }
}

//! values.yaml: helm's `rules.ValuesWithOverrides`. The file must exist (else an info), load,
//! and, merged under the user's values, meet `values.schema.json` (top-level chart only, as
//! helm 2 did).

use rudder_chart::coalesce::coalesce_tables;
use rudder_chart::Helm;
use rudder_gotmpl::Value;
use rudder_report::Location;

use crate::{Linter, Options, Severity};

const FILE: &str = "values.yaml";

pub fn check(linter: &mut Linter, options: &Options) {
    let path = linter.chart_dir.join(FILE);
    let exists = path.exists();
    let exists_result = if exists {
        Ok(())
    } else {
        Err("file does not exist".into())
    };
    if !linter.check("values-file", Severity::Info, FILE, exists_result) {
        return;
    }
    let (result, location) = match validate(linter, options) {
        Ok(()) => (Ok(()), None),
        Err((text, location)) => (Err(text), location),
    };
    linter.check_at("values-syntax", Severity::Error, FILE, result, location);
}

/// The values file's problem, and where it is when known.
type Problem = (String, Option<Location>);

fn validate(linter: &Linter, options: &Options) -> Result<(), Problem> {
    let path = linter.chart_dir.join(FILE);
    let bytes =
        super::read_file(&path).map_err(|e| (format!("unable to parse YAML: {e}"), None))?;
    let text = rudder_gotmpl::gostr::from_bytes(&bytes);
    let values = rudder_yaml::parse_values(&text).map_err(|e| {
        let location = e.location(FILE);
        // helm reads it into its values type (`common.Values`, helm 3's `chartutil.Values`),
        // so Go names that type.
        let text = match e {
            rudder_yaml::YamlError::ValuesDocument { source, .. } => source.to_string(),
            other => other.to_string(),
        };
        let values_type = match options.helm {
            Helm::V3 => "chartutil.Values",
            Helm::V4 => "common.Values",
        };
        let text = format!(
            "unable to parse YAML: {}",
            text.replace("map[string]interface {}", values_type)
        );
        (text, Some(location))
    })?;
    let merged = Value::empty_map();
    let (Some(dst), Some(user), Some(file)) =
        (merged.as_map(), options.values.as_map(), values.as_map())
    else {
        return Ok(());
    };
    coalesce_tables(dst, user, false, "", options.helm, options.reporter);
    coalesce_tables(dst, file, false, "", options.helm, options.reporter);
    let schema_path = linter.chart_dir.join("values.schema.json");
    let schema = std::fs::read(&schema_path).unwrap_or_default();
    // helm 3's values rule validates even under `--skip-schema-validation`, which there
    // reaches only the templates rule.
    let skipped = options.skip_schema_validation && !options.helm.is_v3();
    if schema.is_empty() || skipped {
        return Ok(());
    }
    rudder_chart::schema::validate_single(
        &merged,
        &schema,
        options.helm,
        options.reporter,
        options.schema_fetcher,
    )
    .map_err(|e| (e.to_string(), None))
}

//! `values.schema.json` from values.yaml (JSON Schema draft 2020-12, which helm 4
//! validates): types from the values, descriptions from their helm-docs comments, and the
//! `@schema` annotations of dadav/helm-schema and losisin/helm-values-schema-json (see
//! [`annotation`] for the syntaxes, [`keywords`] for their meaning, [`infer`] for the rest).
//! [`check`] validates a chart's values files against the schema as helm 4 would.

mod annotation;
pub mod check;
mod infer;
mod keywords;
mod write;

use std::path::Path;

use crate::comment::keyed_descriptions;
use crate::json::Json;
use crate::tree::{self, Kind, Node};
use crate::Error;

/// The draft written in `$schema`.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The file name helm reads the schema from, next to values.yaml.
pub const FILE: &str = "values.schema.json";

/// The schema text for the values file `path` whose text is `text`.
pub fn generate(text: &str, path: &Path) -> Result<String, Error> {
    let text = text.replace("\r\n", "\n");
    let problem = |p: annotation::Problem| Error::Schema {
        path: path.display().to_string(),
        line: p.line,
        message: p.message,
    };
    let root = tree::parse(&text).map_err(|message| Error::yaml(path, message))?;
    let walk = infer::Walk {
        lines: text.split('\n').collect(),
        keyed: keyed_descriptions(&text),
    };
    let root_keywords = annotation::root(&walk.lines)
        .and_then(|entries| keywords::interpret(&entries))
        .map_err(problem)?;
    let mut schema = vec![("$schema".to_string(), Json::Str(DRAFT.into()))];
    schema.extend(root_keywords.schema.iter().cloned());
    if root_keywords.get("type").is_none() {
        schema.push(("type".into(), Json::Str("object".into())));
    }
    match &root {
        None => {}
        Some(
            node @ Node {
                kind: Kind::Mapping(_),
                ..
            },
        ) => {
            let children = walk.properties("", 0, node).map_err(problem)?;
            for (k, v) in children {
                if root_keywords.get(&k).is_none() {
                    schema.push((k, v));
                }
            }
        }
        Some(_) => {
            return Err(Error::yaml(
                path,
                "values file must resolve to a map".into(),
            ))
        }
    }
    write::pretty(&Json::Object(schema)).ok_or_else(|| Error::Schema {
        path: path.display().to_string(),
        line: 0,
        message: "a number has no JSON form (NaN or infinity)".into(),
    })
}

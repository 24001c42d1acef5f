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

/// losisin's config file, beside the values file: its `schemaRoot` gives root keywords.
const LOSISIN_CONFIG: &str = ".schema.yaml";

/// The root keywords of losisin's `schemaRoot` (`id`, `ref`, `title`, `description`,
/// `additionalProperties`) in the config file `path`, if there is one; the file's other
/// settings are its generator's (draft, indentation, output) and are not read.
fn losisin_root(path: &Path) -> Result<Vec<annotation::Entry>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let config = tree::parse(&text).map_err(|message| Error::yaml(path, message))?;
    let Some(Kind::Mapping(entries)) = config
        .as_ref()
        .and_then(|c| c.get("schemaRoot"))
        .map(|n| &n.kind)
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let name = k.scalar_text().unwrap_or_default();
        let key = match name {
            "id" => "$id",
            "ref" => "$ref",
            "title" | "description" | "additionalProperties" => name,
            other => {
                return Err(Error::Schema {
                    path: path.display().to_string(),
                    line: k.line,
                    message: format!("unknown schemaRoot setting {other:?}"),
                })
            }
        };
        out.push(annotation::Entry {
            key: key.to_string(),
            written: annotation::Written::Block(crate::rows::to_json(v)),
            line: k.line,
        });
    }
    Ok(out)
}

/// The schema text for the values file `path` whose text is `text`; losisin's
/// `.schema.yaml` beside it gives root keywords too (one given there and in a
/// `# @schema.root` block is an error, as any keyword given twice).
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
    let config = path.with_file_name(LOSISIN_CONFIG);
    let mut entries = losisin_root(&config)?;
    entries.extend(annotation::root(&walk.lines).map_err(problem)?);
    let root_keywords = keywords::interpret(&entries).map_err(problem)?;
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

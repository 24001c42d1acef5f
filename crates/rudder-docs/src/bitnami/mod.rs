//! Bitnami's README format, as `@bitnami/readme-generator-for-helm` 2.7.2 writes it:
//! `## @param` metadata comments in values.yaml checked against the values, the README's
//! parameters section rewritten in place, and the `--schema` output.
//!
//! [`generate`] runs the tool's steps in its order; where the tool throws half-way, what it
//! wrote before (the README, when only the schema fails) is kept with the error.

mod check;
mod combine;
mod comments;
mod config;
mod js;
mod readme;
mod schema;
mod values;
mod yaml;

pub use check::{Check, WRONG_METADATA};
pub use config::Config;

/// What a run wrote, printed and failed with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The consistency check (absent when the values did not parse).
    pub check: Option<Check>,
    /// The new README, when one was given and the run got that far.
    pub readme: Option<String>,
    /// The schema, when asked for and the run got that far.
    pub schema: Option<String>,
    /// Why the run stopped, as the tool's thrown error says it.
    pub error: Option<String>,
}

/// Whether the values file documents its values with `@param` comments.
pub fn uses_params(values: &str, config: &Config) -> bool {
    comments::uses_params(values, config)
}

/// Runs the tool on the values text, updating `readme` when given and making the schema
/// when `schema` is set.
pub fn generate(values: &str, readme: Option<&str>, schema: bool, config: &Config) -> Outcome {
    let mut out = Outcome::default();
    if let Err(e) = run(values, readme, schema, config, &mut out) {
        out.error = Some(e);
    }
    out
}

fn run(
    text: &str,
    readme: Option<&str>,
    want_schema: bool,
    config: &Config,
    out: &mut Outcome,
) -> Result<(), String> {
    let root = yaml::parse(text)?;
    let listed = values::list(&root)?;
    let mut meta = comments::parse(text, config)?;
    let checked = check::check(&listed, &meta);
    let failed = !checked.errors.is_empty();
    out.check = Some(checked);
    if failed {
        return Err(WRONG_METADATA.into());
    }
    combine::combine(&listed, &mut meta);
    if let Some(readme) = readme {
        let mut sections = Vec::new();
        for section in &meta.sections {
            let params: Vec<&comments::Param> =
                section.params.iter().map(|&i| &meta.arena[i]).collect();
            sections.push(readme::Rendered {
                section,
                params: combine::render_list(&params, config)?,
            });
        }
        out.readme = Some(readme::update(readme, &sections, config)?);
    }
    if want_schema {
        let params = combine::render_list(&meta.list(), config)?;
        out.schema = Some(schema::render(&params, config)?);
    }
    Ok(())
}

//! readme-generator's consistency check between the values and their metadata: every value
//! documented, every documented key present. `@skip` exempts a key and what lies under it;
//! any modifier exempts the key and, for `a[0]`-style names, its list; `@extra` keys are
//! not looked for.

use super::comments::{Metadata, Param};
use super::values::array_prefix;

/// What the check printed, and its verdict.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Check {
    /// `Skipping check for KEY`, once per exemption that covers the key.
    pub skipped: Vec<String>,
    /// `ERROR: ...` lines; the tool stops when there is one.
    pub errors: Vec<String>,
}

impl Check {
    /// The lines the tool prints, in its order (after the skipped keys).
    pub fn report(&self) -> String {
        let mut out = String::new();
        for key in &self.skipped {
            out.push_str(&format!("Skipping check for {key}\n"));
        }
        out.push_str("INFO: Checking missing metadata...\n");
        if self.errors.is_empty() {
            out.push_str("INFO: Metadata is correct!\n");
            return out;
        }
        out.push_str(
            "\n\n######\nThe following errors must be fixed before proceeding\n######\n\n\n",
        );
        for error in &self.errors {
            out.push_str(error);
            out.push('\n');
        }
        out
    }
}

/// `ERROR: Wrong metadata!`: the failure the tool throws after listing the errors.
pub const WRONG_METADATA: &str = "ERROR: Wrong metadata!";

pub fn check(values: &[Param], meta: &Metadata) -> Check {
    let documented = meta.list();
    let exempt: Vec<String> = documented
        .iter()
        .filter(|p| p.skip() || !p.modifiers.is_empty())
        .map(|p| match p.modifiers.is_empty() {
            true => p.name.clone(),
            false if p.name.contains('[') => array_prefix(&p.name),
            false => p.name.clone(),
        })
        .collect();
    let parsed: Vec<&str> = documented
        .iter()
        .filter(|p| !p.name.is_empty() && !exempt.contains(&p.name) && !p.extra())
        .map(|p| p.name.as_str())
        .collect();
    let mut out = Check::default();
    let mut real = Vec::new();
    for v in values {
        let mut skipped = false;
        for key in &exempt {
            let under = |sep: char| {
                v.name
                    .strip_prefix(key.as_str())
                    .is_some_and(|rest| rest.starts_with(sep))
            };
            if v.name == *key || under('.') || under('[') {
                out.skipped.push(v.name.clone());
                skipped = true;
            }
        }
        if !skipped {
            real.push(v.name.as_str());
        }
    }
    for key in real.iter().filter(|k| !parsed.contains(k)) {
        out.errors
            .push(format!("ERROR: Missing metadata for key: {key}"));
    }
    for key in parsed.iter().filter(|k| !real.contains(k)) {
        out.errors.push(format!(
            "ERROR: Metadata provided for non existing key: {key}"
        ));
    }
    out
}

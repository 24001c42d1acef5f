//! The documented parameters completed from the values (value, type, whether the schema
//! can hold them), the undocumented values added as skipped ones, and the modifiers
//! applied to make the lists the README and the schema render.

use super::comments::{Metadata, Param};
use super::config::Config;
use super::js::Js;

/// Fills each documented parameter from the value of the same name and adds the values no
/// parameter names, after the first value whose name starts with theirs (as the tool does).
pub fn combine(values: &[Param], meta: &mut Metadata) {
    for &id in &meta.params {
        let param = &mut meta.arena[id];
        if param.extra() {
            continue;
        }
        if let Some(v) = values.iter().find(|v| v.name == param.name) {
            if !Js::truthy(param.value.as_ref()) {
                param.value = v.value.clone();
            }
            param.kind = v.kind.clone();
            param.schema = v.schema;
        }
    }
    for v in values {
        let named = meta.params.iter().any(|&i| meta.arena[i].name == v.name);
        if named {
            continue;
        }
        let at = values
            .iter()
            .position(|w| w.name.starts_with(v.name.as_str()))
            .map_or(0, |i| i + 1);
        let mut param = v.clone();
        param.set_skip();
        param.schema = true;
        meta.arena.push(param);
        let id = meta.arena.len() - 1;
        meta.params.insert(at.min(meta.params.len()), id);
    }
}

/// The parameters to render: each with its modifiers applied, less the skipped ones.
pub fn render_list(params: &[&Param], config: &Config) -> Result<Vec<Param>, String> {
    let mut out = Vec::new();
    for param in params {
        let mut param = (*param).clone();
        apply_modifiers(&mut param, config)?;
        if !param.skip() {
            out.push(param);
        }
    }
    Ok(out)
}

/// Each modifier in turn sets the type and a value; when `nullable` comes last, the types
/// change and the value stays.
fn apply_modifiers(param: &mut Param, c: &Config) -> Result<(), String> {
    let nullable_last = param.modifiers.last().is_some_and(|m| *m == c.nullable)
        && param.modifiers.iter().position(|m| *m == c.nullable) == Some(param.modifiers.len() - 1);
    let default =
        regex::Regex::new(&format!("{}:", regex::escape(&c.default))).map_err(|e| e.to_string())?;
    for modifier in param.modifiers.clone() {
        let typed = [(&c.array, "[]"), (&c.object, "{}"), (&c.string, "\"\"")]
            .into_iter()
            .find(|(name, _)| **name == modifier);
        if let Some((name, empty)) = typed {
            param.kind = name.clone();
            if !nullable_last {
                param.value = Some(Js::Str(empty.into()));
            }
        } else if modifier == c.nullable {
            if param.value.is_none() {
                param.value = Some(Js::Str("nil".into()));
            }
        } else if let Some(m) = default.find(&modifier) {
            // `replace(/default:\s*/, '')`: the first occurrence and the blanks after it go.
            let rest = modifier[m.end()..].trim_start_matches(super::config::is_space);
            param.value = Some(Js::Str(format!("{}{rest}", &modifier[..m.start()])));
        } else {
            return Err(format!(
                "Unknown modifier: {modifier} for parameter {}",
                param.name
            ));
        }
    }
    Ok(())
}

//! The metadata comments of a values file (`## @section`, `## @param key [modifiers] text`,
//! `## @skip`, `## @extra`, `## @descriptionStart` ... `## @descriptionEnd`), read line by
//! line with readme-generator's expressions: every line is tried against each of them.

use super::config::{is_space, js_regex, Config};
use super::js::Js;

/// A documented (or, after [`super::combine`], an undocumented) value.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub description: String,
    pub value: Option<Js>,
    /// `typeof` the value ("array" for arrays), or a modifier's type.
    pub kind: String,
    pub modifiers: Vec<String>,
    /// Checked against the values (false for `@skip` and `@extra`).
    pub validate: bool,
    /// Rendered in the README (false for `@skip`).
    pub readme: bool,
    /// Rendered in the schema (false for keys holding dots).
    pub schema: bool,
}

impl Param {
    pub fn new(name: &str) -> Param {
        Param {
            name: name.to_string(),
            description: String::new(),
            value: None,
            kind: String::new(),
            modifiers: Vec::new(),
            validate: true,
            readme: true,
            schema: true,
        }
    }

    pub fn extra(&self) -> bool {
        !self.validate && self.readme
    }

    pub fn skip(&self) -> bool {
        !self.validate && !self.readme
    }

    pub fn set_skip(&mut self) {
        self.validate = false;
        self.readme = false;
    }

    pub fn has_modifier(&self, modifier: &str) -> bool {
        self.modifiers.iter().any(|m| m == modifier)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub name: String,
    pub description_lines: Vec<String>,
    /// Its parameters, as indices into [`Metadata::arena`].
    pub params: Vec<usize>,
}

impl Section {
    /// The description as the tool joins it (its line breaks are `\r\n`).
    pub fn description(&self) -> String {
        self.description_lines.join("\r\n")
    }
}

/// Sections and parameters; a parameter is shared by its section and the full list, as the
/// tool shares one object between both.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    pub arena: Vec<Param>,
    /// Every parameter in order, as indices into `arena`.
    pub params: Vec<usize>,
    pub sections: Vec<Section>,
}

impl Metadata {
    fn add(&mut self, param: Param, section: Option<usize>) {
        let id = self.arena.len();
        self.arena.push(param);
        if let Some(s) = section {
            self.sections[s].params.push(id);
        }
        self.params.push(id);
    }

    /// The parameters in order.
    pub fn list(&self) -> Vec<&Param> {
        self.params.iter().map(|&i| &self.arena[i]).collect()
    }
}

/// The expressions built from the config, as the tool builds them.
struct Patterns {
    param: regex::Regex,
    section: regex::Regex,
    start: regex::Regex,
    content: regex::Regex,
    end: regex::Regex,
    skip: regex::Regex,
    extra: regex::Regex,
}

impl Patterns {
    fn new(c: &Config) -> Result<Patterns, String> {
        let f = &c.comment;
        let keyed = |tag: &str| {
            format!(r"^{{s}}*{f}{{s}}*{tag}{{s}}*({{S}}+){{s}}*(\[{{.}}*?\])?{{s}}*({{.}}*)$")
        };
        Ok(Patterns {
            param: js_regex(&keyed(&c.param))?,
            section: js_regex(&format!(r"^{{s}}*{f}{{s}}*{}{{s}}*({{.}}*)$", c.section))?,
            start: js_regex(&format!(
                r"^{{s}}*{f}{{s}}*{}{{s}}*({{.}}*)",
                c.description_start
            ))?,
            content: js_regex(&format!(r"^{{s}}*{f}{{s}}?({{.}}*)"))?,
            end: js_regex(&format!(
                r"^{{s}}*{f}{{s}}*{}{{s}}*({{.}}*)",
                c.description_end
            ))?,
            skip: js_regex(&format!(
                r"^{{s}}*{f}{{s}}*{}{{s}}*({{S}}+){{s}}*({{.}}*)$",
                c.skip
            ))?,
            extra: js_regex(&keyed(&c.extra))?,
        })
    }
}

/// Whether a values file documents itself in this format: a line holds a `@param` comment.
pub fn uses_params(values: &str, config: &Config) -> bool {
    let Ok(p) = Patterns::new(config) else {
        return false;
    };
    values.lines().any(|line| p.param.is_match(line))
}

/// The lines of a text as `split(/\r?\n/)` makes them.
pub fn split_lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// The modifiers inside `[...]`: what lies between its first `[` and the next `]`, split at
/// commas; an entry of blanks becomes an empty modifier (which the tool rejects).
fn modifiers(bracket: &str) -> Vec<String> {
    let inner = bracket.split('[').nth(1).unwrap_or("");
    let inner = inner.split(']').next().unwrap_or("");
    inner
        .split(',')
        .filter(|m| !m.is_empty())
        .map(|m| m.trim_matches(|c: char| is_space(c)).to_string())
        .collect()
}

pub fn parse(values: &str, config: &Config) -> Result<Metadata, String> {
    let p = Patterns::new(config)?;
    let mut meta = Metadata::default();
    let mut current: Option<usize> = None;
    let mut describing = false;
    for line in split_lines(values) {
        if let Some(c) = p.param.captures(line) {
            let mut param = Param::new(&c[1]);
            param.modifiers = c.get(2).map_or(Vec::new(), |m| modifiers(m.as_str()));
            param.description = c[3].to_string();
            meta.add(param, current);
        }
        if let Some(c) = p.section.captures(line) {
            meta.sections.push(Section {
                name: c[1].to_string(),
                ..Section::default()
            });
            current = Some(meta.sections.len() - 1);
        }
        if let Some(s) = current {
            if describing && p.end.is_match(line) {
                describing = false;
            }
            if describing {
                if let Some(c) = p.content.captures(line) {
                    meta.sections[s].description_lines.push(c[1].to_string());
                }
            }
            if !describing {
                if let Some(c) = p.start.captures(line) {
                    describing = true;
                    if !c[1].is_empty() {
                        meta.sections[s].description_lines.push(c[1].to_string());
                    }
                }
            }
        }
        if let Some(c) = p.skip.captures(line) {
            let mut param = Param::new(&c[1]);
            param.set_skip();
            meta.add(param, current);
        }
        if let Some(c) = p.extra.captures(line) {
            let mut param = Param::new(&c[1]);
            param.description = c[3].to_string();
            param.value = Some(Js::Str(String::new()));
            param.validate = false;
            meta.add(param, current);
        }
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_sections_and_descriptions() {
        let text = "## @section Main\n## @descriptionStart First\n## second\n## @descriptionEnd\n\
                    ## @param a.b [array, default: x] The b\n## @skip c\n## @extra d Extra\n";
        let meta = parse(text, &Config::default()).unwrap();
        assert_eq!(meta.sections[0].description(), "First\r\nsecond");
        let list = meta.list();
        assert_eq!(list[0].name, "a.b");
        assert_eq!(list[0].modifiers, ["array", "default: x"]);
        assert_eq!(list[0].description, "The b");
        assert!(list[1].skip() && list[2].extra());
        assert_eq!(meta.sections[0].params, [0, 1, 2]);
    }

    #[test]
    fn modifier_text_stops_at_the_first_bracket() {
        assert_eq!(modifiers("[default: [a]"), ["default:"]);
        assert_eq!(modifiers("[array, ]"), ["array", ""]);
    }
}

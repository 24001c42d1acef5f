//! readme-generator's configuration (`-c config.json`): the comment prefix, the tag and
//! modifier names and the README section title, each a piece of a regular expression. A
//! setting the file leaves out reads `undefined`, as the tool's template strings do.

use regex::Regex;

/// JavaScript's `\s`, `\S` and `.` (which stops at any line terminator).
pub const SPACE: &str = r"[\t\n\x0B\x0C\r \u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}]";
pub const NOT_SPACE: &str = r"[^\t\n\x0B\x0C\r \u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}]";
pub const DOT: &str = r"[^\n\r\u{2028}\u{2029}]";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub comment: String,
    pub param: String,
    pub section: String,
    pub description_start: String,
    pub description_end: String,
    pub skip: String,
    pub extra: String,
    pub array: String,
    pub object: String,
    pub string: String,
    pub nullable: String,
    pub default: String,
    pub params_section_title: String,
}

impl Default for Config {
    /// The tool's own config.json.
    fn default() -> Self {
        Config {
            comment: "##".into(),
            param: "@param".into(),
            section: "@section".into(),
            description_start: "@descriptionStart".into(),
            description_end: "@descriptionEnd".into(),
            skip: "@skip".into(),
            extra: "@extra".into(),
            array: "array".into(),
            object: "object".into(),
            string: "string".into(),
            nullable: "nullable".into(),
            default: "default".into(),
            params_section_title: "Parameters".into(),
        }
    }
}

impl Config {
    /// Reads a config file's JSON text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let json: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let get = |group: &str, name: &str| -> String {
            match json.get(group).and_then(|g| g.get(name)) {
                None => "undefined".into(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) => "null".into(),
                Some(other) => other.to_string(),
            }
        };
        Ok(Config {
            comment: get("comments", "format"),
            param: get("tags", "param"),
            section: get("tags", "section"),
            description_start: get("tags", "descriptionStart"),
            description_end: get("tags", "descriptionEnd"),
            skip: get("tags", "skip"),
            extra: get("tags", "extra"),
            array: get("modifiers", "array"),
            object: get("modifiers", "object"),
            string: get("modifiers", "string"),
            nullable: get("modifiers", "nullable"),
            default: get("modifiers", "default"),
            params_section_title: get("regexp", "paramsSectionTitle"),
        })
    }
}

/// Compiles a pattern written with `\s`, `\S` and `.` meaning what they mean in JavaScript
/// (written here as `{s}`, `{S}` and `{.}`).
pub fn js_regex(pattern: &str) -> Result<Regex, String> {
    let pattern = pattern
        .replace("{s}", SPACE)
        .replace("{S}", NOT_SPACE)
        .replace("{.}", DOT);
    Regex::new(&pattern).map_err(|e| format!("invalid regular expression from the config: {e}"))
}

/// A character JavaScript's `\s` and `String.prototype.trim` count as blank.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

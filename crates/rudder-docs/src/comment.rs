//! helm-docs' comment grammar: `# -- description` (or `# key.path -- description`) with
//! continuation lines, `# -- (type) description`, `# @default -- text`, `# @section -- name`,
//! `# @notationType -- type` and `# @raw` (continuations keep their line breaks).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// What a comment says about one value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Description {
    pub description: String,
    pub default: String,
    pub section: String,
    pub value_type: String,
    pub notation_type: String,
}

/// Go's `\s` is ASCII whitespace only.
fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\s", r"[\t\n\f\r ]")).expect("static pattern")
}

/// `# [key] -- text`: the key part is greedy, so the last ` --` on the line splits it.
static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*#\s*(.*)\s+--\s*(.*)$"));
static RAW: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*#\s+@raw"));
static CONTINUATION: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*#(\s?)(.*)$"));
static DEFAULT: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*# @default -- (.*)$"));
static TYPE: LazyLock<Regex> = LazyLock::new(|| re(r"^\((.*?)\)\s*(.*)$"));
static NOTATION: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*#\s+@notationType\s+--\s+(.*)$"));
static SECTION: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*# @section -- (.*)$"));

fn capture<'l>(regex: &Regex, line: &'l str, group: usize) -> Option<&'l str> {
    regex
        .captures(line)
        .and_then(|c| c.get(group))
        .map(|m| m.as_str())
}

/// Parses one comment block into the key it names (empty for `# --`) and its description.
/// Only the last run of lines starting with `# --` counts, so notes above it are dropped.
pub fn parse_block(lines: &[&str]) -> (String, Description) {
    let last = lines.iter().rposition(|l| l.starts_with("# --"));
    let lines = match last {
        Some(i) if i > 0 => &lines[i..],
        _ => lines,
    };
    let mut out = Description::default();
    let mut key = String::new();
    let mut start = 0;
    if let Some((i, c)) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| DESCRIPTION.captures(l).map(|c| (i, c)))
    {
        key = c[1].to_string();
        out.description = c[2].to_string();
        start = i;
    }
    if let Some(c) = TYPE.captures(&out.description.clone()) {
        if !c[1].is_empty() {
            out.value_type = c[1].to_string();
            out.description = c[2].to_string();
        }
    }
    let mut raw = false;
    for line in lines.iter().skip(start + 1) {
        if !raw && RAW.is_match(line) {
            raw = true;
            continue;
        }
        if let Some(d) = capture(&DEFAULT, line, 1) {
            out.default = d.to_string();
        } else if let Some(n) = capture(&NOTATION, line, 1) {
            out.notation_type = n.to_string();
        } else if let Some(s) = capture(&SECTION, line, 1) {
            out.section = s.to_string();
        } else if let Some(text) = capture(&CONTINUATION, line, 2) {
            out.description.push(if raw { '\n' } else { ' ' });
            out.description.push_str(text);
        }
    }
    (key, out)
}

/// The description a key's own comment block gives, unless the block names another key.
pub fn node_description(head_comment: &str) -> Description {
    if !head_comment.contains("# --") {
        return Description::default();
    }
    let lines: Vec<&str> = head_comment.split('\n').collect();
    match parse_block(&lines) {
        (key, d) if key.is_empty() => d,
        _ => Description::default(),
    }
}

/// The `# key.path -- description` blocks anywhere in the file, by key path.
pub fn keyed_descriptions(text: &str) -> HashMap<String, Description> {
    let mut found = HashMap::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines() {
        if block.is_empty() {
            if capture(&DESCRIPTION, line, 1).is_some_and(|k| !k.is_empty()) {
                block.push(line);
            }
            continue;
        }
        if DEFAULT.is_match(line) || SECTION.is_match(line) || CONTINUATION.is_match(line) {
            block.push(line);
            continue;
        }
        let (key, d) = parse_block(&block);
        if !key.is_empty() {
            found.insert(key, d);
        }
        block.clear();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Description {
        node_description(text)
    }

    #[test]
    fn continuation_lines_join_with_spaces() {
        let d = block("# -- first\n# second");
        assert_eq!(d.description, "first second");
    }

    #[test]
    fn raw_keeps_line_breaks() {
        let d = block("# -- first\n# @raw\n# - a\n# - b");
        assert_eq!(d.description, "first\n- a\n- b");
    }

    #[test]
    fn type_default_section_and_notation() {
        let d = block(
            "# -- (tpl) text\n# @default -- computed\n# @section -- Main\n# @notationType -- yaml",
        );
        assert_eq!(d.value_type, "tpl");
        assert_eq!(d.description, "text");
        assert_eq!(d.default, "computed");
        assert_eq!(d.section, "Main");
        assert_eq!(d.notation_type, "yaml");
    }

    #[test]
    fn only_the_last_description_block_counts() {
        let d = block("# -- old\n# note\n# -- new");
        assert_eq!(d.description, "new");
    }

    #[test]
    fn keyed_comments_are_not_node_descriptions() {
        assert_eq!(block("# a.b -- text"), Description::default());
        let keyed = keyed_descriptions("# a.b -- text\n# more\na:\n  b: 1\n");
        assert_eq!(keyed["a.b"].description, "text more");
    }
}

//! `@schema` annotations as the two helm-schema tools write them, read from a key's comments:
//!
//! - dadav/helm-schema's blocks: YAML between two `# @schema` lines above the key (and one
//!   `# @schema.root` block before the first key, for the root schema);
//! - losisin/helm-values-schema-json's lines: `# @schema key:value; key:value`, on the line
//!   above the key, at the end of the key's own line, or below its value at the key's
//!   indentation (a foot comment: the comment lines right after the value, ended by a blank
//!   line or the end of the block; without that blank line yaml.v3 gives them to the next
//!   key, above which they are read).
//!
//! Both give [`Entry`]s, each with the line it was written on; what a keyword means is
//! [`super::keywords`]' business.

use crate::json::Json;
use crate::tree;

/// How a keyword's value was written: losisin's raw text after `key:`, or dadav's YAML.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Inline(String),
    Block(Json),
}

/// One keyword as written, with its 1-based line in the values file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub written: Written,
    pub line: usize,
}

/// A problem with an annotation, at a 1-based line of the values file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Problem {
            line,
            message: message.into(),
        }
    }
}

/// What a comment line is to the annotation syntaxes.
enum Marker<'l> {
    Block,
    RootBlock,
    /// The text after `@schema `.
    Inline(&'l str),
    None,
}

/// Classifies a comment's text (starting at its `#`). As losisin's tool reads it,
/// `@schema` must follow the `#` (spaces between are fine) and be followed by a space.
fn marker(comment: &str) -> Marker<'_> {
    let Some(rest) = comment.trim().strip_prefix('#') else {
        return Marker::None;
    };
    let rest = rest.trim();
    if rest == "@schema" {
        return Marker::Block;
    }
    if rest == "@schema.root" {
        return Marker::RootBlock;
    }
    match rest.strip_prefix("@schema") {
        Some(text) if text.starts_with([' ', '\t']) => Marker::Inline(text.trim()),
        _ => Marker::None,
    }
}

/// Splits `key:value; key:value` (losisin's syntax: `;` separates keywords, the first `:`
/// a keyword from its value).
fn inline_entries(text: &str, line: usize, out: &mut Vec<Entry>) {
    for part in text.split(';') {
        let (key, value) = part.split_once(':').unwrap_or((part, ""));
        let key = key.trim();
        if key.is_empty() && value.trim().is_empty() {
            continue;
        }
        out.push(Entry {
            key: key.to_string(),
            written: Written::Inline(value.trim().to_string()),
            line,
        });
    }
}

/// The YAML between two block markers as entries; `first` is the 1-based line of the
/// block's first content line.
fn block_entries(body: &[&str], first: usize, out: &mut Vec<Entry>) -> Result<(), Problem> {
    let text: String = body.iter().map(|l| format!("{l}\n")).collect();
    let node = tree::parse(&text).map_err(|e| yaml_problem(&e, first))?;
    let Some(node) = node else { return Ok(()) };
    let tree::Kind::Mapping(entries) = &node.kind else {
        return Err(Problem::new(
            first + node.line - 1,
            "@schema block must be a mapping of keywords",
        ));
    };
    for (k, v) in entries {
        out.push(Entry {
            key: k.scalar_text().unwrap_or_default().to_string(),
            written: Written::Block(crate::rows::to_json(v)),
            line: first + k.line - 1,
        });
    }
    Ok(())
}

/// A YAML error in a block, placed at its line of the values file.
fn yaml_problem(error: &str, first: usize) -> Problem {
    static AT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r" at byte \d+ line (\d+) column \d+$").expect("static pattern")
    });
    let line = AT
        .captures(error)
        .and_then(|c| c[1].parse::<usize>().ok())
        .map_or(first.saturating_sub(1), |l| first + l - 1);
    let message = AT.replace(error, "");
    Problem::new(line, format!("@schema block is not YAML: {message}"))
}

/// A block's content line: the comment without its `#` and one space after it.
fn block_line(comment: &str) -> &str {
    let text = comment.trim_start();
    let text = text.strip_prefix('#').unwrap_or(text);
    text.strip_prefix(' ').unwrap_or(text)
}

/// The 1-based line numbers of a head comment's lines, found upward from the node's line.
fn head_lines(head: &[&str], node_line: usize, lines: &[&str]) -> Vec<usize> {
    let mut at = vec![0; head.len()];
    let mut cursor = node_line.saturating_sub(1);
    for (i, text) in head.iter().enumerate().rev() {
        if text.is_empty() {
            continue;
        }
        while cursor > 0 && lines.get(cursor - 1).map(|l| l.trim()) != Some(text.trim()) {
            cursor -= 1;
        }
        at[i] = cursor;
        cursor = cursor.saturating_sub(1);
    }
    at
}

/// Where a node's annotations may be: its head comment (yaml.v3's), the end of its own
/// 1-based line when `trailing`, and below its value when it is a mapping key at 0-based
/// column `foot`.
pub struct Place<'h> {
    pub head: &'h str,
    pub line: usize,
    pub trailing: bool,
    pub foot: Option<usize>,
}

/// A node's annotations (see [`Place`]), and its head comment without them, for its
/// helm-docs description. Root blocks (`# @schema.root`) are skipped: [`root`] reads them.
pub fn of_node(place: &Place, lines: &[&str]) -> Result<(Vec<Entry>, String), Problem> {
    let Place {
        head,
        line: node_line,
        trailing,
        foot,
    } = *place;
    let head: Vec<&str> = if head.is_empty() {
        Vec::new()
    } else {
        head.split('\n').collect()
    };
    let numbers = head_lines(&head, node_line, lines);
    let mut entries = Vec::new();
    let mut rest = Vec::new();
    let mut block: Option<(usize, Vec<&str>)> = None;
    let mut root = false;
    for (text, &line) in head.iter().zip(&numbers) {
        match (marker(text), block.take()) {
            (Marker::RootBlock, None) => root = !root,
            _ if root => {}
            (Marker::Block, None) => block = Some((line, Vec::new())),
            (Marker::Block, Some((start, body))) => block_entries(&body, start + 1, &mut entries)?,
            (_, Some((start, mut body))) => {
                body.push(block_line(text));
                block = Some((start, body));
            }
            (Marker::Inline(text), None) => inline_entries(text, line, &mut entries),
            (_, None) => rest.push(*text),
        }
    }
    if let Some((start, _)) = block {
        return Err(Problem::new(start, "@schema block is not closed"));
    }
    if let Some(own) = lines.get(node_line.wrapping_sub(1)).filter(|_| trailing) {
        if let Some(text) = trailing_annotation(own) {
            inline_entries(text, node_line, &mut entries);
        }
    }
    if let Some(column) = foot {
        for (line, text) in foot_comment(lines, node_line, column) {
            if let Marker::Inline(text) = marker(text) {
                inline_entries(text, line, &mut entries);
            }
        }
    }
    Ok((entries, rest.join("\n")))
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The foot comment of the key on 1-based `key_line` at 0-based `column`: the comment
/// lines at that column right after the last line of its value, when a blank line, the
/// end of the text or a less indented line follows them.
fn foot_comment<'l>(lines: &[&'l str], key_line: usize, column: usize) -> Vec<(usize, &'l str)> {
    let mut last = key_line; // 1-based line of the value's last content
    for (i, text) in lines.iter().enumerate().skip(key_line) {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indentation(text) <= column {
            break;
        }
        last = i + 1;
    }
    let mut found = Vec::new();
    for (i, text) in lines.iter().enumerate().skip(last) {
        let trimmed = text.trim();
        if trimmed.starts_with('#') && indentation(text) == column {
            found.push((i + 1, *text));
            continue;
        }
        let ends = trimmed.is_empty() || indentation(text) < column;
        return if ends { found } else { Vec::new() };
    }
    found
}

/// The `# @schema ...` comment ending a content line, if any.
fn trailing_annotation(line: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = line[from..].find('#') {
        let at = from + i;
        let spaced = at == 0 || line[..at].ends_with([' ', '\t']);
        if spaced && at > 0 {
            if let Marker::Inline(text) = marker(&line[at..]) {
                return Some(text);
            }
        }
        from = at + 1;
    }
    None
}

/// The root schema's keywords: the `# @schema.root` blocks in the comments before the
/// first content line.
pub fn root(lines: &[&str]) -> Result<Vec<Entry>, Problem> {
    let mut entries = Vec::new();
    let mut block: Option<(usize, Vec<&str>)> = None;
    for (i, text) in lines.iter().enumerate() {
        let trimmed = text.trim();
        let comment = trimmed.starts_with('#');
        if !comment && !trimmed.is_empty() && trimmed != "---" {
            break;
        }
        match (marker(text), block.take()) {
            (Marker::RootBlock, None) => block = Some((i + 1, Vec::new())),
            (Marker::RootBlock, Some((start, body))) => {
                block_entries(&body, start + 1, &mut entries)?
            }
            (_, Some((start, mut body))) => {
                body.push(block_line(text));
                block = Some((start, body));
            }
            _ => {}
        }
    }
    match block {
        Some((start, _)) => Err(Problem::new(start, "@schema.root block is not closed")),
        None => Ok(entries),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(entries: &[Entry]) -> Vec<(&str, usize)> {
        entries.iter().map(|e| (e.key.as_str(), e.line)).collect()
    }

    #[test]
    fn blocks_inline_lines_and_trailing_comments() {
        let text = "# @schema\n# type: integer\n# minimum: 1\n# @schema\n# @schema maximum:9; required\n# -- replicas\nn: 2 # @schema multipleOf:2\n";
        let lines: Vec<&str> = text.lines().collect();
        let head = lines[..6].join("\n");
        let place = Place {
            head: &head,
            line: 7,
            trailing: true,
            foot: None,
        };
        let (entries, rest) = of_node(&place, &lines).unwrap();
        assert_eq!(
            keys(&entries),
            [
                ("type", 2),
                ("minimum", 3),
                ("maximum", 5),
                ("required", 5),
                ("multipleOf", 7)
            ]
        );
        assert_eq!(rest, "# -- replicas");
        assert_eq!(entries[3].written, Written::Inline(String::new()));
    }

    #[test]
    fn an_unclosed_block_names_its_line() {
        let lines = ["a: 1", "# @schema", "# type: string", "b: x"];
        let place = Place {
            head: "# @schema\n# type: string",
            line: 4,
            trailing: true,
            foot: None,
        };
        let err = of_node(&place, &lines).unwrap_err();
        assert_eq!(err, Problem::new(2, "@schema block is not closed"));
    }

    #[test]
    fn hashes_inside_values_are_not_annotations() {
        assert_eq!(trailing_annotation("a: \"x#@schema y\""), None);
        assert_eq!(
            trailing_annotation("a: 1 #@schema type:number"),
            Some("type:number")
        );
        assert_eq!(trailing_annotation("a: 1 # @schemas x"), None);
    }

    #[test]
    fn foot_comments_end_at_a_blank_line() {
        let lines = [
            "a:",
            "  b: 1",
            "# @schema additionalProperties: false",
            "",
            "c: 2",
            "# @schema minimum: 1",
            "d: 3",
        ];
        assert_eq!(foot_comment(&lines, 1, 0), [(3, lines[2])]);
        // Without a blank line, the comment is the next key's head.
        assert!(foot_comment(&lines, 5, 0).is_empty());
        assert_eq!(
            foot_comment(&["x:", "  y: 1", "  # @schema a:1"], 2, 2).len(),
            1
        );
    }

    #[test]
    fn root_blocks_come_before_the_first_key() {
        let lines = ["# @schema.root", "# title: Mine", "# @schema.root", "a: 1"];
        assert_eq!(keys(&root(&lines).unwrap()), [("title", 2)]);
    }
}

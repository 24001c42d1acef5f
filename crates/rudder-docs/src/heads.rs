//! Which comment lines yaml.v3 makes a node's head comment, the only comment helm-docs reads.
//!
//! yaml.v3 splits the comment lines between two pieces of content into foot comments of what
//! comes before and a head comment of what comes after. These rules reproduce its choice
//! for block-style YAML, measured against helm-docs v1.14.2 (yaml.v3 v3.0.1), for a node at
//! column `k` whose previous content line sits in a block at column `p`; comment lines come
//! in groups separated by blank lines:
//! - at the start of the document, only the group right above the node counts (the rest is
//!   the document's head comment);
//! - the first group is a foot of the previous content when it follows it directly and a
//!   blank line separates it from the node, unless the node opens a deeper block (`p < k`);
//! - when a deeper block closes before the node (`p > k`), groups not at column `k` are
//!   that block's feet.
//!
//! Block scalar lines are content even when they start with `#`.

/// A block mapping key or block sequence dash: 1-based line, 0-based column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Blank,
    Comment,
    Content,
}

pub struct Heads<'t> {
    lines: &'t [&'t str],
    class: Vec<Class>,
    entries: Vec<Entry>,
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

impl<'t> Heads<'t> {
    /// `block_scalars`: the 1-based line of each block scalar's indicator and the column of
    /// the block it belongs to.
    pub fn new(
        lines: &'t [&'t str],
        mut entries: Vec<Entry>,
        block_scalars: &[(usize, usize)],
    ) -> Self {
        let mut class: Vec<Class> = lines
            .iter()
            .map(|l| match l.trim_start() {
                "" => Class::Blank,
                t if t.starts_with('#') => Class::Comment,
                t if t == "---" || t.starts_with("--- ") || t.starts_with('%') => Class::Blank,
                _ => Class::Content,
            })
            .collect();
        for &(line, parent) in block_scalars {
            mark_block_scalar(lines, &mut class, line, parent);
        }
        entries.sort();
        Heads {
            lines,
            class,
            entries,
        }
    }

    /// The dash of the sequence item starting at 1-based `line`, 0-based `column`.
    pub fn dash(&self, line: usize, column: usize) -> Option<Entry> {
        dash(self.lines, line, column)
    }

    /// The head comment of the node starting at 1-based `line`, 0-based `column`.
    pub fn above(&self, line: usize, column: usize) -> String {
        let own = self.lines[line - 1];
        if own.len() < column || !own[..column].bytes().all(|b| b == b' ' || b == b'-') {
            return String::new();
        }
        let end = line - 1; // index of the node's line
        let Some(previous) = (0..end).rev().find(|&i| self.class[i] == Class::Content) else {
            return self.document_start(end);
        };
        let block = self.block_column(previous + 1);
        let last = last_token(self.lines[previous]);
        let after_value = last.ends_with(':');
        // yaml.v3 only looks for feet past the first line, where a plain scalar's scan ends
        // on the next one.
        let plain = !last.ends_with([':', ']', '}', '"', '\'']);
        let foot_line = previous > 0 || plain;
        let mut head: Option<Head> = None;
        let mut blank = false;
        for i in previous + 1..end {
            if self.class[i] != Class::Comment {
                let foot = |h: &Head| h.column < block || (!after_value && foot_line);
                if !blank
                    && head
                        .as_ref()
                        .is_some_and(|h| h.first == previous + 1 && foot(h))
                {
                    head = None;
                }
                blank = true;
                continue;
            }
            let col = indentation(self.lines[i]);
            if head
                .as_ref()
                .is_some_and(|h| col < block && col != h.column)
            {
                head = None;
            }
            match head.as_mut() {
                None => {
                    head = Some(Head {
                        first: i,
                        column: col,
                        lines: vec![self.lines[i].trim_start()],
                    })
                }
                Some(h) => {
                    if blank {
                        h.lines.push("");
                    }
                    h.lines.push(self.lines[i].trim_start());
                }
            }
            blank = false;
        }
        match head {
            Some(h) if block <= column || h.column == column => h.lines.join("\n"),
            _ => String::new(),
        }
    }

    /// Before the first content, only the comment group right above the node is its own
    /// (the rest is the document's head comment); with a `---` line, every comment is.
    fn document_start(&self, end: usize) -> String {
        let marker = (0..end).any(|i| self.lines[i].starts_with("---"));
        let first = match marker {
            true => 0,
            false => (0..end)
                .rev()
                .take_while(|&i| self.class[i] == Class::Comment)
                .last()
                .unwrap_or(end),
        };
        self.comments(first, end)
    }

    /// The comment lines within `start..end` (line indexes), a run of blank lines between
    /// them kept as one empty line.
    fn comments(&self, start: usize, end: usize) -> String {
        let mut lines: Vec<&str> = Vec::new();
        for i in start..end {
            match self.class[i] {
                Class::Comment => lines.push(self.lines[i].trim_start()),
                _ if !lines.is_empty() && lines.last() != Some(&"") => lines.push(""),
                _ => {}
            }
        }
        while lines.last() == Some(&"") {
            lines.pop();
        }
        lines.join("\n")
    }

    /// The column of the innermost block open at 1-based `line`: that of the last entry
    /// starting on or before it.
    fn block_column(&self, line: usize) -> usize {
        let at = self.entries.partition_point(|e| e.line <= line);
        at.checked_sub(1).map_or(0, |i| self.entries[i].column)
    }
}

/// The dash of the sequence item starting at 1-based `line`, 0-based `column`: the last `-`
/// before the item on its line, or else on the nearest line above holding only a dash.
pub fn dash(lines: &[&str], line: usize, column: usize) -> Option<Entry> {
    let own = lines.get(line - 1)?;
    let before = own.get(..column)?.trim_end();
    if before.ends_with('-') {
        return Some(Entry {
            line,
            column: before.len() - 1,
        });
    }
    if !before.is_empty() {
        return None;
    }
    (1..line).rev().find_map(|l| {
        let text = lines[l - 1].trim_end();
        let lone = text.trim_start() == "-" && indentation(text) < column;
        lone.then(|| Entry {
            line: l,
            column: indentation(text),
        })
    })
}

/// A head comment being gathered: its first line (index), column and lines.
struct Head<'t> {
    first: usize,
    column: usize,
    lines: Vec<&'t str>,
}

/// A content line without its trailing comment or spaces.
fn last_token(line: &str) -> &str {
    let content = match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    };
    content.trim_end()
}

/// Marks the lines of the block scalar whose indicator is on 1-based `line` as content: the
/// lines after it that are blank or indented at least as its first non-blank line, which is
/// indented deeper than the block `parent`.
fn mark_block_scalar(lines: &[&str], class: &mut [Class], line: usize, parent: usize) {
    let body = line; // index of the line after the indicator
    let Some(first) = (body..lines.len()).find(|&i| class[i] != Class::Blank) else {
        return;
    };
    let indent = indentation(lines[first]);
    if indent <= parent {
        return;
    }
    for i in first..lines.len() {
        if class[i] != Class::Blank && indentation(lines[i]) < indent {
            break;
        }
        if class[i] != Class::Blank {
            class[i] = Class::Content;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tree::{parse, Kind, Node};

    /// The description comment helm-docs sees above key `c` (at any depth).
    fn head_of_c(text: &str) -> String {
        fn find(n: &Node) -> Option<String> {
            match &n.kind {
                Kind::Mapping(entries) => entries.iter().find_map(|(k, v)| {
                    if k.scalar_text() == Some("c") {
                        Some(k.head_comment.clone())
                    } else {
                        find(v)
                    }
                }),
                _ => None,
            }
        }
        find(&parse(text).unwrap().unwrap()).unwrap()
    }

    // Each case was run through helm-docs v1.14.2: "D" when it documented `c` with it.
    #[test]
    fn comment_groups_split_as_yaml_v3_does() {
        let cases: &[(&str, bool)] = &[
            ("a: 1\n# D\nc: 2\n", true),
            ("a: 1\n# n\n# D\n\nc: 2\n", false),
            ("a: 1\n# n\n\n# D\nc: 2\n", true),
            ("x:\n  a: 1\n# D\n  c: 2\n", true),
            ("x:\n  a: 1\n    # D\n  c: 2\n", true),
            ("x:\n  a: 1\n  # D\n\n  c: 2\n", false),
            ("x:\n  a:\n    b: 1\n  # D\n  c: 2\n", true),
            ("x:\n  a:\n    b: 1\n    # D\n  c: 2\n", false),
            ("x:\n  a:\n    b: 1\n\n    # D\n  c: 2\n", false),
            ("x:\n  a:\n    b: 1\n\n# D\n  c: 2\n", false),
            ("x:\n  a:\n    b: 1\n\n  # D\n\n  c: 2\n", true),
            ("x:\n  # D\n\n  c: 2\n", true),
            ("x:\n# D\n  c: 2\n", true),
            ("a: |\n  foo\n  # D\nc: 2\n", false),
            ("a: |\n  foo\n# D\nc: 2\n", true),
            ("# D\nc: 2\n", true),
            ("# D\n\nc: 2\n", false),
            ("---\n# D\n\nc: 2\n", true),
            ("# @ignore\n---\n# D\nc: 2\n", true),
            ("x:\n  a:\n  - b\n  # D\n  c: 2\n", true),
            ("x:\n  a:\n    - b\n    # D\n  c: 2\n", false),
            ("a: [1,\n  2]\n# D\nc: 2\n", true),
        ];
        for (text, documented) in cases {
            assert_eq!(head_of_c(text).contains("# D"), *documented, "{text:?}");
        }
    }

    #[test]
    fn groups_keep_a_blank_line_between_them() {
        assert_eq!(head_of_c("a: 1\n\n# A\n\n\n# B\nc: 2\n"), "# A\n\n# B");
        assert_eq!(head_of_c("# A\n\n# B\nc: 2\n"), "# B");
    }
}

//! Finding the comments of a YAML text: every `#` outside the text the parser's events
//! cover (scalars, anchors, tags, aliases) starts one that runs to the end of its line.

use std::ops::Range;

/// One comment as yaml.v3 keeps its text: from the `#` to the end of the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment<'t> {
    pub index: usize,
    pub line: usize,
    pub column: usize,
    pub text: &'t str,
    /// Nothing but blanks before it on its line.
    pub own_line: bool,
}

/// The comments of `text` in order, given the byte ranges the events cover, sorted.
pub fn find_comments<'t>(text: &'t str, covered: &[Range<usize>]) -> Vec<Comment<'t>> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut covered = covered.iter().peekable();
    let (mut line, mut line_start) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        while covered.next_if(|r| r.end <= i).is_some() {}
        if let Some(r) = covered.peek().filter(|r| r.contains(&i)) {
            // Skip the covered text, counting the line breaks inside it.
            for (j, &b) in bytes[i..r.end].iter().enumerate() {
                if b == b'\n' {
                    line += 1;
                    line_start = i + j + 1;
                }
            }
            i = r.end;
            continue;
        }
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                i += 1;
            }
            b'#' => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                let body = text[i..end].strip_suffix('\r').unwrap_or(&text[i..end]);
                comments.push(Comment {
                    index: i,
                    line,
                    column: text[line_start..i].chars().count(),
                    text: body,
                    own_line: bytes[line_start..i]
                        .iter()
                        .all(|&b| b == b' ' || b == b'\t'),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_outside_covered_text() {
        let text = "# a\nk: 'x # no' # b\n  # c\n";
        let found = find_comments(text, &[4..5, 7..15]);
        let summary: Vec<_> = found
            .iter()
            .map(|c| (c.line, c.column, c.text, c.own_line))
            .collect();
        assert_eq!(
            summary,
            [
                (0, 0, "# a", true),
                (1, 12, "# b", false),
                (2, 2, "# c", true)
            ]
        );
    }
}

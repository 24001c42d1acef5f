//! Splitting a rendered file into YAML documents exactly as helm's `SplitManifests` does.

use std::ops::Range;

use super::is_go_space;

/// Go's `\s` in helm's separator regex: ASCII whitespace without `\v`.
fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// The documents of one rendered file, in order, each trimmed (compat-notes A2).
pub fn split_documents(content: &str) -> Vec<String> {
    document_spans(content)
        .into_iter()
        .map(|span| content[span].to_string())
        .collect()
}

/// Where each document of [`split_documents`] is in `content` (byte ranges). Equivalent to
/// splitting on helm's `(?:^|\s*\n)---\s*` with leftmost-first matching.
pub fn document_spans(content: &str) -> Vec<Range<usize>> {
    let lead = content.len() - content.trim_start_matches(is_go_space).len();
    let text = content.trim_matches(is_go_space);
    let b = text.as_bytes();
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let mut search = 0;
    let mut first = true;
    while search <= b.len() {
        // The next separator: `---` at the very start, or after a newline.
        let found = if first && text.starts_with("---") {
            Some((0, 3))
        } else {
            text[search..].find("\n---").map(|i| {
                let nl = search + i;
                let mut start = nl;
                while start > piece_start && is_re_space(b[start - 1]) {
                    start -= 1;
                }
                (start, nl + 4)
            })
        };
        first = false;
        let Some((start, mut end)) = found else { break };
        while end < b.len() && is_re_space(b[end]) {
            end += 1;
        }
        pieces.push(piece_start..start);
        piece_start = end;
        search = end;
    }
    pieces.push(piece_start..b.len());
    pieces
        .into_iter()
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let raw = &text[piece.clone()];
            let start = lead + piece.start + raw.len() - raw.trim_start_matches(is_go_space).len();
            start..start + raw.trim_matches(is_go_space).len()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Behaviours verified with helm v4.1.4 (compat-notes A2).
    #[test]
    fn splits_like_helm() {
        assert_eq!(split_documents("a: 1\n---\nb: 2\n"), vec!["a: 1", "b: 2"]);
        assert_eq!(split_documents("---\na: 1"), vec!["a: 1"]);
        assert_eq!(split_documents("---apiVersion: v1"), vec!["apiVersion: v1"]);
        assert_eq!(
            split_documents("x: 1\n---   \n\n---\nkind: ConfigMap"),
            vec!["x: 1", "---\nkind: ConfigMap"]
        );
        assert_eq!(split_documents("---\n\n---\n"), vec!["---"]);
        assert_eq!(
            split_documents("a: |\n  x\n  ---\n  y\n"),
            vec!["a: |\n  x\n  ---\n  y"]
        );
        assert_eq!(
            split_documents("  a: 1  \n---\n  b: 2  "),
            vec!["a: 1", "b: 2"]
        );
        assert_eq!(document_spans("\n a: 1\n---\nb: 2\n"), vec![2..6, 11..15]);
    }
}

//! Splitting a rendered file into YAML documents exactly as helm's `SplitManifests` does.

use std::sync::LazyLock;

use regex::Regex;

use super::is_go_space;

/// helm's separator: start of text or a whitespace run ending in a newline, then `---`, then
/// any whitespace (greedy, newlines included). Go's `\s` is ASCII whitespace.
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\A|[\t\n\x0C\r ]*\n)---[\t\n\x0C\r ]*").expect("valid regex"));

/// The documents of one rendered file, in order, each trimmed (compat-notes A2).
pub fn split_documents(content: &str) -> Vec<String> {
    let trimmed = content.trim_matches(is_go_space);
    SEPARATOR
        .split(trimmed)
        .filter(|piece| !piece.is_empty())
        .map(|piece| piece.trim_matches(is_go_space).to_string())
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
    }
}

//! Go's `filepath.Match` on `/`-separated paths (used by `.helmignore` and `--show-only`).

/// Go's `filepath.Match` on `/`-separated paths: `*`, `?`, `[...]` (with `^` negation and
/// ranges) and `\` escapes; a malformed pattern matches nothing.
pub fn path_match(pattern: &str, name: &str) -> bool {
    Pattern::new(pattern).matches(name)
}

/// A pattern read once for many names (a `.helmignore` rule is tried on every file of a
/// chart). Most rules are a plain name or `*` and a suffix, matched without the general
/// backtracking walk over characters.
pub enum Pattern {
    /// No wildcard, class or escape: the name itself.
    Literal(String),
    /// `*` then a literal: the suffix after a part without separators.
    Suffix(String),
    General(Vec<char>),
}

fn is_literal(s: &str) -> bool {
    !s.contains(['*', '?', '[', '\\'])
}

impl Pattern {
    pub fn new(pattern: &str) -> Pattern {
        if is_literal(pattern) {
            return Pattern::Literal(pattern.to_string());
        }
        match pattern.strip_prefix('*') {
            Some(suffix) if is_literal(suffix) => Pattern::Suffix(suffix.to_string()),
            _ => Pattern::General(pattern.chars().collect()),
        }
    }

    pub fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Literal(literal) => name == literal,
            Pattern::Suffix(suffix) => name
                .strip_suffix(suffix.as_str())
                .is_some_and(|head| !head.contains('/')),
            Pattern::General(p) => {
                let n: Vec<char> = name.chars().collect();
                matches_at(p, &n).unwrap_or(false)
            }
        }
    }
}

fn matches_at(p: &[char], n: &[char]) -> Option<bool> {
    let (mut pi, mut ni) = (0, 0);
    // Backtracking point for the last `*`: (pattern index after it, name index it covers up to).
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi + 1, ni));
                    pi += 1;
                    continue;
                }
                '?' if ni < n.len() && n[ni] != '/' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' if ni < n.len() => {
                    let (hit, next) = class(p, pi, n[ni])?;
                    if hit && n[ni] != '/' {
                        pi = next;
                        ni += 1;
                        continue;
                    }
                }
                '\\' if ni < n.len() && *p.get(pi + 1)? == n[ni] => {
                    pi += 2;
                    ni += 1;
                    continue;
                }
                c if c != '?' && c != '[' && c != '\\' && ni < n.len() && c == n[ni] => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        } else if ni == n.len() {
            return Some(true);
        }
        // Mismatch: let the last star swallow one more character (never a separator).
        match star {
            Some((sp, sn)) if sn < n.len() && n[sn] != '/' => {
                star = Some((sp, sn + 1));
                pi = sp;
                ni = sn + 1;
            }
            _ => return Some(false),
        }
    }
}

/// Matches `c` against the class starting at `p[start] == '['`; returns (hit, index after `]`).
fn class(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negated = p.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == ']' && !first {
            return Some((hit != negated, i + 1));
        }
        first = false;
        let lo = if ch == '\\' {
            i += 1;
            *p.get(i)?
        } else {
            ch
        };
        i += 1;
        let hi = if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&c| c != ']') {
            i += 1;
            let h = if p[i] == '\\' {
                i += 1;
                *p.get(i)?
            } else {
                p[i]
            };
            i += 1;
            h
        } else {
            lo
        };
        if lo <= c && c <= hi {
            hit = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_match_rules() {
        assert!(path_match("a/*.yaml", "a/x.yaml"));
        assert!(!path_match("a/*", "a/b/c"));
        assert!(path_match("a/?.y", "a/b.y"));
        assert!(path_match("[^x]", "a"));
        assert!(!path_match("[", "["));
        assert!(path_match(r"\*", "*"));
    }

    #[test]
    fn literal_and_suffix_patterns_match_as_the_general_walk_does() {
        let patterns = [
            "*.bak",
            "*",
            "*/x",
            "a.txt",
            "a/b",
            "",
            "*.",
            "*~",
            "templates/.?*",
        ];
        let names = [
            "a.bak", "d/a.bak", ".bak", "bak", "a/x", "x", "a.txt", "a/b", "", "a.", "~", "t~",
            "a/~",
        ];
        for p in patterns {
            let general: Vec<char> = p.chars().collect();
            for n in names {
                let n_chars: Vec<char> = n.chars().collect();
                let expected = matches_at(&general, &n_chars).unwrap_or(false);
                assert_eq!(Pattern::new(p).matches(n), expected, "{p:?} on {n:?}");
            }
        }
        assert!(matches!(Pattern::new("*.bak"), Pattern::Suffix(_)));
        assert!(matches!(Pattern::new("a.txt"), Pattern::Literal(_)));
        assert!(matches!(Pattern::new("*.[ch]"), Pattern::General(_)));
    }
}

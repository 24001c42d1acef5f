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
    General(String),
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
            _ => Pattern::General(pattern.to_string()),
        }
    }

    pub fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Literal(literal) => name == literal,
            Pattern::Suffix(suffix) => name
                .strip_suffix(suffix.as_str())
                .is_some_and(|head| !head.contains('/')),
            Pattern::General(p) if p.is_ascii() && name.is_ascii() => {
                matches_at(p.as_bytes(), name.as_bytes()).unwrap_or(false)
            }
            Pattern::General(p) => {
                let (p, n): (Vec<char>, Vec<char>) = (p.chars().collect(), name.chars().collect());
                matches_at(&p, &n).unwrap_or(false)
            }
        }
    }
}

/// A character of a pattern or name: a byte when both are ASCII (no decoding, no copy), else
/// a `char`.
trait Symbol: Copy + Ord + From<u8> {}
impl Symbol for u8 {}
impl Symbol for char {}

fn sym<T: Symbol>(b: u8) -> T {
    T::from(b)
}

fn matches_at<T: Symbol>(p: &[T], n: &[T]) -> Option<bool> {
    let (mut pi, mut ni) = (0, 0);
    // Backtracking point for the last `*`: (pattern index after it, name index it covers up to).
    let mut star: Option<(usize, usize)> = None;
    let slash = sym::<T>(b'/');
    loop {
        if pi < p.len() {
            let c = p[pi];
            let at_name = ni < n.len();
            if c == sym(b'*') {
                star = Some((pi + 1, ni));
                pi += 1;
                continue;
            }
            if c == sym(b'?') {
                if at_name && n[ni] != slash {
                    pi += 1;
                    ni += 1;
                    continue;
                }
            } else if c == sym(b'[') {
                if at_name {
                    let (hit, next) = class(p, pi, n[ni])?;
                    if hit && n[ni] != slash {
                        pi = next;
                        ni += 1;
                        continue;
                    }
                }
            } else if c == sym(b'\\') {
                if at_name && *p.get(pi + 1)? == n[ni] {
                    pi += 2;
                    ni += 1;
                    continue;
                }
            } else if at_name && c == n[ni] {
                pi += 1;
                ni += 1;
                continue;
            }
        } else if ni == n.len() {
            return Some(true);
        }
        // Mismatch: let the last star swallow one more character (never a separator).
        match star {
            Some((sp, sn)) if sn < n.len() && n[sn] != slash => {
                star = Some((sp, sn + 1));
                pi = sp;
                ni = sn + 1;
            }
            _ => return Some(false),
        }
    }
}

/// Matches `c` against the class starting at `p[start] == '['`; returns (hit, index after `]`).
fn class<T: Symbol>(p: &[T], start: usize, c: T) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negated = p.get(i) == Some(&sym(b'^'));
    if negated {
        i += 1;
    }
    let (close, escape) = (sym::<T>(b']'), sym::<T>(b'\\'));
    let mut hit = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == close && !first {
            return Some((hit != negated, i + 1));
        }
        first = false;
        let lo = if ch == escape {
            i += 1;
            *p.get(i)?
        } else {
            ch
        };
        i += 1;
        let hi = if p.get(i) == Some(&sym(b'-')) && p.get(i + 1).is_some_and(|&c| c != close) {
            i += 1;
            let h = if p[i] == escape {
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
            for n in names {
                let expected = matches_at(p.as_bytes(), n.as_bytes()).unwrap_or(false);
                assert_eq!(Pattern::new(p).matches(n), expected, "{p:?} on {n:?}");
            }
        }
        assert!(matches!(Pattern::new("*.bak"), Pattern::Suffix(_)));
        assert!(matches!(Pattern::new("a.txt"), Pattern::Literal(_)));
        assert!(matches!(Pattern::new("*.[ch]"), Pattern::General(_)));
    }

    #[test]
    fn the_byte_walk_matches_as_the_character_walk() {
        let patterns = [
            "templates/.?*",
            "a/*.y",
            "[a-c]?",
            "[^x]*",
            "\\*x",
            "*[",
            "[]a]",
            "x[!-/]",
        ];
        let names = [
            "templates/.a",
            "templates/a",
            "a/b.y",
            "a/b/c.y",
            "b1",
            "d1",
            "y",
            "*x",
            "]",
            "x-",
            "x/",
        ];
        for p in patterns {
            for n in names {
                let chars = |s: &str| s.chars().collect::<Vec<char>>();
                let by_char = matches_at(&chars(p), &chars(n));
                assert_eq!(
                    matches_at(p.as_bytes(), n.as_bytes()),
                    by_char,
                    "{p:?} on {n:?}"
                );
            }
        }
        assert!(path_match("é*", "été"));
        assert!(!path_match("?", "é/"));
    }
}

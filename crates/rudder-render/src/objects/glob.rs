//! Glob patterns as `.Files.Glob` understands them (gobwas/glob with `/` as separator):
//! `*` and `?` stay within a path segment, `**` crosses segments, `[abc]`, `[!a-z]`, `{a,b}`,
//! and `\` escapes. Matched directly (no regex compilation per call).

/// A compiled glob: its brace alternatives expanded.
pub struct Glob(Vec<Vec<char>>);

/// At most this many alternatives after expanding `{a,b}` groups.
const MAX_ALTERNATIVES: usize = 256;

/// Compiles a glob; `None` for a malformed pattern (helm then matches everything).
pub fn compile(pattern: &str) -> Option<Glob> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    expand(&chars, &mut out)?;
    for p in &out {
        check_classes(p)?;
    }
    Some(Glob(out))
}

impl Glob {
    pub fn is_match(&self, name: &str) -> bool {
        let n: Vec<char> = name.chars().collect();
        self.0.iter().any(|p| matches(p, &n))
    }
}

/// Expands the first `{...}` group (recursively) into alternatives.
fn expand(p: &[char], out: &mut Vec<Vec<char>>) -> Option<()> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => i += 2,
            '[' => i = p[i..].iter().position(|&c| c == ']')? + i + 1,
            '{' => {
                let mut depth = 0;
                let mut parts = Vec::new();
                let mut start = i + 1;
                let mut j = i;
                loop {
                    let c = *p.get(j)?;
                    match c {
                        '\\' => j += 1,
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                parts.push(&p[start..j]);
                                break;
                            }
                        }
                        ',' if depth == 1 => {
                            parts.push(&p[start..j]);
                            start = j + 1;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                for part in parts {
                    let mut alt = p[..i].to_vec();
                    alt.extend_from_slice(part);
                    alt.extend_from_slice(&p[j + 1..]);
                    expand(&alt, out)?;
                    if out.len() > MAX_ALTERNATIVES {
                        return None;
                    }
                }
                return Some(());
            }
            '}' => return None,
            _ => i += 1,
        }
    }
    out.push(p.to_vec());
    Some(())
}

fn check_classes(p: &[char]) -> Option<()> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => i += 2,
            '[' => {
                let end = p[i + 1..].iter().position(|&c| c == ']')? + i + 1;
                if end == i + 1 {
                    return None;
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    Some(())
}

fn class_match(class: &[char], c: char) -> bool {
    let (negated, body) = match class.first() {
        Some('!') => (true, &class[1..]),
        _ => (false, class),
    };
    let mut hit = false;
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            hit |= body[i] <= c && c <= body[i + 2];
            i += 3;
        } else {
            hit |= body[i] == c;
            i += 1;
        }
    }
    hit != negated
}

/// Backtracking match of one alternative.
fn matches(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => (0..=n.len()).any(|k| matches(&p[2..], &n[k..])),
        Some('*') => {
            let seg = n.iter().position(|&c| c == '/').unwrap_or(n.len());
            (0..=seg).any(|k| matches(&p[1..], &n[k..]))
        }
        Some('?') => !n.is_empty() && n[0] != '/' && matches(&p[1..], &n[1..]),
        Some('[') => {
            let end = p.iter().position(|&c| c == ']').unwrap_or(p.len() - 1);
            !n.is_empty()
                && n[0] != '/'
                && class_match(&p[1..end], n[0])
                && matches(&p[end + 1..], &n[1..])
        }
        Some('\\') if p.len() > 1 => !n.is_empty() && n[0] == p[1] && matches(&p[2..], &n[1..]),
        Some(&c) => !n.is_empty() && n[0] == c && matches(&p[1..], &n[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        compile(p).unwrap().is_match(s)
    }

    #[test]
    fn star_stays_in_a_segment_and_double_star_crosses() {
        assert!(m("conf/*", "conf/a.yaml"));
        assert!(!m("conf/*", "conf/sub/a.yaml"));
        assert!(m("**.txt", "a/b/c.txt"));
        assert!(m("conf/**", "conf/sub/a.yaml"));
    }

    #[test]
    fn classes_alternatives_and_escapes() {
        assert!(m("f[0-9].txt", "f1.txt"));
        assert!(!m("f[!0-9].txt", "f1.txt"));
        assert!(m("*.{yaml,json}", "a.json"));
        assert!(!m("*.{yaml,json}", "a.txt"));
        assert!(m(r"a\*b", "a*b"));
        assert!(compile("{a,b").is_none());
        assert!(compile("[").is_none());
    }
}

//! Glob patterns as `.Files.Glob` understands them (gobwas/glob with `/` as separator):
//! `*` and `?` stay within a path segment, `**` crosses segments, `[abc]`, `[!a-z]`, `{a,b}`,
//! and `\` escapes. Compiled to an anchored regular expression.

use regex::Regex;

/// Compiles a glob; `None` for a malformed pattern (helm then matches everything).
pub fn compile(pattern: &str) -> Option<Regex> {
    let mut re = String::from("^");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut alternation_depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                re.push_str(".*");
                i += 1;
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            '[' => {
                let end = chars[i + 1..].iter().position(|&c| c == ']')? + i + 1;
                let mut class: String = chars[i + 1..end].iter().collect();
                if class.is_empty() {
                    return None;
                }
                if let Some(rest) = class.strip_prefix('!') {
                    class = format!("^{rest}");
                }
                re.push('[');
                for ch in class.chars() {
                    if matches!(ch, '[' | ']' | '\\' | '&' | '~') {
                        re.push('\\');
                    }
                    re.push(ch);
                }
                re.push(']');
                i = end;
            }
            '{' => {
                alternation_depth += 1;
                re.push_str("(?:");
            }
            ',' if alternation_depth > 0 => re.push('|'),
            '}' if alternation_depth > 0 => {
                alternation_depth -= 1;
                re.push(')');
            }
            '\\' => {
                i += 1;
                re.push_str(&regex::escape(&chars.get(i)?.to_string()));
            }
            other => re.push_str(&regex::escape(&other.to_string())),
        }
        i += 1;
    }
    if alternation_depth > 0 {
        return None;
    }
    re.push('$');
    Regex::new(&re).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(p: &str, s: &str) -> bool {
        compile(p).unwrap().is_match(s)
    }

    #[test]
    fn star_stays_in_a_segment_and_double_star_crosses() {
        assert!(matches("conf/*", "conf/a.yaml"));
        assert!(!matches("conf/*", "conf/sub/a.yaml"));
        assert!(matches("**.txt", "a/b/c.txt"));
        assert!(matches("conf/**", "conf/sub/a.yaml"));
    }

    #[test]
    fn classes_alternatives_and_escapes() {
        assert!(matches("f[0-9].txt", "f1.txt"));
        assert!(!matches("f[!0-9].txt", "f1.txt"));
        assert!(matches("*.{yaml,json}", "a.json"));
        assert!(!matches("*.{yaml,json}", "a.txt"));
        assert!(matches(r"a\*b", "a*b"));
        assert!(compile("{a,b").is_none());
        assert!(compile("[").is_none());
    }
}

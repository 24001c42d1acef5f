//! Go's `regexp` syntax (RE2) on the `regex` crate, which implements the same language: what
//! the crate accepts and Go does not (repetition counts over 1000, stacked repetition
//! operators) is refused with Go's error text, and Go's ASCII-only classes are kept.

use std::rc::Rc;

use regex::Regex;

mod class;

/// Compiles a Go (RE2) pattern; the error is Go's `regexp.Compile` text for the common mistakes
/// (`error parsing regexp: missing closing ): `(``). Compiled patterns are kept per thread:
/// templates match the same pattern over and over (bitnami's `common.images.version` once per
/// image), and the crate's compile, unlike Go's, builds automata worth reusing. They are handed
/// out shared: a clone of a `Regex` starts an empty pool of match caches, and building a cache
/// (its lazy DFA) cost more than the match, 10% of a bitnami chart's render.
pub fn go_compile(pattern: &str) -> Result<Rc<Regex>, String> {
    const KEPT: usize = 256;
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Rc<Regex>>> =
            Default::default();
    }
    if let Some(r) = COMPILED.with_borrow(|c| c.get(pattern).cloned()) {
        return Ok(r);
    }
    let r = Rc::new(compile_uncached(pattern)?);
    COMPILED.with_borrow_mut(|c| {
        if c.len() >= KEPT {
            c.clear();
        }
        c.insert(pattern.to_string(), r.clone());
    });
    Ok(r)
}

fn compile_uncached(pattern: &str) -> Result<Regex, String> {
    // RE2 caps repetition counts at 1000; the `regex` crate allows more.
    let rep = repeat_at(pattern);
    let counts = rep.trim_start_matches('{').trim_end_matches('}');
    if rep.starts_with('{')
        && counts
            .split(',')
            .any(|n| n.parse::<u64>().map_or(!n.is_empty(), |n| n > 1000))
    {
        return Err(format!(
            "error parsing regexp: invalid repeat count: `{rep}`"
        ));
    }
    if let Some(ops) = stacked_repeat(pattern) {
        return Err(format!(
            "error parsing regexp: invalid nested repetition operator: `{ops}`"
        ));
    }
    Regex::new(&ascii_classes(&class::go_classes(pattern))).map_err(|e| go_error(pattern, &e))
}

/// The length of a repetition operator at the start of `s` (`*`, `+`, `?`, `{m}`, `{m,}`,
/// `{m,n}`, each maybe followed by the non-greedy `?`).
fn repeat_len(s: &str) -> Option<usize> {
    let len = match s.as_bytes().first()? {
        b'*' | b'+' | b'?' => 1,
        b'{' => {
            let end = s.find('}')?;
            let body = &s[1..end];
            let (m, n) = body.split_once(',').unwrap_or((body, "0"));
            let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
            if m.is_empty() || !digits(m) || !digits(n) {
                return None;
            }
            end + 1
        }
        _ => return None,
    };
    Some(if s[len..].starts_with('?') {
        len + 1
    } else {
        len
    })
}

/// Two repetition operators in a row (`a**`, `a{2}{3}`): RE2 refuses them, the `regex` crate
/// does not. Returns the operators' text.
fn stacked_repeat(pattern: &str) -> Option<&str> {
    let mut i = 0;
    let mut last: Option<usize> = None;
    let b = pattern.as_bytes();
    while i < b.len() {
        if let Some(n) = repeat_len(&pattern[i..]) {
            if let Some(start) = last {
                return Some(&pattern[start..i + n]);
            }
            last = Some(i);
            i += n;
            continue;
        }
        last = None;
        match b[i] {
            b'\\' => i += 2,
            b'[' => {
                // Skip the class: a leading `]` is literal, backslashes escape.
                let mut j = i + 1;
                if b.get(j) == Some(&b'^') {
                    j += 1;
                }
                if b.get(j) == Some(&b']') {
                    j += 1;
                }
                while j < b.len() && b[j] != b']' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                i = j + 1;
            }
            _ => i += 1,
        }
        while i < b.len() && !pattern.is_char_boundary(i) {
            i += 1;
        }
    }
    None
}

/// Go's `\d`, `\w`, `\s` and `\b` are ASCII-only; the `regex` crate's are Unicode-aware.
fn ascii_classes(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !pattern.contains('\\') {
        return pattern.into();
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // `\Q...\E` quotes literal text.
            Some('Q') => {
                let rest: String = chars.by_ref().collect();
                let (lit, after) = rest.split_once("\\E").unwrap_or((&rest, ""));
                out.push_str(&regex::escape(lit));
                out.push_str(&ascii_classes(after));
                break;
            }
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('W') => out.push_str("[^0-9A-Za-z_]"),
            Some('s') => out.push_str("[\\t\\n\\f\\r ]"),
            Some('S') => out.push_str("[^\\t\\n\\f\\r ]"),
            Some('b') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out.into()
}

pub fn go_backquote(s: &str) -> String {
    if s.contains('`') {
        crate::quote::quote(s)
    } else {
        format!("`{s}`")
    }
}

fn go_error(pattern: &str, e: &regex::Error) -> String {
    let detail = match e {
        regex::Error::Syntax(msg) => msg.clone(),
        other => other.to_string(),
    };
    let (code, expr) = if detail.contains("unclosed group") {
        ("missing closing )", pattern.to_string())
    } else if detail.contains("unopened group") {
        ("unexpected )", pattern.to_string())
    } else if detail.contains("look-around") {
        let at = pattern
            .find("(?")
            .map(|i| &pattern[i..(i + 3).min(pattern.len())]);
        (
            "invalid or unsupported Perl syntax",
            at.unwrap_or(pattern).to_string(),
        )
    } else if detail.contains("unclosed character class") {
        (
            "missing closing ]",
            pattern[pattern.rfind('[').unwrap_or(0)..].to_string(),
        )
    } else if detail.contains("repetition count") || detail.contains("decimal literal") {
        ("invalid repeat count", repeat_at(pattern).to_string())
    } else if detail.contains("repetition operator missing expression") {
        let op = pattern.chars().find(|c| "*+?".contains(*c));
        (
            "missing argument to repetition operator",
            op.map(String::from).unwrap_or_default(),
        )
    } else {
        ("invalid syntax", pattern.to_string())
    };
    format!("error parsing regexp: {code}: `{expr}`")
}

/// The first `{m}`, `{m,}` or `{m,n}` repetition in a pattern.
fn repeat_at(pattern: &str) -> &str {
    for (i, _) in pattern.match_indices('{') {
        let rest = &pattern[i + 1..];
        if let Some(end) = rest.find('}') {
            let body = &rest[..end];
            let (m, n) = body.split_once(',').unwrap_or((body, "0"));
            let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            if !m.is_empty() && digits(m) && digits(n) {
                return &pattern[i..i + end + 2];
            }
        }
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_compiled_again_is_the_same_regex_with_its_match_caches() {
        let first = go_compile("[^a-z]+$").unwrap();
        let again = go_compile("[^a-z]+$").unwrap();
        assert!(Rc::ptr_eq(&first, &again));
    }
}

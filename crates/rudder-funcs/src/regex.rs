//! Regular expressions (Go RE2 syntax through the `regex` crate, which implements the same
//! language) with Go's replacement-template expansion.

use regex::Regex;
use rudder_gotmpl::{Func, FuncError, FuncMap, SliceType, Ty, Value};

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Compiles a Go (RE2) pattern; the error is Go's `regexp.Compile` text for the common mistakes
/// (`error parsing regexp: missing closing ): `(``).
pub fn go_compile(pattern: &str) -> Result<Regex, String> {
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
    Regex::new(&ascii_classes(pattern)).map_err(|e| go_error(pattern, &e))
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

fn compile(pattern: &str) -> Result<Regex, FuncError> {
    go_compile(pattern).map_err(FuncError::new)
}

/// The non-`must` functions use `regexp.MustCompile`, whose panic names the pattern.
fn must_compile(pattern: &str) -> Result<Regex, FuncError> {
    compile(pattern).map_err(|e| {
        FuncError::new(format!(
            "regexp: Compile({}): {}",
            go_backquote(pattern),
            e.message
        ))
    })
}

fn go_backquote(s: &str) -> String {
    if s.contains('`') {
        rudder_gotmpl::fmt::quote(s)
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

/// Compiles with `regexp.Compile` (the `must*` forms) or `regexp.MustCompile` (the others).
fn compile_for(must: bool, pattern: &str) -> Result<Regex, FuncError> {
    if must {
        compile(pattern)
    } else {
        must_compile(pattern)
    }
}

pub fn register(m: &mut FuncMap) {
    m.insert(
        "regexMatch",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::Bool(
                compile(s(&a[0]))
                    .map(|r| r.is_match(s(&a[1])))
                    .unwrap_or(false),
            ))
        }),
    );
    m.insert(
        "mustRegexMatch",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::Bool(compile(s(&a[0]))?.is_match(s(&a[1]))))
        }),
    );
    for (name, must) in [("regexFind", false), ("mustRegexFind", true)] {
        m.insert(
            name,
            Func::new(&[Ty::String, Ty::String], move |a| {
                let r = compile_for(must, s(&a[0]))?;
                Ok(Value::string(
                    r.find(s(&a[1]))
                        .map(|x| x.as_str().to_string())
                        .unwrap_or_default(),
                ))
            }),
        );
    }
    for (name, must) in [("regexFindAll", false), ("mustRegexFindAll", true)] {
        m.insert(
            name,
            Func::new(&[Ty::String, Ty::String, Ty::Int], move |a| {
                let r = compile_for(must, s(&a[0]))?;
                let n = match a[2] {
                    Value::Int(n) => n,
                    _ => -1,
                };
                let found = find_all(&r, s(&a[1]), n)
                    .map(|x| Value::str(x.as_str()))
                    .collect();
                // Go's FindAllString returns nil when nothing matched.
                Ok(Value::appended_list(SliceType::String, found))
            }),
        );
    }
    for (name, must) in [("regexReplaceAll", false), ("mustRegexReplaceAll", true)] {
        m.insert(
            name,
            Func::new(&[Ty::String, Ty::String, Ty::String], move |a| {
                let r = compile_for(must, s(&a[0]))?;
                Ok(Value::string(replace_all(&r, s(&a[1]), s(&a[2]))))
            }),
        );
    }
    for (name, must) in [
        ("regexReplaceAllLiteral", false),
        ("mustRegexReplaceAllLiteral", true),
    ] {
        m.insert(
            name,
            Func::new(&[Ty::String, Ty::String, Ty::String], move |a| {
                let r = compile_for(must, s(&a[0]))?;
                Ok(Value::string(
                    r.replace_all(s(&a[1]), regex::NoExpand(s(&a[2])))
                        .into_owned(),
                ))
            }),
        );
    }
    for (name, must) in [("regexSplit", false), ("mustRegexSplit", true)] {
        m.insert(
            name,
            Func::new(&[Ty::String, Ty::String, Ty::Int], move |a| {
                let r = compile_for(must, s(&a[0]))?;
                let n = match a[2] {
                    Value::Int(n) => n,
                    _ => -1,
                };
                if n == 0 {
                    return Ok(Value::nil_list(SliceType::String));
                }
                let parts = split(&r, s(&a[1]), n);
                Ok(Value::typed_list(
                    SliceType::String,
                    parts.into_iter().map(Value::str).collect(),
                ))
            }),
        );
    }
    m.insert(
        "regexQuoteMeta",
        Func::new(&[Ty::String], |a| {
            Ok(Value::string(regex::escape(s(&a[0]))))
        }),
    );
}

/// Go's `FindAll*` matches: at most `n` of them, all when `n` is negative.
fn find_all<'r, 't>(
    r: &'r Regex,
    text: &'t str,
    n: i64,
) -> impl Iterator<Item = regex::Match<'t>> + use<'r, 't> {
    r.find_iter(text)
        .take(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Go's `Regexp.Split` (`n` non-zero): the text between matches, where an empty match at
/// the start separates nothing and a final empty remainder is dropped.
fn split<'t>(r: &Regex, text: &'t str, n: i64) -> Vec<&'t str> {
    if !r.as_str().is_empty() && text.is_empty() {
        return vec![""];
    }
    let mut parts = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in find_all(r, text, n) {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            parts.push(&text[beg..end]);
        }
        beg = m.end();
    }
    if end != text.len() {
        parts.push(&text[beg..]);
    }
    parts
}

/// Go's `Regexp.ReplaceAllString`: `$name` takes the longest run of name characters
/// (`$1W` is group "1W"), `${name}` delimits it, `$$` is a dollar; unknown groups are empty.
fn replace_all(r: &Regex, src: &str, template: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for caps in r.captures_iter(src) {
        let whole = caps.get(0).expect("group 0");
        out.push_str(&src[last..whole.start()]);
        expand(r, &caps, template, &mut out);
        last = whole.end();
    }
    out.push_str(&src[last..]);
    out
}

fn expand(r: &Regex, caps: &regex::Captures<'_>, template: &str, out: &mut String) {
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (name, tail) = if let Some(inner) = rest.strip_prefix('{') {
            match inner.find('}') {
                Some(end)
                    if end > 0
                        && inner[..end]
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_') =>
                {
                    (&inner[..end], &inner[end + 1..])
                }
                _ => {
                    out.push('$');
                    continue;
                }
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end == 0 {
                out.push('$');
                continue;
            }
            (&rest[..end], &rest[end..])
        };
        let group = match name.parse::<usize>() {
            Ok(n) => caps.get(n),
            Err(_) => r
                .capture_names()
                .position(|c| c == Some(name))
                .and_then(|i| caps.get(i)),
        };
        if let Some(g) = group {
            out.push_str(g.as_str());
        }
        rest = tail;
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    // compat-notes E, verified with helm v4.1.4.
    #[test]
    fn go_replacement_rules() {
        let r = Regex::new("a(x*)b").unwrap();
        assert_eq!(replace_all(&r, "-ab-axxb-", "$1W"), "---");
        assert_eq!(replace_all(&r, "-ab-axxb-", "${1}W"), "-W-xxW-");
        assert_eq!(replace_all(&r, "-ab-axxb-", "$$"), "-$-$-");
    }
}

//! Regular expressions (Go RE2 syntax through the `regex` crate, which implements the same
//! language) with Go's replacement-template expansion.

use std::rc::Rc;

use regex::Regex;
use rudder_gocompat::regexp::{go_backquote, go_compile};
use rudder_gotmpl::{Builtin, FuncError, FuncResult, SliceType, Ty, Value};

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn compile(pattern: &str) -> Result<Rc<Regex>, FuncError> {
    go_compile(pattern).map_err(FuncError::new)
}

/// The non-`must` functions use `regexp.MustCompile`, whose panic names the pattern.
fn must_compile(pattern: &str) -> Result<Rc<Regex>, FuncError> {
    compile(pattern).map_err(|e| {
        FuncError::new(format!(
            "regexp: Compile({}): {}",
            go_backquote(pattern),
            e.message
        ))
    })
}

/// Compiles with `regexp.Compile` (the `must*` forms, `MUST`) or `regexp.MustCompile` (the
/// others).
fn compile_for<const MUST: bool>(pattern: &str) -> Result<Rc<Regex>, FuncError> {
    if MUST {
        compile(pattern)
    } else {
        must_compile(pattern)
    }
}

const STR2: &[Ty] = &[Ty::String, Ty::String];
const STR3: &[Ty] = &[Ty::String, Ty::String, Ty::String];
const STR2_INT: &[Ty] = &[Ty::String, Ty::String, Ty::Int];

/// Each function but `regexQuoteMeta` has a `must` twin, which returns the compile error
/// instead of `MustCompile`'s panic (and `regexMatch` instead reports no match).
pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("regexMatch", STR2, regex_match),
    Builtin::new("mustRegexMatch", STR2, must_regex_match),
    Builtin::new("regexFind", STR2, regex_find::<false>),
    Builtin::new("mustRegexFind", STR2, regex_find::<true>),
    Builtin::new("regexFindAll", STR2_INT, regex_find_all::<false>),
    Builtin::new("mustRegexFindAll", STR2_INT, regex_find_all::<true>),
    Builtin::new("regexReplaceAll", STR3, regex_replace_all::<false>),
    Builtin::new("mustRegexReplaceAll", STR3, regex_replace_all::<true>),
    Builtin::new(
        "regexReplaceAllLiteral",
        STR3,
        regex_replace_all_literal::<false>,
    ),
    Builtin::new(
        "mustRegexReplaceAllLiteral",
        STR3,
        regex_replace_all_literal::<true>,
    ),
    Builtin::new("regexSplit", STR2_INT, regex_split::<false>),
    Builtin::new("mustRegexSplit", STR2_INT, regex_split::<true>),
    Builtin::new("regexQuoteMeta", &[Ty::String], regex_quote_meta),
];

/// `regexMatch RE S`: whether `s` matches, false when `re` does not compile.
fn regex_match(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(
        compile(s(&a[0]))
            .map(|r| r.is_match(s(&a[1])))
            .unwrap_or(false),
    ))
}

/// `mustRegexMatch RE S`: whether `s` matches, or the compile error.
fn must_regex_match(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(compile(s(&a[0]))?.is_match(s(&a[1]))))
}

/// `regexFind RE S`: the first match, `""` when none.
fn regex_find<const MUST: bool>(a: &[Value]) -> FuncResult {
    let r = compile_for::<MUST>(s(&a[0]))?;
    Ok(Value::string(
        r.find(s(&a[1]))
            .map(|x| x.as_str().to_string())
            .unwrap_or_default(),
    ))
}

/// `regexFindAll RE S N`: at most `n` matches (all when negative).
fn regex_find_all<const MUST: bool>(a: &[Value]) -> FuncResult {
    let r = compile_for::<MUST>(s(&a[0]))?;
    let found = find_all(&r, s(&a[1]), count(&a[2]))
        .map(|x| Value::str(x.as_str()))
        .collect();
    // Go's FindAllString returns nil when nothing matched.
    Ok(Value::appended_list(SliceType::String, found))
}

/// `regexReplaceAll RE S REPL`: every match replaced, with `$1`/`${name}` expanded.
fn regex_replace_all<const MUST: bool>(a: &[Value]) -> FuncResult {
    let r = compile_for::<MUST>(s(&a[0]))?;
    Ok(Value::string(replace_all(&r, s(&a[1]), s(&a[2]))))
}

/// `regexReplaceAllLiteral RE S REPL`: every match replaced by `repl` as it is.
fn regex_replace_all_literal<const MUST: bool>(a: &[Value]) -> FuncResult {
    let r = compile_for::<MUST>(s(&a[0]))?;
    Ok(Value::string(
        r.replace_all(s(&a[1]), regex::NoExpand(s(&a[2])))
            .into_owned(),
    ))
}

/// `regexSplit RE S N`: `Regexp.Split(s, n)`.
fn regex_split<const MUST: bool>(a: &[Value]) -> FuncResult {
    let r = compile_for::<MUST>(s(&a[0]))?;
    let n = count(&a[2]);
    if n == 0 {
        return Ok(Value::nil_list(SliceType::String));
    }
    let parts = split(&r, s(&a[1]), n);
    Ok(Value::typed_list(
        SliceType::String,
        parts.into_iter().map(Value::str).collect(),
    ))
}

/// `regexQuoteMeta S`: `regexp.QuoteMeta`.
fn regex_quote_meta(a: &[Value]) -> FuncResult {
    Ok(Value::string(regex::escape(s(&a[0]))))
}

/// The `n` of the `FindAll` and `Split` functions.
fn count(v: &Value) -> i64 {
    match v {
        Value::Int(n) => *n,
        _ => -1,
    }
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

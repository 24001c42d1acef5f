//! String functions (Sprig's strings.go), with Go's byte-based slicing.

mod case;
mod slicing;

use rudder_gotmpl::{fmt, Builtin, FuncError, FuncResult, Map, SliceType, Ty, Value};

use crate::case_words::to_lower_case;
use crate::conv::{list_items, to_string};
use case::{go_lower, go_upper};

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("trim", &[Ty::String], trim),
    Builtin::new("upper", &[Ty::String], upper),
    Builtin::new("lower", &[Ty::String], lower),
    Builtin::new("title", &[Ty::String], title),
    Builtin::new("untitle", &[Ty::String], untitle),
    Builtin::new("nospace", &[Ty::String], nospace),
    Builtin::new("initials", &[Ty::String], initials),
    Builtin::new("swapcase", &[Ty::String], swapcase),
    Builtin::new("snakecase", &[Ty::String], snakecase),
    Builtin::new("kebabcase", &[Ty::String], kebabcase),
    Builtin::new("camelcase", &[Ty::String], camelcase),
    Builtin::new("hello", &[], hello),
    Builtin::new("trimAll", &[Ty::String, Ty::String], trim_all),
    Builtin::new("trimall", &[Ty::String, Ty::String], trim_all),
    Builtin::new("trimPrefix", &[Ty::String, Ty::String], trim_prefix),
    Builtin::new("trimSuffix", &[Ty::String, Ty::String], trim_suffix),
    Builtin::new("contains", &[Ty::String, Ty::String], contains),
    Builtin::new("hasPrefix", &[Ty::String, Ty::String], has_prefix),
    Builtin::new("hasSuffix", &[Ty::String, Ty::String], has_suffix),
    Builtin::new("replace", &[Ty::String, Ty::String, Ty::String], replace),
    Builtin::new("repeat", &[Ty::Int, Ty::String], repeat),
    Builtin::new("substr", &[Ty::Int, Ty::Int, Ty::String], substr),
    Builtin::new("trunc", &[Ty::Int, Ty::String], trunc),
    Builtin::new("abbrev", &[Ty::Int, Ty::String], abbrev),
    Builtin::new("abbrevboth", &[Ty::Int, Ty::Int, Ty::String], abbrevboth),
    Builtin::new("wrap", &[Ty::Int, Ty::String], wrap),
    Builtin::new("wrapWith", &[Ty::Int, Ty::String, Ty::String], wrap_with),
    Builtin::new("indent", &[Ty::Int, Ty::String], indent),
    Builtin::new("nindent", &[Ty::Int, Ty::String], nindent),
    Builtin::new("plural", &[Ty::String, Ty::String, Ty::Int], plural),
    Builtin::variadic("quote", &[], Ty::Any, quote),
    Builtin::variadic("squote", &[], Ty::Any, squote),
    Builtin::variadic("cat", &[], Ty::Any, cat),
    Builtin::new("toString", &[Ty::Any], to_string_fn),
    Builtin::new("toStrings", &[Ty::Any], to_strings),
    Builtin::new("join", &[Ty::String, Ty::Any], join),
    Builtin::new("sortAlpha", &[Ty::Any], sort_alpha),
    Builtin::new("split", &[Ty::String, Ty::String], split),
    Builtin::new("splitn", &[Ty::String, Ty::Int, Ty::String], splitn),
    Builtin::new("splitList", &[Ty::String, Ty::String], split_list),
];

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        _ => 0,
    }
}

fn text(t: String) -> FuncResult {
    Ok(Value::string(t))
}

/// `trim`: `strings.TrimSpace`.
fn trim(a: &[Value]) -> FuncResult {
    text(s(&a[0]).trim_matches(is_go_space).to_string())
}

/// `upper`: `strings.ToUpper`.
fn upper(a: &[Value]) -> FuncResult {
    text(s(&a[0]).chars().map(go_upper).collect())
}

/// `lower`: `strings.ToLower`.
fn lower(a: &[Value]) -> FuncResult {
    text(s(&a[0]).chars().map(go_lower).collect())
}

/// `title`: `strings.Title`.
fn title(a: &[Value]) -> FuncResult {
    text(case::title(s(&a[0])))
}

/// `untitle`: lower-case the first letter of every word.
fn untitle(a: &[Value]) -> FuncResult {
    text(case::untitle(s(&a[0])))
}

/// `nospace`: goutils' `DeleteWhiteSpace`.
fn nospace(a: &[Value]) -> FuncResult {
    text(s(&a[0]).chars().filter(|c| !c.is_whitespace()).collect())
}

/// `initials`: goutils' `Initials`, the first letter of every word.
fn initials(a: &[Value]) -> FuncResult {
    text(
        s(&a[0])
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect(),
    )
}

/// `swapcase`: goutils' `SwapCase`.
fn swapcase(a: &[Value]) -> FuncResult {
    text(case::swapcase(s(&a[0])))
}

/// `snakecase`: xstrings' `ToSnakeCase`.
fn snakecase(a: &[Value]) -> FuncResult {
    text(to_lower_case(s(&a[0]), '_'))
}

/// `kebabcase`: xstrings' `ToKebabCase`.
fn kebabcase(a: &[Value]) -> FuncResult {
    text(to_lower_case(s(&a[0]), '-'))
}

/// `camelcase`: xstrings' `ToCamelCase`.
fn camelcase(a: &[Value]) -> FuncResult {
    text(case::camelcase(s(&a[0])))
}

/// `hello`: Sprig's greeting.
fn hello(_: &[Value]) -> FuncResult {
    Ok(Value::str("Hello!"))
}

/// `trimAll CUTSET S`: `strings.Trim(s, cutset)`.
fn trim_all(a: &[Value]) -> FuncResult {
    let cut: Vec<char> = s(&a[0]).chars().collect();
    text(s(&a[1]).trim_matches(|c| cut.contains(&c)).to_string())
}

/// `trimPrefix PREFIX S`: `strings.TrimPrefix(s, prefix)`.
fn trim_prefix(a: &[Value]) -> FuncResult {
    let t = s(&a[1]);
    text(t.strip_prefix(s(&a[0])).unwrap_or(t).to_string())
}

/// `trimSuffix SUFFIX S`: `strings.TrimSuffix(s, suffix)`.
fn trim_suffix(a: &[Value]) -> FuncResult {
    let t = s(&a[1]);
    text(t.strip_suffix(s(&a[0])).unwrap_or(t).to_string())
}

/// `contains SUBSTR S`: `strings.Contains(s, substr)`.
fn contains(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(s(&a[1]).contains(s(&a[0]))))
}

/// `hasPrefix PREFIX S`: `strings.HasPrefix(s, prefix)`.
fn has_prefix(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(s(&a[1]).starts_with(s(&a[0]))))
}

/// `hasSuffix SUFFIX S`: `strings.HasSuffix(s, suffix)`.
fn has_suffix(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(s(&a[1]).ends_with(s(&a[0]))))
}

/// `replace OLD NEW S`: `strings.Replace(s, old, new, -1)`.
fn replace(a: &[Value]) -> FuncResult {
    text(go_replace(s(&a[2]), s(&a[0]), s(&a[1])))
}

/// `repeat COUNT S`: `strings.Repeat(s, count)`, with its panics as errors.
fn repeat(a: &[Value]) -> FuncResult {
    let n = int(&a[0]);
    if n < 0 {
        return Err(FuncError::new("strings: negative Repeat count"));
    }
    let t = s(&a[1]);
    if (n as u128) * (t.len() as u128) > 1 << 30 {
        return Err(FuncError::new("strings: Repeat output length overflow"));
    }
    text(t.repeat(n as usize))
}

/// `substr START END S`: `s[start:end]` in bytes, with Sprig's clamping of the bounds.
fn substr(a: &[Value]) -> FuncResult {
    slicing::substr(int(&a[0]), int(&a[1]), s(&a[2]))
        .map(Value::string)
        .map_err(FuncError::new)
}

/// `trunc N S`: the first `n` bytes, or the last `-n` when negative.
fn trunc(a: &[Value]) -> FuncResult {
    text(slicing::trunc(int(&a[0]), s(&a[1])))
}

/// `abbrev WIDTH S`: goutils' `Abbreviate`, cut to `width` characters ending in `...`.
fn abbrev(a: &[Value]) -> FuncResult {
    text(slicing::abbrev(int(&a[0]), s(&a[1])))
}

/// `abbrevboth LEFT RIGHT S`: goutils' `AbbreviateFull`, `...` on both sides.
fn abbrevboth(a: &[Value]) -> FuncResult {
    text(slicing::abbrevboth(int(&a[0]), int(&a[1]), s(&a[2])))
}

/// `wrap WIDTH S`: goutils' `Wrap`, lines joined by newlines.
fn wrap(a: &[Value]) -> FuncResult {
    text(wrap_words(int(&a[0]), "\n", s(&a[1])))
}

/// `wrapWith WIDTH SEP S`: goutils' `WrapCustom`, lines joined by `sep`.
fn wrap_with(a: &[Value]) -> FuncResult {
    text(wrap_words(int(&a[0]), s(&a[1]), s(&a[2])))
}

/// `indent N S`: every line of `s` after `n` spaces.
fn indent(a: &[Value]) -> FuncResult {
    text(indent_lines(int(&a[0]), s(&a[1]))?)
}

/// `nindent N S`: a newline, then `indent N S`.
fn nindent(a: &[Value]) -> FuncResult {
    text(format!("\n{}", indent_lines(int(&a[0]), s(&a[1]))?))
}

/// `plural ONE MANY N`: `one` when `n` is 1, else `many`.
fn plural(a: &[Value]) -> FuncResult {
    Ok(if int(&a[2]) == 1 {
        a[0].clone()
    } else {
        a[1].clone()
    })
}

/// The non-nil arguments as strings, each through `each`, joined by spaces.
fn join_non_nil(a: &[Value], each: impl Fn(String) -> String) -> FuncResult {
    let parts: Vec<String> = a
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| each(to_string(v)))
        .collect();
    text(parts.join(" "))
}

/// `quote ARGS...`: each non-nil argument as a Go `%q` string, joined by spaces.
fn quote(a: &[Value]) -> FuncResult {
    join_non_nil(a, |t| fmt::quote(&t))
}

/// `squote ARGS...`: each non-nil argument in single quotes, joined by spaces.
fn squote(a: &[Value]) -> FuncResult {
    join_non_nil(a, |t| format!("'{t}'"))
}

/// `cat ARGS...`: the non-nil arguments joined by spaces.
fn cat(a: &[Value]) -> FuncResult {
    join_non_nil(a, |t| t)
}

/// `toString V`: Sprig's `strval`.
fn to_string_fn(a: &[Value]) -> FuncResult {
    text(to_string(&a[0]))
}

/// `toStrings LIST`: Sprig's `strslice`, a `[]string` of the non-nil items.
fn to_strings(a: &[Value]) -> FuncResult {
    // Sprig's strslice: a scalar becomes a one-item list, nil an empty one.
    let items = match list_items(&a[0]) {
        Some(items) => items,
        None if a[0].is_nil() => Vec::new(),
        None => vec![a[0].clone()],
    };
    Ok(Value::typed_list(
        SliceType::String,
        items
            .iter()
            .filter(|v| !v.is_nil())
            .map(|v| Value::string(to_string(v)))
            .collect(),
    ))
}

/// `join SEP LIST`: `strings.Join(strslice(list), sep)`.
fn join(a: &[Value]) -> FuncResult {
    // Sprig's strslice: nil is an empty list, another scalar a list of itself.
    let Some(items) = list_items(&a[1]) else {
        if a[1].is_nil() {
            return Ok(Value::str(""));
        }
        return text(to_string(&a[1]));
    };
    let parts: Vec<String> = items
        .iter()
        .filter(|v| !v.is_nil())
        .map(to_string)
        .collect();
    text(parts.join(s(&a[0])))
}

/// `sortAlpha LIST`: the items as strings, sorted.
fn sort_alpha(a: &[Value]) -> FuncResult {
    let mut parts: Vec<String> = match list_items(&a[0]) {
        Some(items) => items
            .iter()
            .filter(|v| !v.is_nil())
            .map(to_string)
            .collect(),
        None => vec![to_string(&a[0])],
    };
    parts.sort();
    Ok(Value::typed_list(
        SliceType::String,
        parts.into_iter().map(Value::string).collect(),
    ))
}

/// `split SEP S`: `strings.Split` as a map `_0`, `_1`, ...
fn split(a: &[Value]) -> FuncResult {
    Ok(split_map(go_split(s(&a[1]), s(&a[0]), -1)))
}

/// `splitn SEP N S`: `strings.SplitN` as a map `_0`, `_1`, ...
fn splitn(a: &[Value]) -> FuncResult {
    Ok(split_map(go_split(s(&a[2]), s(&a[0]), int(&a[1]))))
}

/// `splitList SEP S`: `strings.Split` as a `[]string`.
fn split_list(a: &[Value]) -> FuncResult {
    Ok(Value::typed_list(
        SliceType::String,
        go_split(s(&a[1]), s(&a[0]), -1)
            .into_iter()
            .map(Value::string)
            .collect(),
    ))
}

fn split_map(parts: Vec<String>) -> Value {
    let m: Map = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), Value::string(p)))
        .collect();
    Value::named_map(m, &rudder_gotmpl::value::STRING_MAP)
}

/// Go's `strings.SplitN` (n < 0: all; n == 0: none; empty separator: UTF-8 characters).
fn go_split(text: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let chars: Vec<String> = text.chars().map(String::from).collect();
        if n > 0 && chars.len() > n as usize {
            let mut head: Vec<String> = chars[..n as usize - 1].to_vec();
            head.push(chars[n as usize - 1..].concat());
            return head;
        }
        return chars;
    }
    if n < 0 {
        return text.split(sep).map(str::to_string).collect();
    }
    text.splitn(n as usize, sep).map(str::to_string).collect()
}

/// Go's `strings.Replace(s, old, new, -1)`, including the empty-`old` rule.
fn go_replace(text: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        let mut out = String::from(new);
        for c in text.chars() {
            out.push(c);
            out.push_str(new);
        }
        return out;
    }
    text.replace(old, new)
}

pub(crate) fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c > '\u{ff}' && c.is_whitespace())
}

fn indent_lines(n: i64, text: &str) -> Result<String, FuncError> {
    if n < 0 {
        return Err(FuncError::new("strings: negative Repeat count"));
    }
    let lines = text.bytes().filter(|&b| b == b'\n').count() as u128 + 1;
    if (n as u128) * lines + text.len() as u128 > 1 << 30 {
        // Helm would build a gigabyte string; refuse with Go's Repeat overflow text instead.
        return Err(FuncError::new("strings: Repeat output length overflow"));
    }
    let pad = " ".repeat(n as usize);
    Ok(format!("{pad}{}", text.replace('\n', &format!("\n{pad}"))))
}

/// goutils.WrapCustom with wrapLongWords=false.
fn wrap_words(width: i64, sep: &str, text: &str) -> String {
    let width = width.max(1) as usize;
    let mut out_lines = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            if current.is_empty() {
                current = word.to_string();
            } else if current.len() + 1 + word.len() <= width {
                current.push(' ');
                current.push_str(word);
            } else {
                out_lines.push(std::mem::take(&mut current));
                current = word.to_string();
            }
        }
        out_lines.push(current);
    }
    out_lines.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    // compat-notes E, verified with helm v4.1.4.
    #[test]
    fn indent_edges() {
        assert_eq!(indent_lines(2, "").unwrap(), "  ");
        assert_eq!(indent_lines(2, "a\nb").unwrap(), "  a\n  b");
        assert_eq!(
            indent_lines(-1, "a").unwrap_err().message,
            "strings: negative Repeat count"
        );
        assert!(indent_lines(1 << 31, "a").is_err());
    }
}

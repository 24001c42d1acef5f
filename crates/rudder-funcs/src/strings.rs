//! String functions (Sprig's strings.go), with Go's byte-based slicing.

use rudder_gotmpl::{fmt, gostr, Func, FuncError, FuncMap, Map, SliceType, Ty, Value};

use crate::case_words::to_lower_case;
use crate::conv::{list_items, to_string};

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        _ => 0,
    }
}

fn string_fn(m: &mut FuncMap, name: &str, f: fn(&str) -> String) {
    m.insert(
        name,
        Func::new(&[Ty::String], move |a| Ok(Value::string(f(s(&a[0]))))),
    );
}

/// Go's byte slicing of a string, keeping invalid UTF-8 as Go would print it (lossy).
/// Go's `s[start:end]`: bytes, so a cut may split a character.
fn byte_slice(text: &str, start: usize, end: usize) -> String {
    gostr::from_bytes(&gostr::to_bytes(text)[start..end]).into_owned()
}

pub fn register(m: &mut FuncMap) {
    string_fn(m, "trim", |x| x.trim_matches(is_go_space).to_string());
    string_fn(m, "upper", |t| t.chars().map(go_upper).collect());
    string_fn(m, "lower", |t| t.chars().map(go_lower).collect());
    string_fn(m, "title", title);
    string_fn(m, "untitle", untitle);
    string_fn(m, "nospace", |x| {
        x.chars().filter(|c| !c.is_whitespace()).collect()
    });
    string_fn(m, "initials", |x| {
        x.split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect()
    });
    string_fn(m, "swapcase", swapcase);
    string_fn(m, "snakecase", |x| to_lower_case(x, '_'));
    string_fn(m, "kebabcase", |x| to_lower_case(x, '-'));
    string_fn(m, "camelcase", camelcase);
    m.insert("hello", Func::new(&[], |_| Ok(Value::str("Hello!"))));
    for name in ["trimAll", "trimall"] {
        m.insert(
            name,
            Func::new(&[Ty::String, Ty::String], |a| {
                let cut: Vec<char> = s(&a[0]).chars().collect();
                Ok(Value::string(
                    s(&a[1]).trim_matches(|c| cut.contains(&c)).to_string(),
                ))
            }),
        );
    }
    m.insert(
        "trimPrefix",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::string(
                s(&a[1])
                    .strip_prefix(s(&a[0]))
                    .unwrap_or(s(&a[1]))
                    .to_string(),
            ))
        }),
    );
    m.insert(
        "trimSuffix",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::string(
                s(&a[1])
                    .strip_suffix(s(&a[0]))
                    .unwrap_or(s(&a[1]))
                    .to_string(),
            ))
        }),
    );
    m.insert(
        "contains",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::Bool(s(&a[1]).contains(s(&a[0]))))
        }),
    );
    m.insert(
        "hasPrefix",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::Bool(s(&a[1]).starts_with(s(&a[0]))))
        }),
    );
    m.insert(
        "hasSuffix",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::Bool(s(&a[1]).ends_with(s(&a[0]))))
        }),
    );
    m.insert(
        "replace",
        Func::new(&[Ty::String, Ty::String, Ty::String], |a| {
            Ok(Value::string(go_replace(s(&a[2]), s(&a[0]), s(&a[1]))))
        }),
    );
    m.insert(
        "repeat",
        Func::new(&[Ty::Int, Ty::String], |a| {
            let n = int(&a[0]);
            if n < 0 {
                return Err(FuncError::new("strings: negative Repeat count"));
            }
            let text = s(&a[1]);
            if (n as u128) * (text.len() as u128) > 1 << 30 {
                return Err(FuncError::new("strings: Repeat output length overflow"));
            }
            Ok(Value::string(text.repeat(n as usize)))
        }),
    );
    m.insert(
        "substr",
        Func::new(&[Ty::Int, Ty::Int, Ty::String], |a| {
            substr(int(&a[0]), int(&a[1]), s(&a[2]))
                .map(Value::string)
                .map_err(FuncError::new)
        }),
    );
    m.insert(
        "trunc",
        Func::new(&[Ty::Int, Ty::String], |a| {
            Ok(Value::string(trunc(int(&a[0]), s(&a[1]))))
        }),
    );
    m.insert(
        "abbrev",
        Func::new(&[Ty::Int, Ty::String], |a| {
            Ok(Value::string(abbrev(int(&a[0]), s(&a[1]))))
        }),
    );
    m.insert(
        "abbrevboth",
        Func::new(&[Ty::Int, Ty::Int, Ty::String], |a| {
            Ok(Value::string(abbrevboth(int(&a[0]), int(&a[1]), s(&a[2]))))
        }),
    );
    m.insert(
        "wrap",
        Func::new(&[Ty::Int, Ty::String], |a| {
            Ok(Value::string(wrap(int(&a[0]), "\n", s(&a[1]))))
        }),
    );
    m.insert(
        "wrapWith",
        Func::new(&[Ty::Int, Ty::String, Ty::String], |a| {
            Ok(Value::string(wrap(int(&a[0]), s(&a[1]), s(&a[2]))))
        }),
    );
    m.insert(
        "indent",
        Func::new(&[Ty::Int, Ty::String], |a| {
            Ok(Value::string(indent(int(&a[0]), s(&a[1]))?))
        }),
    );
    m.insert(
        "nindent",
        Func::new(&[Ty::Int, Ty::String], |a| {
            Ok(Value::string(format!(
                "\n{}",
                indent(int(&a[0]), s(&a[1]))?
            )))
        }),
    );
    m.insert(
        "plural",
        Func::new(&[Ty::String, Ty::String, Ty::Int], |a| {
            Ok(if int(&a[2]) == 1 {
                a[0].clone()
            } else {
                a[1].clone()
            })
        }),
    );
    m.insert(
        "quote",
        Func::variadic(&[], Ty::Any, |a| {
            let parts: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| fmt::quote(&to_string(v)))
                .collect();
            Ok(Value::string(parts.join(" ")))
        }),
    );
    m.insert(
        "squote",
        Func::variadic(&[], Ty::Any, |a| {
            let parts: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| format!("'{}'", to_string(v)))
                .collect();
            Ok(Value::string(parts.join(" ")))
        }),
    );
    m.insert(
        "cat",
        Func::variadic(&[], Ty::Any, |a| {
            let parts: Vec<String> = a.iter().filter(|v| !v.is_nil()).map(to_string).collect();
            Ok(Value::string(parts.join(" ")))
        }),
    );
    m.insert(
        "toString",
        Func::new(&[Ty::Any], |a| Ok(Value::string(to_string(&a[0])))),
    );
    m.insert(
        "toStrings",
        Func::new(&[Ty::Any], |a| {
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
        }),
    );
    m.insert(
        "join",
        Func::new(&[Ty::String, Ty::Any], |a| {
            // Sprig's strslice: nil is an empty list, another scalar a list of itself.
            let Some(items) = list_items(&a[1]) else {
                if a[1].is_nil() {
                    return Ok(Value::str(""));
                }
                return Ok(Value::string(to_string(&a[1])));
            };
            let parts: Vec<String> = items
                .iter()
                .filter(|v| !v.is_nil())
                .map(to_string)
                .collect();
            Ok(Value::string(parts.join(s(&a[0]))))
        }),
    );
    m.insert(
        "sortAlpha",
        Func::new(&[Ty::Any], |a| {
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
        }),
    );
    m.insert(
        "split",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(split_map(go_split(s(&a[1]), s(&a[0]), -1)))
        }),
    );
    m.insert(
        "splitn",
        Func::new(&[Ty::String, Ty::Int, Ty::String], |a| {
            Ok(split_map(go_split(s(&a[2]), s(&a[0]), int(&a[1]))))
        }),
    );
    m.insert(
        "splitList",
        Func::new(&[Ty::String, Ty::String], |a| {
            Ok(Value::typed_list(
                SliceType::String,
                go_split(s(&a[1]), s(&a[0]), -1)
                    .into_iter()
                    .map(Value::string)
                    .collect(),
            ))
        }),
    );
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

/// Sprig's `substr`, with Go's slice-bounds panics as errors.
fn substr(start: i64, end: i64, text: &str) -> Result<String, String> {
    let len = gostr::len(text) as i64;
    let oob = |a: String| Err(format!("runtime error: slice bounds out of range {a}"));
    if start < 0 {
        if end < 0 {
            return oob(format!("[:{end}]"));
        }
        if end > len {
            return oob(format!("[:{end}] with length {len}"));
        }
        return Ok(byte_slice(text, 0, end as usize));
    }
    if end < 0 || end > len {
        if start > len {
            return oob(format!("[{start}:{len}]"));
        }
        return Ok(byte_slice(text, start as usize, len as usize));
    }
    if start > end {
        return oob(format!("[{start}:{end}]"));
    }
    Ok(byte_slice(text, start as usize, end as usize))
}

fn trunc(c: i64, text: &str) -> String {
    let len = gostr::len(text) as i64;
    if c < 0 && len + c > 0 {
        return byte_slice(text, (len + c) as usize, len as usize);
    }
    if c >= 0 && len > c {
        return byte_slice(text, 0, c as usize);
    }
    text.to_string()
}

fn abbrev(width: i64, text: &str) -> String {
    if width < 4 {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.len() as i64 <= width {
        return text.to_string();
    }
    let keep: String = chars[..(width - 3) as usize].iter().collect();
    format!("{keep}...")
}

fn abbrevboth(left: i64, right: i64, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() as i64;
    if right < 4 || (left > 0 && right < 7) || len <= right {
        return text.to_string();
    }
    let mut offset = left.max(0);
    if offset > len {
        offset = len;
    }
    if len - offset < right - 3 {
        offset = len - (right - 3);
    }
    if offset <= 4 {
        let keep: String = chars[..(right - 3) as usize].iter().collect();
        return format!("{keep}...");
    }
    if right < 7 {
        return text.to_string();
    }
    if offset + right - 3 < len {
        let rest: String = chars[offset as usize..].iter().collect();
        return format!("...{}", abbrev(right - 3, &rest));
    }
    let tail: String = chars[(len - (right - 3)) as usize..].iter().collect();
    format!("...{tail}")
}

fn indent(n: i64, text: &str) -> Result<String, FuncError> {
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

/// Go's deprecated `strings.Title`: upper-case the first letter of every word, where any
/// character that is not a letter, digit, underscore or mark separates words.
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_sep = true;
    for c in text.chars() {
        if prev_sep {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_sep = !(c.is_alphanumeric() || c == '_');
    }
    out
}

fn untitle(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = true;
    for c in text.chars() {
        if prev_space && c.is_alphabetic() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev_space = c.is_whitespace();
    }
    out
}

/// Go's `unicode.ToUpper`: a one-rune mapping, so a rune whose full upper case is several
/// runes (`ß` → `SS`) stays as it is.
pub(crate) fn go_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower`: one rune; `İ`, the only rune with a longer full lower case, maps to `i`.
pub(crate) fn go_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn swapcase(text: &str) -> String {
    text.chars()
        .map(|c| {
            // Neither upper nor lower but cased is title case (`ǅ`), which Go lowers too.
            if c.is_uppercase() || (!c.is_lowercase() && go_lower(c) != c) {
                go_lower(c)
            } else if c.is_lowercase() {
                go_upper(c)
            } else {
                c
            }
        })
        .collect()
}

/// xstrings.ToCamelCase as probed on helm: leading connectors (`_`, `-`, spaces) are kept,
/// a single connector between words is dropped (of a run, all but the last are kept), each
/// word starts upper-case, and an upper-case run opening a word is lowered (`HTTPServer` →
/// `Httpserver`); a string of connectors only gains a copy of its last one (`_` → `__`).
fn camelcase(text: &str) -> String {
    let is_conn = |c: char| c == '_' || c == '-' || is_go_space(c);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let lead = chars.iter().take_while(|&&c| is_conn(c)).count();
    out.extend(&chars[..lead]);
    let Some(&first) = chars.get(lead) else {
        out.extend(chars.last());
        return out;
    };
    out.push(go_upper(first));
    let mut run = first.is_uppercase();
    let mut pending: Option<char> = None;
    for &c in &chars[lead + 1..] {
        if is_conn(c) {
            out.extend(pending.replace(c));
        } else if pending.take().is_some() {
            out.push(go_upper(c));
            run = c.is_uppercase();
        } else if run && c.is_uppercase() {
            out.push(go_lower(c));
        } else {
            run = false;
            out.push(c);
        }
    }
    out.extend(pending);
    out
}

/// goutils.WrapCustom with wrapLongWords=false.
fn wrap(width: i64, sep: &str, text: &str) -> String {
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
    fn string_edges() {
        assert_eq!(title("hello wORLD-foo_bar"), "Hello WORLD-Foo_bar");
        assert_eq!(camelcase("foo_bar-baz qux"), "FooBarBazQux");
        assert_eq!(trunc(-2, "abcdef"), "ef");
        assert_eq!(substr(-1, 2, "abcdef").unwrap(), "ab");
        assert_eq!(substr(4, 100, "abcdef").unwrap(), "ef");
        assert_eq!(
            substr(3, 1, "abcdef").unwrap_err(),
            "runtime error: slice bounds out of range [3:1]"
        );
        assert_eq!(indent(2, "").unwrap(), "  ");
        assert_eq!(indent(2, "a\nb").unwrap(), "  a\n  b");
    }

    /// Expectations probed on helm 4.1.4.
    #[test]
    fn probed_case_and_indent_edges() {
        let cases = [
            ("__foo__", "__Foo__"),
            ("foo__bar", "Foo_Bar"),
            ("_a", "_A"),
            ("a_", "A_"),
            ("-x-y", "-XY"),
            ("foo  bar", "Foo Bar"),
            ("FOO_BAR", "FooBar"),
            ("fooBar", "FooBar"),
            ("_", "__"),
            ("__", "___"),
            ("a b_c", "ABC"),
            ("x_1y", "X1y"),
            ("ß_q", "ßQ"),
            (" lead", " Lead"),
            ("trail ", "Trail "),
            ("a__b_", "A_B_"),
            ("FOOB", "Foob"),
            ("ABc", "Abc"),
            ("aBCD", "ABCD"),
            ("HTTPServer", "Httpserver"),
            ("a_BC", "ABc"),
            ("É_ÉÉ", "ÉÉé"),
            ("x-_y", "X-Y"),
            ("AbC", "AbC"),
            ("aB_cD", "ABCD"),
            ("AbCD", "AbCD"),
            ("A1B", "A1B"),
            ("ǅx", "Ǆx"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(camelcase(input), want, "camelcase {input:?}");
        }
        assert_eq!(swapcase("Hello World ß"), "hELLO wORLD ß");
        assert_eq!(swapcase("ǅǈ ᾈ"), "ǆǉ ᾀ");
        assert_eq!(go_upper('ß'), 'ß');
        assert_eq!(go_lower('İ'), 'i');
        assert_eq!(
            indent(-1, "a").unwrap_err().message,
            "strings: negative Repeat count"
        );
        assert!(indent(1 << 31, "a").is_err());
    }
}

//! Go's and xstrings' case mappings: one rune at a time, as Go's `unicode` package maps them.

use super::is_go_space;

/// Go's deprecated `strings.Title`: upper-case the first letter of every word, where any
/// character that is not a letter, digit, underscore or mark separates words.
pub(super) fn title(text: &str) -> String {
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

pub(super) fn untitle(text: &str) -> String {
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
pub(super) fn go_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower`: one rune; `İ`, the only rune with a longer full lower case, maps to `i`.
pub(super) fn go_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

pub(super) fn swapcase(text: &str) -> String {
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
pub(super) fn camelcase(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    // compat-notes E, verified with helm v4.1.4.
    #[test]
    fn title_and_camel_edges() {
        assert_eq!(title("hello wORLD-foo_bar"), "Hello WORLD-Foo_bar");
        assert_eq!(camelcase("foo_bar-baz qux"), "FooBarBazQux");
    }

    /// Expectations probed on helm 4.1.4.
    #[test]
    fn probed_case_edges() {
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
    }
}

//! Go's bracketed classes in the `regex` crate's syntax. RE2 reads a `[` inside a class as a
//! literal and `&&`, `--`, `~~` as plain characters; the crate reads nested classes and set
//! operations there. So each class is parsed by Go's rules (`regexp/syntax.parseClass` in
//! Perl mode) and written back with every literal member escaped.

use std::borrow::Cow;

/// The pattern with each class rewritten; text outside classes, `\Q...\E` and unclosed
/// classes (the crate reports those) are left as they are.
pub(super) fn go_classes(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains('[') {
        return pattern.into();
    }
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' if rest[1..].starts_with('Q') => {
                // Quoted text runs to `\E` (or the end) and is literal.
                let end = rest.find("\\E").map_or(rest.len(), |i| i + 2);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            '\\' => {
                let len = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            '[' => match class(&rest[1..]) {
                Some((class, after)) => {
                    out.push_str(&class);
                    rest = after;
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            },
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.into()
}

/// The class whose text follows its `[`: its rewriting and the text after its `]`, or `None`
/// when it is not closed.
fn class(mut t: &str) -> Option<(String, &str)> {
    let mut out = String::from("[");
    if let Some(after) = t.strip_prefix('^') {
        out.push('^');
        t = after;
    }
    let mut first = true;
    loop {
        match t.chars().next()? {
            ']' if !first => return Some((out + "]", &t[1..])),
            '[' if t[1..].starts_with(':') && t[2..].contains(":]") => {
                // A POSIX class (`[:alpha:]`), which both syntaxes share.
                let end = t[2..].find(":]")? + 4;
                out.push_str(&t[..end]);
                t = &t[end..];
            }
            '\\' if is_class_escape(&t[1..]) => {
                let len = escape_len(t);
                out.push_str(&t[..len]);
                t = &t[len..];
            }
            _ => {
                let (lo, after) = member(t)?;
                out.push_str(&lo);
                t = after;
                // `a-z` is a range unless the `-` comes last (`[a-]`).
                if t.starts_with('-') && t.len() > 1 && !t[1..].starts_with(']') {
                    let (hi, after) = member(&t[1..])?;
                    out.push('-');
                    out.push_str(&hi);
                    t = after;
                }
            }
        }
        first = false;
    }
}

/// Whether a `\` escape (its text after the backslash) stands for a set of characters
/// (`\d`, `\pL`, `\p{Greek}`) rather than one.
fn is_class_escape(t: &str) -> bool {
    t.starts_with(['d', 'D', 's', 'S', 'w', 'W', 'p', 'P'])
}

/// The length of the escape at the start of `t` (which starts with `\`): `\p{...}` and
/// `\x{...}` to their brace, `\xHH`, otherwise the backslash and one character.
fn escape_len(t: &str) -> usize {
    let body = &t[1..];
    let braced = body.len() > 1 && body[1..].starts_with('{') && body.starts_with(['p', 'P', 'x']);
    if braced {
        return body.find('}').map_or(t.len(), |i| i + 2);
    }
    if body.starts_with('x') {
        return (4).min(t.len());
    }
    1 + body.chars().next().map_or(0, char::len_utf8)
}

/// One character of a class (a literal, escaped for the crate, or a character escape kept as
/// written) and the text after it.
fn member(t: &str) -> Option<(String, &str)> {
    let c = t.chars().next()?;
    if c == '\\' {
        let len = escape_len(t);
        return Some((t[..len].to_string(), &t[len..]));
    }
    let text = if matches!(c, '[' | ']' | '\\' | '-' | '&' | '~' | '^') {
        format!("\\{c}")
    } else {
        c.to_string()
    };
    Some((text, &t[c.len_utf8()..]))
}

#[cfg(test)]
mod tests {
    use super::go_classes;
    use crate::regexp::go_compile;

    #[test]
    fn classes_are_rewritten_with_literal_members() {
        assert_eq!(go_classes("a[b[c]d"), "a[b\\[c]d");
        assert_eq!(go_classes("[a&&b]"), "[a\\&\\&b]");
        assert_eq!(go_classes("[]a]"), "[\\]a]");
        assert_eq!(go_classes("[^]a]"), "[^\\]a]");
        assert_eq!(go_classes("[[:alpha:]-]"), "[[:alpha:]\\-]");
        assert_eq!(go_classes("[\\d-z]"), "[\\d\\-z]");
        assert_eq!(go_classes("[a-c-e]"), "[a-c\\-e]");
        assert_eq!(
            go_classes("\\[x[\\p{Greek}\\x{41}-\\x5A]"),
            "\\[x[\\p{Greek}\\x{41}-\\x5A]"
        );
        assert_eq!(go_classes("\\Q[a\\E[b]"), "\\Q[a\\E[b]");
        assert_eq!(go_classes("[abc"), "[abc");
    }

    #[test]
    fn go_class_semantics() {
        let matches = |p: &str, s: &str| go_compile(p).unwrap().is_match(s);
        assert!(matches("^[ab[c]$", "["));
        assert!(matches("^[a&&b]$", "&"));
        assert!(matches("^[a~~b]$", "~"));
        assert!(matches("^[a-c-e]$", "-"));
        assert!(!matches("^[a-c-e]$", "d"));
        assert!(matches("^[\\d-z]$", "-"));
        assert!(matches("^[]a]$", "]"));
        assert!(matches("^map[a:b]$", "mapa"));
    }
}

//! helm deletes every `<no value>` from each rendered file and from `tpl` results.

use std::sync::LazyLock;

use memchr::memmem::Finder;

const NO_VALUE: &str = "<no value>";

/// A vectorised search built once: `str::replace` set up a general searcher and copied every
/// rendered file, a visible share of rendering a large chart.
static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(NO_VALUE));

/// `text` with each `<no value>` removed (left to right, as `strings.ReplaceAll`); returned
/// without a copy when there is none, the usual case.
pub fn strip(text: String) -> String {
    let Some(first) = FINDER.find(text.as_bytes()) else {
        return text;
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = &text[..];
    let mut at = Some(first);
    while let Some(i) = at {
        out.push_str(&rest[..i]);
        rest = &rest[i + NO_VALUE.len()..];
        at = FINDER.find(rest.as_bytes());
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_every_occurrence_like_replace() {
        for text in [
            "",
            "plain",
            "<no value>",
            "a: <no value>\nb: <no value>",
            "<no <no value>value>",
            "<no value><no value>x",
            "é<no value>ü",
        ] {
            assert_eq!(
                strip(text.to_string()),
                text.replace(NO_VALUE, ""),
                "{text:?}"
            );
        }
    }
}

//! Scalars that go on over more lines, folded as libyaml folds them: each further line
//! trimmed, joined by a space, or by one line break per blank line between. CRDs write their
//! long descriptions this way, plain (`description: a long\n  sentence`) or single-quoted.

use std::rc::Rc;

use super::{ends_line, scalar_node, Place, Reader, Slot};

/// A scalar that the next lines may continue.
pub(super) struct OpenScalar {
    /// The indentation of the collection holding it: further lines must be deeper.
    pub(super) parent: usize,
    /// The quote that ends it, or `None` for a plain scalar.
    pub(super) quote: Option<u8>,
    pub(super) into: Option<Place>,
    pub(super) text: String,
    /// Blank lines since the last line of text.
    pub(super) breaks: usize,
}

/// A quoted value whose closing quote is not on its first line: the text of that line (after
/// the opening quote, trailing spaces dropped); `None` if it closes there, or has escapes.
pub(super) fn opening_quoted(value: &str) -> Option<String> {
    let quote = *value.as_bytes().first()?;
    match quoted_segment(&value[1..], quote)? {
        (text, None) => Some(text.trim_end_matches(' ').to_string()),
        (_, Some(_)) => None,
    }
}

/// The text of a quoted scalar's line up to its closing quote (`''` in single quotes stands
/// for one) and the rest after that quote, `None` as the rest when the line does not close
/// it; `None` for a double-quoted line with a backslash, whose escapes libyaml reads.
pub(super) fn quoted_segment(line: &str, quote: u8) -> Option<(String, Option<&str>)> {
    if quote == b'"' {
        if line.contains('\\') {
            return None;
        }
        return Some(match line.find('"') {
            Some(i) => (line[..i].to_string(), Some(&line[i + 1..])),
            None => (line.to_string(), None),
        });
    }
    let mut text = String::new();
    let mut rest = line;
    while let Some(q) = rest.find('\'') {
        text.push_str(&rest[..q]);
        rest = &rest[q + 1..];
        match rest.strip_prefix('\'') {
            Some(more) => {
                text.push('\'');
                rest = more;
            }
            None => return Some((text, Some(rest))),
        }
    }
    text.push_str(rest);
    Some((text, None))
}

impl Reader {
    /// A line while a scalar is open: `Some(true)` if it continues it, `Some(false)` if the
    /// scalar ended before it, `None` outside the subset.
    pub(super) fn continued_line(&mut self, indent: usize, rest: &str) -> Option<bool> {
        let open = self.open_scalar.as_mut()?;
        if rest.is_empty() {
            open.breaks += 1;
            return Some(true);
        }
        if rest.contains('\t') {
            return None;
        }
        let quote = match open.quote {
            // libyaml does not ask a quoted scalar's lines to be indented; this reader does.
            Some(_) if indent <= open.parent => return None,
            Some(quote) => quote,
            // A comment ends a plain scalar, so does a line that is not deeper than its
            // collection.
            None if indent <= open.parent || rest.starts_with('#') => return Some(false),
            None => {
                let text = rest.trim_end_matches(' ');
                // `: ` or ` #` would end the scalar inside the line.
                if text.contains(": ") || text.ends_with(':') || text.contains(" #") {
                    return None;
                }
                open.push_line(text);
                return Some(true);
            }
        };
        let (text, after) = quoted_segment(rest, quote)?;
        match after {
            None => open.push_line(text.trim_end_matches(' ')),
            Some(after) if ends_line(after) => {
                open.push_line(&text);
                self.end_open_scalar();
            }
            Some(_) => return None,
        }
        Some(true)
    }

    /// Finishes an open scalar: the node goes where it belongs.
    pub(super) fn end_open_scalar(&mut self) {
        if let Some(OpenScalar {
            into: Some(into),
            text,
            quote,
            ..
        }) = self.open_scalar.take()
        {
            let node = scalar_node(text, quote.is_none());
            self.place(into, Slot::Node(Rc::new(node)));
        }
    }
}

impl OpenScalar {
    fn push_line(&mut self, text: &str) {
        if self.into.is_some() {
            if self.breaks == 0 {
                self.text.push(' ');
            }
            for _ in 0..self.breaks {
                self.text.push('\n');
            }
            self.text.push_str(text);
        }
        self.breaks = 0;
    }
}

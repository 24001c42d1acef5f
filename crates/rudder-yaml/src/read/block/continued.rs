//! Scalars that go on over more lines, folded as libyaml folds them: each further line
//! trimmed, joined by a space, or by one line break per blank line between (nothing after an
//! escaped line break). CRDs write their long descriptions this way, plain
//! (`description: a long\n  sentence`) or quoted.

use std::rc::Rc;

use super::quoted::{segment, End};
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
    /// Whether the last line ended with an escaped line break.
    pub(super) joined: bool,
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
        let line = segment(rest, quote)?;
        match line.end {
            End::Open => open.push_line(&line.text),
            End::EscapedBreak => {
                open.push_line(&line.text);
                open.joined = true;
            }
            End::Closed(after) if ends_line(after) => {
                open.push_line(&line.text);
                self.end_open_scalar();
            }
            End::Closed(_) => return None,
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
            if self.breaks == 0 && !self.joined {
                self.text.push(' ');
            }
            for _ in 0..self.breaks {
                self.text.push('\n');
            }
            self.text.push_str(text);
        }
        self.breaks = 0;
        self.joined = false;
    }
}

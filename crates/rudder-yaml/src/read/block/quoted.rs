//! One line of a quoted scalar, read as libyaml reads it: `''` in single quotes stands for one
//! quote; double quotes take YAML's escapes, and a backslash at the end of the line joins the
//! next line without a space. CRDs write long descriptions this way (`"...\n\tIf disabled,..."`).

use std::borrow::Cow;

/// A quoted scalar's text on one line, and how the line ends.
pub(super) struct Segment<'a> {
    pub(super) text: Cow<'a, str>,
    pub(super) end: End<'a>,
}

pub(super) enum End<'a> {
    /// The closing quote, then the rest of the line.
    Closed(&'a str),
    /// The line ends inside the scalar (its trailing spaces dropped): the next line joins
    /// with a space, or with a line break per blank line between.
    Open,
    /// The line ends with an escaped line break: the next line joins with nothing.
    EscapedBreak,
}

/// The line after the opening quote (or a continuation line after its indentation); `None`
/// for an escape libyaml refuses, whose error the full reader gives.
pub(super) fn segment(line: &str, quote: u8) -> Option<Segment<'_>> {
    let special: &[char] = if quote == b'"' { &['"', '\\'] } else { &['\''] };
    // Most lines have nothing to decode: their text is borrowed.
    match line.find(special) {
        None => {
            return Some(Segment {
                text: Cow::Borrowed(line.trim_end_matches(' ')),
                end: End::Open,
            })
        }
        Some(i) if line.as_bytes()[i] == quote && line.as_bytes().get(i + 1) != Some(&quote) => {
            return Some(Segment {
                text: Cow::Borrowed(&line[..i]),
                end: End::Closed(&line[i + 1..]),
            })
        }
        Some(_) => {}
    }
    if quote == b'"' {
        double_quoted(line)
    } else {
        Some(single_quoted(line))
    }
}

fn single_quoted(line: &str) -> Segment<'_> {
    let mut text = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(q) = rest.find('\'') {
        text.push_str(&rest[..q]);
        rest = &rest[q + 1..];
        match rest.strip_prefix('\'') {
            Some(more) => {
                text.push('\'');
                rest = more;
            }
            None => {
                return Segment {
                    text: Cow::Owned(text),
                    end: End::Closed(rest),
                }
            }
        }
    }
    text.push_str(rest.trim_end_matches(' '));
    Segment {
        text: Cow::Owned(text),
        end: End::Open,
    }
}

fn double_quoted(line: &str) -> Option<Segment<'_>> {
    let mut text = String::with_capacity(line.len());
    // The text up to the last character that is not a plain space: trailing spaces of a line
    // are dropped, escaped ones kept.
    let mut kept = 0;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                return Some(Segment {
                    text: Cow::Owned(text),
                    end: End::Closed(&line[i + 1..]),
                })
            }
            '\\' => {
                let Some((_, escape)) = chars.next() else {
                    // The spaces before it stay: libyaml has already taken them.
                    return Some(Segment {
                        text: Cow::Owned(text),
                        end: End::EscapedBreak,
                    });
                };
                let decoded = match escape {
                    'x' | 'u' | 'U' => {
                        let digits = match escape {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex = line.get(i + 2..i + 2 + digits)?;
                        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                            return None;
                        }
                        chars.nth(digits - 1);
                        // Surrogates and values beyond Unicode are libyaml errors.
                        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                    }
                    other => simple_escape(other)?,
                };
                text.push(decoded);
                kept = text.len();
            }
            ' ' => text.push(' '),
            other => {
                text.push(other);
                kept = text.len();
            }
        }
    }
    text.truncate(kept);
    Some(Segment {
        text: Cow::Owned(text),
        end: End::Open,
    })
}

/// The one-character escapes of double-quoted scalars go-yaml takes: libyaml's but `\/`.
fn simple_escape(c: char) -> Option<char> {
    Some(match c {
        '0' => '\0',
        'a' => '\x07',
        'b' => '\x08',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\x0b',
        'f' => '\x0c',
        'r' => '\r',
        'e' => '\x1b',
        ' ' | '"' | '\'' | '\\' => c,
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str, quote: u8) -> Option<(String, String)> {
        segment(line, quote).map(|s| {
            let end = match s.end {
                End::Closed(after) => format!("closed {after:?}"),
                End::Open => "open".into(),
                End::EscapedBreak => "joined".into(),
            };
            (s.text.into_owned(), end)
        })
    }

    fn pair(text: &str, end: &str) -> Option<(String, String)> {
        Some((text.into(), end.into()))
    }

    #[test]
    fn single_quotes_double_to_escape() {
        assert_eq!(read("it''s' # c", b'\''), pair("it's", "closed \" # c\""));
        assert_eq!(read("a ''b''  ", b'\''), pair("a 'b'", "open"));
        assert_eq!(read("plain  ", b'\''), pair("plain", "open"));
    }

    #[test]
    fn double_quotes_decode_escapes() {
        assert_eq!(
            read(r#"a\tb\n\"c\" \\ \' \x41\u00e9\U0001F600" "#, b'"'),
            pair("a\tb\n\"c\" \\ ' Aé😀", "closed \" \"")
        );
        assert_eq!(
            read(r"\0\a\b\v\f\r\e\N\_\L\P", b'"'),
            pair(
                "\0\x07\x08\x0b\x0c\r\x1b\u{85}\u{a0}\u{2028}\u{2029}",
                "open"
            )
        );
    }

    #[test]
    fn double_quotes_trailing_spaces_and_escaped_breaks() {
        // Plain trailing spaces go, an escaped one stays; a final backslash joins.
        assert_eq!(read(r"a\n  ", b'"'), pair("a\n", "open"));
        assert_eq!(read(r"a\ ", b'"'), pair("a ", "open"));
        assert_eq!(read(r"a \", b'"'), pair("a ", "joined"));
    }

    #[test]
    fn escapes_libyaml_refuses_are_left_to_it() {
        for bad in [
            r"\q",
            r"\/",
            r"\x4",
            r"\uD800",
            r"\U00110000",
            r"\xZZ",
            r"\u12",
        ] {
            assert!(read(bad, b'"').is_none(), "{bad}");
        }
    }
}

//! xstrings' snake/kebab case (Sprig's `snakecase`, `kebabcase`): the text is cut into words
//! (upper-case runs, lower-case runs, numbers, connectors, punctuation, other) and re-joined
//! with the connector by xstrings' rules for numbers between words (`Bld4Floor` → `bld4_floor`,
//! `HTTP2xx` → `http_2xx`).

use crate::strings::is_go_space;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    End,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || is_go_space(c)
}

/// Go's `unicode.IsLetter`.
fn is_alphabet(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

/// Go's `unicode.IsPunct` (category P); ASCII symbols such as `$+<=>^|~` are not punctuation.
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c);
    }
    matches!(c as u32, 0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF | 0x2010..=0x2027 | 0x2030..=0x2043 | 0x2045..=0x2051 | 0x2053..=0x205E | 0x3001..=0x3003 | 0x3008..=0x3011 | 0xFF01..=0xFF0F)
}

/// The next word of `s`: its kind and length in bytes.
fn next_word(s: &str) -> (Kind, usize) {
    let mut chars = s.char_indices().peekable();
    let Some((_, first)) = chars.next() else {
        return (Kind::End, 0);
    };
    let run = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
               keep: &dyn Fn(char) -> bool| {
        while chars.next_if(|&(_, c)| keep(c)).is_some() {}
        chars.peek().map_or(s.len(), |&(i, _)| i)
    };
    let kind_len = |kind: Kind, len: usize| (kind, len);
    if is_connector(first) {
        return kind_len(Kind::Connector, run(&mut chars, &is_connector));
    }
    if is_punct(first) {
        return kind_len(Kind::Punct, run(&mut chars, &is_punct));
    }
    if first.is_uppercase() {
        match chars.peek().map(|&(_, c)| c) {
            Some(c) if c.is_uppercase() => {
                // An upper-case run; its last letter starts the next word when a letter
                // follows (`HTTPStatus` → `HTTP`, `Status`).
                let mut last_start = chars.peek().map_or(0, |&(i, _)| i);
                while let Some(&(i, c)) = chars.peek() {
                    if !c.is_uppercase() {
                        break;
                    }
                    last_start = i;
                    chars.next();
                }
                let end = chars.peek().map_or(s.len(), |&(i, _)| i);
                let letter_follows = chars.peek().is_some_and(|&(_, c)| is_alphabet(c));
                return (Kind::Upper, if letter_follows { last_start } else { end });
            }
            Some(c) if is_alphabet(c) => {
                chars.next();
                let end = run(&mut chars, &|c| is_alphabet(c) && !c.is_uppercase());
                return (Kind::Upper, end);
            }
            _ => return (Kind::Upper, first.len_utf8()),
        }
    }
    if is_alphabet(first) {
        return kind_len(
            Kind::Alphabet,
            run(&mut chars, &|c| is_alphabet(c) && !c.is_uppercase()),
        );
    }
    if first.is_numeric() {
        return kind_len(Kind::Number, run(&mut chars, &char::is_numeric));
    }
    let end = run(&mut chars, &|c| {
        !(is_connector(c) || is_alphabet(c) || c.is_numeric() || is_punct(c))
    });
    (Kind::Other, end)
}

/// Appends a word: upper-case and connector words are lowered / turned into the connector.
fn push_word(out: &mut String, kind: Kind, word: &str, connector: char) {
    if kind != Kind::Upper && kind != Kind::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            out.push(connector);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

struct Words<'a> {
    rest: &'a str,
}

impl<'a> Words<'a> {
    fn next(&mut self) -> (Kind, &'a str) {
        let (kind, len) = next_word(self.rest);
        let (word, rest) = self.rest.split_at(len);
        self.rest = rest;
        (kind, word)
    }
}

/// xstrings' `camelCaseToLowerCase`.
pub fn to_lower_case(text: &str, connector: char) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut words = Words { rest: text };
    let (mut kind, mut word) = words.next();
    let separates = |k: Kind| !matches!(k, Kind::End | Kind::Connector | Kind::Punct);
    while !words.rest.is_empty() {
        if kind != Kind::Connector {
            push_word(&mut out, kind, word, connector);
        }
        let (prev, last) = (kind, word);
        (kind, word) = words.next();
        match prev {
            Kind::Number => {
                while matches!(kind, Kind::Alphabet | Kind::Number) {
                    push_word(&mut out, kind, word, connector);
                    (kind, word) = words.next();
                }
                if separates(kind) {
                    out.push(connector);
                }
            }
            Kind::Connector => push_word(&mut out, prev, last, connector),
            Kind::Punct => {}
            _ => {
                if kind != Kind::Number {
                    if !matches!(kind, Kind::Connector | Kind::Punct) {
                        out.push(connector);
                    }
                    continue;
                }
                if words.rest.is_empty() {
                    continue;
                }
                let number = word;
                (kind, word) = words.next();
                if kind != Kind::Alphabet {
                    // A number between words belongs to the word before (`Bld4Floor`).
                    push_word(&mut out, Kind::Number, number, connector);
                    if !matches!(kind, Kind::Connector | Kind::Punct) {
                        out.push(connector);
                    }
                    continue;
                }
                // Lower-case letters after a number start a word with it (`HTTP2xx`).
                out.push(connector);
                push_word(&mut out, Kind::Number, number, connector);
                while matches!(kind, Kind::Alphabet | Kind::Number) {
                    push_word(&mut out, kind, word, connector);
                    (kind, word) = words.next();
                }
                if separates(kind) {
                    out.push(connector);
                }
            }
        }
    }
    push_word(&mut out, kind, word, connector);
    out
}

#[cfg(test)]
mod tests {
    use super::to_lower_case;

    // xstrings' documented samples, and helm 4.1.4 probes.
    #[test]
    fn snake_case() {
        for (input, want) in [
            ("FirstName", "first_name"),
            ("HTTPServer", "http_server"),
            ("NoHTTPS", "no_https"),
            ("GO_PATH", "go_path"),
            ("GO PATH", "go_path"),
            ("GO-PATH", "go_path"),
            ("http2xx", "http_2xx"),
            ("HTTP20xOK", "http_20x_ok"),
            ("Duration2m3s", "duration_2m3s"),
            ("Bld4Floor3rd", "bld4_floor_3rd"),
            ("A1B2c", "a1_b_2c"),
            ("a1b2C", "a_1b2_c"),
            ("__Foo", "__foo"),
            ("foo  bar", "foo__bar"),
            ("a.b", "a.b"),
            ("-", "_"),
        ] {
            assert_eq!(to_lower_case(input, '_'), want, "{input}");
        }
    }
}

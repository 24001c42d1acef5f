//! The scalar shapes go-yaml recognises with regular expressions, matched by hand: compiling
//! those expressions cost more instructions than reading a whole small chart.

/// A cursor over the bytes of a scalar.
struct Bytes<'a> {
    rest: &'a [u8],
}

impl Bytes<'_> {
    /// Takes one byte from `set`.
    fn one_of(&mut self, set: &[u8]) -> bool {
        match self.rest.split_first() {
            Some((b, rest)) if set.contains(b) => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }

    /// Takes as many leading bytes as match `f`, up to `max`; true if at least `min` did.
    fn run(&mut self, min: usize, max: usize, f: impl Fn(u8) -> bool) -> bool {
        let n = self.rest.iter().take(max).take_while(|&&b| f(b)).count();
        self.rest = &self.rest[n..];
        n >= min
    }

    fn digits(&mut self, min: usize, max: usize) -> bool {
        self.run(min, max, |b| b.is_ascii_digit())
    }

    fn at_end(&self) -> bool {
        self.rest.is_empty()
    }
}

fn bytes(s: &str) -> Bytes<'_> {
    Bytes { rest: s.as_bytes() }
}

/// go-yaml's float syntax: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
pub fn is_yaml_float(s: &str) -> bool {
    let mut c = bytes(s);
    c.one_of(b"-+");
    let mantissa = if c.one_of(b".") {
        c.digits(1, usize::MAX)
    } else {
        c.digits(1, usize::MAX) && (!c.one_of(b".") || c.digits(0, usize::MAX))
    };
    if !mantissa {
        return false;
    }
    if c.one_of(b"eE") {
        c.one_of(b"-+");
        if !c.digits(1, usize::MAX) {
            return false;
        }
    }
    c.at_end()
}

/// go-yaml's timestamp syntax: `^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:
/// [0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$`.
pub fn is_yaml_timestamp(s: &str) -> bool {
    let mut c = bytes(s);
    let date =
        c.digits(4, 4) && c.one_of(b"-") && c.digits(1, 2) && c.one_of(b"-") && c.digits(1, 2);
    if !date {
        return false;
    }
    if c.at_end() {
        return true;
    }
    if !(c.one_of(b"Tt") || c.run(1, usize::MAX, |b| b == b' ' || b == b'\t')) {
        return false;
    }
    let time =
        c.digits(1, 2) && c.one_of(b":") && c.digits(1, 2) && c.one_of(b":") && c.digits(1, 2);
    if !time {
        return false;
    }
    if c.one_of(b".") {
        c.digits(0, usize::MAX);
    }
    if c.one_of(b"-+") {
        if !(c.digits(2, 2) && c.one_of(b":") && c.digits(2, 2)) {
            return false;
        }
    } else {
        c.one_of(b"Z");
    }
    c.at_end()
}

/// YAML 1.1's sexagesimal floats: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
pub fn is_base60_float(s: &str) -> bool {
    let mut c = bytes(s);
    c.one_of(b"-+");
    if !c.digits(1, 1) {
        return false;
    }
    c.run(0, usize::MAX, |b| b.is_ascii_digit() || b == b'_');
    let mut groups = 0;
    while c.one_of(b":") {
        // `[0-5]?[0-9]`: one digit, or two with the first at most 5.
        match c.rest {
            [b'0'..=b'5', b'0'..=b'9', ..] => c.rest = &c.rest[2..],
            [b'0'..=b'9', ..] => c.rest = &c.rest[1..],
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if c.one_of(b".") {
        c.run(0, usize::MAX, |b| b.is_ascii_digit() || b == b'_');
    }
    c.at_end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    const FLOAT: &str = r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$";
    const TIMESTAMP: &str = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$";
    const BASE60: &str = r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$";

    fn agrees(pattern: &str, f: fn(&str) -> bool, s: &str) {
        let re = Regex::new(pattern).unwrap();
        assert_eq!(f(s), re.is_match(s), "{s:?} against {pattern}");
    }

    #[test]
    fn examples() {
        for s in [
            "1", "-1.5", ".5", "1.", "1e3", "+1.2E-3", "", ".", "1e", "e3", "1.2.3", "--1",
        ] {
            agrees(FLOAT, is_yaml_float, s);
        }
        for s in [
            "2001-12-14",
            "2001-1-1",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -05:00",
            "2001-12-14  21:59:43Z",
            "2001-12-14T21:59:43.",
            "2001-12-14T21:59",
            "2001-12-14T21:59:43+5:00",
            "2001-12-14T21:59:43ZZ",
            "2001-12-14T21:59:43+05:00Z",
            "2001-12-145",
            "20011-12-14",
        ] {
            agrees(TIMESTAMP, is_yaml_timestamp, s);
        }
        for s in [
            "1:20",
            "190:20:30.15",
            "-1_0:5",
            "1:60",
            "1:7:",
            "1",
            "1:",
            ":1",
            "1:59.",
            "1:099",
        ] {
            agrees(BASE60, is_base60_float, s);
        }
    }

    proptest! {
        #[test]
        fn float_matches_the_regexp(s in "[-+.eE0-9x]{0,8}") {
            agrees(FLOAT, is_yaml_float, &s);
        }

        #[test]
        fn timestamp_matches_the_regexp(s in "[0-9]{4}-[0-9]{1,3}-[0-9]{1,3}[Tt \t]{0,2}[0-9:.Z+-]{0,12}") {
            agrees(TIMESTAMP, is_yaml_timestamp, &s);
        }

        #[test]
        fn base60_matches_the_regexp(s in "[-+]?[0-9_:.]{0,10}") {
            agrees(BASE60, is_base60_float, &s);
        }
    }
}

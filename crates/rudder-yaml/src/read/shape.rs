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

    /// Go's `getnum(value, false)`: one or two digits.
    fn go_num(&mut self) -> Option<u32> {
        let n = self
            .rest
            .iter()
            .take(2)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n == 0 {
            return None;
        }
        let v = self.rest[..n]
            .iter()
            .fold(0, |acc, b| acc * 10 + u32::from(b - b'0'));
        self.rest = &self.rest[n..];
        Some(v)
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

/// go-yaml's `parseTimestamp` (what decides whether the encoders quote a string): `YYYY-`, then
/// Go's `time.Parse` must accept the whole string under one of the layouts
/// `2006-1-2T15:4:5.999999999Z07:00` (`T` or `t`), `2006-1-2 15:4:5.999999999` or `2006-1-2`,
/// with Go's range checks (month, day of that month and year, hour, minute, second, zone).
pub fn is_go_yaml_timestamp(s: &str) -> bool {
    let mut c = bytes(s);
    if !c.digits(4, 4) || !c.one_of(b"-") {
        return false;
    }
    let year: i64 = s[..4].parse().unwrap_or(0);
    let (Some(month), Some(day)) = (c.go_num(), c.one_of(b"-").then(|| c.go_num()).flatten())
    else {
        return false;
    };
    let days = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    if day < 1 || day > days {
        return false;
    }
    if c.at_end() {
        return true;
    }
    // `T`/`t` forms need a zone; the space form takes none. A layout space matches a run of
    // spaces.
    let zoned = if c.one_of(b"Tt") {
        true
    } else if c.run(1, usize::MAX, |b| b == b' ') {
        false
    } else {
        return false;
    };
    let time = [c.go_num(), c.one_of(b":").then(|| c.go_num()).flatten()]
        .into_iter()
        .chain([c.one_of(b":").then(|| c.go_num()).flatten()])
        .collect::<Option<Vec<u32>>>();
    match time.as_deref() {
        Some([h, m, sec]) if *h < 24 && *m < 60 && *sec < 60 => {}
        _ => return false,
    }
    // A fraction: `.` or `,` and at least one digit, then any number of digits.
    if matches!(c.rest, [b'.' | b',', b'0'..=b'9', ..]) {
        c.rest = &c.rest[1..];
        c.digits(1, usize::MAX);
    }
    if zoned && !c.one_of(b"Z") {
        // `±hh:mm`, hours up to 24 and minutes up to 60 as Go allows.
        match c.rest {
            [b'+' | b'-', h1, h2, b':', m1, m2, rest @ ..]
                if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()) =>
            {
                let hours = (h1 - b'0') * 10 + (h2 - b'0');
                let minutes = (m1 - b'0') * 10 + (m2 - b'0');
                if hours > 24 || minutes > 60 {
                    return false;
                }
                c.rest = rest;
            }
            _ => return false,
        }
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

    // Each verdict is helm v4.1.4's (quoted or plain under toYaml); golden cases in
    // testdata/cases/yaml-write/timestamps.cases.
    #[test]
    fn timestamps_as_go_parses_them() {
        for s in [
            "2024-02-29",
            "2024-1-2",
            "2024-01-01T1:2:3Z",
            "2024-01-01 00:00:00",
            "2024-01-01  00:00:00",
            "2024-01-01 00:00:00,5",
            "2024-01-01t00:00:00+01:00",
            "2024-01-01T23:00:00+24:60",
            "2024-01-01T23:00:00.123456789123Z",
            "0000-01-01",
            "2000-02-29",
        ] {
            assert!(is_go_yaml_timestamp(s), "{s}");
        }
        for s in [
            "2006-01-02T15:04:05Z07:00",
            "2024-01-01T00:00:00",
            "2023-02-29",
            "2024-13-01",
            "2024-01-01 release",
            "2024-01-01T24:00:00Z",
            "2024-01-01T23:60:00Z",
            "2024-01-01T23:00:60Z",
            "2024-01-01T23:00:00+25:00",
            "2024-00-10",
            "2024-01-00",
            "2024-01-32",
            "2024-001-01",
            "2024-01-01 ",
            "2024-01-01T00:00:00+0100",
            "2024-01-01T00:00:00 Z",
            "1900-02-29",
            "2024-01-01 00:00",
            "2024-01-01T00:00:00.Z",
            "2024-01-01\t00:00:00",
            "20240-01-01",
            "",
        ] {
            assert!(!is_go_yaml_timestamp(s), "{s}");
        }
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

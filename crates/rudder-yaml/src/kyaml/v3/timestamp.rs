//! yaml.v3's timestamps (`resolve.go`'s `parseTimestamp`): Go's `time.Parse` with the four
//! layouts yaml.v3 tries, and the RFC 3339 text `time.Time.MarshalJSON` gives the result.

/// A time as `time.Parse` leaves it: the fields read, and the zone's offset east of UTC in
/// seconds (0 for `Z` and the layouts without a zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanosecond: u32,
    offset: i32,
}

/// yaml.v3's layouts, in its order: the separator between date and time (none: date only),
/// and whether a zone follows.
const LAYOUTS: [(Option<u8>, bool); 4] = [
    (Some(b'T'), true),  // 2006-1-2T15:4:5.999999999Z07:00
    (Some(b't'), true),  // 2006-1-2t15:4:5.999999999Z07:00
    (Some(b' '), false), // 2006-1-2 15:4:5.999999999
    (None, false),       // 2006-1-2
];

/// `parseTimestamp`: four digits and `-`, then the first layout that parses.
pub fn parse_timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 || b.get(4) != Some(&b'-') {
        return None;
    }
    LAYOUTS
        .iter()
        .find_map(|&(separator, zoned)| parse_layout(b, separator, zoned))
}

/// Go's `getnum(s, false)`: one or two digits.
fn number(s: &mut &[u8]) -> Option<u32> {
    let digits = s.iter().take(2).take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let n = s[..digits]
        .iter()
        .fold(0, |n, c| n * 10 + u32::from(c - b'0'));
    *s = &s[digits..];
    Some(n)
}

/// Exactly two digits (`getnum(s, true)`).
fn two_digits(s: &[u8]) -> Option<i32> {
    match s {
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some(i32::from(a - b'0') * 10 + i32::from(b - b'0'))
        }
        _ => None,
    }
}

fn literal(s: &mut &[u8], c: u8) -> Option<()> {
    let (&first, rest) = s.split_first()?;
    (first == c).then(|| *s = rest)
}

fn parse_layout(b: &[u8], separator: Option<u8>, zoned: bool) -> Option<Timestamp> {
    let year = b[..4].iter().fold(0, |n, c| n * 10 + u32::from(c - b'0'));
    let mut s = &b[4..];
    literal(&mut s, b'-')?;
    let month = number(&mut s).filter(|m| (1..=12).contains(m))?;
    literal(&mut s, b'-')?;
    let day = number(&mut s)?;
    let mut t = Timestamp {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        nanosecond: 0,
        offset: 0,
    };
    if let Some(separator) = separator {
        if separator == b' ' {
            // A space of the layout matches a run of spaces.
            if s.first() != Some(&b' ') {
                return None;
            }
            while let Some(rest) = s.strip_prefix(b" ") {
                s = rest;
            }
        } else {
            literal(&mut s, separator)?;
        }
        t.hour = number(&mut s).filter(|&h| h < 24)?;
        literal(&mut s, b':')?;
        t.minute = number(&mut s).filter(|&m| m < 60)?;
        literal(&mut s, b':')?;
        t.second = number(&mut s).filter(|&m| m < 60)?;
        // `.999999999`: optional, any number of digits after `.` or `,`, nine kept.
        if let [b'.' | b',', first, ..] = s {
            if first.is_ascii_digit() {
                let digits = s[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                let kept = &s[1..1 + digits.min(9)];
                let scale = 10u32.pow(9 - kept.len() as u32);
                t.nanosecond = kept.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')) * scale;
                s = &s[1 + digits..];
            }
        }
        if zoned {
            if let Some(rest) = s.strip_prefix(b"Z") {
                s = rest;
            } else {
                if s.len() < 6 || s[3] != b':' {
                    return None;
                }
                let hours = two_digits(&s[1..3]).filter(|&h| h <= 24)?;
                let minutes = two_digits(&s[4..6]).filter(|&m| m <= 60)?;
                let offset = (hours * 60 + minutes) * 60;
                t.offset = match s[0] {
                    b'+' => offset,
                    b'-' => -offset,
                    _ => return None,
                };
                s = &s[6..];
            }
        }
    }
    (s.is_empty() && (1..=days_in(month, year)).contains(&day)).then_some(t)
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Timestamp {
    /// `time.Time.MarshalJSON`'s text without its quotes (RFC 3339 with nanoseconds), or its
    /// error for a zone of 24 hours or more.
    pub fn rfc3339(&self) -> Result<String, String> {
        let mut out = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        );
        if self.nanosecond != 0 {
            let fraction = format!("{:09}", self.nanosecond);
            out.push('.');
            out.push_str(fraction.trim_end_matches('0'));
        }
        if self.offset == 0 {
            out.push('Z');
            return Ok(out);
        }
        let minutes = self.offset.unsigned_abs() / 60;
        if minutes / 60 >= 24 {
            return Err("Time.MarshalJSON: timezone hour outside of range [0,23]".to_string());
        }
        let sign = if self.offset < 0 { '-' } else { '+' };
        out.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> Option<Result<String, String>> {
        parse_timestamp(s).map(|t| t.rfc3339())
    }

    #[test]
    fn the_layouts_yaml_v3_tries() {
        let ok = |s: &str, want: &str| assert_eq!(json(s), Some(Ok(want.to_string())), "{s}");
        ok("2001-12-14", "2001-12-14T00:00:00Z");
        ok("2002-1-2T3:4:5Z", "2002-01-02T03:04:05Z");
        ok(
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14T21:59:43.1-05:00",
        );
        ok("2001-12-14  21:59:43.10", "2001-12-14T21:59:43.1Z");
        ok("2001-12-14T21:59:43,5Z", "2001-12-14T21:59:43.5Z");
        ok(
            "2001-12-14T21:59:43.1234567891234Z",
            "2001-12-14T21:59:43.123456789Z",
        );
        ok("2001-12-14T21:59:43-00:00", "2001-12-14T21:59:43Z");
        ok("2001-12-14T21:59:43+05:60", "2001-12-14T21:59:43+06:00");
        ok("2024-02-29", "2024-02-29T00:00:00Z");
        assert_eq!(
            json("2001-12-14T21:59:43+24:00"),
            Some(Err(
                "Time.MarshalJSON: timezone hour outside of range [0,23]".to_string()
            ))
        );
        for not in [
            "2024-02-30",
            "2023-02-29",
            "2001-13-01",
            "2001-12-14T24:00:00Z",
            "2001-12-14T21:59:60Z",
            "2001-12-14T21:59Z",
            "2001-12-14 21:59:43.10 -5",
            "2001-12-14T21:59:43+0500",
            "2001-12-14T21:59:43+05:61",
            "2001-12-14T21:59:43+5:30",
            "20011-12-14",
            "2001-12-14T21:59:43+é5:30",
        ] {
            assert_eq!(parse_timestamp(not), None, "{not}");
        }
    }
}

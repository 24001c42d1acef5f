//! Go's layout language: `Time.Format` and `time.Parse` by a reference-time layout.

use chrono::{Datelike, FixedOffset, Offset, TimeZone, Timelike, Utc};

use super::{local_tz, Time};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The layout elements of Go's `time` package, longest first where prefixes overlap.
const TOKENS: &[&str] = &[
    "January",
    "Jan",
    "Monday",
    "Mon",
    "MST",
    "2006",
    "-07:00:00",
    "-0700",
    "-07:00",
    "-07",
    "Z07:00:00",
    "Z0700",
    "Z07:00",
    "Z07",
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "002",
    "__2",
    "_2",
    "15",
    "1",
    "2",
    "3",
    "4",
    "5",
    "PM",
    "pm",
];

/// Splits a layout into literal text and elements (Go's `nextStdChunk`).
fn chunks(layout: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let b = layout.as_bytes();
    let mut i = 0;
    while i < layout.len() {
        // Fractional seconds: .000, .999, ,000 ... after a seconds field or anywhere.
        if (b[i] == b'.' || b[i] == b',')
            && i + 1 < b.len()
            && (b[i + 1] == b'0' || b[i + 1] == b'9')
        {
            let d = b[i + 1];
            let mut j = i + 1;
            while j < b.len() && b[j] == d {
                j += 1;
            }
            if j >= b.len() || !b[j].is_ascii_digit() {
                if !lit.is_empty() {
                    out.push((false, std::mem::take(&mut lit)));
                }
                out.push((true, layout[i..j].to_string()));
                i = j;
                continue;
            }
        }
        if let Some(t) = TOKENS.iter().find(|t| layout[i..].starts_with(**t)) {
            // "Jan" must not be followed by a lower-case letter ("January" handled first).
            let ok = match *t {
                "Mon" | "Jan" => {
                    !layout[i + t.len()..].starts_with(|c: char| c.is_ascii_lowercase())
                }
                _ => true,
            };
            if ok {
                if !lit.is_empty() {
                    out.push((false, std::mem::take(&mut lit)));
                }
                out.push((true, t.to_string()));
                i += t.len();
                continue;
            }
        }
        let c = layout[i..].chars().next().expect("in bounds");
        lit.push(c);
        i += c.len_utf8();
    }
    if !lit.is_empty() {
        out.push((false, lit));
    }
    out
}

fn offset_text(secs: i32, colon: bool, z: bool, hours_only: bool, seconds: bool) -> String {
    if z && secs == 0 {
        return "Z".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    let (h, m, s) = (a / 3600, (a % 3600) / 60, a % 60);
    if hours_only {
        return format!("{sign}{h:02}");
    }
    let mut out = if colon {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    };
    if seconds {
        out.push_str(&if colon {
            format!(":{s:02}")
        } else {
            format!("{s:02}")
        });
    }
    out
}

/// Go's `Time.Format`.
pub(super) fn format(t: &Time, layout: &str) -> String {
    let at = &t.at;
    let off = at.offset().fix().local_minus_utc();
    let mut out = String::new();
    for (is_token, text) in chunks(layout) {
        if !is_token {
            out.push_str(&text);
            continue;
        }
        let h12 = match at.hour() % 12 {
            0 => 12,
            h => h,
        };
        let s = match text.as_str() {
            "2006" => format!("{:04}", at.year()),
            "06" => format!("{:02}", at.year() % 100),
            "01" => format!("{:02}", at.month()),
            "1" => at.month().to_string(),
            "January" => MONTHS[at.month0() as usize].to_string(),
            "Jan" => MONTHS[at.month0() as usize][..3].to_string(),
            "02" => format!("{:02}", at.day()),
            "2" => at.day().to_string(),
            "_2" => format!("{:>2}", at.day()),
            "002" => format!("{:03}", at.ordinal()),
            "__2" => format!("{:>3}", at.ordinal()),
            "15" => format!("{:02}", at.hour()),
            "03" => format!("{h12:02}"),
            "3" => h12.to_string(),
            "04" => format!("{:02}", at.minute()),
            "4" => at.minute().to_string(),
            "05" => format!("{:02}", at.second()),
            "5" => at.second().to_string(),
            "PM" => (if at.hour() >= 12 { "PM" } else { "AM" }).to_string(),
            "pm" => (if at.hour() >= 12 { "pm" } else { "am" }).to_string(),
            "Monday" => DAYS[at.weekday().num_days_from_sunday() as usize].to_string(),
            "Mon" => DAYS[at.weekday().num_days_from_sunday() as usize][..3].to_string(),
            "MST" => t.zone.clone(),
            "-0700" => offset_text(off, false, false, false, false),
            "-07:00" => offset_text(off, true, false, false, false),
            "-07" => offset_text(off, false, false, true, false),
            "-07:00:00" => offset_text(off, true, false, false, true),
            "Z0700" => offset_text(off, false, true, false, false),
            "Z07:00" => offset_text(off, true, true, false, false),
            "Z07" => offset_text(off, false, true, true, false),
            "Z07:00:00" => offset_text(off, true, true, false, true),
            frac => {
                let digits = frac.len() - 1;
                let nanos = format!("{:09}", at.nanosecond() % 1_000_000_000);
                let mut d = nanos[..digits.min(9)].to_string();
                if frac.as_bytes()[1] == b'9' {
                    d = d.trim_end_matches('0').to_string();
                    if d.is_empty() {
                        continue;
                    }
                }
                format!("{}{d}", &frac[..1])
            }
        };
        out.push_str(&s);
    }
    out
}

/// Go's `time.ParseInLocation(layout, value, Local)` for the numeric and name elements; the
/// error is Go's `ParseError` text.
pub(super) fn parse(layout: &str, value: &str) -> Result<Time, String> {
    let quote = rudder_gotmpl::fmt::quote;
    let range = |what: &str| format!("parsing time {}: {what} out of range", quote(value));
    // Go's defaults: a layout without a year parses into year 0.
    let (mut y, mut mo, mut d, mut h, mut mi, mut sec, mut nanos) =
        (0i32, 1u32, 1u32, 0u32, 0u32, 0u32, 0u32);
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;
    // A `Z` zone gives a time in `time.UTC`; any other a time in `Local` (or a fixed zone).
    let mut utc = false;
    let mut rest = value;
    let num = |rest: &mut &str, max: usize| -> Option<u32> {
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len())
            .min(max);
        if end == 0 {
            return None;
        }
        let v = rest[..end].parse().ok()?;
        *rest = &rest[end..];
        Some(v)
    };
    for (is_token, text) in chunks(layout) {
        let before = rest;
        let cannot = || {
            format!(
                "parsing time {} as {}: cannot parse {} as {}",
                quote(value),
                quote(layout),
                quote(before),
                quote(&text)
            )
        };
        if !is_token {
            rest = rest.strip_prefix(text.as_str()).ok_or_else(cannot)?;
            continue;
        }
        match text.as_str() {
            "2006" => {
                // Go takes exactly four digits.
                let digits = rest
                    .get(..4)
                    .filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
                y = digits.ok_or_else(cannot)?.parse().map_err(|_| cannot())?;
                rest = &rest[4..];
            }
            "06" => {
                // Go reads two-digit years 69-99 as 1969-1999.
                let yy = num(&mut rest, 2).ok_or_else(cannot)? as i32;
                y = if yy >= 69 { 1900 + yy } else { 2000 + yy };
            }
            "01" | "1" => mo = num(&mut rest, 2).ok_or_else(cannot)?,
            "January" | "Jan" => {
                let i = MONTHS
                    .iter()
                    .position(|m| {
                        let n = if text == "Jan" { &m[..3] } else { m };
                        rest.starts_with(n)
                    })
                    .ok_or_else(cannot)?;
                rest = &rest[if text == "Jan" { 3 } else { MONTHS[i].len() }..];
                mo = i as u32 + 1;
            }
            "02" | "2" => d = num(&mut rest, 2).ok_or_else(cannot)?,
            "_2" => {
                rest = rest.trim_start_matches(' ');
                d = num(&mut rest, 2).ok_or_else(cannot)?;
            }
            "15" => h = num(&mut rest, 2).ok_or_else(cannot)?,
            "03" | "3" => h = num(&mut rest, 2).ok_or_else(cannot)?,
            "04" | "4" => mi = num(&mut rest, 2).ok_or_else(cannot)?,
            "05" | "5" => {
                sec = num(&mut rest, 2).ok_or_else(cannot)?;
                if rest.starts_with('.') && !layout.contains(".0") && !layout.contains(".9") {
                    rest = &rest[1..];
                    let end = rest
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(rest.len());
                    nanos = format!("{:0<9}", &rest[..end.min(9)])
                        .parse()
                        .ok()
                        .ok_or_else(cannot)?;
                    rest = &rest[end..];
                }
            }
            "PM" | "pm" => {
                let up = rest.get(..2).ok_or_else(cannot)?.to_ascii_uppercase();
                pm = Some(up == "PM");
                rest = &rest[2..];
            }
            "Monday" | "Mon" => {
                let i = DAYS
                    .iter()
                    .position(|w| rest.starts_with(if text == "Mon" { &w[..3] } else { w }))
                    .ok_or_else(cannot)?;
                rest = &rest[if text == "Mon" { 3 } else { DAYS[i].len() }..];
            }
            "MST" => {
                let end = rest
                    .find(|c: char| !c.is_ascii_uppercase())
                    .unwrap_or(rest.len());
                rest = &rest[end..];
            }
            t if t.starts_with('-') || t.starts_with('Z') => {
                if t.starts_with('Z') && rest.starts_with('Z') {
                    rest = &rest[1..];
                    utc = true;
                    continue;
                }
                let sign = match rest.as_bytes().first().ok_or_else(cannot)? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return Err(cannot()),
                };
                rest = &rest[1..];
                let hh = num(&mut rest, 2).ok_or_else(cannot)? as i32;
                rest = rest.strip_prefix(':').unwrap_or(rest);
                let mm = num(&mut rest, 2).unwrap_or(0) as i32;
                offset = Some(sign * (hh * 3600 + mm * 60));
            }
            frac => {
                let digits = frac.len() - 1;
                rest = rest.strip_prefix(&frac[..1]).ok_or_else(cannot)?;
                let end = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                if frac.as_bytes()[1] == b'0' && end != digits {
                    return Err(cannot());
                }
                nanos = format!("{:0<9}", &rest[..end.min(9)])
                    .parse()
                    .ok()
                    .ok_or_else(cannot)?;
                rest = &rest[end..];
            }
        }
    }
    if !rest.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            quote(value),
            quote(rest)
        ));
    }
    if !(1..=12).contains(&mo) {
        return Err(range("month"));
    }
    if h > 24 || mi > 59 || sec > 59 {
        return Err(range(if h > 24 {
            "hour"
        } else if mi > 59 {
            "minute"
        } else {
            "second"
        }));
    }
    if let Some(p) = pm {
        if p && h < 12 {
            h += 12;
        } else if !p && h == 12 {
            h = 0;
        }
    }
    let naive = chrono::NaiveDate::from_ymd_opt(y, mo, d)
        .ok_or_else(|| range("day"))?
        .and_hms_nano_opt(h, mi, sec, nanos)
        .ok_or_else(|| range("hour"))?;
    let instant = match offset {
        _ if utc => naive.and_utc(),
        Some(o) => FixedOffset::east_opt(o)
            .and_then(|z| z.from_local_datetime(&naive).single())
            .ok_or_else(|| range("zone offset"))?
            .with_timezone(&Utc),
        None => local_tz()
            .from_local_datetime(&naive)
            .earliest()
            .ok_or_else(|| range("hour"))?
            .with_timezone(&Utc),
    };
    Ok(if utc {
        Time::in_utc(instant)
    } else {
        Time::in_local(instant)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> Time {
        Time::in_utc(Utc.timestamp_opt(secs, 0).unwrap())
    }

    #[test]
    fn go_layouts() {
        let x = t(1_700_000_000);
        assert_eq!(
            format(&x, "2006-01-02T15:04:05Z07:00"),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            format(&x, "Mon Jan _2 3:04PM MST 2006"),
            "Tue Nov 14 10:13PM UTC 2023"
        );
        assert_eq!(
            format(&x, "2006-01-02 15:04:05.000 -0700"),
            "2023-11-14 22:13:20.000 +0000"
        );
        assert_eq!(
            format(&Time::zero(), "2006-01-02 15:04:05.999999999 -0700 MST"),
            "0001-01-01 00:00:00 +0000 UTC"
        );
    }

    #[test]
    fn parsing() {
        let p = parse("2006-01-02", "2024-03-05").unwrap();
        assert_eq!(
            format(&p, "2006-01-02 15:04:05 MST"),
            "2024-03-05 00:00:00 UTC"
        );
        assert!(parse("2006-01-02", "nope").is_err());
    }
}

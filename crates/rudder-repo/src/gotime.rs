//! Times as Go's `time.Time` reads and prints them in JSON (RFC 3339, nanoseconds).

use std::time::{SystemTime, UNIX_EPOCH};

/// A time as Go's `time.Time` keeps an RFC 3339 one: the local date and time, fraction digits
/// and zone offset in minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct GoTime {
    date_time: String,
    fraction: String,
    offset_minutes: i32,
    /// Seconds since the epoch and whether the fraction rounds up.
    unix: i64,
    rounds_up: bool,
}

fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

impl GoTime {
    /// `2006-01-02T15:04:05[.fraction](Z|±07:00)`.
    pub fn parse_rfc3339(s: &str) -> Option<GoTime> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (y, mo, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
        let (h, mi, se) = (
            digits(&s[11..13])?,
            digits(&s[14..16])?,
            digits(&s[17..19])?,
        );
        let mut rest = &s[19..];
        let mut fraction = String::new();
        if let Some(r) = rest.strip_prefix('.') {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            fraction = r[..n].to_string();
            rest = &r[n..];
        }
        let offset_minutes = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
                let sign = match rest.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                sign * (digits(&rest[1..3])? * 60 + digits(&rest[4..6])?) as i32
            }
            _ => return None,
        };
        let unix = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se
            - i64::from(offset_minutes) * 60;
        Some(GoTime {
            date_time: s[..19].replace('t', "T"),
            rounds_up: fraction.as_bytes().first().is_some_and(|&c| c >= b'5'),
            fraction,
            offset_minutes,
            unix,
        })
    }

    /// Go's RFC 3339 with nanoseconds: trailing zeros of the fraction dropped, `Z` for UTC.
    pub fn to_rfc3339_nano(&self) -> String {
        let t = self;
        let mut fraction: String = t.fraction.chars().take(9).collect();
        while fraction.ends_with('0') {
            fraction.pop();
        }
        let mut out = t.date_time.clone();
        if !fraction.is_empty() {
            out.push('.');
            out.push_str(&fraction);
        }
        if t.offset_minutes == 0 {
            out.push('Z');
        } else {
            let sign = if t.offset_minutes < 0 { '-' } else { '+' };
            let m = t.offset_minutes.abs();
            out.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
        }
        out
    }

    /// The current time in UTC.
    pub fn now() -> GoTime {
        let d = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let secs = d.as_secs() as i64;
        let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
        let (y, m, dd) = civil_from_days(days);
        GoTime {
            date_time: format!(
                "{y:04}-{m:02}-{dd:02}T{:02}:{:02}:{:02}",
                rem / 3600,
                rem / 60 % 60,
                rem % 60
            ),
            fraction: format!("{:09}", d.subsec_nanos()),
            offset_minutes: 0,
            unix: secs,
            rounds_up: d.subsec_nanos() >= 500_000_000,
        }
    }

    /// The current time in Go's local zone (`time.Now()`), as helm stamps Chart.lock.
    pub fn now_local() -> GoTime {
        let zone = local_zone();
        let now = chrono::Utc::now().with_timezone(&zone);
        let text = now.format("%Y-%m-%dT%H:%M:%S%.9f%:z").to_string();
        GoTime::parse_rfc3339(&text).unwrap_or_else(GoTime::now)
    }

    /// `t` in Go's local zone as `time.RFC3339` prints it (whole seconds, `Z` for UTC).
    pub fn local_rfc3339(t: SystemTime) -> String {
        let utc: chrono::DateTime<chrono::Utc> = t.into();
        let local = utc.with_timezone(&local_zone());
        let text = local.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
        match text.strip_suffix("+00:00") {
            Some(head) => format!("{head}Z"),
            None => text,
        }
    }

    /// Seconds since the epoch, rounded as Go's tar writer rounds modification times.
    pub fn tar_seconds(&self) -> i64 {
        self.unix + i64::from(self.rounds_up)
    }
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Go's local zone: `TZ` when set (empty is UTC; a leading `:` dropped), else the zone
/// `/etc/localtime` links to; UTC when the name is not a known zone.
fn local_zone() -> chrono_tz::Tz {
    let name = match std::env::var("TZ") {
        Ok(tz) => tz.trim_start_matches(':').to_string(),
        Err(_) => std::fs::read_link("/etc/localtime")
            .ok()
            .and_then(|target| {
                let text = target.to_string_lossy().into_owned();
                text.split_once("zoneinfo/")
                    .map(|(_, zone)| zone.to_string())
            })
            .unwrap_or_default(),
    };
    name.parse().unwrap_or(chrono_tz::Tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_go_prints_them() {
        let t = GoTime::parse_rfc3339("2024-02-29T10:20:30.500000Z").unwrap();
        assert_eq!(t.to_rfc3339_nano(), "2024-02-29T10:20:30.5Z");
        assert_eq!(t.unix, 1709202030);
        assert!(t.rounds_up);
        let t = GoTime::parse_rfc3339("2024-01-01T00:00:00+01:30").unwrap();
        assert_eq!(t.to_rfc3339_nano(), "2024-01-01T00:00:00+01:30");
        assert_eq!(t.unix, 1704067200 - 5400);
        assert!(GoTime::parse_rfc3339("2024-01-01 00:00:00").is_none());
        assert_eq!(civil_from_days(19782), (2024, 2, 29));
        assert_eq!(days_from_civil(2024, 2, 29), 19782);
    }
}

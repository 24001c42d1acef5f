//! Chart.lock as helm reads it into its `Lock` struct and writes it back into an archive:
//! `generated` (RFC 3339, re-printed as Go prints times), `digest`, `dependencies`.

use rudder_gotmpl::{Map, Value};

use crate::ChartError;

/// A time as Go's `time.Time` keeps an RFC 3339 one: the local date and time, fraction digits
/// and zone offset in minutes.
#[derive(Debug, Clone, PartialEq)]
struct GoTime {
    date_time: String,
    fraction: String,
    offset_minutes: i32,
    /// Seconds since the epoch and whether the fraction rounds up.
    unix: i64,
    rounds_up: bool,
}

#[derive(Debug, Clone)]
pub struct Lock {
    generated: Option<GoTime>,
    digest: String,
    dependencies: Option<Vec<Value>>,
}

impl Lock {
    /// Parses Chart.lock (or requirements.lock) text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Lock, ChartError> {
        let doc = rudder_yaml::parse_document(text)
            .map_err(|e| ChartError(format!("cannot load {file}: {e}")))?;
        let get = |k: &str| doc.as_map().and_then(|m| m.borrow().get(k).cloned());
        let generated = match get("generated") {
            Some(Value::String(s)) => Some(parse_rfc3339(&s).ok_or_else(|| {
                ChartError(format!(
                    "cannot load {file}: error unmarshaling JSON: while decoding JSON: parsing time {s:?} as RFC 3339"
                ))
            })?),
            _ => None,
        };
        let digest = match get("digest") {
            Some(Value::String(s)) => s.to_string(),
            _ => String::new(),
        };
        let dependencies = match get("dependencies") {
            Some(Value::List(l)) => Some(
                l.items
                    .iter()
                    .map(rudder_chart::metadata::dependency_go_struct)
                    .collect(),
            ),
            _ => None,
        };
        Ok(Lock {
            generated,
            digest,
            dependencies,
        })
    }

    /// The archive entry's modification time: the lock's `generated` time.
    pub fn generated_seconds(&self) -> Option<i64> {
        self.generated
            .as_ref()
            .map(|t| t.unix + i64::from(t.rounds_up))
    }

    pub fn to_yaml(&self) -> Result<String, ChartError> {
        let mut m = Map::new();
        let generated = self
            .generated
            .as_ref()
            .map_or_else(|| "0001-01-01T00:00:00Z".to_string(), format_rfc3339_nano);
        m.insert("generated".into(), Value::string(generated));
        m.insert("digest".into(), Value::string(self.digest.clone()));
        m.insert(
            "dependencies".into(),
            self.dependencies
                .as_ref()
                .map_or(Value::Nil, |d| Value::list(d.clone())),
        );
        rudder_yaml::to_yaml(&Value::map(m)).map_err(ChartError)
    }
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

/// `2006-01-02T15:04:05[.fraction](Z|±07:00)`.
fn parse_rfc3339(s: &str) -> Option<GoTime> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    let (h, mi, se) = (digits(&s[11..13])?, digits(&s[14..16])?, digits(&s[17..19])?);
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
fn format_rfc3339_nano(t: &GoTime) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_go_prints_them() {
        let t = parse_rfc3339("2024-02-29T10:20:30.500000Z").unwrap();
        assert_eq!(format_rfc3339_nano(&t), "2024-02-29T10:20:30.5Z");
        assert_eq!(t.unix, 1709202030);
        assert!(t.rounds_up);
        let t = parse_rfc3339("2024-01-01T00:00:00+01:30").unwrap();
        assert_eq!(format_rfc3339_nano(&t), "2024-01-01T00:00:00+01:30");
        assert_eq!(t.unix, 1704064200 - 5400);
        assert!(parse_rfc3339("2024-01-01 00:00:00").is_none());
    }
}

//! Date functions (Sprig's date.go) with Go's layout language. The local zone is the process
//! zone (`TZ`, as Go reads it; UTC when unset or unknown).

mod layout;

use std::rc::Rc;

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rudder_gocompat::duration::parse_duration;
use rudder_gotmpl::{Builtin, FuncError, FuncResult, Object, Pointer, Ty, Value};

use layout::{format, parse};

/// Seconds from year 1 (Go's internal epoch) and from 1885 (the monotonic wall epoch) to 1970.
const UNIX_TO_YEAR_ONE: i64 = 62_135_596_800;
const UNIX_TO_1885: i64 = 2_682_288_000;

/// Where helm 4.1.4 keeps `time.Local`, a static variable of its (non-PIE) binary, so the same
/// in every run; a UTC time's location is nil.
const LOCAL_LOCATION_ADDRESS: u64 = 0x3ffc320;

/// A Go `time.Time`: an instant and the zone it is shown in.
#[derive(Debug, Clone)]
pub struct Time {
    pub at: DateTime<FixedOffset>,
    /// Zone abbreviation for `MST` in layouts and `String()`.
    pub zone: String,
    /// `now` carries Go's monotonic clock reading, shown by `String()`.
    pub monotonic: bool,
    /// Whether the time is in Go's `time.Local` (else `time.UTC`), as `%#v` shows it.
    pub local: bool,
}

fn local_tz() -> Tz {
    local_zone().0
}

/// Go's `time.Local` as `initLocal` sets it up: the zone and its name. `TZ` names the zone
/// (`UTC` when empty, `UTC` or unknown); without `TZ`, `/etc/localtime` does, under the name
/// `Local`.
fn local_zone() -> (Tz, &'static str) {
    static LOCAL: std::sync::OnceLock<(Tz, String)> = std::sync::OnceLock::new();
    let (tz, name) = LOCAL.get_or_init(|| match std::env::var("TZ") {
        Ok(z) => {
            let z = z.strip_prefix(':').unwrap_or(&z);
            match z.parse::<Tz>() {
                Ok(tz) if z != "UTC" => (tz, z.to_string()),
                _ => (Tz::UTC, "UTC".into()),
            }
        }
        Err(_) => match std::fs::read_link("/etc/localtime") {
            Ok(target) => {
                let target = target.to_string_lossy().into_owned();
                let zone = target.rsplit_once("zoneinfo/").map_or("", |(_, z)| z);
                (zone.parse().unwrap_or(Tz::UTC), "Local".into())
            }
            Err(_) if std::path::Path::new("/etc/localtime").exists() => (Tz::UTC, "Local".into()),
            Err(_) => (Tz::UTC, "UTC".into()),
        },
    });
    (*tz, name)
}

fn zone_named(name: &str) -> Tz {
    match name {
        "" | "UTC" => Tz::UTC,
        "Local" => local_tz(),
        other => other.parse::<Tz>().unwrap_or(Tz::UTC),
    }
}

impl Time {
    /// The instant in `tz`, which is Go's `time.Local` when `local`.
    fn in_zone(utc: DateTime<Utc>, tz: Tz, local: bool) -> Time {
        let at = utc.with_timezone(&tz);
        Time {
            at: at.fixed_offset(),
            zone: at.format("%Z").to_string(),
            monotonic: false,
            local,
        }
    }

    fn in_local(utc: DateTime<Utc>) -> Time {
        Time::in_zone(utc, local_tz(), true)
    }

    fn in_utc(utc: DateTime<Utc>) -> Time {
        Time::in_zone(utc, Tz::UTC, false)
    }

    fn now() -> Time {
        Time {
            monotonic: true,
            ..Time::in_local(Utc::now())
        }
    }

    fn zero() -> Time {
        Time {
            at: DateTime::parse_from_rfc3339("0001-01-01T00:00:00Z")
                .expect("valid")
                .fixed_offset(),
            zone: "UTC".into(),
            monotonic: false,
            local: false,
        }
    }

    /// Go's `wall` word: the nanoseconds, and with a monotonic reading its flag and the
    /// seconds since 1885.
    fn wall(&self) -> u64 {
        let nanos = u64::from(self.at.timestamp_subsec_nanos());
        if self.monotonic {
            let since_1885 = (self.at.timestamp() + UNIX_TO_1885) as u64;
            1 << 63 | since_1885 << 30 | nanos
        } else {
            nanos
        }
    }

    /// Go's `ext`: seconds since year 1, or the monotonic reading (nanoseconds since the
    /// process started; Go's is never the same twice).
    fn ext(&self) -> i64 {
        if self.monotonic {
            1
        } else {
            self.at.timestamp() + UNIX_TO_YEAR_ONE
        }
    }

    fn string(&self) -> String {
        let mut s = format(self, "2006-01-02 15:04:05.999999999 -0700 MST");
        if self.monotonic {
            s.push_str(" m=+0.000000001");
        }
        s
    }
}

impl Object for Time {
    fn type_name(&self) -> &str {
        "time.Time"
    }
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Unix" => Value::Int64(self.at.timestamp()),
            // Go's arithmetic wraps outside 1678-2262.
            "UnixNano" => Value::Int64(
                self.at
                    .timestamp()
                    .wrapping_mul(1_000_000_000)
                    .wrapping_add(self.at.timestamp_subsec_nanos() as i64),
            ),
            "Year" => Value::Int(self.at.year() as i64),
            "Day" => Value::Int(self.at.day() as i64),
            "Hour" => Value::Int(self.at.hour() as i64),
            "Minute" => Value::Int(self.at.minute() as i64),
            "Second" => Value::Int(self.at.second() as i64),
            "YearDay" => Value::Int(self.at.ordinal() as i64),
            "UTC" => Value::Object(Rc::new(Time::in_utc(self.at.with_timezone(&Utc)))),
            "Local" => Value::Object(Rc::new(Time::in_local(self.at.with_timezone(&Utc)))),
            "String" => Value::string(self.string()),
            // A `*time.Location`, which prints its name.
            "Location" => Value::str(if self.local { local_zone().1 } else { "UTC" }),
            _ => return None,
        })
    }
    fn method_params(&self, name: &str) -> Option<&'static [Ty]> {
        (name == "Format").then_some(&[Ty::String][..])
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        (name == "Format").then(|| {
            Ok(Value::string(format(
                self,
                args[0].as_str().unwrap_or_default(),
            )))
        })
    }
    fn format_v(&self) -> String {
        self.string()
    }
    fn has_string_method(&self) -> bool {
        true
    }
    /// Go's unexported `wall`, `ext` and `loc`, which `printf` shows under verbs that do not
    /// call `String` (`%d`, `%g`).
    fn struct_fields(&self) -> Option<Vec<Value>> {
        Some(vec![
            Value::Uint64(self.wall()),
            Value::Int64(self.ext()),
            Value::Object(Rc::new(Pointer {
                type_name: "*time.Location",
                address: if self.local {
                    LOCAL_LOCATION_ADDRESS
                } else {
                    0
                },
            })),
        ])
    }
    /// `Time.MarshalJSON` (and so `toYaml`): RFC 3339 with the nanoseconds it has.
    fn to_plain(&self) -> Option<Value> {
        Some(Value::string(format(
            self,
            "2006-01-02T15:04:05.999999999Z07:00",
        )))
    }
    /// `Time.GoString`: the `time.Date` call that makes it.
    fn go_syntax(&self) -> String {
        let month = format(self, "January");
        let at = self.at;
        format!(
            "time.Date({}, time.{month}, {}, {}, {}, {}, {}, time.{})",
            at.year(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second(),
            at.nanosecond(),
            if self.local { "Local" } else { "UTC" }
        )
    }
}

/// Go's `Duration.String`.
pub fn duration_string(nanos: i128) -> String {
    if nanos == 0 {
        return "0s".into();
    }
    let neg = nanos < 0;
    let u = nanos.unsigned_abs();
    let mut s = if u < 1_000_000_000 {
        let (unit, div) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        format!("{}{unit}", trim_frac(u, div))
    } else {
        let secs_total = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let h = secs_total / 3600;
        let m = (secs_total % 3600) / 60;
        let sec = secs_total % 60;
        let sec_text = trim_frac(sec * 1_000_000_000 + frac, 1_000_000_000);
        if h > 0 {
            format!("{h}h{m}m{sec_text}s")
        } else if m > 0 {
            format!("{m}m{sec_text}s")
        } else {
            format!("{sec_text}s")
        }
    };
    if neg {
        s.insert(0, '-');
    }
    s
}

fn trim_frac(v: u128, div: u128) -> String {
    let whole = v / div;
    let frac = v % div;
    if frac == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let f = format!("{frac:0width$}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}

/// The instant a date argument stands for: times, ints (unix seconds); anything else is now.
/// The `time.Time` a value holds, if it is one.
fn as_time(v: &Value) -> Option<&Time> {
    match v {
        Value::Object(o) => o.as_any()?.downcast_ref::<Time>(),
        _ => None,
    }
}

fn to_time(v: &Value) -> DateTime<Utc> {
    if let Some(t) = as_time(v) {
        return t.at.with_timezone(&Utc);
    }
    match v {
        Value::Int(i) | Value::Int64(i) => {
            Utc.timestamp_opt(*i, 0).single().unwrap_or_else(Utc::now)
        }
        _ => Utc::now(),
    }
}

fn time_value(t: Time) -> Value {
    Value::Object(Rc::new(t))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Sprig's `durationRound`: the largest whole unit (y, mo, d, h, m, s).
fn duration_round(v: &Value) -> String {
    let nanos: i128 = match v {
        Value::String(t) => i128::from(parse_duration(t).unwrap_or(0)),
        Value::Int64(i) => *i as i128,
        Value::Object(o) if o.type_name() == "time.Time" => {
            let t = to_time(v);
            Utc::now()
                .signed_duration_since(t)
                .num_nanoseconds()
                .unwrap_or(0) as i128
        }
        _ => 0,
    };
    let u = nanos.unsigned_abs();
    let hour: u128 = 3_600_000_000_000;
    let units = [
        (hour * 24 * 365, "y"),
        (hour * 24 * 30, "mo"),
        (hour * 24, "d"),
        (hour, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    units
        .iter()
        .find(|(size, _)| u > *size)
        .map(|(size, name)| format!("{}{name}", u / size))
        .unwrap_or_else(|| "0s".into())
}

/// The Go type of times, which `unixEpoch` and `dateModify` take.
const TIME: Ty = Ty::Struct("time.Time");

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("durationRound", &[Ty::Any], duration_round_fn),
    Builtin::new("now", &[], now),
    Builtin::new("date", &[Ty::String, Ty::Any], date),
    Builtin::new(
        "dateInZone",
        &[Ty::String, Ty::Any, Ty::String],
        date_in_zone,
    ),
    Builtin::new(
        "date_in_zone",
        &[Ty::String, Ty::Any, Ty::String],
        date_in_zone,
    ),
    Builtin::new("htmlDate", &[Ty::Any], html_date),
    Builtin::new("htmlDateInZone", &[Ty::Any, Ty::String], html_date_in_zone),
    Builtin::new("unixEpoch", &[TIME], unix_epoch),
    Builtin::new("ago", &[Ty::Any], ago),
    Builtin::new("duration", &[Ty::Any], duration),
    Builtin::new("dateModify", &[Ty::String, TIME], date_modify),
    Builtin::new("date_modify", &[Ty::String, TIME], date_modify),
    Builtin::new("mustDateModify", &[Ty::String, TIME], must_date_modify),
    Builtin::new("must_date_modify", &[Ty::String, TIME], must_date_modify),
    Builtin::new("toDate", &[Ty::String, Ty::String], to_date),
    Builtin::new("mustToDate", &[Ty::String, Ty::String], must_to_date),
];

/// `durationRound D`: the duration (or the time since a date) in its largest whole unit.
fn duration_round_fn(a: &[Value]) -> FuncResult {
    Ok(Value::string(duration_round(&a[0])))
}

/// `now`: `time.Now()`.
fn now(_: &[Value]) -> FuncResult {
    Ok(time_value(Time::now()))
}

/// The date `t` in zone `tz`, formatted by the Go `layout`.
fn formatted(layout: &str, t: &Value, tz: Tz) -> FuncResult {
    Ok(Value::string(format(
        &Time::in_zone(to_time(t), tz, false),
        layout,
    )))
}

/// `date LAYOUT DATE`: the date in the local zone, formatted by the Go layout.
fn date(a: &[Value]) -> FuncResult {
    formatted(s(&a[0]), &a[1], local_tz())
}

/// `dateInZone LAYOUT DATE ZONE`: the date in the named zone, formatted by the Go layout.
fn date_in_zone(a: &[Value]) -> FuncResult {
    formatted(s(&a[0]), &a[1], zone_named(s(&a[2])))
}

/// `htmlDate DATE`: the date in the local zone as `2006-01-02`.
fn html_date(a: &[Value]) -> FuncResult {
    formatted("2006-01-02", &a[0], local_tz())
}

/// `htmlDateInZone DATE ZONE`: the date in the named zone as `2006-01-02`.
fn html_date_in_zone(a: &[Value]) -> FuncResult {
    formatted("2006-01-02", &a[0], zone_named(s(&a[1])))
}

/// `unixEpoch TIME`: the Unix seconds of the time, as text.
fn unix_epoch(a: &[Value]) -> FuncResult {
    Ok(Value::string(to_time(&a[0]).timestamp().to_string()))
}

/// `ago DATE`: the time since the date, rounded to seconds, as a Go duration.
fn ago(a: &[Value]) -> FuncResult {
    let since = Utc::now().signed_duration_since(to_time(&a[0]));
    let secs = (since.num_milliseconds() as f64 / 1000.0).round() as i128;
    Ok(Value::string(duration_string(secs * 1_000_000_000)))
}

/// `duration SECONDS`: the seconds (int64 or text) as a Go duration.
fn duration(a: &[Value]) -> FuncResult {
    let n: i128 = match &a[0] {
        Value::Int64(i) => *i as i128,
        Value::String(t) => t.parse::<i64>().unwrap_or(0) as i128,
        _ => 0,
    };
    Ok(Value::string(duration_string(n * 1_000_000_000)))
}

/// `dateModify DURATION TIME`: the time moved by a Go duration, unchanged when it is invalid.
fn date_modify(a: &[Value]) -> FuncResult {
    modify(a, false)
}

/// `mustDateModify DURATION TIME`: `dateModify` that returns the duration's error.
fn must_date_modify(a: &[Value]) -> FuncResult {
    modify(a, true)
}

fn modify(a: &[Value], must: bool) -> FuncResult {
    let t = to_time(&a[1]);
    let moved = |by: i64| {
        let at = t + Duration::nanoseconds(by);
        // `Time.Add` keeps the location.
        match as_time(&a[1]) {
            Some(t) if t.local => Time::in_local(at),
            _ => Time::in_utc(at),
        }
    };
    match parse_duration(s(&a[0])) {
        Ok(d) => Ok(time_value(moved(d))),
        Err(e) if must => Err(FuncError::new(e)),
        Err(_) => Ok(a[1].clone()),
    }
}

/// `toDate LAYOUT TEXT`: `time.ParseInLocation` in the local zone, the zero time on error.
fn to_date(a: &[Value]) -> FuncResult {
    parse_date(a, false)
}

/// `mustToDate LAYOUT TEXT`: `toDate` that returns the parse error.
fn must_to_date(a: &[Value]) -> FuncResult {
    parse_date(a, true)
}

fn parse_date(a: &[Value], must: bool) -> FuncResult {
    match parse(s(&a[0]), s(&a[1])) {
        Ok(t) => Ok(time_value(t)),
        Err(e) if must => Err(FuncError::new(e)),
        Err(_) => Ok(time_value(Time::zero())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_string(95 * 1_000_000_000), "1m35s");
        assert_eq!(duration_string(3700 * 1_000_000_000), "1h1m40s");
        assert_eq!(duration_string(1_500_000_000), "1.5s");
        assert_eq!(duration_string(0), "0s");
    }
}

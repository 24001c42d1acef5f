//! gojsonschema's format checkers: Go's `time.Parse` layouts, `net.ParseIP`, `url.Parse`,
//! `mail.ParseAddress` and its regexps. Unknown formats pass; known ones fail anything that is
//! not a string (`None`).

/// `FormatCheckers.IsFormat(name, input)`.
pub fn is_format(name: &str, input: Option<&str>) -> bool {
    let check: fn(&str) -> bool = match name {
        "date" => |s| crate::format::date(s).is_none(),
        "time" => |s| clock_zone(s, true) || clock_zone(s, false),
        "date-time" => date_time,
        "hostname" => hostname,
        "email" | "idn-email" => email,
        "ipv4" => |s| parse_ip(s) && s.contains('.'),
        "ipv6" => |s| parse_ip(s) && s.contains(':'),
        "uri" | "iri" => |s| parses_as_url(s) && crate::url::is_absolute(s),
        "uri-reference" | "iri-reference" => parses_as_url,
        "uri-template" => uri_template,
        "uuid" => uuid,
        "regex" => |s| s.is_empty() || rudder_gocompat::regexp::go_compile(s).is_ok(),
        "json-pointer" => json_pointer,
        "relative-json-pointer" => relative_json_pointer,
        _ => return true,
    };
    input.is_some_and(check)
}

/// `url.Parse` succeeds and the text has no backslash.
fn parses_as_url(s: &str) -> bool {
    crate::url::go_parse_error(s).is_none() && !s.contains('\\')
}

/// `net.ParseIP`: an address without zone.
fn parse_ip(s: &str) -> bool {
    !s.contains('%') && crate::format::parse_addr(s).is_ok()
}

/// The layouts gojsonschema tries for `date-time`: a clock (with or without zone), a date,
/// RFC 3339.
fn date_time(s: &str) -> bool {
    if clock_zone(s, false) || clock_zone(s, true) || crate::format::date(s).is_none() {
        return true;
    }
    match (s.get(..10), s.get(10..11), s.get(11..)) {
        (Some(date), Some("T"), Some(rest)) => {
            crate::format::date(date).is_none() && clock_zone(rest, true)
        }
        _ => false,
    }
}

/// `time.Parse("15:04:05", s)` or, with `zone`, `"15:04:05Z07:00"`: the hour takes one or two
/// digits, the seconds any fraction.
fn clock_zone(s: &str, zone: bool) -> bool {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let num = |i: usize, n: usize| {
        b[i..i + n]
            .iter()
            .fold(0u32, |a, c| a * 10 + (c - b'0') as u32)
    };
    if !digit(0) {
        return false;
    }
    let hour_len = if digit(1) { 2 } else { 1 };
    let mut i = hour_len;
    if num(0, hour_len) >= 24 || b.get(i) != Some(&b':') || !digit(i + 1) || !digit(i + 2) {
        return false;
    }
    if num(i + 1, 2) >= 60 {
        return false;
    }
    i += 3;
    if b.get(i) != Some(&b':') || !digit(i + 1) || !digit(i + 2) || num(i + 1, 2) >= 60 {
        return false;
    }
    i += 3;
    if matches!(b.get(i), Some(b'.' | b',')) && digit(i + 1) {
        i += 1;
        while digit(i) {
            i += 1;
        }
    }
    let rest = &b[i..];
    if !zone {
        return rest.is_empty();
    }
    match rest {
        [b'Z'] => true,
        [sign, h1, h2, b':', m1, m2]
            if matches!(sign, b'+' | b'-')
                && [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            let hours = (h1 - b'0') * 10 + (h2 - b'0');
            let minutes = (m1 - b'0') * 10 + (m2 - b'0');
            hours <= 24 && minutes <= 60
        }
        _ => false,
    }
}

/// `^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.(...))*$`, under 256 bytes.
fn hostname(s: &str) -> bool {
    s.len() < 256
        && s.split('.').all(|label| {
            let b = label.as_bytes();
            (1..=63).contains(&b.len())
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        })
}

/// Lower-case UUIDs only (gojsonschema 1.2.0's regexp).
fn uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

/// `^(?:/(?:[^~/]|~0|~1)*)*$`
fn json_pointer(s: &str) -> bool {
    (s.is_empty() || s.starts_with('/')) && escapes_ok(s)
}

/// Every `~` is followed by `0` or `1`.
fn escapes_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

/// `^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$`
fn relative_json_pointer(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && s.starts_with('0')) {
        return false;
    }
    let rest = &s[digits..];
    rest == "#" || json_pointer(rest)
}

/// The URL's path (decoded) matches `^([^{]*({[^}]*})?)*$`: no `{` left open.
fn uri_template(s: &str) -> bool {
    if !parses_as_url(s) {
        return false;
    }
    let path = url_path(s);
    let mut open = false;
    for c in path.chars() {
        match c {
            '{' if !open => open = true,
            '}' if open => open = false,
            _ => {}
        }
    }
    !open
}

/// The path component of a URL reference (scheme, authority, query and fragment removed).
fn url_path(s: &str) -> String {
    let s = s.split('#').next().unwrap_or("");
    let s = s.split('?').next().unwrap_or("");
    let s = match s.find(':') {
        Some(i) if crate::url::is_absolute(s) => &s[i + 1..],
        _ => s,
    };
    let s = match s.strip_prefix("//") {
        Some(rest) => &rest[rest.find('/').unwrap_or(rest.len())..],
        None => s,
    };
    s.to_string()
}

/// `mail.ParseAddress`: an addr-spec, optionally as `Name <addr-spec>`.
fn email(s: &str) -> bool {
    let s = s.trim_matches([' ', '\t']);
    if let Some(inner) = s.strip_suffix('>') {
        let Some(open) = inner.find('<') else {
            return false;
        };
        let name = inner[..open].trim_matches([' ', '\t']);
        let name_ok = name.is_empty()
            || (name.starts_with('"') && name.ends_with('"') && name.len() >= 2)
            || name.split([' ', '\t']).filter(|w| !w.is_empty()).all(atom);
        return name_ok && addr_spec(&inner[open + 1..]);
    }
    addr_spec(s)
}

/// `local@domain`: a dot-atom or quoted local part, a dot-atom or literal domain.
fn addr_spec(s: &str) -> bool {
    let Some(at) = s.rfind('@') else {
        return false;
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        true
    } else {
        dot_atom(local)
    };
    let domain_ok = if domain.starts_with('[') && domain.ends_with(']') {
        !domain[1..domain.len() - 1].contains(['[', ']', '\\'])
    } else {
        dot_atom(domain)
    };
    local_ok && domain_ok
}

fn dot_atom(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(atom)
}

/// RFC 5322 atext (Go also takes any non-ASCII rune).
fn atom(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || !c.is_ascii() || "!#$%&'*+-/=?^_`{|}~".contains(c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_formats() {
        let cases = [
            ("date", "2020-02-29", true),
            ("date", "2021-02-29", false),
            ("time", "1:02:03", true),
            ("time", "12:00:00.5+02:00", true),
            ("time", "24:00:00", false),
            ("date-time", "2020-01-01T10:00:00Z", true),
            ("date-time", "2020-01-01", true),
            ("date-time", "10:00:00", true),
            ("date-time", "2020-01-01 10:00:00Z", false),
            ("ipv4", "1.2.3.4", true),
            ("ipv4", "::ffff:1.2.3.4", true),
            ("ipv4", "01.2.3.4", false),
            ("ipv6", "::1", true),
            ("ipv6", "fe80::1%eth0", false),
            ("hostname", "a-b.example", true),
            ("hostname", "-a", false),
            ("hostname", "a.", false),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
            ("uuid", "123E4567-E89B-12D3-A456-426614174000", false),
            ("email", "a@b", true),
            ("email", "Ann <a@b.c>", true),
            ("email", "ab", false),
            ("uri", "http://x", true),
            ("uri", "x/y", false),
            ("uri-reference", "x/y", true),
            ("uri-template", "http://x/{a}", true),
            ("uri-template", "http://x/{a", false),
            ("json-pointer", "/a~1b", true),
            ("json-pointer", "a", false),
            ("relative-json-pointer", "0#", true),
            ("relative-json-pointer", "01", false),
            ("regex", "(", false),
            ("int32", "x", true),
        ];
        for (format, s, want) in cases {
            assert_eq!(is_format(format, Some(s)), want, "{format} {s}");
        }
        assert!(!is_format("date", None));
        assert!(is_format("int64", None));
    }
}

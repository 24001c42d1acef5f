//! The `format` checks santhosh-tekuri knows, with its reasons (`invalid character 'x'`, ...).
//! Unknown formats pass.

use rudder_gocompat::quote::quote_with;

/// Why `s` is not a valid `format`; `None` when it is (or the format is unknown).
pub fn check(format: &str, s: &str) -> Option<String> {
    match format {
        "json-pointer" => json_pointer(s),
        "relative-json-pointer" => relative_json_pointer(s),
        "uuid" => uuid(s),
        "duration" => duration(s),
        "period" => period(s),
        "ipv4" => ipv4(s),
        "ipv6" => ipv6(s),
        "hostname" => hostname(s),
        "email" => email(s),
        "date" => date(s),
        "time" => time(s),
        "date-time" => date_time(s),
        "uri" | "iri" => uri(s),
        "uri-reference" | "iri-reference" => uri_reference(s),
        "uri-template" => uri_template(s),
        "semver" => semver(s),
        _ => None,
    }
}

fn rune(c: char) -> String {
    quote_with(&c.to_string(), '\'')
}

fn err(msg: &str) -> Option<String> {
    Some(msg.to_string())
}

fn json_pointer(s: &str) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    if !s.starts_with('/') {
        return err("not starting with /");
    }
    for tok in s.split('/').skip(1) {
        let mut chars = tok.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return err("~ must be followed by 0 or 1");
            }
        }
    }
    None
}

fn relative_json_pointer(s: &str) -> Option<String> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return err("must start with non-negative integer");
    }
    if digits > 1 && s.starts_with('0') {
        return err("starts with zero");
    }
    let rest = &s[digits..];
    if rest == "#" {
        return None;
    }
    json_pointer(rest)
}

fn uuid(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if groups.len() != lens.len() {
        return Some(format!("must have {} elements", lens.len()));
    }
    for (i, g) in groups.iter().enumerate() {
        if g.len() != lens[i] {
            return Some(format!(
                "element {} must be {} characters long",
                i + 1,
                lens[i]
            ));
        }
        if let Some(c) = g.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Some(format!("non-hex character {}", rune(c)));
        }
    }
    None
}

fn duration(s: &str) -> Option<String> {
    let Some(s) = s.strip_prefix('P') else {
        return err("must start with P");
    };
    if s.is_empty() {
        return err("nothing after P");
    }
    if let Some(w) = s.strip_suffix('W') {
        if w.is_empty() {
            return err("no number in week");
        }
        if !w.bytes().all(|b| b.is_ascii_digit()) {
            return err("invalid week");
        }
        return None;
    }
    let all = ["YMD", "HMS"];
    for (i, part) in s.split('T').enumerate() {
        if i != 0 && part.is_empty() {
            return err("no time elements");
        }
        if i >= all.len() {
            return err("more than one T");
        }
        let mut units = all[i];
        let mut rest = part;
        while !rest.is_empty() {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return err("missing number");
            }
            rest = &rest[n..];
            let Some(unit) = rest.chars().next() else {
                return err("missing unit");
            };
            match units.find(unit) {
                Some(j) => units = &units[j + 1..],
                None if all[i].contains(unit) => {
                    return Some(format!("unit {} out of order", rune(unit)))
                }
                None => return Some(format!("invalid unit {}", rune(unit))),
            }
            rest = &rest[unit.len_utf8()..];
        }
    }
    None
}

fn ipv4(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return err("expected four decimals");
    }
    for g in groups {
        if g.len() > 1 && g.starts_with('0') {
            return err("leading zeros");
        }
        let n: i64 = match go_atoi(g) {
            Ok(n) => n,
            Err(e) => return Some(e),
        };
        if !(0..=255).contains(&n) {
            return err("decimal must be between 0 and 255");
        }
    }
    None
}

/// `strconv.Atoi` with its error text.
fn go_atoi(s: &str) -> Result<i64, String> {
    let q = rudder_gocompat::quote::quote(s);
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {q}: invalid syntax"));
    }
    s.parse()
        .map_err(|_| format!("strconv.Atoi: parsing {q}: value out of range"))
}

fn ipv6(s: &str) -> Option<String> {
    if !s.contains(':') {
        return err("missing colon");
    }
    match parse_addr(s) {
        Err(e) => Some(e),
        Ok(true) => err("zone id is not a part of ipv6 address"),
        Ok(false) => None,
    }
}

/// Go's `netip.ParseAddr` (whether the address has a zone), with its error texts.
pub(crate) fn parse_addr(input: &str) -> Result<bool, String> {
    let fail = |msg: &str, at: &str| {
        let q = rudder_gocompat::quote::quote;
        Err(if at.is_empty() {
            format!("ParseAddr({}): {msg}", q(input))
        } else {
            format!("ParseAddr({}): {msg} (at {})", q(input), q(at))
        })
    };
    match input.bytes().find(|b| matches!(b, b'.' | b':' | b'%')) {
        Some(b'.') => return parse_ipv4(input, input).map(|_| false),
        Some(b':') => {}
        Some(_) => return fail("missing IPv6 address", ""),
        None => return fail("unable to parse IP", ""),
    }
    let (mut s, zone) = match input.split_once('%') {
        Some((_, "")) => return fail("zone must be a non-empty string", ""),
        Some((a, z)) => (a, Some(z)),
        None => (input, None),
    };
    let mut ellipsis = None;
    if let Some(rest) = s.strip_prefix("::") {
        ellipsis = Some(0);
        s = rest;
        if s.is_empty() {
            return Ok(zone.is_some());
        }
    }
    let mut i = 0;
    while i < 16 {
        let b = s.as_bytes();
        let mut off = 0;
        let mut acc = 0u32;
        while off < b.len() {
            let Some(d) = (b[off] as char).to_digit(16) else {
                break;
            };
            acc = (acc << 4) + d;
            if off > 3 {
                return fail("each group must have 4 or less digits", s);
            }
            if acc > 0xFFFF {
                return fail("IPv6 field has value >=2^16", s);
            }
            off += 1;
        }
        if off == 0 {
            return fail("each colon-separated field must have at least one digit", s);
        }
        if b.get(off) == Some(&b'.') {
            if ellipsis.is_none() && i != 12 {
                return fail(
                    "embedded IPv4 address must replace the final 2 fields of the address",
                    s,
                );
            }
            if i + 4 > 16 {
                return fail(
                    "too many hex fields to fit an embedded IPv4 at the end of the address",
                    s,
                );
            }
            parse_ipv4(input, s)?;
            s = "";
            i += 4;
            break;
        }
        i += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') {
            return fail("unexpected character, want colon", s);
        } else if s.len() == 1 {
            return fail("colon must be followed by more characters", s);
        }
        s = &s[1..];
        if s.starts_with(':') {
            if ellipsis.is_some() {
                return fail("multiple :: in address", s);
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return fail("trailing garbage after address", s);
    }
    if i < 16 && ellipsis.is_none() {
        return fail("address string too short", "");
    }
    if i >= 16 && ellipsis.is_some() {
        return fail("the :: must expand to at least one field of zeros", "");
    }
    Ok(zone.is_some())
}

/// The dotted-quad part of `input` that starts at `s` (Go's `parseIPv4Fields`).
fn parse_ipv4(input: &str, s: &str) -> Result<(), String> {
    let q = rudder_gocompat::quote::quote;
    let fail = |msg: &str, at: &str| {
        Err(if at.is_empty() {
            format!("ParseAddr({}): {msg}", q(input))
        } else {
            format!("ParseAddr({}): {msg} (at {})", q(input), q(at))
        })
    };
    let s = s.split('%').next().unwrap_or(s);
    let b = s.as_bytes();
    let (mut val, mut pos, mut digits) = (0u32, 0, 0);
    for i in 0..b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                if digits == 1 && val == 0 {
                    return fail("IPv4 field has octet with leading zero", "");
                }
                val = val * 10 + (c - b'0') as u32;
                digits += 1;
                if val > 255 {
                    return fail("IPv4 field has value >255", "");
                }
            }
            b'.' => {
                if i == 0 || i == b.len() - 1 || b[i - 1] == b'.' {
                    return fail("IPv4 field must have at least one digit", &s[i..]);
                }
                if pos == 3 {
                    return fail("IPv4 address too long", "");
                }
                pos += 1;
                val = 0;
                digits = 0;
            }
            _ => return fail("unexpected character", &s[i..]),
        }
    }
    if pos < 3 {
        return fail("IPv4 address too short", "");
    }
    Ok(())
}

fn hostname(s: &str) -> Option<String> {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return err("more than 253 characters long");
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return err("label must be 1 to 63 characters long");
        }
        if label.starts_with('-') {
            return err("label starts with hyphen");
        }
        if label.ends_with('-') {
            return err("label ends with hyphen");
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Some(format!("invalid character {}", rune(c)));
        }
    }
    None
}

fn email(s: &str) -> Option<String> {
    if s.len() > 254 {
        return err("more than 255 characters long");
    }
    let Some(at) = s.rfind('@') else {
        return err("missing @");
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return err("local part more than 64 characters long");
    }
    if local.len() > 1 && local.starts_with('"') {
        let inner = &local.as_bytes()[1..local.len() - 1];
        if inner.contains(&b'\\') || inner.contains(&b'"') {
            return err("backslash and quote are not allowed within quoted local part");
        }
    } else {
        if local.starts_with('.') {
            return err("starts with dot");
        }
        if local.ends_with('.') {
            return err("ends with dot");
        }
        if local.contains("..") {
            return err("consecutive dots");
        }
        if let Some(c) = local
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(*c)))
        {
            return Some(format!("invalid character {}", rune(c)));
        }
    }
    if let Some(inner) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        if let Some(v6) = inner.strip_prefix("IPv6:") {
            return ipv6(v6).map(|e| format!("invalid ipv6 address: {e}"));
        }
        return ipv4(inner).map(|e| format!("invalid ipv4 address: {e}"));
    }
    hostname(domain).map(|e| format!("invalid domain: {e}"))
}

/// `time.Parse("2006-01-02", s)` with Go's error texts.
pub(crate) fn date(s: &str) -> Option<String> {
    let q = rudder_gocompat::quote::quote(s);
    let bad = |rest: &str, elem: &str| {
        Some(format!(
            "parsing time {q} as \"2006-01-02\": cannot parse {} as {}",
            rudder_gocompat::quote::quote(rest),
            rudder_gocompat::quote::quote(elem)
        ))
    };
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |a, c| a * 10 + (c - b'0') as u32))
    };
    let Some(year) = digits(0, 4) else {
        return bad(s, "2006");
    };
    if b.get(4) != Some(&b'-') {
        return bad(&s[4..], "-");
    }
    let Some(month) = digits(5, 2) else {
        return bad(&s[5..], "01");
    };
    if !(1..=12).contains(&month) {
        return Some(format!("parsing time {q}: month out of range"));
    }
    if b.get(7) != Some(&b'-') {
        return bad(&s[7..], "-");
    }
    let Some(day) = digits(8, 2) else {
        return bad(&s[8..], "02");
    };
    if s.len() > 10 {
        return Some(format!(
            "parsing time {q}: extra text: {}",
            rudder_gocompat::quote::quote(&s[10..])
        ));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day < 1 || day > days[month as usize - 1] {
        return Some(format!("parsing time {q}: day out of range"));
    }
    None
}

fn time(s: &str) -> Option<String> {
    // Go indexes bytes here; non-ASCII bytes simply fail the digit checks.
    let b = s.as_bytes();
    if b.len() < 9 {
        return err("less than 9 characters long");
    }
    if b[2] != b':' || b[5] != b':' {
        return err("missing colon in correct place");
    }
    let num = |t: &[u8]| go_atoi(&String::from_utf8_lossy(t));
    let mut hms = [0i64; 3];
    for (i, tok) in b[..8].splitn(3, |c| *c == b':').enumerate() {
        match num(tok) {
            Ok(n) if n < 0 => return err("non-positive hour/min/sec"),
            Ok(n) => hms[i] = n,
            Err(_) => return err("invalid hour/min/sec"),
        }
    }
    let [mut h, mut m, sec] = hms;
    if h > 23 || m > 59 || sec > 60 {
        return err("hour/min/sec out of range");
    }
    let mut rest = &b[8..];
    if let Some(r) = rest.strip_prefix(b".") {
        let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return err("no digits in second fraction");
        }
        rest = &r[n..];
    }
    if rest != b"z" && rest != b"Z" {
        if rest.len() != 6 {
            return err("offset must be 6 characters long");
        }
        let sign = match rest[0] {
            b'+' => -1,
            b'-' => 1,
            _ => return err("offset must begin with plus/minus"),
        };
        let off = &rest[1..];
        if off[2] != b':' {
            return err("missing colon in offset in correct place");
        }
        let mut zhm = [0i64; 2];
        for (i, tok) in off.splitn(2, |c| *c == b':').enumerate() {
            match num(tok) {
                Ok(n) if n < 0 => return err("non-positive hour/min in offset"),
                Ok(n) => zhm[i] = n,
                Err(_) => return err("invalid hour/min in offset"),
            }
        }
        if zhm[0] > 23 || zhm[1] > 59 {
            return err("hour/min in offset out of range");
        }
        let mut hm = (h * 60 + m) + sign * (zhm[0] * 60 + zhm[1]);
        if hm < 0 {
            hm += 24 * 60;
        }
        (h, m) = (hm / 60, hm % 60);
    }
    if sec >= 60 && (h != 23 || m != 59) {
        return err("invalid leap second");
    }
    None
}

fn date_time(s: &str) -> Option<String> {
    if s.len() < 20 {
        return err("less than 20 characters long");
    }
    if !matches!(s.as_bytes()[10], b't' | b'T') {
        return err("11th character must be t or T");
    }
    if let Some(e) = date(&s[..10]) {
        return Some(format!("invalid date element: {e}"));
    }
    time(&s[11..]).map(|e| format!("invalid time element: {e}"))
}

fn period(s: &str) -> Option<String> {
    let Some((start, end)) = s.split_once('/') else {
        return err("missing slash");
    };
    if start.starts_with('P') {
        if let Some(e) = duration(start) {
            return Some(format!("invalid start duration: {e}"));
        }
        return date_time(end).map(|e| format!("invalid end date-time: {e}"));
    }
    if let Some(e) = date_time(start) {
        return Some(format!("invalid start date-time: {e}"));
    }
    if end.starts_with('P') {
        duration(end).map(|e| format!("invalid end duration: {e}"))
    } else {
        date_time(end).map(|e| format!("invalid end date-time: {e}"))
    }
}

fn parse_url(s: &str) -> Option<String> {
    crate::url::go_parse_error(s)
}

fn uri(s: &str) -> Option<String> {
    if let Some(e) = parse_url(s) {
        return Some(e);
    }
    if !crate::url::is_absolute(s) {
        return err("relative url");
    }
    None
}

fn uri_reference(s: &str) -> Option<String> {
    if s.contains('\\') {
        return err("contains \\");
    }
    parse_url(s)
}

fn uri_template(s: &str) -> Option<String> {
    if let Some(e) = parse_url(s) {
        return Some(e);
    }
    let mut want = true;
    for c in s.chars() {
        let got = match c {
            '{' => true,
            '}' => false,
            _ => continue,
        };
        if got != want {
            return err("nested curly braces");
        }
        want = !want;
    }
    if !want {
        return err("no matching closing brace");
    }
    None
}

fn semver(s: &str) -> Option<String> {
    let mut s = s;
    if let Some((core, build)) = s.split_once('+') {
        if build.is_empty() {
            return err("build is empty");
        }
        for id in build.split('.') {
            if id.is_empty() {
                return err("build identifier is empty");
            }
            if let Some(c) = id
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
            {
                return Some(format!("invalid character {} in build identifier", rune(c)));
            }
        }
        s = core;
    }
    if let Some((core, pre)) = s.split_once('-') {
        for id in pre.split('.') {
            if id.is_empty() {
                return err("pre-release identifier is empty");
            }
            if let Some(c) = id
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
            {
                return Some(format!(
                    "invalid character {} in pre-release identifier",
                    rune(c)
                ));
            }
            if id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
                return err("pre-release numeric identifier starts with zero");
            }
        }
        s = core;
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 3 {
        return err("versionCore must have 3 numbers separated by dot");
    }
    for (name, v) in ["major", "minor", "patch"].iter().zip(parts) {
        if v.is_empty() {
            return Some(format!("{name} is empty"));
        }
        if v.len() > 1 && v.starts_with('0') {
            return Some(format!("{name} starts with zero"));
        }
        if !v.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!("{name} contains non-digit"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(check("ipv4", "1.2.3"), err("expected four decimals"));
        assert_eq!(check("ipv4", "1.2.3.4"), None);
        assert_eq!(
            check("ipv4", "1.2.3.x"),
            err("strconv.Atoi: parsing \"x\": invalid syntax")
        );
        assert_eq!(check("hostname", "a_b"), err("invalid character '_'"));
        assert_eq!(
            check("date", "2020-13-01"),
            err("parsing time \"2020-13-01\": month out of range")
        );
        assert_eq!(check("date-time", "2020-01-01T10:00:00Z"), None);
        assert_eq!(check("email", "a@b.c"), None);
        assert_eq!(check("uri", "x/y"), err("relative url"));
        assert_eq!(check("unknown", "x"), None);
    }
}

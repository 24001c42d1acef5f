//! `urlParse` and `urlJoin` (Go's net/url through Sprig).

use rudder_gocompat::url::{percent_encode, unescape};
use rudder_gotmpl::{Func, FuncError, FuncMap, Map, Ty, Value};

/// The parts Go's `url.Parse` yields, as Sprig exposes them.
struct Url {
    scheme: String,
    userinfo: String,
    host: String,
    path: String,
    opaque: String,
    query: String,
    fragment: String,
}

fn parse(raw: &str) -> Result<Url, String> {
    let (rest, fragment) = match raw.split_once('#') {
        Some((r, f)) => (r, f.to_string()),
        None => (raw, String::new()),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, q.to_string()),
        None => (rest, String::new()),
    };
    let (scheme, rest) = match rest.find(':') {
        Some(i)
            if i > 0
                && rest[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && rest.as_bytes()[0].is_ascii_alphabetic() =>
        {
            (rest[..i].to_ascii_lowercase(), &rest[i + 1..])
        }
        Some(0) => {
            return Err(format!(
                "parse {}: missing protocol scheme",
                rudder_gotmpl::fmt::quote(raw)
            ))
        }
        _ => (String::new(), rest),
    };
    let mut u = Url {
        scheme,
        userinfo: String::new(),
        host: String::new(),
        path: String::new(),
        opaque: String::new(),
        query,
        fragment,
    };
    if let Some(after) = rest.strip_prefix("//") {
        let (authority, path) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        match authority.rsplit_once('@') {
            Some((user, host)) => {
                u.userinfo = user.to_string();
                u.host = host.to_string();
            }
            None => u.host = authority.to_string(),
        }
        u.path = path.to_string();
    } else if !u.scheme.is_empty() && !rest.starts_with('/') {
        u.opaque = rest.to_string();
    } else {
        // Without a scheme, `a:b` would read as one; Go refuses it rather than guess.
        if u.scheme.is_empty() && rest.split('/').next().is_some_and(|s| s.contains(':')) {
            return Err(format!(
                "parse {}: first path segment in URL cannot contain colon",
                rudder_gotmpl::fmt::quote(raw)
            ));
        }
        u.path = rest.to_string();
    }
    let wrap = |e: String| format!("parse {}: {e}", rudder_gotmpl::fmt::quote(raw));
    check_port(&u.host).map_err(wrap)?;
    u.host = unescape(&u.host).map_err(wrap)?;
    u.path = unescape(&u.path).map_err(wrap)?;
    u.fragment = unescape(&u.fragment).map_err(wrap)?;
    Ok(u)
}

/// Go's `validOptionalPort` on what follows the host: empty, or `:` and digits only.
fn check_port(host: &str) -> Result<(), String> {
    let port = match host.strip_prefix('[') {
        Some(inner) => match inner.find(']') {
            Some(i) => &inner[i + 1..],
            None => return Ok(()),
        },
        None => host.rfind(':').map_or("", |i| &host[i..]),
    };
    match port.strip_prefix(':') {
        _ if port.is_empty() => Ok(()),
        Some(digits) if digits.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err(format!(
            "invalid port {} after host",
            rudder_gotmpl::fmt::quote(port)
        )),
    }
}

/// Go's `url.escape` for a path or a fragment (what `URL.String` writes).
fn escape(s: &str, fragment: bool) -> String {
    percent_encode(s, |b| {
        b"-_.~$&+,/:;=@".contains(&b) || (fragment && b"?!()*".contains(&b))
    })
}

fn hostname(host: &str) -> String {
    if let Some(inner) = host.strip_prefix('[') {
        return inner.split(']').next().unwrap_or_default().to_string();
    }
    host.rsplit_once(':')
        .map(|(h, _)| h.to_string())
        .unwrap_or_else(|| host.to_string())
}

fn get(m: &Map, k: &str) -> String {
    m.get(k).map(crate::conv::to_string).unwrap_or_default()
}

pub fn register(m: &mut FuncMap) {
    m.insert(
        "urlParse",
        Func::new(&[Ty::String], |a| {
            let u = parse(a[0].as_str().unwrap_or_default())
                .map_err(|e| FuncError::new(format!("unable to parse url: {e}")))?;
            let mut out = Map::new();
            out.insert("fragment".into(), Value::string(u.fragment));
            out.insert("host".into(), Value::string(u.host.clone()));
            out.insert("hostname".into(), Value::string(hostname(&u.host)));
            out.insert("opaque".into(), Value::string(u.opaque));
            out.insert("path".into(), Value::string(u.path));
            out.insert("query".into(), Value::string(u.query));
            out.insert("scheme".into(), Value::string(u.scheme));
            out.insert("userinfo".into(), Value::string(u.userinfo));
            Ok(Value::map(out))
        }),
    );
    m.insert(
        "urlJoin",
        Func::new(&[Ty::Map], |a| {
            let Some(d) = a[0].as_map() else {
                return Ok(Value::str(""));
            };
            let d = d.borrow();
            let mut s = String::new();
            let scheme = get(&d, "scheme");
            if !scheme.is_empty() {
                s.push_str(&scheme);
                s.push(':');
            }
            let opaque = get(&d, "opaque");
            if !opaque.is_empty() {
                s.push_str(&opaque);
            } else {
                let host = get(&d, "host");
                let user = get(&d, "userinfo");
                if !host.is_empty() || !user.is_empty() || !scheme.is_empty() {
                    s.push_str("//");
                    if !user.is_empty() {
                        s.push_str(&user);
                        s.push('@');
                    }
                    s.push_str(&host);
                }
                let path = get(&d, "path");
                if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
                    s.push('/');
                }
                s.push_str(&escape(&path, false));
            }
            let query = get(&d, "query");
            if !query.is_empty() {
                s.push('?');
                s.push_str(&query);
            }
            let fragment = get(&d, "fragment");
            if !fragment.is_empty() {
                s.push('#');
                s.push_str(&escape(&fragment, true));
            }
            Ok(Value::string(s))
        }),
    );
}

//! `urlParse` and `urlJoin` (Go's net/url through Sprig).

use rudder_gocompat::url::percent_encode;
use rudder_gocompat::url_parse::parse;
use rudder_gotmpl::{Builtin, FuncError, FuncResult, Map, Ty, Value};

/// Go's `url.escape` for a path or a fragment (what `URL.String` writes).
fn escape(s: &str, fragment: bool) -> String {
    percent_encode(s, |b| {
        b"-_.~$&+,/:;=@".contains(&b) || (fragment && b"?!()*".contains(&b))
    })
}

fn get(m: &Map, k: &str) -> String {
    m.get(k).map(crate::conv::to_string).unwrap_or_default()
}

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("urlParse", &[Ty::String], url_parse),
    Builtin::new("urlJoin", &[Ty::Map], url_join),
];

/// `urlParse S`: `url.Parse`'s parts as a map (`scheme`, `host`, `hostname`, `path`, ...).
fn url_parse(a: &[Value]) -> FuncResult {
    let u = parse(a[0].as_str().unwrap_or_default())
        .map_err(|e| FuncError::new(format!("unable to parse url: {e}")))?;
    let mut out = Map::new();
    out.insert("hostname".into(), Value::str(u.hostname()));
    out.insert("fragment".into(), Value::string(u.fragment));
    out.insert("host".into(), Value::string(u.host));
    out.insert("opaque".into(), Value::string(u.opaque));
    out.insert("path".into(), Value::string(u.path));
    out.insert("query".into(), Value::string(u.query));
    out.insert("scheme".into(), Value::string(u.scheme));
    out.insert("userinfo".into(), Value::string(u.userinfo));
    Ok(Value::map(out))
}

/// `urlJoin D`: `URL.String()` of a map of parts as `urlParse` gives them.
fn url_join(a: &[Value]) -> FuncResult {
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
}

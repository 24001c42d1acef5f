//! URLs and JSON pointers as santhosh-tekuri handles them: reference resolution (RFC 3986, like
//! Go's `URL.ResolveReference`), fragments, and pointer escaping.

use rudder_gocompat::url::percent_encode;

/// `~` → `~0`, `/` → `~1`.
pub fn escape(tok: &str) -> String {
    tok.replace('~', "~0").replace('/', "~1")
}

/// The inverse of [`escape`]; `None` for a `~` not followed by `0` or `1`.
pub fn unescape(tok: &str) -> Option<String> {
    if !tok.contains('~') {
        return Some(tok.to_string());
    }
    let mut out = String::with_capacity(tok.len());
    let mut chars = tok.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A pointer with one more token.
pub fn push(ptr: &str, tok: &str) -> String {
    format!("{ptr}/{}", escape(tok))
}

/// Splits at the first `#`.
pub fn split(s: &str) -> (&str, &str) {
    s.split_once('#').unwrap_or((s, ""))
}

/// Go's `url.PathUnescape`.
pub use rudder_gocompat::url::unescape as path_unescape;

/// Go's `url.PathEscape` applied to each `/`-separated token.
pub fn encode(frag: &str) -> String {
    frag.split('/')
        .map(|tok| percent_encode(tok, |b| b"-_.~$&+:=@".contains(&b)))
        .collect::<Vec<_>>()
        .join("/")
}

/// Why Go's `url.Parse` rejects `s` (`parse "http://[x": missing ']' in host`), for the failure
/// modes schemas meet: control characters, bad escapes, bad hosts and ports, colons in a first
/// relative segment.
pub fn go_parse_error(s: &str) -> Option<String> {
    let fail = |msg: String| Some(format!("parse {}: {msg}", rudder_gocompat::quote::quote(s)));
    if s.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return fail("net/url: invalid control character in URL".into());
    }
    let (s, frag) = split(s);
    if let Some(e) = bad_escape(frag) {
        return fail(e);
    }
    let mut rest = s;
    let mut scheme = "";
    for (i, c) in s.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return fail("missing protocol scheme".into()),
            ':' => {
                scheme = &s[..i];
                rest = &s[i + 1..];
                break;
            }
            _ => break,
        }
    }
    let rest = rest.split_once('?').map_or(rest, |(p, _)| p);
    if scheme.is_empty() && !rest.starts_with('/') {
        let first = rest.split('/').next().unwrap_or("");
        if first.contains(':') {
            return fail("first path segment in URL cannot contain colon".into());
        }
    }
    if !scheme.is_empty() && !rest.starts_with('/') {
        return None;
    }
    let path = match rest.strip_prefix("//") {
        Some(r) => {
            let end = r.find('/').unwrap_or(r.len());
            let authority = &r[..end];
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            if let Some(e) = bad_host(host) {
                return fail(e);
            }
            &r[end..]
        }
        None => rest,
    };
    bad_escape(path).and_then(fail)
}

fn bad_escape(s: &str) -> Option<String> {
    let b = s.as_bytes();
    for (i, _) in s.match_indices('%') {
        let ok = b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if !ok {
            let end = (i + 3).min(b.len());
            let bad = String::from_utf8_lossy(&b[i..end]);
            return Some(format!(
                "invalid URL escape {}",
                rudder_gocompat::quote::quote(&bad)
            ));
        }
    }
    None
}

fn bad_host(host: &str) -> Option<String> {
    let port = if let Some(inner) = host.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return Some("missing ']' in host".into());
        };
        &inner[close + 1..]
    } else {
        match host.rfind(':') {
            Some(i) => &host[i..],
            None => "",
        }
    };
    let valid =
        port.is_empty() || (port.starts_with(':') && port[1..].bytes().all(|b| b.is_ascii_digit()));
    if !valid {
        return Some(format!(
            "invalid port {} after host",
            rudder_gocompat::quote::quote(port)
        ));
    }
    None
}

/// `url#encoded-pointer`, the way locations print.
pub fn location(url: &str, ptr: &str) -> String {
    format!("{url}#{}", encode(ptr))
}

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

fn parts(s: &str) -> Parts<'_> {
    let (s, query) = match s.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (s, None),
    };
    let scheme_end = s.find(':').filter(|&i| {
        i > 0
            && s.as_bytes()[0].is_ascii_alphabetic()
            && s[..i]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    let (scheme, rest) = match scheme_end {
        Some(i) => (Some(&s[..i]), &s[i + 1..]),
        None => (None, s),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(r) => {
            let end = r.find('/').unwrap_or(r.len());
            (Some(&r[..end]), &r[end..])
        }
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
    }
}

/// Whether `s` has a scheme.
pub fn is_absolute(s: &str) -> bool {
    parts(s).scheme.is_some()
}

/// Resolves `reference` (without fragment) against `base` (without fragment).
pub fn join(base: &str, reference: &str) -> String {
    let r = parts(reference);
    if r.scheme.is_some() {
        return reference.to_string();
    }
    let b = parts(base);
    let scheme = b.scheme.unwrap_or("");
    // Opaque bases (`urn:x:y`) keep their whole text for fragment-only references.
    if b.authority.is_none() && !b.path.starts_with('/') && b.scheme.is_some() {
        if reference.is_empty() {
            return base.to_string();
        }
        return format!("{scheme}:{}", reference);
    }
    let (authority, path, query) = if let Some(a) = r.authority {
        (Some(a), remove_dots(r.path), r.query)
    } else if r.path.is_empty() {
        (b.authority, b.path.to_string(), r.query.or(b.query))
    } else if r.path.starts_with('/') {
        (b.authority, remove_dots(r.path), r.query)
    } else {
        let dir = match b.path.rfind('/') {
            Some(i) => &b.path[..=i],
            None if b.authority.is_some() => "/",
            None => "",
        };
        (
            b.authority,
            remove_dots(&format!("{dir}{}", r.path)),
            r.query,
        )
    };
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(scheme);
        out.push(':');
    }
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

fn remove_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i == segs.len() - 1;
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if path.starts_with('/') && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escaping() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c").as_deref(), Some("a/b~c"));
        assert_eq!(unescape("a~2"), None);
        assert_eq!(encode("/properties/a b/%"), "/properties/a%20b/%25");
        assert_eq!(encode("/$defs/x:y"), "/$defs/x:y");
    }

    #[test]
    fn joins() {
        let b = "file:///values.schema.json";
        assert_eq!(join(b, ""), b);
        assert_eq!(join(b, "other.json"), "file:///other.json");
        assert_eq!(
            join("http://x.org/a/b.json", "../c.json"),
            "http://x.org/c.json"
        );
        assert_eq!(join("http://x.org/a/b.json", "/d"), "http://x.org/d");
        assert_eq!(join("urn:a:b", ""), "urn:a:b");
        assert_eq!(join(b, "urn:x"), "urn:x");
        assert_eq!(path_unescape("a%20b").unwrap(), "a b");
        assert!(path_unescape("%zz").is_err());
        assert_eq!(
            go_parse_error("http://[bad").as_deref(),
            Some("parse \"http://[bad\": missing ']' in host")
        );
        assert_eq!(
            go_parse_error("1a:b").as_deref(),
            Some("parse \"1a:b\": first path segment in URL cannot contain colon")
        );
        assert_eq!(go_parse_error("http://x.org:80/a%20b#c"), None);
    }
}

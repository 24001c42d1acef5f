//! Go's `url.Parse` and `url.ParseRequestURI`: the parts they yield and the errors they give
//! (without the `parse "..."` prefix Go's `url.Error` adds; see [`ParseError`]).

use crate::quote::quote;
use crate::url::unescape;

/// The parts of a parsed URL (host and path unescaped, as Go keeps them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    pub opaque: String,
    pub userinfo: String,
    pub host: String,
    pub path: String,
    pub query: String,
    pub fragment: String,
}

impl Url {
    /// `URL.Hostname`: the host without port or IPv6 brackets.
    pub fn hostname(&self) -> &str {
        let host = self.host.as_str();
        if let Some(inner) = host.strip_prefix('[') {
            return inner.split(']').next().unwrap_or_default();
        }
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    }
}

impl Url {
    /// Go's `URL.String`: the path escaped as a path, the query as it is, the fragment escaped.
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        if !self.scheme.is_empty() {
            out.push_str(&self.scheme);
            out.push(':');
        }
        if !self.opaque.is_empty() {
            out.push_str(&self.opaque);
        } else {
            let has_user = !self.userinfo.is_empty();
            if (!self.scheme.is_empty() || !self.host.is_empty() || has_user)
                && (!self.host.is_empty() || !self.path.is_empty() || has_user)
            {
                out.push_str("//");
            }
            if has_user {
                out.push_str(&self.userinfo);
                out.push('@');
            }
            out.push_str(&self.host);
            let path = escape_path(&self.path);
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                out.push('/');
            }
            if out.is_empty() && path.split('/').next().is_some_and(|s| s.contains(':')) {
                out.push_str("./");
            }
            out.push_str(&path);
        }
        if !self.query.is_empty() {
            out.push('?');
            out.push_str(&self.query);
        }
        if !self.fragment.is_empty() {
            out.push('#');
            out.push_str(&escape_fragment(&self.fragment));
        }
        out
    }
}

/// Go's `url.escape` in path mode.
pub fn escape_path(s: &str) -> String {
    crate::url::percent_encode(s, |b| b"-_.~$&+,/:;=@".contains(&b))
}

/// Go's `url.escape` in fragment mode.
pub fn escape_fragment(s: &str) -> String {
    crate::url::percent_encode(s, |b| b"-_.~$&+,/:;=@?!()*".contains(&b))
}

/// A parse failure; `Display` is Go's `url.Error` text (`parse "raw": reason`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parse {}: {reason}", quote(raw))]
pub struct ParseError {
    pub raw: String,
    pub reason: String,
}

/// `url.Parse`: a URL or a reference relative to one; the fragment after `#`.
pub fn parse(raw: &str) -> Result<Url, ParseError> {
    let (rest, fragment) = match raw.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (raw, None),
    };
    let mut url = parse_without_fragment(rest, false).map_err(|reason| ParseError {
        raw: rest.to_string(),
        reason,
    })?;
    if let Some(fragment) = fragment {
        url.fragment = unescape(fragment).map_err(|reason| ParseError {
            raw: raw.to_string(),
            reason,
        })?;
    }
    Ok(url)
}

/// `url.ParseRequestURI`: an absolute URL or an absolute path, no fragment.
pub fn parse_request_uri(raw: &str) -> Result<Url, ParseError> {
    parse_without_fragment(raw, true).map_err(|reason| ParseError {
        raw: raw.to_string(),
        reason,
    })
}

/// Go's `getScheme`: letters first, then letters, digits, `+`, `-`, `.` up to a `:`.
fn split_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err("missing protocol scheme".into()),
            b':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_without_fragment(raw: &str, via_request: bool) -> Result<Url, String> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    if raw.is_empty() && via_request {
        return Err("empty url".into());
    }
    let mut url = Url::default();
    if raw == "*" {
        url.path = "*".into();
        return Ok(url);
    }
    let (scheme, mut rest) = split_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        rest = &rest[..rest.len() - 1];
    } else if let Some((before, query)) = rest.split_once('?') {
        url.query = query.to_string();
        rest = before;
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            // A rootless path after a scheme is opaque (RFC 3986).
            url.opaque = rest.to_string();
            return Ok(url);
        }
        if via_request {
            return Err("invalid URI for request".into());
        }
        if rest.split('/').next().is_some_and(|s| s.contains(':')) {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    let authority_allowed = !url.scheme.is_empty() || (!via_request && !rest.starts_with("///"));
    if authority_allowed && rest.starts_with("//") {
        let after = &rest[2..];
        let (authority, path) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        let (userinfo, host) = match authority.rfind('@') {
            Some(i) => (&authority[..i], &authority[i + 1..]),
            None => ("", authority),
        };
        if !userinfo.is_empty() || authority.contains('@') {
            check_userinfo(userinfo)?;
            url.userinfo = userinfo.to_string();
        }
        url.host = parse_host(host)?;
        rest = path;
    }
    url.path = unescape(rest)?;
    Ok(url)
}

/// Go's `validUserinfo`: the characters RFC 3986 allows, plus `%` and `@` as Go tolerates.
fn check_userinfo(userinfo: &str) -> Result<(), String> {
    let ok = userinfo
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&b) || b >= 0x80);
    if ok {
        Ok(())
    } else {
        Err("net/url: invalid userinfo".into())
    }
}

/// Go's `parseHost`: a bracketed IPv6 literal with an optional port, or a name with one;
/// escapes decode, and bytes a host may not hold fail.
fn parse_host(host: &str) -> Result<String, String> {
    if let Some(inner) = host.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return Err("missing ']' in host".into());
        };
        let port = &inner[close + 1..];
        if !valid_optional_port(port) {
            return Err(format!("invalid port {} after host", quote(port)));
        }
    } else if let Some(i) = host.rfind(':') {
        let port = &host[i..];
        if !valid_optional_port(port) {
            return Err(format!("invalid port {} after host", quote(port)));
        }
    }
    for (i, b) in host.bytes().enumerate() {
        if b < 0x80 && !host_byte_allowed(b) && b != b'%' {
            let bad = &host[i..i + 1];
            return Err(format!("invalid character {} in host name", quote(bad)));
        }
    }
    unescape(host)
}

fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        _ if port.is_empty() => true,
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// Bytes Go's `shouldEscape` lets through in a host (`encodeHost` mode).
fn host_byte_allowed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parts() {
        let u = parse("HTTPS://user:pw@Example.com:8080/a%20b?q=1#frag").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(u.userinfo, "user:pw");
        assert_eq!(u.host, "Example.com:8080");
        assert_eq!(u.hostname(), "Example.com");
        assert_eq!(u.path, "/a b");
        assert_eq!((u.query.as_str(), u.fragment.as_str()), ("q=1", "frag"));
        assert_eq!(parse("data:image/png").unwrap().opaque, "image/png");
        assert_eq!(parse("example.com/x").unwrap().path, "example.com/x");
    }

    #[test]
    fn errors_as_go_words_them() {
        let err = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(err(":x"), r#"parse ":x": missing protocol scheme"#);
        assert_eq!(
            err("ht tp://bad"),
            r#"parse "ht tp://bad": first path segment in URL cannot contain colon"#
        );
        assert_eq!(
            err("http://h:8x/"),
            r#"parse "http://h:8x/": invalid port ":8x" after host"#
        );
        assert_eq!(
            err("http://a b/"),
            r#"parse "http://a b/": invalid character " " in host name"#
        );
        assert_eq!(err("/a%zz"), r#"parse "/a%zz": invalid URL escape "%zz""#);
        let req = |s: &str| parse_request_uri(s).unwrap_err().reason;
        assert_eq!(req("icon.png"), "invalid URI for request");
        assert_eq!(req(""), "empty url");
        assert!(parse_request_uri("/static/icon.svg")
            .unwrap()
            .scheme
            .is_empty());
    }
}

//! govalidator's `IsEmail`, `IsURL` and `IsRequestURL` (the version helm 4.1.4 pins), which
//! decide helm lint's maintainer, source and icon findings. The patterns are built from named
//! parts here; Go's `\d`, `\s`, `\S` are ASCII-only, so they are spelled out.

use std::sync::LazyLock;

use regex::Regex;
use rudder_gocompat::url_parse;

/// Letters beyond ASCII that e-mail addresses may hold (RFC 5322's UCS ranges).
const UCS: &str = r"\x{00A0}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}";
/// Letters beyond ASCII that URL host names may hold.
const WIDE: &str = r"\x{00a1}-\x{ffff}";

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let atom = format!(r"[a-zA-Z0-9!#$%&'*+\-/=?^_`{{|}}~{UCS}]");
    let dot_atom = format!(r"{atom}+(?:\.{atom}+)*");
    let folding_space = r"(?:(?:[ \t]*\r\n)?[ \t]+)";
    let quoted_text = format!(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x21\x23-\x5b\x5d-\x7e{UCS}]");
    let quoted_pair = format!(r"\\[\x01-\x09\x0b\x0c\x0d-\x7f{UCS}]");
    let quoted =
        format!(r#""(?:{folding_space}?(?:{quoted_text}|{quoted_pair}))*{folding_space}?""#);
    let alnum = format!("[a-zA-Z0-9{UCS}]");
    let label = format!(r"(?:{alnum}|{alnum}[a-zA-Z0-9\-._~{UCS}]*{alnum})");
    let alpha = format!("[a-zA-Z{UCS}]");
    let top = format!(r"(?:{alpha}|{alpha}[a-zA-Z0-9\-_~{UCS}]*{alpha})");
    let pattern = format!(r"^(?:{dot_atom}|{quoted})@(?:{label}\.)+{top}\.?$");
    Regex::new(&pattern).expect("the e-mail pattern compiles")
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    let not_space = r"[^\t\n\f\r ]";
    let scheme = r"(?:(?:ftp|tcp|udp|wss?|https?)://)";
    let user = format!(r"(?:{not_space}+(?::{not_space}*)?@)");
    let ipv4 = r"(?:[1-9][0-9]?|1[0-9][0-9]|2[01][0-9]|22[0-3]|24[0-9]|25[0-5])(?:\.(?:[0-9]{1,2}|1[0-9][0-9]|2[0-4][0-9]|25[0-5])){2}\.(?:[0-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])";
    // Bracketed IPv6 literals: the characters they use (govalidator spells out the forms).
    let ipv6 = r"\[[0-9a-fA-F:.%]+\]";
    let name = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9\-_]+)?[a-zA-Z0-9](?:[\-.][a-zA-Z0-9]+)*)";
    let subdomain = r"(?:www\.|[a-zA-Z0-9]+(?:[\-_.]?[a-zA-Z0-9])*[a-zA-Z0-9]\.[a-zA-Z0-9]+)";
    let last = format!(r"(?:[a-zA-Z{WIDE}0-9]+-?-?)*[a-zA-Z{WIDE}0-9]+(?:\.[a-zA-Z{WIDE}]+)?");
    let host = format!(r"(?:{ipv4}|{ipv6}|(?:{name}|{subdomain}?)?{last})");
    let port = r"(?::[0-9]{1,5})";
    let path = r"(?:[/?#][^\t\n\f\r ]*)";
    let pattern = format!(r"^{scheme}?{user}?{host}\.?{port}?{path}?$");
    Regex::new(&pattern).expect("the URL pattern compiles")
});

/// `govalidator.IsEmail`.
pub fn is_email(s: &str) -> bool {
    EMAIL.is_match(s)
}

/// `govalidator.IsURL`: a loose check that a text looks like a URL or a host name.
pub fn is_url(s: &str) -> bool {
    let runes = s.chars().count();
    if s.is_empty() || runes >= 2083 || s.len() <= 3 || s.starts_with('.') {
        return false;
    }
    // A port without a scheme: parsed as if `http://` came first (the pattern sees `s`).
    let parsed = if s.contains(':') && !s.contains("://") {
        url_parse::parse(&format!("http://{s}"))
    } else {
        url_parse::parse(s)
    };
    let Ok(url) = parsed else {
        return false;
    };
    if url.host.starts_with('.')
        || (url.host.is_empty() && !url.path.is_empty() && !url.path.contains('.'))
    {
        return false;
    }
    URL.is_match(s)
}

/// `govalidator.IsRequestURL`: an absolute URL with a scheme.
pub fn is_request_url(s: &str) -> bool {
    url_parse::parse_request_uri(s).is_ok_and(|u| !u.scheme.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "a@example.com",
            "a.b+c@example.co.uk",
            "x@y.z",
            r#""john doe"@example.org"#,
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "not-an-email",
            "user@localhost",
            "x@y",
            "bad@",
            "a..b@example.com",
            "@x.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        for ok in [
            "example.com",
            "https://example.com/path?q=1#frag",
            "http://localhost:8080",
            "ftp://files.example.org/x",
            "http://10.0.0.1:8080/x",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in ["justaword", "ht tp://bad", ".example.com", "abc", "http://"] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn request_urls() {
        assert!(is_request_url("https://github.com/a/b"));
        assert!(is_request_url("data:image/png;base64,iVBO"));
        assert!(is_request_url("file:///tmp/icon.png"));
        for bad in ["", "example.com/repo", "icon.png", "/static/icon.svg"] {
            assert!(!is_request_url(bad), "{bad}");
        }
    }
}

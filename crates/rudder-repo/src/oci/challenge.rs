//! `WWW-Authenticate` challenges and token scopes as oras' auth client reads and merges them.

use std::collections::{BTreeMap, BTreeSet};

/// What a 401 reply asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    Basic,
    /// A token from `realm`, for `service` and `scope` (space-separated scopes).
    Bearer {
        realm: String,
        service: String,
        scope: String,
    },
    Other,
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn token(s: &str) -> (&str, &str) {
    let end = s.bytes().position(|b| !is_token_byte(b)).unwrap_or(s.len());
    s.split_at(end)
}

fn skip_space(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// A quoted string at the start of `s` (backslash escapes), and the rest.
fn quoted(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => out.push(chars.next()?.1),
            c => out.push(c),
        }
    }
    None
}

/// oras' `parseChallenge`: the scheme, and for Bearer its parameters up to the first one
/// that does not parse.
pub fn parse(header: &str) -> Challenge {
    let (scheme, mut rest) = token(header);
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => return Challenge::Basic,
        "bearer" => {}
        _ => return Challenge::Other,
    }
    let mut params: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let (key, after) = token(skip_space(rest));
        if key.is_empty() {
            break;
        }
        let after = skip_space(after);
        let Some(after) = after.strip_prefix('=').map(skip_space) else {
            break;
        };
        let (value, after) = if after.starts_with('"') {
            match quoted(after) {
                Some(v) => v,
                None => break,
            }
        } else {
            let (v, a) = token(after);
            if v.is_empty() {
                break;
            }
            (v.to_string(), a)
        };
        params.insert(key.to_ascii_lowercase(), value);
        match skip_space(after).strip_prefix(',') {
            Some(next) => rest = next,
            None => break,
        }
    }
    let mut take = |k: &str| params.remove(k).unwrap_or_default();
    Challenge::Bearer {
        realm: take("realm"),
        service: take("service"),
        scope: take("scope"),
    }
}

/// oras' `CleanScopes`: scopes of one resource merged (their actions united and sorted), `*`
/// standing for every action, the resources sorted.
pub fn clean_scopes(scopes: &[String]) -> Vec<String> {
    let mut merged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut kept: BTreeSet<String> = BTreeSet::new();
    for scope in scopes {
        let Some(at) = scope.rfind(':') else {
            if !scope.is_empty() {
                kept.insert(scope.clone());
            }
            continue;
        };
        let (resource, actions) = (&scope[..at], &scope[at + 1..]);
        if !resource.contains(':') {
            kept.insert(scope.clone());
            continue;
        }
        let set = merged.entry(resource.to_string()).or_default();
        set.extend(
            actions
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_string),
        );
    }
    for (resource, actions) in merged {
        if actions.is_empty() {
            continue;
        }
        let list = if actions.contains("*") {
            "*".to_string()
        } else {
            actions.into_iter().collect::<Vec<_>>().join(",")
        };
        kept.insert(format!("{resource}:{list}"));
    }
    kept.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_parameters() {
        let c = parse(
            r#"Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull""#,
        );
        assert_eq!(
            c,
            Challenge::Bearer {
                realm: "https://auth.example/token".into(),
                service: "registry".into(),
                scope: "repository:a/b:pull".into(),
            }
        );
        assert_eq!(parse("Basic realm=\"x\""), Challenge::Basic);
        assert_eq!(parse("Digest x"), Challenge::Other);
        assert_eq!(
            parse("bearer realm=unquoted , broken=\"x"),
            Challenge::Bearer {
                realm: "unquoted".into(),
                service: String::new(),
                scope: String::new(),
            }
        );
    }

    #[test]
    fn merges_scopes() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            clean_scopes(&s(&[
                "repository:b:push",
                "repository:b:pull",
                "repository:a:pull",
                "repository:a:*"
            ])),
            ["repository:a:*", "repository:b:pull,push"]
        );
    }
}

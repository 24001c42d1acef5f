//! `oci://host[:port]/path/name[:tag|@digest]` as helm's `newReference` reads it: the digest
//! cut off at the last `@`, `+` in the tag replaced by `_` (OCI tags cannot hold `+`, helm's
//! convention for semver build metadata), then oras' `ParseReference` checks of the registry,
//! the repository and the tag.

use super::digest::Digest;
use super::OciError;

/// A parsed reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// `host[:port]`.
    pub registry: String,
    /// The path under the registry: `path/name`.
    pub repository: String,
    /// The tag, `+` already replaced by `_`; empty when none was given.
    pub tag: String,
    /// The digest after `@`, as written; empty when none was given.
    pub digest: String,
}

fn invalid(what: &str, value: &str) -> OciError {
    OciError::InvalidReference(format!("invalid {what} {value:?}"))
}

impl Reference {
    /// helm's `newReference`.
    pub fn parse(raw: &str) -> Result<Reference, OciError> {
        let mut raw = raw.strip_prefix("oci://").unwrap_or(raw).to_string();
        let mut digest = String::new();
        if let Some(at) = raw.rfind('@') {
            digest = raw[at + 1..].to_string();
            raw.truncate(at);
        }
        let parts: Vec<&str> = raw.split(':').collect();
        if parts.len() > 1 {
            let tag = parts[parts.len() - 1];
            if !tag.contains('/') && !tag.is_empty() {
                // helm replaces every occurrence of the tag's text, wherever it is.
                raw = raw.replace(tag, &tag.replace('+', "_"));
            }
        }
        let (registry, repository, tag) = parse_oras(&raw)?;
        Ok(Reference {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// `registry/repository`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }

    /// helm's `reference.String()`: with the tag when there is one, else with the digest.
    pub fn to_helm_string(&self) -> String {
        if self.tag.is_empty() {
            format!("{}@{}", self.name(), self.digest)
        } else {
            format!("{}:{}", self.name(), self.tag)
        }
    }
}

/// oras' `ParseReference` of a reference without its `@digest`: registry, repository, tag.
fn parse_oras(artifact: &str) -> Result<(String, String, String), OciError> {
    let Some((registry, path)) = artifact.split_once('/') else {
        return Err(OciError::InvalidReference(
            "missing registry or repository".into(),
        ));
    };
    let (repository, tag) = path.split_once(':').unwrap_or((path, ""));
    check_registry(registry)?;
    if !valid_repository(repository) {
        return Err(invalid("repository", repository));
    }
    if path.contains(':') && !valid_tag(tag) && !tag.is_empty() {
        return Err(invalid("tag", tag));
    }
    Ok((
        registry.to_string(),
        repository.to_string(),
        tag.to_string(),
    ))
}

/// oras: `dummy://REGISTRY` must parse as a URL whose host is the registry itself.
fn check_registry(registry: &str) -> Result<(), OciError> {
    let parsed = rudder_gocompat::url_parse::parse_request_uri(&format!("dummy://{registry}"));
    match parsed {
        Ok(u) if !u.host.is_empty() && u.host == registry => Ok(()),
        _ => Err(invalid("registry", registry)),
    }
}

/// oras' repository pattern: `/`-separated components of lower-case letters and digits
/// joined by `.`, `_`, `__` or runs of `-`.
fn valid_repository(repository: &str) -> bool {
    repository.split('/').all(|component| {
        let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let bytes = component.as_bytes();
        if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
            return false;
        }
        let mut i = 0;
        while i < bytes.len() {
            if alnum(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !alnum(bytes[i]) {
                i += 1;
            }
            let sep = &component[start..i];
            let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|b| b == b'-');
            if !ok {
                return false;
            }
        }
        true
    })
}

/// oras' tag pattern `^[\w][\w.-]{0,127}$`.
fn valid_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(bytes[0])
        && bytes[1..]
            .iter()
            .all(|&b| word(b) || b == b'.' || b == b'-')
}

/// A digest reference's check, for `@digest` references oras validates.
pub fn check_digest(text: &str) -> Result<Digest, OciError> {
    Digest::parse(text)
        .map_err(|e| OciError::InvalidReference(format!("invalid digest {text:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Reference {
        Reference::parse(s).unwrap()
    }

    #[test]
    fn splits_registry_repository_tag() {
        let r = parse("oci://localhost:5000/charts/app:1.2.3");
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.repository, "charts/app");
        assert_eq!(r.tag, "1.2.3");
        assert_eq!(r.to_helm_string(), "localhost:5000/charts/app:1.2.3");
        assert_eq!(parse("oci://h/a").tag, "");
    }

    #[test]
    fn build_metadata_becomes_underscore() {
        let r = parse("oci://localhost:5000/app:1.0.0+rc1");
        assert_eq!(r.tag, "1.0.0_rc1");
    }

    #[test]
    fn digest_is_cut_at_the_last_at() {
        let r = parse("oci://h/app@sha256:abc");
        assert_eq!((r.tag.as_str(), r.digest.as_str()), ("", "sha256:abc"));
        assert_eq!(r.to_helm_string(), "h/app@sha256:abc");
        let r = parse("oci://h/app:1.0.0@sha256:abc");
        assert_eq!(r.tag, "1.0.0");
    }

    #[test]
    fn rejects_what_oras_rejects() {
        let err = |s: &str| Reference::parse(s).unwrap_err().to_string();
        assert_eq!(
            err("oci://localhost"),
            "invalid reference: missing registry or repository"
        );
        assert_eq!(
            err("oci://h/App"),
            "invalid reference: invalid repository \"App\""
        );
        assert_eq!(err("oci://h/a:-x"), "invalid reference: invalid tag \"-x\"");
        assert_eq!(
            err("oci://h b/a"),
            "invalid reference: invalid registry \"h b\""
        );
    }

    #[test]
    fn repository_separators() {
        for ok in ["a", "a.b", "a_b", "a__b", "a---b", "a/b-c/d"] {
            assert!(valid_repository(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a..b", "a___b", "a//b", "A"] {
            assert!(!valid_repository(bad), "{bad}");
        }
    }
}

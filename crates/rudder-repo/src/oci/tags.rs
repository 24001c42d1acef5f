//! Chart versions from a repository's tags (helm's `Client.Tags`) and the tag a `--version`
//! picks (helm's `GetTagMatchingVersionOrConstraint`).

use rudder_gocompat::semver::{self, Version};

use super::OciError;

/// The tags that are strict semantic versions once `_` is read back as `+`, newest first,
/// written as versions (`1.0.0+rc1`).
pub fn chart_versions(tags: &[String]) -> Vec<String> {
    let mut versions: Vec<Version> = tags
        .iter()
        .filter_map(|t| Version::parse_strict(&t.replace('_', "+")))
        .collect();
    // Go's sort is not stable: versions equal but for build metadata come in no set order;
    // a stable sort keeps the registry's order among them.
    versions.sort_by(|a, b| b.compare(a));
    versions.iter().map(Version::string).collect()
}

/// The first of `versions` (newest first) that `wanted` names exactly, else the first its
/// constraint admits (any, when `wanted` is empty).
pub fn matching(versions: &[String], wanted: &str) -> Result<String, OciError> {
    if !wanted.is_empty() {
        if let Some(v) = versions.iter().find(|v| *v == wanted) {
            return Ok(v.clone());
        }
    }
    let constraint = semver::parse_constraint(if wanted.is_empty() { "*" } else { wanted })
        .map_err(OciError::Message)?;
    versions
        .iter()
        .find(|v| Version::parse(v).is_some_and(|p| semver::check_constraint(&constraint, &p)))
        .cloned()
        .ok_or_else(|| {
            OciError::Message(format!(
                "could not locate a version matching provided version string {wanted}"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn newest_first_with_build_metadata() {
        let got = chart_versions(&tags(&["0.1.0", "latest", "1.0.0_rc1", "0.10.0", "v2.0.0"]));
        assert_eq!(got, ["1.0.0+rc1", "0.10.0", "0.1.0"]);
    }

    #[test]
    fn picks_as_helm() {
        let v = tags(&["1.2.0", "1.1.0", "0.9.0"]);
        assert_eq!(matching(&v, "").unwrap(), "1.2.0");
        assert_eq!(matching(&v, "~1.1").unwrap(), "1.1.0");
        assert_eq!(matching(&v, "0.9.0").unwrap(), "0.9.0");
        assert_eq!(
            matching(&v, ">5").unwrap_err().to_string(),
            "could not locate a version matching provided version string >5"
        );
        assert!(matching(&v, "nope!").is_err());
    }
}

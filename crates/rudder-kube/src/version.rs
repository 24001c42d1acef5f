//! The Kubernetes version validated against: kubeconform's `-kubernetes-version` (`master` or
//! `x.y.z`; a `v` prefix and `x.y` are accepted too) and the bundled schemas it selects.

use crate::bundle::{FIRST_MINOR, LAST_MINOR};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KubeVersion {
    /// kubeconform's default: the newest schemas (here the newest bundled, 1.37).
    Master,
    Release {
        major: u32,
        minor: u32,
        patch: u32,
    },
}

impl KubeVersion {
    pub fn parse(s: &str) -> Result<KubeVersion, String> {
        if s == "master" {
            return Ok(KubeVersion::Master);
        }
        let bad = || {
            format!(
                "{s} is not a valid version. Valid values are \"master\" (default) or full version x.y.z (e.g. \"1.27.2\")"
            )
        };
        let parts: Vec<&str> = s.strip_prefix('v').unwrap_or(s).split('.').collect();
        let num = |p: &str| -> Result<u32, String> {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        match parts.as_slice() {
            [major, minor] => Ok(KubeVersion::Release {
                major: num(major)?,
                minor: num(minor)?,
                patch: 0,
            }),
            [major, minor, patch] => Ok(KubeVersion::Release {
                major: num(major)?,
                minor: num(minor)?,
                patch: num(patch)?,
            }),
            _ => Err(bad()),
        }
    }

    /// kubeconform's `{{ .NormalizedKubernetesVersion }}`: `master` or `vX.Y.Z`.
    pub fn normalized(&self) -> String {
        match self {
            KubeVersion::Master => "master".into(),
            KubeVersion::Release {
                major,
                minor,
                patch,
            } => format!("v{major}.{minor}.{patch}"),
        }
    }

    /// The bundled minor version whose schemas apply, as kubernetes-validate picks it (the
    /// newest bundled one not newer than this version), or why there is none.
    pub fn bundled_minor(&self) -> Result<u32, String> {
        match *self {
            KubeVersion::Master => Ok(LAST_MINOR),
            KubeVersion::Release { major: 1, minor, .. }
                if (FIRST_MINOR..=LAST_MINOR).contains(&minor) =>
            {
                Ok(minor)
            }
            _ => Err(format!(
                "no bundled schemas for Kubernetes {} (1.{FIRST_MINOR} to 1.{LAST_MINOR} are bundled); give a -schema-location for it",
                self.normalized().trim_start_matches('v')
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(KubeVersion::parse("master").unwrap(), KubeVersion::Master);
        let v = KubeVersion::parse("1.30.2").unwrap();
        assert_eq!(v.normalized(), "v1.30.2");
        assert_eq!(v.bundled_minor(), Ok(30));
        assert_eq!(KubeVersion::parse("v1.29").unwrap().normalized(), "v1.29.0");
        assert!(KubeVersion::parse("1.x.0")
            .unwrap_err()
            .contains("not a valid version"));
        assert!(KubeVersion::parse("1.24.0")
            .unwrap()
            .bundled_minor()
            .unwrap_err()
            .contains("1.25 to 1.37"));
        assert_eq!(KubeVersion::Master.bundled_minor(), Ok(37));
    }
}

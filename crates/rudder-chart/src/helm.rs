//! Which helm release line rudder reproduces: helm 4.1.4 by default, helm 3.17.2 with
//! `--helm-version 3` (for users, and tools such as Argo CD, that still run helm 3). The value is
//! carried from the command line into every layer whose behaviour differs between the two.

use std::fmt;

/// A helm release line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Helm {
    /// helm 3.17.2.
    V3,
    /// helm 4.1.4.
    #[default]
    V4,
}

impl Helm {
    /// Reads `--helm-version` / `RUDDER_HELM_VERSION`: the major version, `3` or `4`.
    pub fn parse(s: &str) -> Result<Helm, String> {
        match s.trim() {
            "3" => Ok(Helm::V3),
            "4" => Ok(Helm::V4),
            _ => Err(format!("invalid helm version {s:?}: must be 3 or 4")),
        }
    }

    pub fn is_v3(self) -> bool {
        self == Helm::V3
    }

    /// The Go package of helm's chart types, which decoding errors name (`chart.Metadata`).
    pub fn chart_package(self) -> &'static str {
        match self {
            Helm::V3 => "chart",
            Helm::V4 => "v2",
        }
    }
}

impl fmt::Display for Helm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Helm::V3 => "3",
            Helm::V4 => "4",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_major_versions_only() {
        assert_eq!(Helm::parse("3"), Ok(Helm::V3));
        assert_eq!(Helm::parse("4"), Ok(Helm::V4));
        assert_eq!(Helm::default(), Helm::V4);
        assert_eq!(
            Helm::parse("3.17"),
            Err("invalid helm version \"3.17\": must be 3 or 4".into())
        );
    }
}

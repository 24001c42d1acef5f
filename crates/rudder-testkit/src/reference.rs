//! The reference tools goldens are recorded by: each has its own golden folder, and a `.cases`
//! file names the ones that record it (helm 4.1.4 unless it says otherwise).

use std::path::PathBuf;

use anyhow::{bail, Result};

/// A reference tool at one version, e.g. helm 4.1.4.
#[derive(Debug, PartialEq, Eq)]
pub struct Reference {
    pub tool: &'static str,
    pub version: &'static str,
    /// The global flags that make rudder reproduce this reference (placed before the command).
    pub rudder_flags: &'static [&'static str],
}

/// Every reference tool the harness knows; the first is the default.
pub const REFERENCES: &[Reference] = &[
    Reference {
        tool: "helm",
        version: "4.1.4",
        rudder_flags: &[],
    },
    Reference {
        tool: "helm",
        version: "3.17.2",
        rudder_flags: &["--helm-version", "3"],
    },
];

/// The reference of cases that name none: helm 4.1.4, whose behaviour `rudder` follows.
pub const DEFAULT_REFERENCE: &Reference = &REFERENCES[0];

impl Reference {
    /// `<tool>-<version>`: how `.cases` files name it and the name of its golden folder.
    pub fn id(&self) -> String {
        format!("{}-{}", self.tool, self.version)
    }

    /// Finds a reference by its id.
    pub fn find(id: &str) -> Result<&'static Reference> {
        match REFERENCES.iter().find(|r| r.id() == id) {
            Some(r) => Ok(r),
            None => {
                let known: Vec<String> = REFERENCES.iter().map(Reference::id).collect();
                bail!("unknown reference {id:?} (known: {})", known.join(", "))
            }
        }
    }

    /// `testdata/golden/<id>/`: the outcomes this reference recorded.
    pub fn golden_dir(&self) -> PathBuf {
        crate::testdata_dir().join("golden").join(self.id())
    }

    /// Where `cargo xtask helm` installs the binary.
    pub fn binary(&self) -> PathBuf {
        crate::repo_root()
            .join(".cache")
            .join(self.tool)
            .join(format!("v{}", self.version))
            .join(self.tool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_by_id() {
        assert_eq!(Reference::find("helm-3.17.2").unwrap().version, "3.17.2");
        assert_eq!(DEFAULT_REFERENCE.id(), "helm-4.1.4");
        assert!(Reference::find("helm-2").is_err());
        assert!(DEFAULT_REFERENCE
            .golden_dir()
            .ends_with("testdata/golden/helm-4.1.4"));
        assert!(DEFAULT_REFERENCE
            .binary()
            .ends_with(".cache/helm/v4.1.4/helm"));
    }
}

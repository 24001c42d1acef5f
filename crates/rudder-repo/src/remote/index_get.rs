//! helm's `IndexFile.Get`: the version of a chart a constraint picks in an index.

use rudder_gocompat::semver::{check_constraint, parse_constraint, Version};
use rudder_report::{Level, Reporter};

use crate::index::{ChartVersion, IndexFile};

/// The exact version asked for when the index has it, else the newest version the
/// constraint allows (logging helm's warning); an empty constraint is `*` (no pre-releases).
/// Errors are helm's texts.
pub fn get<'i>(
    index: &'i IndexFile,
    name: &str,
    version: &str,
    reporter: &dyn Reporter,
) -> Result<&'i ChartVersion, String> {
    let versions = index
        .versions(name)
        .ok_or_else(|| "no chart name found".to_string())?;
    if versions.is_empty() {
        return Err("no chart version found".into());
    }
    let constraint = parse_constraint(if version.is_empty() { "*" } else { version })?;
    if let Some(exact) = versions.iter().find(|cv| cv.version == version) {
        return Ok(exact);
    }
    let found = versions
        .iter()
        .find(|cv| Version::parse(&cv.version).is_some_and(|v| check_constraint(&constraint, &v)));
    match found {
        Some(cv) => {
            if !version.is_empty() {
                reporter.log(
                    Level::Warn,
                    "unable to find exact version requested; falling back to closest available version",
                    &[("chart", name), ("requested", version), ("selected", cv.version.as_str())],
                );
            }
            Ok(cv)
        }
        None => Err(format!("no chart version found for {name}-{version}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> IndexFile {
        let text = "apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 0.3.0-beta.1\n    urls: [a-0.3.0-beta.1.tgz]\n  - name: a\n    version: 0.2.0\n    urls: [a-0.2.0.tgz]\n  - name: a\n    version: 0.1.0\n    urls: [a-0.1.0.tgz]\n";
        IndexFile::parse(text.as_bytes(), "test", &rudder_report::Silent).unwrap()
    }

    #[test]
    fn picks_as_helm_picks() {
        let i = index();
        let v = |c| {
            get(&i, "a", c, &rudder_report::Silent)
                .map(|cv| cv.version.clone())
                .unwrap_or_else(|e| e)
        };
        assert_eq!(v(""), "0.2.0");
        assert_eq!(v("^0.1"), "0.1.0");
        assert_eq!(v(">0.0.0-0"), "0.3.0-beta.1");
        assert_eq!(v("0.3.0-beta.1"), "0.3.0-beta.1");
        assert_eq!(v("9"), "no chart version found for a-9");
        assert_eq!(v(">>1"), "improper constraint: >>1");
        assert_eq!(
            get(&i, "b", "", &rudder_report::Silent).unwrap_err(),
            "no chart name found"
        );
    }
}

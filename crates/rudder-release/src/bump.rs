//! Version arithmetic for `rudder bump`: major, minor and patch increases, release candidates
//! as a pre-release (`1.2.0-rc.1`) or as build metadata (`1.1.1+RC1`), and releasing one.

use rudder_gocompat::semver::Version;

use crate::error::{Error, Result};

/// Which part of the version to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Major,
    Minor,
    Patch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    Part(Part),
    /// The next release candidate.
    Rc,
    /// The release a candidate leads to.
    Release,
}

/// How release candidates are written when the version is not one yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RcStyle {
    /// `1.2.0-rc.1`: sorts before `1.2.0`.
    #[default]
    PreRelease,
    /// `1.2.0+RC1`: build metadata, equal to `1.2.0` in semver precedence.
    Build,
}

/// How a release candidate is numbered: `rc.1`, `RC1`, `rc-1`...
struct RcLabel<'a> {
    prefix: &'a str,
    number: u64,
}

/// `rc.3`, `RC3`, `rc-3` (any case): the label and its number.
fn rc_label(ident: &str) -> Option<RcLabel<'_>> {
    if ident.len() < 3 || !ident[..2].eq_ignore_ascii_case("rc") {
        return None;
    }
    let digits = ident.trim_start_matches(|c: char| !c.is_ascii_digit());
    let prefix = &ident[..ident.len() - digits.len()];
    let sep_ok = matches!(&prefix[2..], "" | "." | "-");
    let number = digits.parse().ok()?;
    sep_ok.then_some(RcLabel { prefix, number })
}

/// The next version. `rc_part` is what a new candidate increases when the version is a release.
pub fn next_version(current: &str, bump: Bump, style: RcStyle, rc_part: Part) -> Result<String> {
    let invalid = || Error::Version(format!("Invalid Semantic Version: {current:?}"));
    let v = Version::parse(current.trim()).ok_or_else(invalid)?;
    let prefix = if current.trim().starts_with('v') {
        "v"
    } else {
        ""
    };
    let core = (v.major(), v.minor(), v.patch());
    let candidate = !v.prerelease().is_empty() || rc_label(v.metadata()).is_some();
    let text = |(a, b, c): (u64, u64, u64)| format!("{prefix}{a}.{b}.{c}");
    let next = match bump {
        Bump::Part(part) => text(increase(core, part, candidate)),
        Bump::Release if !candidate => {
            return Err(Error::Bump(format!(
                "{current} is a release already: nothing to release"
            )))
        }
        Bump::Release => text(core),
        Bump::Rc => {
            if let Some(label) = rc_label(v.prerelease()) {
                format!("{}-{}{}", text(core), label.prefix, label.number + 1)
            } else if let Some(label) = rc_label(v.metadata()) {
                format!("{}+{}{}", text(core), label.prefix, label.number + 1)
            } else if !v.prerelease().is_empty() {
                // Another pre-release (`-beta.2`): candidates of the same version follow it.
                format!("{}-rc.1", text(core))
            } else {
                let base = text(increase(core, rc_part, false));
                match style {
                    RcStyle::PreRelease => format!("{base}-rc.1"),
                    RcStyle::Build => format!("{base}+RC1"),
                }
            }
        }
    };
    Ok(next)
}

/// A part increased; a candidate of a version of that kind becomes that version (npm's rule:
/// `2.0.0-rc.1` major is `2.0.0`, `1.2.0-rc.1` minor is `1.2.0`, `1.2.3-rc.1` patch is `1.2.3`).
fn increase(
    (major, minor, patch): (u64, u64, u64),
    part: Part,
    candidate: bool,
) -> (u64, u64, u64) {
    match part {
        Part::Major if candidate && minor == 0 && patch == 0 => (major, 0, 0),
        Part::Major => (major + 1, 0, 0),
        Part::Minor if candidate && patch == 0 => (major, minor, 0),
        Part::Minor => (major, minor + 1, 0),
        Part::Patch if candidate => (major, minor, patch),
        Part::Patch => (major, minor, patch + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(v: &str, bump: Bump) -> String {
        next_version(v, bump, RcStyle::PreRelease, Part::Patch).unwrap()
    }

    #[test]
    fn parts() {
        assert_eq!(next("1.2.3", Bump::Part(Part::Major)), "2.0.0");
        assert_eq!(next("1.2.3", Bump::Part(Part::Minor)), "1.3.0");
        assert_eq!(next("1.2.3", Bump::Part(Part::Patch)), "1.2.4");
        assert_eq!(next("v1.2.3", Bump::Part(Part::Patch)), "v1.2.4");
        assert_eq!(next("1.2.3+build.5", Bump::Part(Part::Patch)), "1.2.4");
        assert_eq!(next("2.0.0-rc.1", Bump::Part(Part::Major)), "2.0.0");
        assert_eq!(next("1.2.0-rc.1", Bump::Part(Part::Minor)), "1.2.0");
        assert_eq!(next("1.2.1-rc.1", Bump::Part(Part::Minor)), "1.3.0");
        assert_eq!(next("1.2.3-rc.1", Bump::Part(Part::Patch)), "1.2.3");
    }

    #[test]
    fn candidates() {
        assert_eq!(next("1.2.3", Bump::Rc), "1.2.4-rc.1");
        assert_eq!(next("1.2.4-rc.1", Bump::Rc), "1.2.4-rc.2");
        assert_eq!(next("1.2.4-RC9", Bump::Rc), "1.2.4-RC10");
        assert_eq!(next("1.2.4-beta.2", Bump::Rc), "1.2.4-rc.1");
        assert_eq!(next("1.1.1+RC1", Bump::Rc), "1.1.1+RC2");
        assert_eq!(next("1.1.1+RC1", Bump::Release), "1.1.1");
        assert_eq!(next("1.2.4-rc.2", Bump::Release), "1.2.4");
        let build = next_version("1.1.0", Bump::Rc, RcStyle::Build, Part::Patch).unwrap();
        assert_eq!(build, "1.1.1+RC1");
        let minor = next_version("1.1.0", Bump::Rc, RcStyle::PreRelease, Part::Minor).unwrap();
        assert_eq!(minor, "1.2.0-rc.1");
        assert!(next_version("1.2.0", Bump::Release, RcStyle::Build, Part::Patch).is_err());
        assert!(next_version("x.y", Bump::Rc, RcStyle::Build, Part::Patch).is_err());
    }
}

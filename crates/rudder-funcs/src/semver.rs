//! Sprig's `semver` and `semverCompare` over Masterminds' rules (in rudder-gocompat); a parsed
//! version is a `*semver.Version` to templates.

use std::rc::Rc;

use rudder_gocompat::semver::{check_constraint, parse_constraint, Version};

/// Masterminds semver v3's `ErrInvalidSemVer`.
const INVALID_VERSION: &str = "invalid semantic version";
use rudder_gotmpl::{fmt, Builtin, FuncError, FuncResult, Object, Ty, Value};

/// A version as templates see it.
#[derive(Debug)]
struct SemverValue(Version);

impl Object for SemverValue {
    fn type_name(&self) -> &str {
        "*semver.Version"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Major" => Value::Uint64(self.0.major()),
            "Minor" => Value::Uint64(self.0.minor()),
            "Patch" => Value::Uint64(self.0.patch()),
            "Prerelease" => Value::str(self.0.prerelease()),
            "Metadata" => Value::str(self.0.metadata()),
            "Original" => Value::str(self.0.original()),
            "String" => Value::string(self.0.string()),
            _ => return None,
        })
    }
    fn format_v(&self) -> String {
        self.0.string()
    }
    fn has_string_method(&self) -> bool {
        true
    }
    fn struct_fields(&self) -> Option<Vec<Value>> {
        let v = &self.0;
        Some(vec![
            Value::Uint64(v.major()),
            Value::Uint64(v.minor()),
            Value::Uint64(v.patch()),
            Value::str(v.prerelease()),
            Value::str(v.metadata()),
            Value::str(v.original()),
        ])
    }
    fn go_syntax(&self) -> String {
        let v = &self.0;
        format!(
            "&semver.Version{{major:{:#x}, minor:{:#x}, patch:{:#x}, pre:{}, metadata:{}, original:{}}}",
            v.major(),
            v.minor(),
            v.patch(),
            fmt::quote(v.prerelease()),
            fmt::quote(v.metadata()),
            fmt::quote(v.original())
        )
    }
    /// `Version.MarshalJSON`: the version string.
    fn to_plain(&self) -> Option<Value> {
        Some(Value::string(self.0.string()))
    }
}

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("semver", &[Ty::String], semver),
    Builtin::new("semverCompare", &[Ty::String, Ty::String], semver_compare),
];

/// `semver S`: `semver.NewVersion(s)`, a `*semver.Version`.
fn semver(a: &[Value]) -> FuncResult {
    let s = a[0].as_str().unwrap_or_default();
    Version::parse(s)
        .map(|v| Value::Object(Rc::new(SemverValue(v))))
        .ok_or_else(|| FuncError::new(INVALID_VERSION))
}

/// `semverCompare CONSTRAINT VERSION`: whether the version meets the constraint.
fn semver_compare(a: &[Value]) -> FuncResult {
    // Sprig parses the constraint before the version, so its error comes first.
    let groups = parse_constraint(a[0].as_str().unwrap_or_default()).map_err(FuncError::new)?;
    let v = Version::parse(a[1].as_str().unwrap_or_default())
        .ok_or_else(|| FuncError::new(INVALID_VERSION))?;
    Ok(Value::Bool(check_constraint(&groups, &v)))
}

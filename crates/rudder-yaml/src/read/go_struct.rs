//! The Go struct a document is decoded into, as Go's decoding errors name it. helm 3 and helm 4
//! name some of theirs differently (`releaseutil.SimpleHead` / `util.SimpleHead`), so callers
//! say which one they decode into.

/// A Go struct type: `package.Name`, its fields shown as `Name.field`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoStruct {
    pub package: &'static str,
    pub name: &'static str,
}

impl GoStruct {
    /// `Go value of type package.Name`.
    pub(super) fn value_type(self) -> String {
        format!("Go value of type {}.{}", self.package, self.name)
    }

    /// `Name.path`, how a field of the struct is named.
    pub(super) fn field(self, path: &str) -> String {
        format!("{}.{path}", self.name)
    }
}

//! Where something is in a user's files.

use std::fmt;

/// A place in a file: `line` is 1-based (0 when unknown), `column` is the 0-based byte offset
/// in the line as Go's template errors count it (`None` when unknown).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Location {
    /// The path as the user sees it in messages (e.g. `mychart/templates/cm.yaml`).
    pub file: String,
    pub line: usize,
    pub column: Option<usize>,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: Option<usize>) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// The whole file, no particular line.
    pub fn file(file: impl Into<String>) -> Self {
        Location::new(file, 0, None)
    }
}

/// `file`, `file:line` or `file:line:column`, as Go prints template positions.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_go_positions() {
        assert_eq!(Location::file("c/values.yaml").to_string(), "c/values.yaml");
        assert_eq!(Location::new("c/t.yaml", 3, None).to_string(), "c/t.yaml:3");
        assert_eq!(
            Location::new("c/t.yaml", 3, Some(10)).to_string(),
            "c/t.yaml:3:10"
        );
    }
}

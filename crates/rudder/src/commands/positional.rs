//! Counts of positional arguments checked as helm's `require` package checks them, with its
//! messages (`"helm repo add" requires 2 arguments` and the command's usage line).

use anyhow::{bail, Result};

/// A command as helm names it: its path (`helm repo add`) and what its usage line adds
/// after the path (`[NAME] [URL]`).
pub struct Command {
    pub path: &'static str,
    pub usage: &'static str,
}

impl Command {
    fn usage_line(&self) -> String {
        if self.usage.is_empty() {
            format!("{} [flags]", self.path)
        } else {
            format!("{} {} [flags]", self.path, self.usage)
        }
    }

    fn fail(&self, what: String) -> Result<()> {
        bail!("{:?} {what}\n\nUsage:  {}", self.path, self.usage_line())
    }

    /// `require.NoArgs`.
    pub fn none(&self, args: &[String]) -> Result<()> {
        if args.is_empty() {
            return Ok(());
        }
        self.fail("accepts no arguments".into())
    }

    /// `require.ExactArgs(n)`.
    pub fn exactly(&self, n: usize, args: &[String]) -> Result<()> {
        if args.len() == n {
            return Ok(());
        }
        self.fail(format!("requires {n} {}", arguments(n)))
    }

    /// `require.MaximumNArgs(n)`.
    pub fn at_most(&self, n: usize, args: &[String]) -> Result<()> {
        if args.len() <= n {
            return Ok(());
        }
        self.fail(format!("accepts at most {n} {}", arguments(n)))
    }

    /// `require.MinimumNArgs(n)`.
    pub fn at_least(&self, n: usize, args: &[String]) -> Result<()> {
        if args.len() >= n {
            return Ok(());
        }
        self.fail(format!("requires at least {n} {}", arguments(n)))
    }
}

fn arguments(n: usize) -> &'static str {
    if n == 1 {
        "argument"
    } else {
        "arguments"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_as_helm_words_them() {
        let add = Command {
            path: "helm repo add",
            usage: "[NAME] [URL]",
        };
        assert_eq!(
            add.exactly(2, &["a".into()]).unwrap_err().to_string(),
            "\"helm repo add\" requires 2 arguments\n\nUsage:  helm repo add [NAME] [URL] [flags]"
        );
        let list = Command {
            path: "helm repo list",
            usage: "",
        };
        assert_eq!(
            list.none(&["x".into()]).unwrap_err().to_string(),
            "\"helm repo list\" accepts no arguments\n\nUsage:  helm repo list [flags]"
        );
        let up = Command {
            path: "helm dependency update",
            usage: "CHART",
        };
        assert!(up.at_most(1, &["a".into()]).is_ok());
        assert_eq!(
            up.at_most(1, &["a".into(), "b".into()])
                .unwrap_err()
                .to_string(),
            "\"helm dependency update\" accepts at most 1 argument\n\nUsage:  helm dependency update CHART [flags]"
        );
    }
}

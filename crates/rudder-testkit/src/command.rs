//! The commands cases run, one entry each. A case names its command (`command: lint`); the
//! harness runs `<binary> <words> <case args> [<chart>]` in the case's work folder for the
//! reference tool and for rudder alike, and files the command writes there join the outcome.
//! A new command is one more entry in [`COMMANDS`].

use anyhow::{bail, Result};

/// How a command's argument list is built.
#[derive(Debug, PartialEq, Eq)]
pub struct Command {
    /// The name a case's `command:` header uses.
    pub name: &'static str,
    /// The words after the binary that select the command (`repo index` is two).
    pub words: &'static [&'static str],
    /// Whether the chart folder is appended when no argument is exactly `{chart}`.
    pub appends_chart: bool,
}

/// Every command cases can run; the first is the default.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "template",
        words: &["template"],
        appends_chart: true,
    },
    Command {
        name: "lint",
        words: &["lint"],
        appends_chart: true,
    },
    Command {
        name: "package",
        words: &["package"],
        appends_chart: true,
    },
    // The folder to index is an argument (`args: repo`), not the chart.
    Command {
        name: "repo-index",
        words: &["repo", "index"],
        appends_chart: false,
    },
    Command {
        name: "dependency-update",
        words: &["dependency", "update"],
        appends_chart: true,
    },
    Command {
        name: "dependency-build",
        words: &["dependency", "build"],
        appends_chart: true,
    },
    Command {
        name: "dependency-list",
        words: &["dependency", "list"],
        appends_chart: true,
    },
];

/// The command of cases that name none.
pub const DEFAULT_COMMAND: &Command = &COMMANDS[0];

impl Command {
    /// Finds a command by the name cases use.
    pub fn find(name: &str) -> Result<&'static Command> {
        match COMMANDS.iter().find(|c| c.name == name) {
            Some(c) => Ok(c),
            None => {
                let known: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
                bail!("unknown command {name:?} (known: {})", known.join(", "))
            }
        }
    }

    /// The argument list after the binary: the command's words, then `args` with `{chart}`
    /// replaced by `chart`, then the chart unless an argument was exactly `{chart}`.
    pub fn argv(&self, args: &[String], chart: &str) -> Vec<String> {
        let mut argv: Vec<String> = self.words.iter().map(|w| w.to_string()).collect();
        argv.extend(args.iter().map(|a| a.replace("{chart}", chart)));
        if self.appends_chart && !args.iter().any(|a| a == "{chart}") {
            argv.push(chart.to_string());
        }
        argv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argv_places_the_chart() {
        let t = Command::find("template").unwrap();
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            t.argv(&args(&["-f", "{chart}/v.yaml"]), "c"),
            args(&["template", "-f", "c/v.yaml", "c"])
        );
        assert_eq!(
            t.argv(&args(&["rel", "{chart}"]), "c"),
            args(&["template", "rel", "c"])
        );
        assert!(Command::find("nope").is_err());
        let index = Command::find("repo-index").unwrap();
        assert_eq!(
            index.argv(&args(&["repo", "--url", "u"]), "c"),
            args(&["repo", "index", "repo", "--url", "u"])
        );
    }
}

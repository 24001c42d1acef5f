//! `.golden` files: helm's recorded outcome of every case of one `.cases` file.

use anyhow::{bail, Result};

/// What one run of `template` produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub exit: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A named outcome as stored in a golden file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub case: String,
    pub outcome: Outcome,
}

const CASE: &str = "@@@@ case ";
const EXIT: &str = "@@@@ exit ";
const STDOUT: &str = "@@@@ stdout\n";
const STDERR: &str = "\n@@@@ stderr\n";

/// Renders recorded outcomes in the golden format (see `testdata/README.md`).
pub fn render(records: &[Recorded]) -> String {
    let mut out = String::new();
    for r in records {
        out.push_str(&format!(
            "{CASE}{}\n{EXIT}{}\n{STDOUT}{}{STDERR}{}\n",
            r.case, r.outcome.exit, r.outcome.stdout, r.outcome.stderr
        ));
    }
    out
}

/// Parses a golden file.
pub fn parse(text: &str) -> Result<Vec<Recorded>> {
    let mut records = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix(CASE) else {
            bail!("expected `{CASE}` at {:?}", head(rest));
        };
        let (case, after) = after.split_once('\n').unwrap_or((after, ""));
        let Some(after) = after.strip_prefix(EXIT) else {
            bail!("case {case}: expected `{EXIT}`");
        };
        let (exit, after) = after.split_once('\n').unwrap_or((after, ""));
        let exit: i32 = exit.trim().parse()?;
        let Some(after) = after.strip_prefix(STDOUT) else {
            bail!("case {case}: expected `{STDOUT}`");
        };
        let Some((stdout, after)) = after.split_once(STDERR) else {
            bail!("case {case}: no stderr section");
        };
        // stderr runs up to the newline that precedes the next case (or the end).
        let end = after
            .find(&format!("\n{CASE}"))
            .map(|i| i + 1)
            .unwrap_or(after.len());
        let stderr = after[..end]
            .strip_suffix('\n')
            .ok_or_else(|| anyhow::anyhow!("case {case}: stderr must end with a newline"))?;
        records.push(Recorded {
            case: case.to_string(),
            outcome: Outcome {
                exit,
                stdout: stdout.to_string(),
                stderr: stderr.to_string(),
            },
        });
        rest = &after[end..];
    }
    Ok(records)
}

fn head(s: &str) -> &str {
    &s[..s.char_indices().nth(40).map(|(i, _)| i).unwrap_or(s.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(case: &str, exit: i32, stdout: &str, stderr: &str) -> Recorded {
        Recorded {
            case: case.into(),
            outcome: Outcome {
                exit,
                stdout: stdout.into(),
                stderr: stderr.into(),
            },
        }
    }

    #[test]
    fn round_trips_edge_contents() {
        let records = vec![
            rec("a", 0, "\n", ""),
            rec("b", 1, "", "Error: x\n\nUse --debug flag\n"),
            rec(
                "c",
                0,
                "---\n# Source: t/templates/t.yaml\na: 1\n",
                "line\n@@@@ not a marker\n",
            ),
        ];
        let text = render(&records);
        assert_eq!(parse(&text).unwrap(), records);
    }

    #[test]
    fn rejects_truncated_files() {
        let text = render(&[rec("a", 0, "x\n", "")]);
        assert!(parse(&text[..text.len() - 1]).is_err());
        assert!(parse("@@@@ case a\n@@@@ exit 0\n").is_err());
    }
}

//! `.golden` files: helm's recorded outcome of every case of one `.cases` file.

use anyhow::{bail, Result};

/// What one run of a command produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub exit: i32,
    pub stdout: String,
    pub stderr: String,
    /// The files the command wrote in its work folder: (path relative to it, content), by path.
    pub files: Vec<(String, String)>,
    /// The files of the work folder the command removed (paths relative to it), by path.
    pub removed: Vec<String>,
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
const FILE: &str = "@@@@ file ";
const REMOVED: &str = "@@@@ removed ";

/// Renders recorded outcomes in the golden format (see `testdata/README.md`).
pub fn render(records: &[Recorded]) -> String {
    let mut out = String::new();
    for r in records {
        out.push_str(&format!(
            "{CASE}{}\n{EXIT}{}\n{STDOUT}{}{STDERR}{}\n",
            r.case, r.outcome.exit, r.outcome.stdout, r.outcome.stderr
        ));
        for (path, content) in &r.outcome.files {
            out.push_str(&format!("{FILE}{path}\n{content}\n"));
        }
        for path in &r.outcome.removed {
            out.push_str(&format!("{REMOVED}{path}\n"));
        }
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
        let (stderr, mut after) = section(after, case, "stderr")?;
        let mut files = Vec::new();
        while let Some(file) = after.strip_prefix(FILE) {
            let (path, body) = file.split_once('\n').unwrap_or((file, ""));
            let (content, next) = section(body, case, path)?;
            files.push((path.to_string(), content));
            after = next;
        }
        let mut removed = Vec::new();
        while let Some(line) = after.strip_prefix(REMOVED) {
            let (path, next) = line.split_once('\n').unwrap_or((line, ""));
            removed.push(path.to_string());
            after = next;
        }
        records.push(Recorded {
            case: case.to_string(),
            outcome: Outcome {
                exit,
                stdout: stdout.to_string(),
                stderr,
                files,
                removed,
            },
        });
        rest = after;
    }
    Ok(records)
}

/// A section's content: it runs up to the newline that precedes the next `@@@@ case`,
/// `@@@@ file` or `@@@@ removed` line (or the end). Returns the content and the text after it.
fn section<'t>(text: &'t str, case: &str, what: &str) -> Result<(String, &'t str)> {
    let end = [CASE, FILE, REMOVED]
        .iter()
        .filter_map(|marker| text.find(&format!("\n{marker}")))
        .min()
        .map(|i| i + 1)
        .unwrap_or(text.len());
    let content = text[..end]
        .strip_suffix('\n')
        .ok_or_else(|| anyhow::anyhow!("case {case}: {what} must end with a newline"))?;
    Ok((content.to_string(), &text[end..]))
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
                files: Vec::new(),
                removed: Vec::new(),
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
        let mut with_files = rec("d", 0, "wrote out/a.yaml\n", "");
        with_files.outcome.files = vec![
            ("out/a.yaml".into(), "a: 1\n".into()),
            ("out/b.yaml".into(), "".into()),
        ];
        with_files.outcome.removed = vec!["charts/old-0.1.0.tgz".into(), "x".into()];
        let mut removed_only = rec("f", 0, "", "");
        removed_only.outcome.removed = vec!["Chart.lock".into()];
        let mut records = records;
        records.push(with_files);
        records.push(removed_only);
        records.push(rec("e", 0, "", "last\n"));
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

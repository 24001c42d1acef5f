//! Whether two outcomes of one case agree, and where they first differ.

use anyhow::Result;

use crate::filters;
use crate::golden::Outcome;

/// Compares helm's outcome with another run after applying the case's filters to both.
/// Returns `None` when they agree, else a one-paragraph description of the first difference.
/// Compared: the exit status, stdout byte for byte, and stderr from its `Error:` line on
/// (warnings before it are not compared).
pub fn compare(filters: &[String], expected: &Outcome, actual: &Outcome) -> Result<Option<String>> {
    if expected.exit != actual.exit {
        let mut msg = format!("exit status {} instead of {}", actual.exit, expected.exit);
        if let Some(err) = error_part(&actual.stderr).lines().next() {
            msg.push_str(&format!(": {err}"));
        }
        return Ok(Some(msg));
    }
    let want = filters::apply_all(filters, &expected.stdout)?;
    let got = filters::apply_all(filters, &actual.stdout)?;
    if let Some(diff) = first_difference(&want, &got) {
        return Ok(Some(format!("stdout differs: {diff}")));
    }
    let want = filters::apply_all(filters, &expected.stderr)?;
    let got = filters::apply_all(filters, &actual.stderr)?;
    Ok(first_difference(&want, &got).map(|d| format!("stderr differs: {d}")))
}

/// The part of stderr from the first `Error:` line on.
fn error_part(stderr: &str) -> &str {
    if stderr.starts_with("Error:") {
        return stderr;
    }
    match stderr.find("\nError:") {
        Some(i) => &stderr[i + 1..],
        None => "",
    }
}

/// The first differing line, 1-based, shown from both sides.
pub fn first_difference(want: &str, got: &str) -> Option<String> {
    if want == got {
        return None;
    }
    let mut w = want.split_inclusive('\n');
    let mut g = got.split_inclusive('\n');
    let mut line = 1;
    loop {
        match (w.next(), g.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (a, b) => {
                return Some(format!(
                    "line {line}: expected {:?}, got {:?}",
                    a.unwrap_or("<end>"),
                    b.unwrap_or("<end>")
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(exit: i32, stdout: &str, stderr: &str) -> Outcome {
        Outcome {
            exit,
            stdout: stdout.into(),
            stderr: stderr.into(),
        }
    }

    #[test]
    fn agrees_despite_warnings_before_the_error() {
        let helm = out(1, "", "level=WARN msg=x\nError: boom\n");
        let ours = out(1, "", "Error: boom\n");
        assert_eq!(compare(&[], &helm, &ours).unwrap(), None);
    }

    #[test]
    fn names_the_first_differing_line() {
        let d = compare(&[], &out(0, "a\nb\nc\n", ""), &out(0, "a\nB\nc\n", "")).unwrap();
        assert_eq!(
            d.unwrap(),
            "stdout differs: line 2: expected \"b\\n\", got \"B\\n\""
        );
        let d = compare(&[], &out(0, "a\n", ""), &out(0, "a\nextra\n", "")).unwrap();
        assert_eq!(
            d.unwrap(),
            "stdout differs: line 2: expected \"<end>\", got \"extra\\n\""
        );
    }

    #[test]
    fn exit_status_and_error_text_count() {
        let d = compare(&[], &out(1, "", "Error: a\n"), &out(0, "x", "")).unwrap();
        assert_eq!(d.unwrap(), "exit status 0 instead of 1");
        let d = compare(&[], &out(1, "", "Error: a\n"), &out(1, "", "Error: b\n")).unwrap();
        assert!(d.unwrap().starts_with("stderr differs"));
    }

    #[test]
    fn filters_apply_to_both_sides() {
        let f = vec!["random:p".to_string()];
        assert_eq!(
            compare(&f, &out(0, "p: abc\n", ""), &out(0, "p: xyz\n", "")).unwrap(),
            None
        );
        assert!(compare(&f, &out(0, "p: abc\n", ""), &out(0, "p: xy\n", ""))
            .unwrap()
            .is_some());
    }
}

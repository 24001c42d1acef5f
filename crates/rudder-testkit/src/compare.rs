//! Whether two outcomes of one case agree, and where they first differ.

use anyhow::Result;

use crate::filters;
use crate::golden::Outcome;

/// Compares a reference's outcome with another run after applying the case's filters to both.
/// Returns `None` when they agree, else a one-paragraph description of the first difference.
/// Everything counts: the exit status, all of stdout, all of stderr, and every file written.
pub fn compare(filters: &[String], expected: &Outcome, actual: &Outcome) -> Result<Option<String>> {
    if expected.exit != actual.exit {
        let mut msg = format!("exit status {} instead of {}", actual.exit, expected.exit);
        if let Some(err) = actual.stderr.lines().find(|l| l.starts_with("Error:")) {
            msg.push_str(&format!(": {err}"));
        }
        return Ok(Some(msg));
    }
    let texts = [
        ("stdout", &expected.stdout, &actual.stdout),
        ("stderr", &expected.stderr, &actual.stderr),
    ];
    for (what, want, got) in texts {
        if let Some(diff) = filtered_difference(filters, want, got)? {
            return Ok(Some(format!("{what} differs: {diff}")));
        }
    }
    let paths = |o: &Outcome| o.files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    if paths(expected) != paths(actual) {
        return Ok(Some(format!(
            "files written: {:?} instead of {:?}",
            paths(actual),
            paths(expected)
        )));
    }
    if expected.removed != actual.removed {
        return Ok(Some(format!(
            "files removed: {:?} instead of {:?}",
            actual.removed, expected.removed
        )));
    }
    for ((path, want), (_, got)) in expected.files.iter().zip(&actual.files) {
        if let Some(diff) = filtered_difference(filters, want, got)? {
            return Ok(Some(format!("file {path} differs: {diff}")));
        }
    }
    Ok(None)
}

fn filtered_difference(filters: &[String], want: &str, got: &str) -> Result<Option<String>> {
    let want = filters::apply_all(filters, want)?;
    let got = filters::apply_all(filters, got)?;
    Ok(first_difference(&want, &got))
}

/// The first differing line, 1-based, shown from both sides.
fn first_difference(want: &str, got: &str) -> Option<String> {
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
            files: Vec::new(),
            removed: Vec::new(),
        }
    }

    #[test]
    fn log_lines_count_on_success_and_before_an_error() {
        let helm = out(1, "", "level=WARN msg=x\nError: boom\n");
        let ours = out(1, "", "Error: boom\n");
        assert_eq!(
            compare(&[], &helm, &ours).unwrap().unwrap(),
            "stderr differs: line 1: expected \"level=WARN msg=x\\n\", got \"Error: boom\\n\""
        );
        let helm = out(0, "a: 1\n", "level=INFO msg=\"skipping unknown hooks\"\n");
        let ours = out(0, "a: 1\n", "");
        assert!(compare(&[], &helm, &ours).unwrap().is_some());
        assert_eq!(compare(&[], &helm, &helm).unwrap(), None);
    }

    #[test]
    fn written_files_count() {
        let mut helm = out(0, "", "");
        helm.files = vec![("out/a.yaml".into(), "a: 1\n".into())];
        let mut ours = helm.clone();
        assert_eq!(compare(&[], &helm, &ours).unwrap(), None);
        ours.files[0].1 = "a: 2\n".into();
        assert!(compare(&[], &helm, &ours)
            .unwrap()
            .unwrap()
            .starts_with("file out/a.yaml differs: line 1"));
        ours.files.clear();
        assert_eq!(
            compare(&[], &helm, &ours).unwrap().unwrap(),
            "files written: [] instead of [\"out/a.yaml\"]"
        );
        let mut ours = helm.clone();
        ours.removed = vec!["Chart.lock".into()];
        assert_eq!(
            compare(&[], &helm, &ours).unwrap().unwrap(),
            "files removed: [\"Chart.lock\"] instead of []"
        );
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
        let d = compare(
            &[],
            &out(0, "", ""),
            &out(1, "", "level=WARN w\nError: b\n"),
        )
        .unwrap();
        assert_eq!(d.unwrap(), "exit status 1 instead of 0: Error: b");
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

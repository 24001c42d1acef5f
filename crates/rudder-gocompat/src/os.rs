//! Go's `os` errors: the text of a `syscall.Errno` after `open PATH: ` or `stat PATH: `.

/// The reason Go prints for a failed file operation (`no such file or directory`), where it
/// differs from Rust's (`No such file or directory (os error 2)`).
pub fn error_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        std::io::ErrorKind::NotADirectory => "not a directory".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_as_go() {
        let missing = std::fs::metadata("/no/such/path").unwrap_err();
        assert_eq!(error_text(&missing), "no such file or directory");
        let under_file = std::fs::metadata("/dev/null/x").unwrap_err();
        assert_eq!(error_text(&under_file), "not a directory");
    }
}

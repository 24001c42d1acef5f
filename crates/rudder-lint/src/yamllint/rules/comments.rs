//! `comments`: a space after `#`, and room between content and a comment on the same line.

use super::super::config::RuleConf;
use super::{Comment, Found};

pub fn check(conf: &RuleConf, comment: &Comment) -> Vec<Found> {
    let mut found = Vec::new();
    let min_spaces = conf.int("min-spaces-from-content");
    if min_spaces != -1 && comment.is_inline() {
        let gap = comment.pointer as i64 - comment.token_before.end.pointer as i64;
        if gap < min_spaces {
            found.push(Found::new(
                comment.line_no,
                comment.column_no,
                &format!("too few spaces before comment: expected {min_spaces}"),
            ));
        }
    }
    if conf.bool("require-starting-space") {
        let buffer = comment.buffer;
        let mut text_start = comment.pointer + 1;
        while text_start < buffer.len() && buffer[text_start] == '#' {
            text_start += 1;
        }
        if text_start < buffer.len() {
            let shebang = conf.bool("ignore-shebangs")
                && comment.line_no == 1
                && comment.column_no == 1
                && buffer[text_start] == '!';
            if !shebang && !matches!(buffer[text_start], ' ' | '\n' | '\r' | '\0') {
                let column = comment.column_no + text_start - comment.pointer;
                found.push(Found::new(
                    comment.line_no,
                    column,
                    "missing starting space in comment",
                ));
            }
        }
    }
    found
}

//! Rules on raw lines: `empty-lines`, `line-length`, `new-line-at-end-of-file`, `new-lines`,
//! `trailing-spaces`. `line.buffer` is the text without PyYAML's `'\0'`.

use super::super::config::RuleConf;
use super::super::scanner::{scan, Kind};
use super::{Found, Line};

fn slice_is(buffer: &[char], from: usize, text: &str) -> bool {
    let want: Vec<char> = text.chars().collect();
    buffer.get(from..from + want.len()) == Some(&want[..])
}

pub fn empty_lines(conf: &RuleConf, line: &Line) -> Vec<Found> {
    let buffer = line.buffer;
    if line.start != line.end || line.end >= buffer.len() {
        return Vec::new();
    }
    // Only the last blank line of a series is reported.
    if slice_is(buffer, line.end, "\n\n") || slice_is(buffer, line.end, "\r\n\r\n") {
        return Vec::new();
    }
    let mut blank_lines = 0;
    let mut start = line.start;
    while start >= 2 && slice_is(buffer, start - 2, "\r\n") {
        blank_lines += 1;
        start -= 2;
    }
    while start >= 1 && buffer[start - 1] == '\n' {
        blank_lines += 1;
        start -= 1;
    }
    let mut max = conf.int("max");
    if start == 0 {
        blank_lines += 1;
        max = conf.int("max-start");
    }
    let at_end = (line.end + 1 == buffer.len() && buffer[line.end] == '\n')
        || (line.end + 2 == buffer.len() && slice_is(buffer, line.end, "\r\n"));
    if at_end {
        if line.end == 0 {
            return Vec::new();
        }
        max = conf.int("max-end");
    }
    if blank_lines > max {
        let desc = format!("too many blank lines ({blank_lines} > {max})");
        return vec![Found::new(line.line_no, 1, &desc)];
    }
    Vec::new()
}

pub fn new_line_at_end_of_file(_conf: &RuleConf, line: &Line) -> Vec<Found> {
    if line.end == line.buffer.len() && line.end > line.start {
        let column = line.end - line.start + 1;
        return vec![Found::new(
            line.line_no,
            column,
            "no new line character at the end of file",
        )];
    }
    Vec::new()
}

pub fn new_lines(conf: &RuleConf, line: &Line) -> Vec<Found> {
    let (newline, shown) = match conf.word("type") {
        Some("dos") => ("\r\n", "\\r\\n"),
        _ => ("\n", "\\n"),
    };
    if line.start == 0 && line.buffer.len() > line.end && !slice_is(line.buffer, line.end, newline)
    {
        let desc = format!("wrong new line character: expected {shown}");
        return vec![Found::new(1, line.end - line.start + 1, &desc)];
    }
    Vec::new()
}

pub fn trailing_spaces(_conf: &RuleConf, line: &Line) -> Vec<Found> {
    if line.end == 0 {
        return Vec::new();
    }
    let buffer = line.buffer;
    let mut pos = line.end;
    // Python's string.whitespace.
    while pos > line.start && matches!(buffer[pos - 1], ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
    {
        pos -= 1;
    }
    if pos != line.end && matches!(buffer.get(pos), Some(' ' | '\t')) {
        return vec![Found::new(
            line.line_no,
            pos - line.start + 1,
            "trailing spaces",
        )];
    }
    Vec::new()
}

pub fn line_length(conf: &RuleConf, line: &Line) -> Vec<Found> {
    let max = conf.int("max");
    let length = (line.end - line.start) as i64;
    if length <= max {
        return Vec::new();
    }
    let inline_mappings = conf.bool("allow-non-breakable-inline-mappings");
    if conf.bool("allow-non-breakable-words") || inline_mappings {
        let buffer = line.buffer;
        let mut start = line.start;
        while start < line.end && buffer[start] == ' ' {
            start += 1;
        }
        if start != line.end {
            if buffer[start] == '#' {
                while buffer.get(start) == Some(&'#') {
                    start += 1;
                }
                start += 1;
            } else if buffer[start] == '-' {
                start += 2;
            }
            let has_space = buffer
                .get(start..line.end)
                .is_some_and(|rest| rest.contains(&' '));
            if !has_space {
                return Vec::new();
            }
            if inline_mappings && non_breakable_inline_mapping(&buffer[line.start..line.end]) {
                return Vec::new();
            }
        }
    }
    let desc = format!("line too long ({length} > {max} characters)");
    vec![Found::new(line.line_no, max as usize + 1, &desc)]
}

/// yamllint's `check_inline_mapping`: the line alone is `key: value` with no space in the first
/// scalar value (PyYAML's tokens of the line, up to a scanner error).
fn non_breakable_inline_mapping(content: &[char]) -> bool {
    let buffer: Vec<char> = content.iter().copied().chain(['\0']).collect();
    let scanned = scan(&buffer);
    let tokens = &scanned.tokens[..scanned.available.min(scanned.tokens.len())];
    let Some(mapping) = tokens
        .iter()
        .position(|t| t.kind == Kind::BlockMappingStart)
    else {
        return false;
    };
    let mut rest = tokens[mapping + 1..].iter();
    while let Some(token) = rest.next() {
        if token.kind == Kind::Value {
            match rest.next() {
                Some(value) if value.kind == Kind::Scalar => {
                    return !content[value.start.column.min(content.len())..].contains(&' ');
                }
                Some(_) => {}
                None => return false,
            }
        }
    }
    false
}

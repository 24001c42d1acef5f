//! The README's parameters section rewritten in place: from the `## Parameters` heading
//! (any level from two `#` on) down to the last table-like line before the next heading of
//! its level, replaced with one subsection per `@section`, each with its description and a
//! `markdown-table` 2.0 table (cells padded to the longest, nothing escaped).

use regex::Regex;

use super::comments::{split_lines, Param, Section};
use super::config::{is_space, Config};
use super::js::{self, Js};

/// A section and its rendered parameters.
pub struct Rendered<'s> {
    pub section: &'s Section,
    pub params: Vec<Param>,
}

/// The error the tool throws when the README has no single parameters section it can find.
pub const NO_SECTION: &str = "ERROR: error getting current Parameters section from README";

/// The README text with its parameters section replaced, as the tool writes it.
pub fn update(readme: &str, sections: &[Rendered], config: &Config) -> Result<String, String> {
    let mut lines: Vec<String> = split_lines(readme).into_iter().map(String::from).collect();
    let title = Regex::new(&format!(r"^(##+) {}", config.params_section_title))
        .map_err(|e| format!("invalid regular expression from the config: {e}"))?;
    let mut signs = String::new();
    let mut limits = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(c) = title.captures(line) {
            signs = c[1].to_string();
            limits.push(i + 1);
        }
    }
    if limits.len() == 1 {
        let start = limits[0];
        let next =
            Regex::new(&format!(r"^{signs}{}", super::config::SPACE)).map_err(|e| e.to_string())?;
        let end = (start..lines.len())
            .find(|&i| next.is_match(&lines[i]))
            .unwrap_or(lines.len());
        let last_table_line = (start..end)
            .rev()
            .find(|&i| !lines[i].is_empty() && !is_text(&lines[i]));
        limits.push(match last_table_line {
            Some(i) => i + 1,
            None => start,
        });
    }
    if limits.len() != 2 {
        return Err(NO_SECTION.into());
    }
    let (start, end) = (limits[0], limits[1]);
    let section = render(sections, &format!("{signs}#"));
    let new_lines = section
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l));
    let remove = (end + 1 - start).min(lines.len().saturating_sub(start));
    let at = start.min(lines.len());
    lines.splice(at..at + remove, new_lines.map(String::from));
    Ok(lines.join("\n"))
}

/// A line of text that is no table row: the tool's `(?!.*\|).*\S(?<!\|.*)(?<!#.*)` finds a
/// match in it, which takes a stretch between line terminators with no `|` at all and a
/// non-blank character before any `#`.
fn is_text(line: &str) -> bool {
    line.split(['\r', '\u{2028}', '\u{2029}']).any(|part| {
        !part.contains('|')
            && part
                .split('#')
                .next()
                .is_some_and(|b| b.chars().any(|c| !is_space(c)))
    })
}

/// The new section: for each `@section` a heading one level below the parameters heading,
/// its description and its table, with the tool's `\r\n` line breaks.
fn render(sections: &[Rendered], signs: &str) -> String {
    let mut out = String::new();
    for s in sections {
        out.push_str("\r\n");
        out.push_str(&format!("{signs} {}\r\n\n", s.section.name));
        let description = s.section.description();
        if !description.is_empty() {
            out.push_str(&format!("{description}\r\n\n"));
        }
        if !s.params.is_empty() {
            out.push_str(&table(&s.params));
            out.push_str("\r\n");
        }
    }
    out
}

/// `markdown-table`'s table of name, description and value; a value is its text in
/// backticks (`""` for an empty string, JSON for lists and objects), empty for `@extra`.
fn table(params: &[Param]) -> String {
    let mut rows = vec![[
        "Name".to_string(),
        "Description".to_string(),
        "Value".to_string(),
    ]];
    for p in params {
        let value = match &p.value {
            Some(Js::Str(s)) if s.is_empty() => "\"\"".to_string(),
            Some(v @ (Js::Arr(_) | Js::Obj(_) | Js::Null)) => js::stringify(v, 0),
            other => Js::display(other.as_ref()),
        };
        let value = if p.extra() {
            String::new()
        } else {
            format!("`{value}`")
        };
        rows.push([format!("`{}`", p.name), p.description.clone(), value]);
    }
    let widths: Vec<usize> = (0..3)
        .map(|c| {
            rows.iter()
                .map(|r| js::length(&r[c]))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let line = |cells: &[String; 3]| {
        let mut out = String::from("|");
        for (cell, width) in cells.iter().zip(&widths) {
            let pad = width - js::length(cell);
            out.push_str(&format!(" {cell}{} |", " ".repeat(pad)));
        }
        out
    };
    let mut lines = vec![line(&rows[0])];
    lines.push(line(&[0, 1, 2].map(|c| "-".repeat(widths[c]))));
    lines.extend(rows[1..].iter().map(line));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_and_table_lines() {
        assert!(is_text("Some text"));
        assert!(!is_text("| a | b |"));
        assert!(!is_text("# heading"));
        assert!(!is_text("   "));
        assert!(is_text("x # y"));
        assert!(!is_text("x | y"));
    }
}

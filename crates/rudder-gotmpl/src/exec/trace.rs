//! Where an execution's output came from, line by line: findings on rendered manifests (lint's
//! policy and schema checks) point at the template line that wrote the offending field.
//! Recorded only when asked ([`super::execute_traced`]); plain execution pays nothing.

use std::collections::HashMap;
use std::rc::Rc;

/// A stretch of output starting at byte `offset`, written by the node at byte `pos` of
/// template `template` (whose source is `source`): verbatim text, whose lines follow the
/// template's, or an action's value, all of whose lines come from the action.
#[derive(Clone, Debug)]
pub struct Origin {
    pub(super) offset: usize,
    pub(super) template: Rc<str>,
    pub(super) source: Rc<str>,
    pub(super) pos: usize,
    pub(super) verbatim: bool,
}

/// A template and a 1-based line of it.
pub type TemplateLine = (Rc<str>, usize);

/// For each line of `out` (index 0 is line 1), the template line that wrote its first byte;
/// `None` before anything was recorded. `origins` are in output order, as execution records them.
pub fn line_origins(out: &str, origins: &[Origin]) -> Vec<Option<TemplateLine>> {
    let mut line_starts: HashMap<*const u8, Vec<usize>> = HashMap::new();
    let mut source_line = |origin: &Origin| -> usize {
        let starts = line_starts
            .entry(origin.source.as_ptr())
            .or_insert_with(|| newline_offsets(&origin.source));
        1 + starts.partition_point(|&nl| nl < origin.pos)
    };
    let mut lines = Vec::new();
    let mut next = 0;
    // The origin in effect and the template line of the output line being looked at.
    let mut current: Option<(usize, TemplateLine)> = None;
    let mut start = 0;
    loop {
        let mut moved = false;
        while next < origins.len() && origins[next].offset <= start {
            next += 1;
            moved = true;
        }
        if moved {
            let origin = &origins[next - 1];
            let mut line = source_line(origin);
            if origin.verbatim {
                line += out[origin.offset..start].matches('\n').count();
            }
            current = Some((next - 1, (origin.template.clone(), line)));
        } else if let Some((index, (_, line))) = &mut current {
            if origins[*index].verbatim {
                *line += 1;
            }
        }
        lines.push(current.as_ref().map(|(_, at)| at.clone()));
        match out[start..].find('\n') {
            Some(i) if start + i + 1 < out.len() => start += i + 1,
            _ => break,
        }
    }
    lines
}

fn newline_offsets(text: &str) -> Vec<usize> {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExecOptions, FuncMap, Templates, Value};

    /// The template line of each output line of template `t` in a set made of `files`.
    fn origins_of(files: &[(&str, &str)]) -> Vec<Option<(String, usize)>> {
        let mut set = Templates::new("t", Rc::new(FuncMap::new()));
        for (name, text) in files {
            set.parse(name, *text).unwrap();
        }
        let (out, origins) = set
            .execute_traced("t", &Value::Nil, &ExecOptions::default())
            .unwrap();
        line_origins(&out, &origins)
            .into_iter()
            .map(|o| o.map(|(t, l)| (t.to_string(), l)))
            .collect()
    }

    fn at(template: &str, line: usize) -> Option<(String, usize)> {
        Some((template.to_string(), line))
    }

    #[test]
    fn text_lines_follow_the_template_and_an_action_keeps_its_line() {
        let t = "a: 1\n{{- if true }}\nb: {{ \"x\\ny\" }}\nc: 3\n{{- end }}\n";
        // Output: "a: 1\nb: x\ny\nc: 3\n"
        assert_eq!(
            origins_of(&[("t", t)]),
            vec![at("t", 1), at("t", 3), at("t", 3), at("t", 4)]
        );
    }

    #[test]
    fn a_called_template_points_into_its_own_file() {
        let helpers = "{{ define \"h\" }}\nx: 1\ny: 2\n{{- end }}";
        let t = "top: 0\n{{- template \"h\" }}\nz: 3\n";
        assert_eq!(
            origins_of(&[("helpers", helpers), ("t", t)]),
            vec![at("t", 1), at("helpers", 2), at("helpers", 3), at("t", 3)]
        );
    }

    #[test]
    fn text_after_a_multi_line_action_continues_on_the_action_line() {
        // Output: "a\nb c\nd\n": "b c" starts in the action's output.
        let t = "{{ \"a\\nb\" }} c\nd\n";
        assert_eq!(
            origins_of(&[("t", t)]),
            vec![at("t", 1), at("t", 1), at("t", 2)]
        );
    }
}

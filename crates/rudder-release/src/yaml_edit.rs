//! Edits of Chart.yaml that change one scalar's value and nothing else: the key, spacing,
//! quoting, trailing comment, line ending and every other line stay as they were.

/// A `key: value` line split into its parts.
struct ScalarLine<'a> {
    /// Everything before the value (indent, `- `, key, colon, spaces).
    head: &'a str,
    value: &'a str,
    /// Whatever follows the value (spaces and a comment).
    tail: &'a str,
}

/// Splits `line` (without its line ending) when it is `key: value` for `key` at byte column
/// `indent` (after an optional `- `); `None` for other lines, and for values that do not fit on
/// the line (block scalars, flow collections, values continued on the next line).
fn scalar_line<'a>(line: &'a str, key: &str, indent: usize) -> Option<ScalarLine<'a>> {
    let rest = line.get(indent..)?;
    if !line[..indent].chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    let after_key = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .find_map(|k| rest.strip_prefix(k.as_str()))?;
    let after_colon = after_key.trim_start_matches(' ').strip_prefix(':')?;
    let spaces = after_colon.len() - after_colon.trim_start_matches([' ', '\t']).len();
    let start = line.len() - after_colon.len() + spaces;
    let body = &line[start..];
    let end = value_end(body)?;
    Some(ScalarLine {
        head: &line[..start],
        value: &body[..end],
        tail: &body[end..],
    })
}

/// Where a one-line scalar ends: after its closing quote, or before ` #`/trailing spaces.
fn value_end(body: &str) -> Option<usize> {
    let first = body.chars().next()?;
    match first {
        '"' => {
            let mut escaped = false;
            for (i, c) in body.char_indices().skip(1) {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return Some(i + 1),
                    _ => escaped = false,
                }
            }
            None
        }
        '\'' => body[1..].find('\'').map(|i| i + 2),
        '|' | '>' | '[' | '{' | '&' | '*' | '!' => None,
        _ => {
            let end = body.find(" #").unwrap_or(body.len());
            Some(body[..end].trim_end().len())
        }
    }
}

/// `new` written as `old` was: in the same quotes, bare when it was bare.
fn requote(old: &str, new: &str) -> String {
    if old.starts_with('"') {
        format!("\"{}\"", new.replace('\\', "\\\\").replace('"', "\\\""))
    } else if old.starts_with('\'') {
        format!("'{}'", new.replace('\'', "''"))
    } else {
        new.to_string()
    }
}

/// The value `old` holds, unquoted.
pub fn unquote(value: &str) -> String {
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        inner.replace("\\\"", "\"").replace("\\\\", "\\")
    } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        value.to_string()
    }
}

/// Lines with their endings kept.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn split_ending(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    (body, &line[body.len()..])
}

/// The value of a top-level `key`, unquoted, and its line number.
pub fn top_level(text: &str, key: &str) -> Option<(usize, String)> {
    lines(text).iter().enumerate().find_map(|(n, line)| {
        let (body, _) = split_ending(line);
        scalar_line(body, key, 0).map(|s| (n, unquote(s.value)))
    })
}

/// Sets a top-level `key` to `value`, keeping its quoting; `Ok(None)` when the key is absent,
/// an error when its value is not a one-line scalar.
pub fn set_top_level(text: &str, key: &str, value: &str) -> Result<Option<String>, String> {
    let mut out = String::with_capacity(text.len() + value.len());
    let mut found = false;
    for line in lines(text) {
        let (body, ending) = split_ending(line);
        if !found && is_key_line(body, key, 0) {
            let s = scalar_line(body, key, 0).ok_or_else(|| {
                format!("{key} is not a one-line value, rudder does not rewrite it")
            })?;
            out.push_str(&format!(
                "{}{}{}{ending}",
                s.head,
                requote(s.value, value),
                s.tail
            ));
            found = true;
        } else {
            out.push_str(line);
        }
    }
    Ok(found.then_some(out))
}

/// Whether `body` starts the mapping entry `key` at `indent`.
fn is_key_line(body: &str, key: &str, indent: usize) -> bool {
    let Some(rest) = body.get(indent..) else {
        return false;
    };
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .filter_map(|k| rest.strip_prefix(k.as_str()))
        .any(|after| after.trim_start_matches(' ').starts_with(':'))
}

/// Adds `key: "value"` on the line after the top-level `after` key (or at the end).
pub fn insert_after(text: &str, after: &str, key: &str, value: &str) -> String {
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let new_line = format!("{key}: {}{ending}", requote("\"", value));
    let mut out = String::new();
    let mut done = false;
    for line in lines(text) {
        out.push_str(line);
        if !done && is_key_line(split_ending(line).0, after, 0) {
            if !line.ends_with('\n') {
                out.push_str(ending);
            }
            out.push_str(&new_line);
            done = true;
        }
    }
    if !done {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(ending);
        }
        out.push_str(&new_line);
    }
    out
}

/// Sets the `version` of the `index`-th entry of the top-level `dependencies` list; `Ok(None)`
/// when that entry has no one-line `version`.
pub fn set_dependency_version(
    text: &str,
    index: usize,
    value: &str,
) -> Result<Option<String>, String> {
    let all = lines(text);
    let Some(start) = all
        .iter()
        .position(|l| is_key_line(split_ending(l).0, "dependencies", 0))
    else {
        return Ok(None);
    };
    // The list items: lines whose first non-space characters are `- `, at the list's indent.
    let mut item = None::<usize>;
    let mut item_indent = None::<usize>;
    for (n, line) in all.iter().enumerate().skip(start + 1) {
        let (body, ending) = split_ending(line);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = body.len() - trimmed.len();
        if indent == 0 && !trimmed.starts_with('-') {
            break; // the next top-level key
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            let list_indent = *item_indent.get_or_insert(indent);
            if indent == list_indent {
                item = Some(item.map_or(0, |i| i + 1));
            }
        }
        if item != Some(index) {
            continue;
        }
        let key_indent = item_indent.unwrap_or(0) + 2;
        if let Some(s) = scalar_line(body, "version", key_indent) {
            let mut out: String = all[..n].concat();
            out.push_str(&format!(
                "{}{}{}{ending}",
                s.head,
                requote(s.value, value),
                s.tail
            ));
            out.push_str(&all[n + 1..].concat());
            return Ok(Some(out));
        }
        if is_key_line(body, "version", key_indent) {
            return Err(
                "a dependency's version is not a one-line value, rudder does not rewrite it".into(),
            );
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_quotes_comments_and_endings() {
        let text =
            "apiVersion: v2\nname: a\nversion: \"1.0.0\" # bumped by CI\r\nappVersion: 2.0\n";
        let out = set_top_level(text, "version", "1.1.0").unwrap().unwrap();
        assert_eq!(
            out,
            "apiVersion: v2\nname: a\nversion: \"1.1.0\" # bumped by CI\r\nappVersion: 2.0\n"
        );
        let out = set_top_level(text, "appVersion", "2.1").unwrap().unwrap();
        assert!(out.ends_with("appVersion: 2.1\n"));
        let single = set_top_level("version:   '1.0.0'\n", "version", "2.0.0").unwrap();
        assert_eq!(single.as_deref(), Some("version:   '2.0.0'\n"));
        assert_eq!(set_top_level("name: x\n", "version", "1").unwrap(), None);
        assert!(set_top_level("version: >\n  1.0.0\n", "version", "1").is_err());
        assert_eq!(top_level(text, "version"), Some((2, "1.0.0".into())));
    }

    #[test]
    fn nested_keys_are_not_top_level() {
        let text = "dependencies:\n  - name: b\n    version: 1.0.0\nversion: 0.1.0\n";
        let out = set_top_level(text, "version", "0.2.0").unwrap().unwrap();
        assert_eq!(
            out,
            "dependencies:\n  - name: b\n    version: 1.0.0\nversion: 0.2.0\n"
        );
    }

    #[test]
    fn dependency_versions() {
        let text = "name: app\ndependencies:\n- name: a\n  version: ~1.0.0\n- version: \"^2.0.0\" # lib\n  name: b\nversion: 1.0.0\n";
        let out = set_dependency_version(text, 1, "^2.1.0").unwrap().unwrap();
        assert_eq!(
            out,
            "name: app\ndependencies:\n- name: a\n  version: ~1.0.0\n- version: \"^2.1.0\" # lib\n  name: b\nversion: 1.0.0\n"
        );
        let out = set_dependency_version(text, 0, "~1.1.0").unwrap().unwrap();
        assert!(out.contains("  version: ~1.1.0\n- version"));
        assert_eq!(set_dependency_version(text, 2, "1").unwrap(), None);
    }

    #[test]
    fn inserts_app_version() {
        let out = insert_after("name: a\nversion: 1.0.0\n", "version", "appVersion", "2.0");
        assert_eq!(out, "name: a\nversion: 1.0.0\nappVersion: \"2.0\"\n");
    }
}

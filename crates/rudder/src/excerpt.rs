//! Source excerpts under an error shown on a terminal: where it is, the line before, the line
//! itself and a caret under the column. This is rudder's addition after helm's message; piped
//! output stays exactly helm's.

use rudder_report::Location;

/// The excerpt of `text` (the file `location` names) at `location`; `label` says what the text
/// is when it is not the file itself (`rendered`). `None` when the line is not in the text.
pub fn excerpt(location: &Location, text: &str, label: Option<&str>) -> Option<String> {
    if location.line == 0 {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let index = location.line - 1;
    let line = lines.get(index)?;
    let width = location.line.to_string().len();
    let pad = " ".repeat(width);
    let mut out = match label {
        Some(label) => format!("{pad}--> {location} ({label})\n"),
        None => format!("{pad}--> {location}\n"),
    };
    out.push_str(&format!("{pad} |\n"));
    if index > 0 {
        out.push_str(&format!("{:>width$} | {}\n", index, lines[index - 1]));
    }
    out.push_str(&format!("{:>width$} | {line}\n", location.line));
    if let Some(column) = location.column {
        // Keep the line's tabs so the caret lines up under them.
        let before = line.get(..column.min(line.len())).unwrap_or(line);
        let indent: String = before
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("{pad} | {indent}^\n"));
    }
    Some(out)
}

/// The part of a rendered-files blob (`---\n# Source: path\n...` sections) that `file` rendered.
pub fn rendered_section<'b>(blob: &'b str, file: &str) -> Option<&'b str> {
    let header = format!("# Source: {file}\n");
    let start = blob.find(&header)? + header.len();
    let rest = &blob[start..];
    let end = rest.find("\n---\n# Source: ").map_or(rest.len(), |i| i + 1);
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_the_column() {
        let text = "a: 1\n\tname: {{ .Values.x.y }}\n";
        let shown = excerpt(&Location::new("c/templates/t.yaml", 2, Some(9)), text, None);
        insta::assert_snapshot!(shown.unwrap(), @r"
         --> c/templates/t.yaml:2:9
          |
        1 | a: 1
        2 | 	name: {{ .Values.x.y }}
          | 	        ^
        ");
        assert_eq!(excerpt(&Location::new("f", 9, None), text, None), None);
        assert_eq!(excerpt(&Location::file("f"), text, None), None);
    }

    #[test]
    fn sections_of_a_rendered_blob() {
        let blob =
            "---\n# Source: c/templates/a.yaml\na: 1\n---\n# Source: c/templates/b.yaml\nb: [\n";
        assert_eq!(rendered_section(blob, "c/templates/a.yaml"), Some("a: 1\n"));
        assert_eq!(rendered_section(blob, "c/templates/b.yaml"), Some("b: [\n"));
        assert_eq!(rendered_section(blob, "c/templates/z.yaml"), None);
    }
}

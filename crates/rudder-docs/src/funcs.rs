//! helm-docs' template functions: Sprig's rather than helm's where they differ (`fromJson`
//! takes any JSON), and `toYaml` writing as yaml.v3's `Marshal` does (indent 4).

use rudder_gotmpl::{Func, FuncMap, Ty, Value};

pub fn register(m: &mut FuncMap) {
    m.insert(
        "toYaml",
        // helm-docs swallows encoding errors: the text is then empty.
        Func::new(&[Ty::Any], |a| Ok(Value::string(to_yaml(&a[0])))),
    );
    m.insert(
        "fromJson",
        // Sprig decodes into `interface{}` and returns nil on malformed JSON.
        Func::new(&[Ty::String], |a| {
            let text = a[0].as_str().unwrap_or_default();
            Ok(rudder_yaml::parse_json(text).unwrap_or(Value::Nil))
        }),
    );
}

/// yaml.v3's `Marshal` (indent 4) without its final newline.
pub fn to_yaml(v: &Value) -> String {
    let pretty = rudder_yaml::to_yaml_pretty(v).unwrap_or_default();
    reindent(pretty.strip_suffix('\n').unwrap_or(&pretty))
}

/// Turns yaml.v3 output of indent 2 into that of indent 4: structural indentation doubles,
/// while a block scalar's lines keep their own spaces past the scalar's indentation.
fn reindent(text: &str) -> String {
    let mut out = Vec::new();
    // The indentation of the key or item holding an open block scalar.
    let mut scalar: Option<usize> = None;
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(holder) = scalar {
            if line.is_empty() || indent > holder {
                let own = line.get(holder + 2..).unwrap_or("");
                out.push(format!("{}{own}", " ".repeat(holder * 2 + 4)));
                continue;
            }
            scalar = None;
        }
        let trimmed = line.trim_end();
        if ["|", "|-", "|+", ">", ">-", ">+"]
            .iter()
            .any(|h| trimmed.ends_with(h))
        {
            scalar = Some(indent);
        }
        out.push(format!("{}{}", " ".repeat(indent * 2), &line[indent..]));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_indents_by_four() {
        assert_eq!(
            reindent("a:\n  b:\n    - x\n  c: |-\n    line\n      deeper"),
            "a:\n    b:\n        - x\n    c: |-\n        line\n          deeper"
        );
    }
}

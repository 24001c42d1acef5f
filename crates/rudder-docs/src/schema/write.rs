//! The schema file's text: JSON indented by two spaces, object keys in the order they were
//! built (values.yaml's order), and a final newline; empty objects and lists stay on one line.

use rudder_yaml::write::{json_number, write_string};

use crate::json::Json;

/// `None` when a number has no JSON form (NaN, infinities).
pub fn pretty(value: &Json) -> Option<String> {
    let mut out = String::new();
    write(value, 0, &mut out)?;
    out.push('\n');
    Some(out)
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.push_str(&"  ".repeat(depth));
}

fn write(value: &Json, depth: usize, out: &mut String) -> Option<()> {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(i) => out.push_str(&i.to_string()),
        Json::Float(f) => out.push_str(&json_number(*f).ok()?),
        Json::Str(s) => write_string(out, s, false),
        Json::List(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Json::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write(item, depth + 1, out)?;
            }
            newline(out, depth);
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key, false);
                out.push_str(": ");
                write(item, depth + 1, out)?;
            }
            newline(out, depth);
            out.push('}');
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_space_indentation_in_insertion_order() {
        let v = Json::Object(vec![
            ("z".into(), Json::List(vec![Json::Int(1), Json::Float(1.5)])),
            ("a".into(), Json::Object(vec![])),
            ("s".into(), Json::Str("<é>".into())),
        ]);
        assert_eq!(
            pretty(&v).unwrap(),
            "{\n  \"z\": [\n    1,\n    1.5\n  ],\n  \"a\": {},\n  \"s\": \"<é>\"\n}\n"
        );
    }
}

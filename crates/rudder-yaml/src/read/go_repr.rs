//! Go's `%#v` of what go-yaml v2 decodes into `interface{}`, as its error messages print it
//! (`invalid map key: map[interface {}]interface {}{"a":1}`).

use rudder_gotmpl::fmt::{format_float, quote};

use super::resolve::{resolve, Scalar};
use super::tree::YNode;

/// `%#v` of a node standing alone (a nil is `<nil>`).
pub fn sharp_v(node: &YNode) -> String {
    match node {
        YNode::Scalar {
            value, plain, tag, ..
        } if resolve(value, *plain, tag.as_deref()) == Ok(Scalar::Null) => "<nil>".into(),
        _ => inner(node),
    }
}

/// `%#v` of a node inside a map or slice (a nil is `interface {}(nil)`).
fn inner(node: &YNode) -> String {
    match node {
        YNode::Scalar {
            value, plain, tag, ..
        } => match resolve(value, *plain, tag.as_deref()) {
            Ok(Scalar::Null) => "interface {}(nil)".into(),
            Ok(Scalar::Bool(b)) => b.to_string(),
            Ok(Scalar::Int(i)) => i.to_string(),
            Ok(Scalar::Uint(u)) => format!("0x{u:x}"),
            Ok(Scalar::Float(f)) => format_float(f, b'g', -1, 64),
            Ok(Scalar::Str(s)) => quote(&s),
            Ok(Scalar::Merge) => quote("<<"),
            Err(_) => quote(value),
        },
        YNode::Seq(items) => {
            let items: Vec<String> = items.iter().map(|i| inner(i)).collect();
            format!("[]interface {{}}{{{}}}", items.join(", "))
        }
        YNode::Map(pairs) => {
            // fmt prints map entries sorted by key; a key written twice holds its last value
            // (listed first here, and kept by the stable sort and the dedup).
            let mut entries: Vec<(String, String)> = pairs
                .iter()
                .rev()
                .map(|(k, v)| (inner(k), inner(v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.dedup_by(|a, b| a.0 == b.0);
            let entries: Vec<String> = entries.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!(
                "map[interface {{}}]interface {{}}{{{}}}",
                entries.join(", ")
            )
        }
    }
}

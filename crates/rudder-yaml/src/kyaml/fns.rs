//! kyaml's filters on a resource (`kfns.go`, `fns.go`): reading, setting and clearing
//! annotations, with its errors for nodes of the wrong kind.

use super::v3::{Encoder, Kind, Node, Style, NULL_TAG, STR_TAG};

/// kyaml's `String`: a node as its own document.
pub fn to_string(node: &Node) -> Result<String, String> {
    let mut encoder = Encoder::default();
    encoder.encode(node, true)?;
    Ok(encoder.finish())
}

/// kyaml's `IsMissingOrNull` of a node that exists.
fn is_null(node: &Node) -> bool {
    node.tag == NULL_TAG
}

/// kyaml's `IsYNodeNilOrEmpty`.
fn is_nil_or_empty(node: &Node) -> bool {
    is_null(node)
        || (matches!(node.kind, Kind::Mapping | Kind::Sequence) && node.content.is_empty())
}

/// kyaml's `ErrorIfInvalid`: a null node passes.
fn error_if_invalid(node: &Node, kind: Kind) -> Result<(), String> {
    if is_null(node) || node.kind == kind {
        return Ok(());
    }
    let mut message = format!(
        "wrong node kind: expected {} but got {}",
        kind.name(),
        node.kind.name()
    );
    if let Ok(content) = to_string(node) {
        message.push_str(": node contents:\n");
        message.push_str(&content);
    }
    Err(message)
}

/// kyaml's `FieldMatcher`: the value of the first `name` key of a mapping, `None` for a
/// null node; with `create`, an empty mapping is added at the end when the key is missing.
fn field<'n>(node: &'n mut Node, name: &str, create: bool) -> Result<Option<&'n mut Node>, String> {
    if is_null(node) {
        return Ok(None);
    }
    error_if_invalid(node, Kind::Mapping)?;
    if create && node.field_index(name).is_none() {
        node.content.push(Node::scalar(name));
        node.content.push(Node::new(Kind::Mapping));
    }
    Ok(node.field_mut(name))
}

/// kyaml's `FieldClearer`: removes the first `name` entry (with `if_empty`, the first whose
/// value has no content).
fn clear_field(node: &mut Node, name: &str, if_empty: bool) -> Result<(), String> {
    error_if_invalid(node, Kind::Mapping)?;
    let found = node
        .content
        .chunks_exact(2)
        .position(|pair| pair[0].value == name && (!if_empty || pair[1].content.is_empty()));
    if let Some(pair) = found {
        node.content.drain(2 * pair..2 * pair + 2);
    }
    Ok(())
}

/// kyaml's `ClearEmptyAnnotations`: empty `metadata.annotations`, then an empty
/// `metadata`, go.
pub fn clear_empty_annotations(resource: &mut Node) -> Result<(), String> {
    let resource = resource.ynode_mut();
    if let Some(metadata) = field(resource, "metadata", false)? {
        clear_field(metadata, "annotations", true)?;
    }
    clear_field(resource, "metadata", true)
}

/// kyaml's `SetAnnotation`: a single-quoted string at `metadata.annotations.<key>`,
/// `metadata` and `annotations` created at the end of their parents when missing. A value
/// that exists is replaced whole (its comments go) and keeps its style.
pub fn set_annotation(resource: &mut Node, key: &str, value: &str) -> Result<(), String> {
    clear_empty_annotations(resource)?;
    let resource = resource.ynode_mut();
    let Some(metadata) = field(resource, "metadata", true)? else {
        return Ok(());
    };
    let Some(annotations) = field(metadata, "annotations", true)? else {
        return Ok(());
    };
    let mut new = Node {
        tag: STR_TAG.to_string(),
        style: Style::SINGLE_QUOTED,
        ..Node::scalar(value)
    };
    match field(annotations, key, false)? {
        Some(existing) => {
            new.style = existing.style;
            *existing = new;
        }
        None => {
            annotations.content.push(Node::scalar(key));
            annotations.content.push(new);
        }
    }
    Ok(())
}

/// kyaml's `ClearAnnotation`.
pub fn clear_annotation(resource: &mut Node, key: &str) -> Result<(), String> {
    let resource = resource.ynode_mut();
    let Some(metadata) = field(resource, "metadata", false)? else {
        return Ok(());
    };
    let Some(annotations) = field(metadata, "annotations", false)? else {
        return Ok(());
    };
    clear_field(annotations, key, false)
}

/// An annotation's value as kyaml's `GetMeta` reads it, `""` when missing or null.
pub fn annotation(resource: &Node, key: &str) -> String {
    let resource = resource.ynode();
    let annotations = resource
        .field("metadata")
        .filter(|m| !is_nil_or_empty(m))
        .and_then(|m| m.field("annotations"))
        .filter(|a| !is_nil_or_empty(a));
    match annotations.and_then(|a| a.field(key)) {
        Some(value) if !is_null(value) => value.value.clone(),
        _ => String::new(),
    }
}

/// A top-level field's value as kyaml's `GetMeta` reads `kind`, `""` when missing, null
/// or empty.
pub fn meta_value(resource: &Node, key: &str) -> String {
    match resource.ynode().field(key) {
        Some(value) if !is_nil_or_empty(value) => value.value.clone(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kyaml::v3::decode_first;

    fn doc(text: &str) -> Node {
        decode_first(text).unwrap().unwrap()
    }

    fn text(node: &Node) -> String {
        to_string(node).unwrap()
    }

    #[test]
    fn annotations_are_set_and_cleared_as_kyaml_does() {
        let mut d = doc("kind: A # k\nmetadata:\n  annotations: {}\n  name: a\n");
        set_annotation(&mut d, "x", "1").unwrap();
        assert_eq!(
            text(&d),
            "kind: A # k\nmetadata:\n  name: a\n  annotations:\n    x: '1'\n"
        );
        assert_eq!(annotation(&d, "x"), "1");
        clear_annotation(&mut d, "x").unwrap();
        clear_empty_annotations(&mut d).unwrap();
        assert_eq!(text(&d), "kind: A # k\nmetadata:\n  name: a\n");
    }

    #[test]
    fn an_existing_value_is_replaced_and_keeps_its_style() {
        let mut d = doc("metadata:\n  annotations:\n    x: old # gone\n");
        set_annotation(&mut d, "x", "new").unwrap();
        assert_eq!(text(&d), "metadata:\n  annotations:\n    x: new\n");
    }

    #[test]
    fn nodes_of_the_wrong_kind_fail() {
        let mut d = doc("metadata:\n- a\n");
        assert_eq!(
            set_annotation(&mut d, "x", "1").unwrap_err(),
            "wrong node kind: expected MappingNode but got SequenceNode: node contents:\n- a\n"
        );
        let mut null = doc("metadata: ~\n");
        set_annotation(&mut null, "x", "1").unwrap();
        assert_eq!(text(&null), "metadata:\n  annotations:\n    x: '1'\n");
    }
}

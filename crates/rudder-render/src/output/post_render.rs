//! Handing rendered files to a post-renderer and taking them back, as helm 4's
//! `annotateAndMerge` and `splitAndDeannotate`: each document is annotated with the file it
//! came from, all go out as one stream through kyaml, and the documents coming back are
//! grouped into files again by that annotation.

use std::collections::BTreeMap;

use rudder_yaml::kyaml::{self, KyamlError, Node};

/// The annotation that carries a document's file through the post-renderer.
const FILENAME_ANNOTATION: &str = "postrenderer.helm.sh/postrender-filename";

/// Runs the post-rendering step: the manifests in, the modified manifests out, or the
/// message of helm's failure (`failed to invoke post-renderer plugin "x": ...`).
pub trait PostRenderer {
    fn run(&self, manifests: &str) -> Result<String, String>;
}

/// A failure of one of the three steps, worded as helm's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PostRenderError {
    #[error("error merging manifests: parsing {file}: {reason}")]
    Merge { file: String, reason: String },
    #[error("error while running post render on files: {0}")]
    Run(String),
    #[error("error while parsing post rendered output: error parsing YAML: {0}")]
    Split(String),
}

/// Sends `files` (path, rendered text) through `renderer` and returns the files it gives back.
pub fn post_render(
    files: &[(String, String)],
    renderer: &dyn PostRenderer,
) -> Result<Vec<(String, String)>, PostRenderError> {
    let merged = annotate_and_merge(files)?;
    let output = renderer.run(&merged).map_err(PostRenderError::Run)?;
    split_and_deannotate(&output).map_err(PostRenderError::Split)
}

/// Every document of every file but partials and blank ones, in path order, annotated.
fn annotate_and_merge(files: &[(String, String)]) -> Result<String, PostRenderError> {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut documents = Vec::new();
    for (file, content) in sorted {
        let base = file.rsplit('/').next().unwrap_or(file);
        if base.starts_with('_') || content.trim_matches(crate::output::GO_SPACE).is_empty() {
            continue;
        }
        let fail = |reason: String| PostRenderError::Merge {
            file: file.clone(),
            reason,
        };
        let parsed = read_stream(&fix_doc_separators(content)).map_err(fail)?;
        for mut document in parsed {
            set_annotation(&mut document, file);
            documents.push(document);
        }
    }
    Ok(kyaml::emit_documents(&documents))
}

/// The post-renderer's documents grouped into files by their annotation (a document without
/// one is `generated-by-postrender-<index>.yaml`), the annotation removed.
fn split_and_deannotate(output: &str) -> Result<Vec<(String, String)>, String> {
    let mut files: BTreeMap<String, Vec<Node>> = BTreeMap::new();
    for (index, mut document) in read_stream(output)?.into_iter().enumerate() {
        let file = match take_annotation(&mut document) {
            Some(file) if !file.is_empty() => file,
            _ => format!("generated-by-postrender-{index}.yaml"),
        };
        clear_empty_annotations(&mut document);
        files.entry(file).or_default().push(document);
    }
    Ok(files
        .into_iter()
        .map(|(file, documents)| (file, kyaml::emit_documents(&documents)))
        .collect())
}

/// kyaml's reader: documents that must each be a mapping (it annotates every one), with the
/// empty annotations and metadata its writer drops later already gone.
fn read_stream(text: &str) -> Result<Vec<Node>, String> {
    let documents = kyaml::parse_documents(text).map_err(|e| match e {
        KyamlError::Syntax(text) => format!("MalformedYAMLError: {text}"),
        unsupported @ KyamlError::Unsupported { .. } => unsupported.to_string(),
    })?;
    unwrap_list(documents)
        .into_iter()
        .map(|mut document| {
            if !matches!(document, Node::Mapping { .. }) {
                return Err(format!(
                    "wrong node kind: expected MappingNode but got {}: node contents:\n{}",
                    document.kind_name(),
                    kyaml::emit_document(&document)
                ));
            }
            clear_empty_annotations(&mut document);
            Ok(document)
        })
        .collect()
}

/// kyaml's reader unwraps a stream that is one `List` (or `ResourceList`) with `items` (or a
/// `functionConfig`): its items are the documents.
fn unwrap_list(documents: Vec<Node>) -> Vec<Node> {
    let [list] = documents.as_slice() else {
        return documents;
    };
    let is_list = matches!(
        list.get("kind"),
        Some(Node::Scalar { value, .. }) if value == "List" || value == "ResourceList"
    );
    if !is_list || (list.get("items").is_none() && list.get("functionConfig").is_none()) {
        return documents;
    }
    match list.get("items") {
        Some(Node::Sequence { items, .. }) => items.clone(),
        _ => Vec::new(),
    }
}

/// helm's `fixDocSeparators`: a `---` starting a line and followed by text (`---apiVersion`,
/// left by `{{-`) gets its line break back.
fn fix_doc_separators(content: &str) -> String {
    let mut fixed = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(at) = rest.find("---") {
        let at_line_start = at == 0 || rest.as_bytes()[at - 1] == b'\n';
        fixed.push_str(&rest[..at + 3]);
        rest = &rest[at + 3..];
        if at_line_start && rest.starts_with(|c| !matches!(c, '\n' | '\r' | ' ' | '\t')) {
            fixed.push('\n');
        }
    }
    fixed.push_str(rest);
    fixed
}

/// Sets the filename annotation, creating `metadata` and `annotations` at the end of their
/// parents when missing.
fn set_annotation(document: &mut Node, file: &str) {
    let Some(annotations) = child_mapping(document, "metadata")
        .and_then(|metadata| child_mapping(metadata, "annotations"))
    else {
        return;
    };
    if let Node::Mapping { entries, .. } = annotations {
        let value = Node::single_quoted(file);
        match entries
            .iter_mut()
            .find(|(k, _)| is_key(k, FILENAME_ANNOTATION))
        {
            Some((_, v)) => *v = value,
            None => entries.push((Node::plain(FILENAME_ANNOTATION), value)),
        }
    }
}

/// The mapping under `key`, created empty (block style) at the end when the key is missing.
/// `None` when the key holds something else.
fn child_mapping<'n>(parent: &'n mut Node, key: &str) -> Option<&'n mut Node> {
    let Node::Mapping { entries, .. } = parent else {
        return None;
    };
    let index = match entries.iter().position(|(k, _)| is_key(k, key)) {
        Some(i) => i,
        None => {
            entries.push((Node::plain(key), Node::empty_mapping()));
            entries.len() - 1
        }
    };
    let child = &mut entries[index].1;
    matches!(child, Node::Mapping { .. }).then_some(child)
}

fn is_key(node: &Node, key: &str) -> bool {
    matches!(node, Node::Scalar { value, .. } if value == key)
}

/// Removes the filename annotation and returns its value.
fn take_annotation(document: &mut Node) -> Option<String> {
    let Node::Mapping { entries, .. } = mapping_at(document, &["metadata", "annotations"])? else {
        return None;
    };
    let index = entries
        .iter()
        .position(|(k, _)| is_key(k, FILENAME_ANNOTATION))?;
    match entries.remove(index).1 {
        Node::Scalar { value, .. } => Some(value),
        _ => None,
    }
}

fn mapping_at<'n>(node: &'n mut Node, path: &[&str]) -> Option<&'n mut Node> {
    path.iter().try_fold(node, |node, key| match node {
        Node::Mapping { entries, .. } => entries
            .iter_mut()
            .find(|(k, _)| is_key(k, key))
            .map(|(_, v)| v),
        _ => None,
    })
}

/// kyaml's `ClearEmptyAnnotations`: empty `metadata.annotations`, then empty `metadata`, go.
fn clear_empty_annotations(document: &mut Node) {
    if let Some(metadata) = mapping_at(document, &["metadata"]) {
        remove_if_empty(metadata, "annotations");
    }
    remove_if_empty(document, "metadata");
}

fn remove_if_empty(parent: &mut Node, key: &str) {
    if let Node::Mapping { entries, .. } = parent {
        entries.retain(|(k, v)| !(is_key(k, key) && is_empty(v)));
    }
}

fn is_empty(node: &Node) -> bool {
    match node {
        Node::Mapping { entries, .. } => entries.is_empty(),
        Node::Sequence { items, .. } => items.is_empty(),
        Node::Scalar { .. } | Node::Alias { .. } => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Copy;
    impl PostRenderer for Copy {
        fn run(&self, manifests: &str) -> Result<String, String> {
            Ok(manifests.to_string())
        }
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn annotates_each_document_with_its_file() {
        let merged = annotate_and_merge(&files(&[
            ("t/templates/b.yaml", "kind: B\nmetadata:\n  name: b\n"),
            ("t/templates/_h.tpl", "kind: H\n"),
            ("t/templates/a.yaml", "kind: A\n---apiVersion: v1\n"),
            ("t/templates/blank.yaml", " \n"),
        ]))
        .unwrap();
        assert_eq!(
            merged,
            "kind: A\nmetadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 't/templates/a.yaml'\n\
             ---\napiVersion: v1\nmetadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 't/templates/a.yaml'\n\
             ---\nkind: B\nmetadata:\n  name: b\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 't/templates/b.yaml'\n"
        );
    }

    #[test]
    fn a_copying_renderer_gives_the_files_back_without_annotations() {
        let back = post_render(
            &files(&[("t/templates/a.yaml", "kind: A\n---\nkind: B\n")]),
            &Copy,
        )
        .unwrap();
        assert_eq!(
            back,
            files(&[("t/templates/a.yaml", "kind: A\n---\nkind: B\n")])
        );
    }

    #[test]
    fn documents_without_the_annotation_are_named_by_index() {
        let back = split_and_deannotate("kind: A\n---\nkind: B\nmetadata: {annotations: {postrenderer.helm.sh/postrender-filename: x.yaml}}\n---\nkind: C\n").unwrap();
        let names: Vec<&str> = back.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "generated-by-postrender-0.yaml",
                "generated-by-postrender-2.yaml",
                "x.yaml"
            ]
        );
    }

    #[test]
    fn failures_read_as_helms() {
        let e = annotate_and_merge(&files(&[("t/templates/a.yaml", "- x\n")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "error merging manifests: parsing t/templates/a.yaml: wrong node kind: expected MappingNode but got SequenceNode: node contents:\n- x\n"
        );
        assert_eq!(
            split_and_deannotate("not: [yaml\n").unwrap_err(),
            "MalformedYAMLError: yaml: line 1: did not find expected ',' or ']'"
        );
    }

    #[test]
    fn a_lone_list_is_unwrapped() {
        let one = read_stream("kind: List\nitems:\n- kind: A\n- kind: B\n").unwrap();
        let kinds: Vec<_> = one.iter().filter_map(|d| d.get("kind")).collect();
        assert_eq!(kinds, [&Node::plain("A"), &Node::plain("B")]);
        assert_eq!(read_stream("kind: List\n").unwrap().len(), 1);
        assert_eq!(
            read_stream("kind: List\nitems: []\n---\nkind: C\n")
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn separators_get_their_line_break_back() {
        assert_eq!(
            fix_doc_separators("---a\n---\nb---c\n"),
            "---\na\n---\nb---c\n"
        );
    }
}

//! Handing rendered files to a post-renderer and taking them back, as helm 4's
//! `annotateAndMerge` and `splitAndDeannotate`: each document is annotated with the file it
//! came from, all go out as one stream through kyaml, and the documents coming back are
//! grouped into files again by that annotation.

use std::collections::BTreeMap;

use rudder_yaml::kyaml::{self, fns};

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
    #[error("error merging manifests: {0}")]
    Merge(String),
    #[error("error while running post render on files: {0}")]
    Run(String),
    #[error("error while parsing post rendered output: {0}")]
    Split(String),
}

/// Sends `files` (path, rendered text) through `renderer` and returns the files it gives back.
pub fn post_render(
    files: &[(String, String)],
    renderer: &dyn PostRenderer,
) -> Result<Vec<(String, String)>, PostRenderError> {
    let merged = annotate_and_merge(files).map_err(PostRenderError::Merge)?;
    let output = renderer.run(&merged).map_err(PostRenderError::Run)?;
    split_and_deannotate(&output).map_err(PostRenderError::Split)
}

/// Every document of every file but partials and blank ones, in path order, annotated.
fn annotate_and_merge(files: &[(String, String)]) -> Result<String, String> {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut resources = Vec::new();
    for (file, content) in sorted {
        let base = file.rsplit('/').next().unwrap_or(file);
        if base.starts_with('_') || content.trim_matches(crate::output::GO_SPACE).is_empty() {
            continue;
        }
        let parsed = kyaml::parse_all(&fix_doc_separators(content))
            .map_err(|e| format!("parsing {file}: {e}"))?;
        for mut resource in parsed {
            fns::set_annotation(&mut resource, FILENAME_ANNOTATION, file)
                .map_err(|e| format!("annotating {file}: {e}"))?;
            resources.push(resource);
        }
    }
    kyaml::string_all(resources).map_err(|e| format!("writing merged docs: {e}"))
}

/// The post-renderer's documents grouped into files by their annotation (a document without
/// one is `generated-by-postrender-<index>.yaml`), the annotation removed.
fn split_and_deannotate(output: &str) -> Result<Vec<(String, String)>, String> {
    let resources = kyaml::parse_all(output).map_err(|e| format!("error parsing YAML: {e}"))?;
    let mut files: BTreeMap<String, Vec<kyaml::Node>> = BTreeMap::new();
    for (index, mut resource) in resources.into_iter().enumerate() {
        let file = match fns::annotation(&resource, FILENAME_ANNOTATION) {
            file if file.is_empty() => format!("generated-by-postrender-{index}.yaml"),
            file => file,
        };
        fns::clear_annotation(&mut resource, FILENAME_ANNOTATION)
            .map_err(|e| format!("clearing filename annotation: {e}"))?;
        files.entry(file).or_default().push(resource);
    }
    files
        .into_iter()
        .map(|(file, resources)| {
            kyaml::string_all(resources)
                .map(|text| (file.clone(), text))
                .map_err(|e| format!("re-writing {file}: {e}"))
        })
        .collect()
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
            e,
            "parsing t/templates/a.yaml: wrong node kind: expected MappingNode but got SequenceNode: node contents:\n- x\n"
        );
        assert_eq!(
            split_and_deannotate("not: [yaml\n").unwrap_err(),
            "error parsing YAML: MalformedYAMLError: yaml: line 1: did not find expected ',' or ']'"
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

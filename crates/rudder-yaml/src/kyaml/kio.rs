//! kyaml's byte reader and writer (`kio.ParseAll`, `kio.StringAll`): documents split at
//! `---` lines, each decoded by yaml.v3 and annotated with its index, a lone `List`
//! unwrapped; on the way out the reader's annotations are cleared and the documents
//! encoded into one stream, or a lone resource of a `.json` file as JSON.

use super::fns::{
    annotation, clear_annotation, clear_empty_annotations, meta_value, set_annotation,
};
use super::json::write_json;
use super::v3::{decode_first, Encoder, Kind, Node, NULL_TAG};

const INDEX: &str = "internal.config.kubernetes.io/index";
const LEGACY_INDEX: &str = "config.kubernetes.io/index";
const SEQ_INDENT: &str = "internal.config.kubernetes.io/seqindent";
const PATH: &str = "internal.config.kubernetes.io/path";
const LEGACY_PATH: &str = "config.kubernetes.io/path";
/// kyaml's (new, legacy) annotation pairs it copies one into the other when reading.
const LEGACY_PAIRS: [(&str, &str); 3] = [
    (PATH, LEGACY_PATH),
    (INDEX, LEGACY_INDEX),
    ("internal.config.kubernetes.io/id", "config.k8s.io/id"),
];
const BARE_SEQUENCE_KEY: &str = "bareSeqNodeWrappingKey";

/// The resources of `text`: documents, or the items of a lone `List`. The error is
/// kyaml's message.
pub fn parse_all(text: &str) -> Result<Vec<Node>, String> {
    let text = text.replace("\r\n", "\n");
    let values = split_documents(&text)?;
    let lone = values.len() == 1;
    let mut output = Vec::new();
    let mut index = 0;
    for (i, value) in values.iter().enumerate() {
        let mut value = value.to_string();
        // The split ate each document's last line break.
        if i + 1 != values.len() {
            value.push('\n');
        }
        let document = match decode_first(&value) {
            Ok(Some(document)) => document,
            Ok(None) => continue,
            Err(e) => return Err(format!("MalformedYAMLError: {e}")),
        };
        if document.ynode().tag == NULL_TAG {
            // An empty document.
            continue;
        }
        let mut document = document;
        copy_legacy_annotations(&mut document)?;
        let index_text = index.to_string();
        for key in [LEGACY_INDEX, INDEX] {
            set_annotation(&mut document, key, &index_text)?;
        }
        let kind = meta_value(&document, "kind");
        let content = document.ynode();
        let has = |key: &str| content.kind == Kind::Mapping && content.field(key).is_some();
        if lone
            && (kind == "ResourceList" || kind == "List")
            && (has("items") || has("functionConfig"))
        {
            if let Some(items) = content.field("items") {
                output.extend(items.ynode().content.iter().cloned());
            }
            continue;
        }
        output.push(document);
        index += 1;
    }
    Ok(output)
}

/// kyaml's `splitDocuments`: pieces between `\n---...\n` lines; such a line may hold a
/// comment, nothing else.
fn split_documents(s: &str) -> Result<Vec<&str>, String> {
    let mut documents = Vec::new();
    if s.is_empty() {
        return Ok(documents);
    }
    let mut previous = 0;
    let mut from = 0;
    while let Some(at) = s[from..].find("\n---").map(|i| from + i) {
        let Some(end) = s[at + 4..].find('\n').map(|i| at + 4 + i + 1) else {
            break;
        };
        let separator = &s[at..end];
        let rest = separator[4..].trim();
        if !rest.is_empty() && !rest.starts_with('#') {
            return Err(format!("invalid document separator: {}", separator.trim()));
        }
        documents.push(&s[previous..at]);
        previous = end;
        from = end;
    }
    documents.push(&s[previous..]);
    Ok(documents)
}

/// kyaml's `CopyLegacyAnnotations`: each of the new and legacy keys set from the other.
fn copy_legacy_annotations(document: &mut Node) -> Result<(), String> {
    let values: Vec<(String, String)> = LEGACY_PAIRS
        .iter()
        .map(|(new, legacy)| (annotation(document, new), annotation(document, legacy)))
        .collect();
    for ((new, legacy), (new_value, legacy_value)) in LEGACY_PAIRS.iter().zip(values) {
        if !new_value.is_empty() && legacy_value.is_empty() {
            set_annotation(document, legacy, &new_value)?;
        } else if new_value.is_empty() && !legacy_value.is_empty() {
            set_annotation(document, new, &legacy_value)?;
        }
    }
    Ok(())
}

/// The resources as one stream, the reader's annotations cleared (kyaml's `StringAll`).
pub fn string_all(mut resources: Vec<Node>) -> Result<String, String> {
    // Decided before the annotations are cleared, as kyaml does.
    let as_json = matches!(resources.as_slice(), [single] if names_json_file(single));
    let wide: Vec<bool> = resources
        .iter()
        .map(|r| annotation(r, SEQ_INDENT) == "wide")
        .collect();
    for resource in &mut resources {
        for key in [INDEX, LEGACY_INDEX, SEQ_INDENT] {
            clear_annotation(resource, key)?;
        }
        clear_empty_annotations(resource)?;
    }
    if let (true, [single]) = (as_json, resources.as_slice()) {
        return write_json(single);
    }
    let mut encoder = Encoder::default();
    for (resource, wide) in resources.iter().zip(wide) {
        encoder.encode(unwrap_bare_sequence(resource), !wide)?;
    }
    Ok(encoder.finish())
}

/// kyaml's `shouldJSONEncodeSingleBareNode`: the resource's path (`GetFileAnnotations`)
/// has a base name (`filepath.Base`) matching `*.json`.
fn names_json_file(resource: &Node) -> bool {
    let path = match annotation(resource, PATH) {
        path if path.is_empty() => annotation(resource, LEGACY_PATH),
        path => path,
    };
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .is_some_and(|base| base.ends_with(".json"))
}

/// kyaml's writer writes the value of a `bareSeqNodeWrappingKey` alone.
fn unwrap_bare_sequence(resource: &Node) -> &Node {
    let content = resource.ynode();
    if content.tag == NULL_TAG || content.kind != Kind::Mapping {
        return resource;
    }
    match content.field(BARE_SEQUENCE_KEY) {
        Some(value)
            if value.tag != NULL_TAG
                && !(matches!(value.kind, Kind::Mapping | Kind::Sequence)
                    && value.content.is_empty()) =>
        {
            value
        }
        _ => resource,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        string_all(parse_all(text).unwrap()).unwrap()
    }

    #[test]
    fn documents_are_split_at_separator_lines() {
        assert_eq!(
            split_documents("a\n--- # c\nb\n---").unwrap(),
            ["a", "b\n---"]
        );
        assert_eq!(
            split_documents("a\n---b\nc").unwrap_err(),
            "invalid document separator: ---b"
        );
        assert!(split_documents("").unwrap().is_empty());
    }

    #[test]
    fn reads_and_writes_as_kio_does() {
        assert_eq!(
            round_trip("a: 1\n---\n---\n# c\n---\nb: 2\n"),
            "a: 1\n---\nb: 2\n"
        );
        assert_eq!(
            round_trip("kind: List\nitems:\n- kind: A\n- kind: B\n"),
            "kind: A\n---\nkind: B\n"
        );
        assert_eq!(
            round_trip("kind: A\nmetadata:\n  annotations:\n    config.kubernetes.io/index: '7'\n"),
            "kind: A\n"
        );
    }

    #[test]
    fn errors_read_as_kyamls() {
        assert_eq!(
            parse_all("a: [x\n").unwrap_err(),
            "MalformedYAMLError: yaml: line 1: did not find expected ',' or ']'"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::kyaml::fns::set_annotation;

    proptest! {
        /// Text made of YAML's indicators, blanks and breaks is read, annotated and written
        /// without a panic.
        #[test]
        fn any_text_round_trips_without_panicking(text in "([-\\[\\]{}:,?#&*!|>'\"%@` \\t\\n\\r.~a-c0-2]|\u{85}|é|\u{2028}|\u{feff}|\u{1}){0,120}") {
            if let Ok(mut resources) = parse_all(&text) {
                for resource in &mut resources {
                    let _ = set_annotation(resource, "a", "b");
                }
                if let Ok(written) = string_all(resources) {
                    let _ = parse_all(&written);
                }
            }
        }
    }
}

//! Resources as kubeconform finds them: files (`.yaml`, `.yml`, `.json`) under the paths
//! given, each cut into documents at lines starting with `---` (Kubernetes' splitter), `List`
//! objects unfolded into their items, and every document read as YAML to JSON.

use std::path::Path;

use rudder_jsonschema::Value;
use rudder_yaml::read::duplicate_keys;
use rudder_yaml::{decode_error, parse_document};

use crate::json::{from_doc, str_at};

/// One document of an input.
#[derive(Clone, Debug)]
pub struct Resource {
    /// The file it came from (`stdin` for standard input).
    pub path: String,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub enum Body {
    /// Nothing but whitespace or comments (counted for its file, never reported).
    Empty,
    /// A JSON object.
    Object(Value),
    /// What kubeconform reports when the document cannot be read into an object, and what
    /// its output still shows of it (a document with a repeated key has a kind and name).
    Unreadable(String, Signature),
}

/// kind, apiVersion, namespace and name, as kubeconform shows them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signature {
    pub kind: String,
    pub version: String,
    pub namespace: String,
    pub name: String,
}

impl Signature {
    pub fn of(v: &Value) -> Signature {
        let s = |p: &[&str]| str_at(v, p).unwrap_or("").to_string();
        let mut name = s(&["metadata", "name"]);
        if let Some(g) = str_at(v, &["metadata", "generateName"]) {
            name = format!("{g}{{{{ generateName }}}}");
        }
        Signature {
            kind: s(&["kind"]),
            version: s(&["apiVersion"]),
            namespace: s(&["metadata", "namespace"]),
            name,
        }
    }

    /// `apiVersion/kind`, the form `-skip` and `-reject` take besides the bare kind.
    pub fn group_version_kind(&self) -> String {
        format!("{}/{}", self.version, self.kind)
    }

    /// `apiVersion/kind/namespace/name` (TAP output).
    pub fn qualified_name(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.version, self.kind, self.namespace, self.name
        )
    }
}

impl Resource {
    pub fn signature(&self) -> Signature {
        match &self.body {
            Body::Object(v) => Signature::of(v),
            Body::Unreadable(_, sig) => sig.clone(),
            Body::Empty => Signature::default(),
        }
    }
}

/// Kubernetes' YAML document splitter as kubeconform uses it: a document ends before a
/// `\n---` and the rest of that line is dropped.
pub fn split_documents(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("\n---") {
        out.push(&rest[..i]);
        let after = &rest[i + 4..];
        match after.find('\n') {
            Some(j) => rest = &after[j + 1..],
            None => return out,
        }
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The resources of one document text; `strict` refuses keys repeated in a mapping, as
/// sigs.k8s.io/yaml's strict reading does.
pub fn read_document(path: &str, text: &str, strict: bool, out: &mut Vec<Resource>) {
    let resource = |body| Resource {
        path: path.to_string(),
        body,
    };
    if strict {
        if let Some(dups) = duplicate_keys(text) {
            let msg =
                format!("error unmarshalling resource: error converting YAML to JSON: {dups}");
            let sig = parse_document(text)
                .map(|d| Signature::of(&from_doc(&d)))
                .unwrap_or_default();
            out.push(resource(Body::Unreadable(msg, sig)));
            return;
        }
    }
    let doc = match parse_document(text) {
        Ok(doc) => doc,
        Err(e) => {
            out.push(resource(Body::Unreadable(
                format!("error unmarshalling resource: {e}"),
                Signature::default(),
            )));
            return;
        }
    };
    let value = from_doc(&doc);
    match value {
        Value::Null => out.push(resource(Body::Empty)),
        Value::Object(_) => {
            let is_list = str_at(&value, &["kind"]).is_some_and(|k| k.eq_ignore_ascii_case("list"))
                && str_at(&value, &["apiVersion"]).is_some_and(|v| !v.is_empty());
            match value.get("items") {
                Some(Value::Array(items)) if is_list => {
                    for item in items {
                        out.push(resource(match item {
                            Value::Null => Body::Empty,
                            Value::Object(_) => Body::Object(item.clone()),
                            _ => Body::Unreadable(
                                format!(
                                    "error unmarshalling resource: {}",
                                    decode_error(
                                        &to_doc_kind(item),
                                        "Go value of type map[string]interface {}"
                                    )
                                ),
                                Signature::default(),
                            ),
                        }));
                    }
                }
                _ if is_list => {}
                _ => out.push(resource(Body::Object(value))),
            }
        }
        _ => out.push(resource(Body::Unreadable(
            format!(
                "error unmarshalling resource: {}",
                decode_error(&doc, "Go value of type map[string]interface {}")
            ),
            Signature::default(),
        ))),
    }
}

/// A stand-in document value of the same JSON kind, for Go's decode error text.
fn to_doc_kind(v: &Value) -> rudder_gotmpl::Value {
    use rudder_gotmpl::Value as D;
    match v {
        Value::Array(_) => D::list(Vec::new()),
        Value::String(_) => D::str(""),
        Value::Bool(b) => D::Bool(*b),
        _ => D::Float(0.0),
    }
}

/// The resources of a whole input: every document, skipping empty ones but keeping one empty
/// resource when there is no other, so the file counts as read (kubeconform's files); for
/// standard input every document is kept.
pub fn read_text(path: &str, text: &str, strict: bool, from_stdin: bool) -> Vec<Resource> {
    let mut out = Vec::new();
    for doc in split_documents(text) {
        if doc.is_empty() && !from_stdin {
            continue;
        }
        if doc.is_empty() {
            out.push(Resource {
                path: path.to_string(),
                body: Body::Empty,
            });
            continue;
        }
        read_document(path, doc, strict, &mut out);
    }
    if out.is_empty() && !from_stdin {
        out.push(Resource {
            path: path.to_string(),
            body: Body::Empty,
        });
    }
    out
}

/// Whether kubeconform reads a file of this name.
pub fn is_manifest_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_kubernetes() {
        assert_eq!(split_documents("a: 1\n---\nb: 2\n"), ["a: 1", "b: 2\n"]);
        assert_eq!(
            split_documents("---\na: 1\n--- # c\nb: 2"),
            ["---\na: 1", "b: 2"]
        );
        assert_eq!(split_documents("a: 1\n---"), ["a: 1"]);
        assert!(split_documents("").is_empty());
    }

    #[test]
    fn lists_unfold_and_empty_documents_count_once() {
        let r = read_text(
            "f.yaml",
            "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret}\n---\n# only a comment\n",
            false,
            false,
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].signature().name, "a");
        assert!(matches!(r[2].body, Body::Empty));
        assert_eq!(read_text("e.yaml", "", false, false).len(), 1);
    }

    #[test]
    fn unreadable_documents_say_why() {
        let r = read_text("f.yaml", "- a\n---\na: [\n---\na: 1\na: 2\n", true, false);
        let msgs: Vec<String> = r
            .iter()
            .map(|r| match &r.body {
                Body::Unreadable(m, _) => m.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(msgs[0], "error unmarshalling resource: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}");
        assert!(
            msgs[1].starts_with(
                "error unmarshalling resource: error converting YAML to JSON: yaml: line"
            ),
            "{}",
            msgs[1]
        );
        assert_eq!(msgs[2], "error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n  line 2: key \"a\" already set in map");
    }
}

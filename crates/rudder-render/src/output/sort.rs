//! Classifying documents as manifests or hooks and ordering them, as helm's `SortManifests`.

use std::collections::BTreeMap;

use rudder_chart::Helm;
use rudder_report::{Level, Reporter};

use super::kind_order::compare_kinds;

use super::heads::{read_heads, ParseHead};
use super::split::document_spans;
use crate::error::RenderError;

/// What helm reads of each document (its `SimpleHead`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Head {
    pub kind: String,
    /// `metadata.annotations`, if present.
    pub annotations: Option<BTreeMap<String, String>>,
}

/// One document of the output.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The `# Source:` path: the rendered file's full path.
    pub source: String,
    pub body: String,
    pub kind: String,
}

/// A hook document with its events (lower-cased).
#[derive(Clone, Debug, PartialEq)]
pub struct Hook {
    pub doc: Document,
    pub events: Vec<String>,
}

impl Hook {
    pub fn is_test(&self) -> bool {
        self.events.iter().any(|e| e == "test")
    }
}

/// Manifests and hooks, each in output order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sorted {
    pub manifests: Vec<Document>,
    pub hooks: Vec<Hook>,
}

const HOOK_ANNOTATION: &str = "helm.sh/hook";
const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
];

/// Splits, classifies and orders rendered files. `files` are (full path, rendered text);
/// `parse_head` reads a document's head; its failure is a [`RenderError::Manifest`]. Hooks of
/// unknown events are dropped with helm's INFO line to `log`. `helm` decides the kind order and
/// that line's text.
pub fn sort_manifests(
    files: &[(String, String)],
    helm: Helm,
    log: &dyn Reporter,
    parse_head: ParseHead,
) -> Result<Sorted, RenderError> {
    let mut paths: Vec<&(String, String)> = files.iter().collect();
    paths.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    // Every document with its file and its place there, in output order.
    let mut spans = Vec::new();
    for (path, content) in paths {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || content.trim_matches(super::is_go_space).is_empty() {
            continue;
        }
        spans.extend(
            document_spans(content)
                .into_iter()
                .map(|span| (path, content, span)),
        );
    }
    let bodies: Vec<&str> = spans
        .iter()
        .map(|(_, content, span)| &content[span.clone()])
        .collect();
    let heads = read_heads(&bodies, parse_head);
    let mut sorted = Sorted::default();
    for (((path, content, span), body), head) in spans.iter().zip(&bodies).zip(heads) {
        let head = head.map_err(|source| RenderError::Manifest {
            file: path.to_string(),
            document_line: 1 + content[..span.start].matches('\n').count(),
            source,
        })?;
        let doc = Document {
            source: path.to_string(),
            body: body.to_string(),
            kind: head.kind.clone(),
        };
        let hook_value = head
            .annotations
            .as_ref()
            .filter(|a| !a.is_empty())
            .and_then(|a| a.get(HOOK_ANNOTATION));
        let Some(value) = hook_value else {
            sorted.manifests.push(doc);
            continue;
        };
        let events: Vec<String> = value
            .split(',')
            .map(|e| e.trim().to_lowercase())
            .map(|e| {
                if e == "test-success" {
                    "test".to_string()
                } else {
                    e
                }
            })
            .collect();
        // A document with any unknown hook event is dropped entirely (helm only logs it).
        if events.iter().all(|e| HOOK_EVENTS.contains(&e.as_str())) {
            sorted.hooks.push(Hook { doc, events });
        } else if helm.is_v3() {
            log.line(&format!(
                "manifest_sorter.go:190: info: skipping unknown hook: {}",
                rudder_gotmpl::fmt::quote(value)
            ));
        } else {
            log.log(
                Level::Info,
                "skipping unknown hooks",
                &[("hookTypes", value)],
            );
        }
    }
    sorted
        .manifests
        .sort_by(|a, b| compare_kinds(&a.kind, &b.kind, helm));
    sorted
        .hooks
        .sort_by(|a, b| compare_kinds(&a.doc.kind, &b.doc.kind, helm));
    Ok(sorted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rudder_yaml::DocError;

    /// A tiny head reader for tests: `kind:` and `hook:` lines.
    fn head(doc: &str) -> Result<Head, DocError> {
        if doc.starts_with("bad") {
            return Err(DocError::Decode {
                found: "array",
                into: "T".into(),
            });
        }
        let mut h = Head::default();
        for line in doc.lines() {
            if let Some(k) = line.strip_prefix("kind: ") {
                h.kind = k.into();
            }
            if let Some(v) = line.strip_prefix("hook: ") {
                h.annotations = Some([(HOOK_ANNOTATION.to_string(), v.to_string())].into());
            }
        }
        Ok(h)
    }

    fn files(entries: &[(&str, &str)]) -> Vec<(String, String)> {
        entries
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    // compat-notes A5: Job(post-install), ConfigMap(pre-install), Pod(test), Pod(bogus), Secret.
    #[test]
    fn hooks_follow_kind_order_and_unknown_events_drop_the_document() {
        let f = files(&[(
            "t/templates/h.yaml",
            "kind: Job\nhook: post-install\n---\nkind: ConfigMap\nhook: pre-install\n---\nkind: Pod\nhook: test\n---\nkind: Pod\nhook: bogus-event\n---\nkind: Secret\n",
        )]);
        let s = sort_manifests(&f, Helm::V4, &rudder_report::Silent, &head).unwrap();
        assert_eq!(s.manifests.len(), 1);
        let kinds: Vec<&str> = s.hooks.iter().map(|h| h.doc.kind.as_str()).collect();
        assert_eq!(kinds, vec!["ConfigMap", "Pod", "Job"]);
        assert!(s.hooks[1].is_test());
    }

    #[test]
    fn files_in_byte_order_partials_and_blank_files_skipped() {
        let f = files(&[
            ("p/templates/b.yaml", "kind: X\n"),
            ("p/charts/s/templates/a.yaml", "kind: X\n"),
            ("p/templates/_h.tpl", "kind: Y\n"),
            ("p/templates/blank.yaml", " \n\n"),
        ]);
        let s = sort_manifests(&f, Helm::V4, &rudder_report::Silent, &head).unwrap();
        let sources: Vec<&str> = s.manifests.iter().map(|d| d.source.as_str()).collect();
        assert_eq!(
            sources,
            vec!["p/charts/s/templates/a.yaml", "p/templates/b.yaml"]
        );
    }

    #[test]
    fn head_errors_name_the_file() {
        let f = files(&[("t/templates/x.yaml", "kind: A\n---\n\nbad")]);
        let e = sort_manifests(&f, Helm::V4, &rudder_report::Silent, &head).unwrap_err();
        assert_eq!(
            e.to_string(),
            "YAML parse error on t/templates/x.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into T"
        );
        assert_eq!(e.location().unwrap().to_string(), "t/templates/x.yaml:4");
    }

    #[test]
    fn helm_3_logs_unknown_hooks_through_go_log() {
        // helm v3.17.2 (testdata/charts/hooks, helm-3.17.2 golden).
        let f = files(&[("t/templates/h.yaml", "kind: Pod\nhook: bogus-event\n")]);
        let lines = rudder_report::Recorder::default();
        let s = sort_manifests(&f, Helm::V3, &lines, &head).unwrap();
        assert!(s.hooks.is_empty() && s.manifests.is_empty());
        assert_eq!(
            lines.reports(),
            vec![
                "manifest_sorter.go:190: info: skipping unknown hook: \"bogus-event\"".to_string()
            ]
        );
    }

    /// Large outputs read their heads on several threads: the order and the first error in
    /// output order stay those of a reading on one thread.
    #[test]
    fn large_outputs_keep_their_order_and_first_error() {
        let padding = format!("pad: {}\n", "x".repeat(2000));
        let docs: Vec<String> = (0..200)
            .map(|i| format!("kind: K{i:03}\n{padding}"))
            .collect();
        let mut f = vec![("t/templates/a.yaml".to_string(), docs.join("---\n"))];
        let s = sort_manifests(&f, Helm::V4, &rudder_report::Silent, &head).unwrap();
        let kinds: Vec<&str> = s.manifests.iter().map(|d| d.kind.as_str()).collect();
        let expected: Vec<String> = (0..200).map(|i| format!("K{i:03}")).collect();
        assert_eq!(kinds, expected);
        f.push((
            "t/templates/b.yaml".into(),
            "kind: A\n---\nbad\n---\nbad".into(),
        ));
        f.push(("t/templates/c.yaml".into(), "bad".into()));
        let e = sort_manifests(&f, Helm::V4, &rudder_report::Silent, &head).unwrap_err();
        assert_eq!(e.location().unwrap().to_string(), "t/templates/b.yaml:3");
    }
}

//! Turning rendered files into `helm template`'s output: split each file into documents, classify
//! hooks, order by kind, then print (or write to `--output-dir`) with `# Source:` lines.

mod heads;
mod kind_order;
mod post_render;
mod post_render_printed;
mod show_only;
mod sort;
mod split;

pub use heads::ParseHead;
pub use post_render::{post_render, PostRenderError, PostRenderer};
pub use post_render_printed::post_render_printed;
pub use show_only::show_only;
pub use sort::{sort_manifests, Document, Head, Hook, Sorted};
pub use split::split_documents;

/// A CRD file of a chart: printed verbatim, never templated.
#[derive(Clone, Debug)]
pub struct CrdFile {
    /// `<chart path>/crds/<file>`.
    pub path: String,
    pub content: String,
}

/// What `helm template` emits, before `--show-only` and `--output-dir` are applied.
#[derive(Clone, Debug, Default)]
pub struct Assembled {
    /// CRDs (if included), then regular manifests, as (source path, body).
    pub manifests: Vec<(String, String)>,
    /// Hooks after `--no-hooks`/`--skip-tests` filtering, as (source path, body).
    pub hooks: Vec<(String, String)>,
    /// helm 3's post-renderer output, printed in place of the manifests.
    pub post_rendered: Option<String>,
}

/// Options that shape the output.
#[derive(Clone, Debug, Default)]
pub struct OutputOptions {
    pub include_crds: bool,
    pub no_hooks: bool,
    pub skip_tests: bool,
    /// `--output-dir`: manifests go to files (helm 3 then post-renders nothing).
    pub to_dir: bool,
}

/// Puts CRDs, manifests and hooks together as `helm template` does.
pub fn assemble(crds: &[CrdFile], sorted: Sorted, opts: &OutputOptions) -> Assembled {
    let mut manifests: Vec<(String, String)> = Vec::new();
    if opts.include_crds {
        manifests.extend(crds.iter().map(|c| (c.path.clone(), c.content.clone())));
    }
    manifests.extend(sorted.manifests.into_iter().map(|d| (d.source, d.body)));
    let hooks = if opts.no_hooks {
        Vec::new()
    } else {
        sorted
            .hooks
            .into_iter()
            .filter(|h| !(opts.skip_tests && h.is_test()))
            .map(|h| (h.doc.source, h.doc.body))
            .collect()
    };
    Assembled {
        manifests,
        hooks,
        post_rendered: None,
    }
}

/// The text `helm template` prints without `--output-dir`: all manifests as one trimmed blob
/// plus a newline, then every hook as its own document. Written once into a buffer of the
/// final size and trimmed in place: a large umbrella's output is megabytes, and a trimmed copy
/// of a grown buffer held it three times over at the end of the run.
pub fn to_text(a: &Assembled) -> String {
    let hooks: usize = a.hooks.iter().map(|(p, b)| document_len(p, b)).sum();
    let mut out = match &a.post_rendered {
        Some(text) => {
            let mut out = String::with_capacity(text.len() + 1 + hooks);
            out.push_str(text);
            out
        }
        None => manifests_with_room(a, 1 + hooks),
    };
    trim_go_space(&mut out);
    out.push('\n');
    for (path, body) in &a.hooks {
        push_document(&mut out, path, body);
    }
    out
}

/// The manifests as one text, each document with its `# Source:` line.
fn manifests_text(a: &Assembled) -> String {
    manifests_with_room(a, 0)
}

/// [`manifests_text`] in a buffer with `room` bytes to spare.
fn manifests_with_room(a: &Assembled, room: usize) -> String {
    let size: usize = a.manifests.iter().map(|(p, b)| document_len(p, b)).sum();
    let mut blob = String::with_capacity(size + room);
    for (path, body) in &a.manifests {
        push_document(&mut blob, path, body);
    }
    blob
}

/// Go's `strings.TrimSpace`, in place.
fn trim_go_space(text: &mut String) {
    text.truncate(text.trim_end_matches(GO_SPACE).len());
    let start = text.len() - text.trim_start_matches(GO_SPACE).len();
    text.drain(..start);
}

/// What `helm template --output-dir` prints after the writes: helm 3's post-renderer output
/// (trimmed), else nothing, and a newline.
pub fn output_dir_text(a: &Assembled) -> String {
    let blob = a.post_rendered.as_deref().unwrap_or_default();
    format!("{}\n", blob.trim_matches(GO_SPACE))
}

/// One `---\n# Source: PATH\nBODY\n` document.
pub fn push_document(out: &mut String, path: &str, body: &str) {
    out.push_str(DOCUMENT_START);
    out.push_str(path);
    out.push('\n');
    out.push_str(body);
    out.push('\n');
}

const DOCUMENT_START: &str = "---\n# Source: ";

/// The length of a document [`push_document`] writes.
fn document_len(path: &str, body: &str) -> usize {
    DOCUMENT_START.len() + path.len() + body.len() + 2
}

/// Go's `unicode.IsSpace` (what `strings.TrimSpace` trims).
pub(crate) fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c > '\u{ff}' && c.is_whitespace())
}

pub(crate) const GO_SPACE: fn(char) -> bool = is_go_space;

/// One file write of `--output-dir`: documents are appended to files, the first write of a path
/// (within this run, and only for manifests) truncates it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileWrite {
    /// Relative to the output folder: `[<release>/]<source path>`.
    pub path: String,
    pub document: String,
    pub append: bool,
}

/// The writes `--output-dir` performs, in order. CRDs never get the release-name folder.
/// `exists` tells whether a target already exists on disk before the run (hooks append to it).
pub fn output_dir_writes(
    a: &Assembled,
    crd_count: usize,
    release_dir: Option<&str>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<FileWrite> {
    let mut written = std::collections::HashSet::new();
    let mut writes = Vec::new();
    let prefixed = |p: &str| match release_dir {
        Some(r) => format!("{r}/{p}"),
        None => p.to_string(),
    };
    for (i, (path, body)) in a.manifests.iter().enumerate() {
        // CRDs are written at their own path even with --release-name.
        let target = if i < crd_count {
            path.clone()
        } else {
            prefixed(path)
        };
        let mut document = String::new();
        push_document(&mut document, path, body);
        writes.push(FileWrite {
            append: !written.insert(target.clone()),
            path: target,
            document,
        });
    }
    for (path, body) in &a.hooks {
        // Hooks append whenever the file exists by then, written by this run or not.
        let target = prefixed(path);
        let append = exists(&target) || written.contains(&target);
        written.insert(target.clone());
        let mut document = String::new();
        push_document(&mut document, path, body);
        writes.push(FileWrite {
            path: target,
            document,
            append,
        });
    }
    writes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assembled(manifests: &[(&str, &str)], hooks: &[(&str, &str)]) -> Assembled {
        let own = |d: &[(&str, &str)]| {
            d.iter()
                .map(|(p, b)| (p.to_string(), b.to_string()))
                .collect()
        };
        Assembled {
            manifests: own(manifests),
            hooks: own(hooks),
            post_rendered: None,
        }
    }

    #[test]
    fn the_output_is_written_into_a_buffer_of_its_size() {
        let a = assembled(
            &[
                ("c/templates/a.yaml", "a: 1"),
                ("c/templates/b.yaml", "b: 2"),
            ],
            &[("c/templates/h.yaml", "h: 3")],
        );
        let text = to_text(&a);
        assert_eq!(
            text,
            "---\n# Source: c/templates/a.yaml\na: 1\n---\n# Source: c/templates/b.yaml\nb: 2\n---\n# Source: c/templates/h.yaml\nh: 3\n"
        );
        assert_eq!(text.capacity(), text.len() + 1);
    }

    #[test]
    fn the_manifests_are_trimmed_as_go_trims_space() {
        let a = assembled(&[("c/templates/a.yaml", "a: 1\n\n \u{85}")], &[]);
        assert_eq!(to_text(&a), "---\n# Source: c/templates/a.yaml\na: 1\n");
        let empty = assembled(&[], &[("c/templates/h.yaml", "h")]);
        assert_eq!(to_text(&empty), "\n---\n# Source: c/templates/h.yaml\nh\n");
        let post = Assembled {
            post_rendered: Some(" \n x: 1 \n\n".into()),
            ..Assembled::default()
        };
        assert_eq!(to_text(&post), "x: 1\n");
    }
}

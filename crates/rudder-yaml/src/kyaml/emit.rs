//! Writing nodes as kyaml's writer does: yaml.v3's emitter (libyaml's, which unsafe-libyaml
//! translates) with indent 2, compact sequences, unlimited width and unicode text.

use std::mem::MaybeUninit;

use unsafe_libyaml as unsafe_sys;

use super::node::Node;
use super::place::place_comments;
use crate::read::libyaml::ScalarStyle;

/// The documents, each ending in a newline, separated by `---` lines.
pub fn emit_documents(documents: &[Node]) -> String {
    documents
        .iter()
        .map(emit_document)
        .collect::<Vec<_>>()
        .join("---\n")
}

/// One document, ending in a newline.
pub fn emit_document(document: &Node) -> String {
    let mut out = Vec::new();
    let mut emitter = Emitter::new(&mut out);
    emitter.emit(Event::StreamStart);
    emitter.emit(Event::DocumentStart);
    emitter.node(document);
    emitter.emit(Event::DocumentEnd);
    emitter.emit(Event::StreamEnd);
    drop(emitter);
    // The emitter writes the UTF-8 it was given, unchanged or escaped.
    let text = String::from_utf8_lossy(&out).into_owned();
    place_comments(text, document)
}

enum Event<'n> {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Scalar(&'n str, ScalarStyle, Properties<'n>),
    Alias(&'n str),
    SequenceStart(bool, Properties<'n>),
    SequenceEnd,
    MappingStart(bool, Properties<'n>),
    MappingEnd,
}

/// A node's anchor and explicit tag, as NUL-terminated copies libyaml can read.
struct Properties<'n> {
    anchor: Option<std::ffi::CString>,
    tag: Option<std::ffi::CString>,
    _node: std::marker::PhantomData<&'n Node>,
}

impl Properties<'_> {
    fn of(node: &Node) -> Properties<'_> {
        // Anchors and tags come from libyaml's parser, which never puts a NUL in them.
        let c = |s: &Option<String>| s.as_deref().and_then(|s| std::ffi::CString::new(s).ok());
        let props = node.props();
        Properties {
            anchor: props.and_then(|p| c(&p.anchor)),
            tag: props.and_then(|p| c(&p.tag)),
            _node: std::marker::PhantomData,
        }
    }

    fn anchor(&self) -> *const u8 {
        self.anchor
            .as_ref()
            .map_or(std::ptr::null(), |a| a.as_ptr().cast())
    }

    fn tag(&self) -> *const u8 {
        self.tag
            .as_ref()
            .map_or(std::ptr::null(), |t| t.as_ptr().cast())
    }

    /// Without a tag the node's kind is implied.
    fn implicit(&self) -> bool {
        self.tag.is_none()
    }
}

struct Emitter<'o> {
    raw: Box<MaybeUninit<unsafe_sys::yaml_emitter_t>>,
    _out: std::marker::PhantomData<&'o mut Vec<u8>>,
}

/// libyaml's write callback: appends to the `Vec<u8>` behind `data`.
unsafe fn write_to_vec(data: *mut std::ffi::c_void, buffer: *mut u8, size: u64) -> i32 {
    // SAFETY: `data` is the `Vec<u8>` given in `Emitter::new`, alive while the emitter is;
    // libyaml passes `size` readable bytes at `buffer`.
    unsafe {
        let out = &mut *(data as *mut Vec<u8>);
        out.extend_from_slice(std::slice::from_raw_parts(buffer, size as usize));
    }
    1
}

impl<'o> Emitter<'o> {
    fn new(out: &'o mut Vec<u8>) -> Self {
        let mut raw = Box::new(MaybeUninit::<unsafe_sys::yaml_emitter_t>::uninit());
        // SAFETY: the emitter lives in a box that never moves and `out` outlives it (the
        // lifetime ties them); initialize only fails on allocation failure, which aborts.
        unsafe {
            let e = raw.as_mut_ptr();
            if unsafe_sys::yaml_emitter_initialize(e).fail {
                std::alloc::handle_alloc_error(
                    std::alloc::Layout::new::<unsafe_sys::yaml_emitter_t>(),
                );
            }
            unsafe_sys::yaml_emitter_set_output(e, write_to_vec, (out as *mut Vec<u8>).cast());
            unsafe_sys::yaml_emitter_set_unicode(e, true);
            unsafe_sys::yaml_emitter_set_indent(e, 2);
            unsafe_sys::yaml_emitter_set_width(e, -1);
        }
        Emitter {
            raw,
            _out: std::marker::PhantomData,
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Scalar { value, style, .. } => {
                self.emit(Event::Scalar(value, *style, Properties::of(node)))
            }
            Node::Alias { name, .. } => self.emit(Event::Alias(name)),
            Node::Sequence { flow, items, .. } => {
                self.emit(Event::SequenceStart(*flow, Properties::of(node)));
                items.iter().for_each(|item| self.node(item));
                self.emit(Event::SequenceEnd);
            }
            Node::Mapping { flow, entries, .. } => {
                self.emit(Event::MappingStart(*flow, Properties::of(node)));
                for (key, value) in entries {
                    self.node(key);
                    self.node(value);
                }
                self.emit(Event::MappingEnd);
            }
        }
    }

    fn emit(&mut self, event: Event) {
        let mut raw = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: each initializer fills the event (copying the scalar's bytes); emit takes
        // ownership of the event and frees it, failing or not. Events arrive in an order
        // the emitter accepts (built from a tree), so a failure can only be an allocation.
        unsafe {
            let ev = raw.as_mut_ptr();
            let _ = match event {
                Event::StreamStart => unsafe_sys::yaml_stream_start_event_initialize(
                    ev,
                    unsafe_sys::YAML_UTF8_ENCODING,
                ),
                Event::StreamEnd => unsafe_sys::yaml_stream_end_event_initialize(ev),
                Event::DocumentStart => unsafe_sys::yaml_document_start_event_initialize(
                    ev,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    true,
                ),
                Event::DocumentEnd => unsafe_sys::yaml_document_end_event_initialize(ev, true),
                Event::Scalar(value, style, props) => unsafe_sys::yaml_scalar_event_initialize(
                    ev,
                    props.anchor(),
                    props.tag(),
                    value.as_ptr(),
                    value.len() as i32,
                    props.implicit(),
                    props.implicit(),
                    scalar_style(value, style),
                ),
                Event::Alias(name) => {
                    let name = std::ffi::CString::new(name).unwrap_or_default();
                    unsafe_sys::yaml_alias_event_initialize(ev, name.as_ptr().cast())
                }
                Event::SequenceStart(flow, props) => {
                    unsafe_sys::yaml_sequence_start_event_initialize(
                        ev,
                        props.anchor(),
                        props.tag(),
                        props.implicit(),
                        if flow {
                            unsafe_sys::YAML_FLOW_SEQUENCE_STYLE
                        } else {
                            unsafe_sys::YAML_BLOCK_SEQUENCE_STYLE
                        },
                    )
                }
                Event::SequenceEnd => unsafe_sys::yaml_sequence_end_event_initialize(ev),
                Event::MappingStart(flow, props) => {
                    unsafe_sys::yaml_mapping_start_event_initialize(
                        ev,
                        props.anchor(),
                        props.tag(),
                        props.implicit(),
                        if flow {
                            unsafe_sys::YAML_FLOW_MAPPING_STYLE
                        } else {
                            unsafe_sys::YAML_BLOCK_MAPPING_STYLE
                        },
                    )
                }
                Event::MappingEnd => unsafe_sys::yaml_mapping_end_event_initialize(ev),
            };
            let _ = unsafe_sys::yaml_emitter_emit(self.raw.as_mut_ptr(), ev);
        }
    }
}

impl Drop for Emitter<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, flushed and deleted once.
        unsafe {
            let _ = unsafe_sys::yaml_emitter_flush(self.raw.as_mut_ptr());
            unsafe_sys::yaml_emitter_delete(self.raw.as_mut_ptr());
        }
    }
}

/// yaml.v3's encoder: a plain scalar holding a line break is written literal.
fn scalar_style(value: &str, style: ScalarStyle) -> unsafe_sys::yaml_scalar_style_t {
    match style {
        ScalarStyle::Plain if value.contains('\n') => unsafe_sys::YAML_LITERAL_SCALAR_STYLE,
        ScalarStyle::Plain => unsafe_sys::YAML_PLAIN_SCALAR_STYLE,
        ScalarStyle::SingleQuoted => unsafe_sys::YAML_SINGLE_QUOTED_SCALAR_STYLE,
        ScalarStyle::DoubleQuoted => unsafe_sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE,
        ScalarStyle::Literal => unsafe_sys::YAML_LITERAL_SCALAR_STYLE,
        ScalarStyle::Folded => unsafe_sys::YAML_FOLDED_SCALAR_STYLE,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_documents;
    use super::*;

    fn round_trip(text: &str) -> String {
        emit_documents(&parse_documents(text).unwrap())
    }

    #[test]
    fn writes_as_kyaml_does() {
        // Measured through helm 4.1.4's post-renderer with a plugin that only copies.
        let input = "a:\n    - x\n    -   y\n    -\n      - z\nb: {k: \"1\", l: 'two'}\nc: this is\n  continued\nd:\ne: |\n  line\n";
        let expected = "a:\n- x\n- y\n- - z\nb: {k: \"1\", l: 'two'}\nc: this is continued\nd:\ne: |\n  line\n";
        assert_eq!(round_trip(input), expected);
    }

    #[test]
    fn long_lines_are_not_folded() {
        let long = format!("k: {}\n", ["word"; 40].join(" "));
        assert_eq!(round_trip(&long), long);
    }

    #[test]
    fn documents_are_separated() {
        assert_eq!(round_trip("a: 1\n---\nb: 2\n"), "a: 1\n---\nb: 2\n");
    }

    #[test]
    fn comments_go_where_yaml_v3_puts_them() {
        // Each pair measured through helm 4.1.4's post-renderer with a copying plugin.
        let cases = [
            (
                "kind: A\n# before b\nb: 1\n\n# after blank\nc: 2\n# foot?\n\nd: 3\n",
                "kind: A\n# before b\nb: 1\n# after blank\nc: 2\n# foot?\n\nd: 3\n",
            ),
            (
                "kind: A\nm:\n  x:\n    y: 1\n  # foot x\nz: 1\n",
                "kind: A\nm:\n  x:\n    y: 1\n    # foot x\nz: 1\n",
            ),
            (
                "kind: A\nlist:\n  # head item\n  - a # lc a\n  - c: 1\n    # head d\n    d: 2\n",
                "kind: A\nlist:\n# head item\n- a # lc a\n- c: 1\n  # head d\n  d: 2\n",
            ),
            ("# c1\n\n# c2\nkind: A\n", "# c1\n\n# c2\nkind: A\n"),
            (
                "kind: A   # lc\nk: # key\n  x: 1\n",
                "kind: A # lc\nk: # key\n  x: 1\n",
            ),
            (
                "a: &x 1\nb: *x\nc: !!str 1\nd: !t x\n",
                "a: &x 1\nb: *x\nc: !!str 1\nd: !t x\n",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(round_trip(input), expected, "{input}");
        }
    }
}

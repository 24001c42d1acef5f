//! A safe event reader over unsafe-libyaml, libyaml translated to Rust. go-yaml v2 is a Go
//! port of the same C code, so syntax, messages and marks agree with helm's.

use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

use unsafe_libyaml as unsafe_sys;

/// A position: byte index, 0-based line and column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Mark {
    pub index: u64,
    pub line: u64,
    pub column: u64,
}

impl From<unsafe_sys::yaml_mark_t> for Mark {
    fn from(m: unsafe_sys::yaml_mark_t) -> Self {
        Mark {
            index: m.index,
            line: m.line,
            column: m.column,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, PartialEq)]
pub enum EventData {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias {
        anchor: String,
    },
    Scalar {
        anchor: Option<String>,
        tag: Option<String>,
        value: String,
        style: ScalarStyle,
    },
    SequenceStart {
        anchor: Option<String>,
        tag: Option<String>,
        /// `[a, b]` rather than block style.
        flow: bool,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
        tag: Option<String>,
        /// `{a: b}` rather than block style.
        flow: bool,
    },
    MappingEnd,
}

#[derive(Debug)]
pub struct Event {
    pub data: EventData,
    pub start_mark: Mark,
    pub end_mark: Mark,
}

/// Which stage of libyaml failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ErrorKind {
    Reader,
    Scanner,
    Parser,
    Other,
}

/// libyaml's error report: the problem and where it was found, and the context's position.
#[derive(Debug, Clone)]
pub struct Error {
    pub kind: ErrorKind,
    pub problem: String,
    pub problem_mark: Mark,
    pub context_mark: Mark,
}

/// The leading fields of `yaml_parser_t` (a `repr(C)` struct whose error fields the crate
/// keeps private), read through a pointer cast as libyaml's C API users do.
#[repr(C)]
struct ParserErrorFields {
    error: unsafe_sys::yaml_error_type_t,
    problem: *const std::ffi::c_char,
    problem_offset: u64,
    problem_value: i32,
    problem_mark: unsafe_sys::yaml_mark_t,
    context: *const std::ffi::c_char,
    context_mark: unsafe_sys::yaml_mark_t,
}

/// A libyaml parser over borrowed bytes (UTF-8, or not: libyaml reports bad sequences).
pub struct Parser<'t> {
    raw: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    _input: std::marker::PhantomData<&'t [u8]>,
}

impl<'t> Parser<'t> {
    pub fn new(input: &'t [u8]) -> Self {
        let mut raw = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        // SAFETY: the parser lives in a box that never moves; `input` outlives it (the
        // lifetime ties them); initialize only fails on allocation failure, which aborts.
        unsafe {
            let p = raw.as_mut_ptr();
            if unsafe_sys::yaml_parser_initialize(p).fail {
                std::alloc::handle_alloc_error(
                    std::alloc::Layout::new::<unsafe_sys::yaml_parser_t>(),
                );
            }
            unsafe_sys::yaml_parser_set_encoding(p, unsafe_sys::YAML_UTF8_ENCODING);
            unsafe_sys::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
        }
        Parser {
            raw,
            _input: std::marker::PhantomData,
        }
    }

    /// The next event, or libyaml's error (after which the parser must not be used).
    // An event or an error each call, after the stream's end too: no `Iterator`.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Event, Error> {
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; a successful parse initialises the
        // event, which is read, then deleted exactly once.
        unsafe {
            let p = self.raw.as_mut_ptr();
            if unsafe_sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                return Err(parser_error(p));
            }
            let event = event.assume_init_mut();
            let converted = convert(event);
            unsafe_sys::yaml_event_delete(event);
            Ok(converted)
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted once.
        unsafe { unsafe_sys::yaml_parser_delete(self.raw.as_mut_ptr()) }
    }
}

/// An owned copy of a NUL-terminated libyaml string.
unsafe fn c_string(ptr: *const u8) -> Option<String> {
    NonNull::new(ptr as *mut u8).map(|p| {
        // SAFETY: the caller passes a non-null pointer libyaml made to a NUL-terminated string.
        unsafe { CStr::from_ptr(p.as_ptr().cast()) }
            .to_string_lossy()
            .into_owned()
    })
}

unsafe fn convert(event: &unsafe_sys::yaml_event_t) -> Event {
    // SAFETY: each union field read is the one `type_` says libyaml filled; scalar values are
    // `length` bytes long.
    let data = unsafe {
        match event.type_ {
            unsafe_sys::YAML_STREAM_START_EVENT => EventData::StreamStart,
            unsafe_sys::YAML_DOCUMENT_START_EVENT => EventData::DocumentStart,
            unsafe_sys::YAML_DOCUMENT_END_EVENT => EventData::DocumentEnd,
            unsafe_sys::YAML_ALIAS_EVENT => EventData::Alias {
                anchor: c_string(event.data.alias.anchor).unwrap_or_default(),
            },
            unsafe_sys::YAML_SCALAR_EVENT => {
                let s = event.data.scalar;
                let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                EventData::Scalar {
                    anchor: c_string(s.anchor),
                    tag: c_string(s.tag),
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    style: match s.style {
                        unsafe_sys::YAML_SINGLE_QUOTED_SCALAR_STYLE => ScalarStyle::SingleQuoted,
                        unsafe_sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE => ScalarStyle::DoubleQuoted,
                        unsafe_sys::YAML_LITERAL_SCALAR_STYLE => ScalarStyle::Literal,
                        unsafe_sys::YAML_FOLDED_SCALAR_STYLE => ScalarStyle::Folded,
                        _ => ScalarStyle::Plain,
                    },
                }
            }
            unsafe_sys::YAML_SEQUENCE_START_EVENT => EventData::SequenceStart {
                anchor: c_string(event.data.sequence_start.anchor),
                tag: c_string(event.data.sequence_start.tag),
                flow: event.data.sequence_start.style == unsafe_sys::YAML_FLOW_SEQUENCE_STYLE,
            },
            unsafe_sys::YAML_SEQUENCE_END_EVENT => EventData::SequenceEnd,
            unsafe_sys::YAML_MAPPING_START_EVENT => EventData::MappingStart {
                anchor: c_string(event.data.mapping_start.anchor),
                tag: c_string(event.data.mapping_start.tag),
                flow: event.data.mapping_start.style == unsafe_sys::YAML_FLOW_MAPPING_STYLE,
            },
            unsafe_sys::YAML_MAPPING_END_EVENT => EventData::MappingEnd,
            _ => EventData::StreamEnd,
        }
    };
    Event {
        data,
        start_mark: event.start_mark.into(),
        end_mark: event.end_mark.into(),
    }
}

unsafe fn parser_error(p: *const unsafe_sys::yaml_parser_t) -> Error {
    // SAFETY: the caller passes a live parser; `ParserErrorFields` mirrors its leading fields.
    let fields = unsafe { &*(p as *const ParserErrorFields) };
    Error {
        kind: match fields.error {
            unsafe_sys::YAML_READER_ERROR => ErrorKind::Reader,
            unsafe_sys::YAML_SCANNER_ERROR => ErrorKind::Scanner,
            unsafe_sys::YAML_PARSER_ERROR => ErrorKind::Parser,
            _ => ErrorKind::Other,
        },
        // SAFETY: `problem` is null or a static NUL-terminated message of libyaml's.
        problem: unsafe { c_string(fields.problem.cast()) }
            .unwrap_or_else(|| "unknown problem parsing YAML content".into()),
        problem_mark: fields.problem_mark.into(),
        context_mark: fields.context_mark.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Result<Vec<EventData>, Error> {
        let mut p = Parser::new(text.as_bytes());
        let mut out = Vec::new();
        loop {
            let e = p.next()?;
            if e.data == EventData::StreamEnd {
                return Ok(out);
            }
            out.push(e.data);
        }
    }

    #[test]
    fn reads_events_and_errors() {
        let ev = events("a: &x [1, 'b']\nc: *x\n").unwrap();
        assert!(ev.contains(&EventData::Alias { anchor: "x".into() }));
        let err = events("a: [1\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Parser);
        assert_eq!(err.problem, "did not find expected ',' or ']'");
        let err = events("a: \"x\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Scanner);
        assert_eq!(err.problem, "found unexpected end of stream");
    }

    /// libyaml-safer (tried first) panicked on these; C libyaml reads them.
    #[test]
    fn inputs_a_safe_port_panicked_on() {
        let tagged = events("[!!str, x]").unwrap();
        assert!(tagged.iter().any(|e| matches!(e, EventData::Scalar { tag: Some(t), value, .. } if t == "tag:yaml.org,2002:str" && value.is_empty())));
        let block = events("a: |\n  x").unwrap();
        assert!(block
            .iter()
            .any(|e| matches!(e, EventData::Scalar { value, .. } if value == "x")));
        let high = events("\u{fffc}: 1").unwrap();
        assert!(high
            .iter()
            .any(|e| matches!(e, EventData::Scalar { value, .. } if value == "\u{fffc}")));
    }
}

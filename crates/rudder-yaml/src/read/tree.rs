//! Building a node tree from libyaml's events (go-yaml v2 is a port of libyaml, so its syntax,
//! messages and line numbers come along), with anchors expanded under a bound.

use foldhash::HashMap;
use std::rc::Rc;

use super::libyaml::{self, Event, EventData, ScalarStyle};

/// A YAML node before scalar resolution.
#[derive(Debug, Clone)]
pub enum YNode {
    Scalar {
        value: String,
        /// Plain (unquoted, not a block scalar): only these resolve to non-strings untagged.
        plain: bool,
        tag: Option<String>,
    },
    Seq(Vec<Rc<YNode>>),
    Map(Vec<(Rc<YNode>, Rc<YNode>)>),
}

/// A reader failure; `Display` is the Go text that follows `error converting YAML to JSON: `.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.text())]
pub struct ReadError {
    pub stage: Stage,
    pub message: String,
    /// Where the reader stopped in the text it read: 1-based line and 0-based byte column
    /// (`None` when only the line is known); `None` when the failure has no position (most
    /// conversion errors).
    pub position: Option<(usize, Option<usize>)>,
}

/// Which step of sigs.k8s.io/yaml's conversion failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// go-yaml's reading: `yaml: line N: msg`, or `yaml: msg` when `line` is 0. The line is
    /// go-yaml's, which for parser errors is one less than the true one.
    Yaml { line: usize },
    /// The JSON step (`json: unsupported value: +Inf`).
    Json,
}

impl ReadError {
    /// go-yaml's `yaml: line N: msg`.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        ReadError {
            stage: Stage::Yaml { line },
            message: message.into(),
            position: Some((line, None)),
        }
    }

    /// go-yaml's `yaml: msg` (no line).
    pub fn plain(message: impl Into<String>) -> Self {
        ReadError {
            stage: Stage::Yaml { line: 0 },
            message: message.into(),
            position: None,
        }
    }

    /// A failure of the JSON step (`json: unsupported value: +Inf`).
    pub fn json(message: impl Into<String>) -> Self {
        ReadError {
            stage: Stage::Json,
            message: message.into(),
            position: None,
        }
    }

    /// The same failure at a known place (1-based line, 0-based byte column).
    fn placed(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, Some(column)));
        self
    }

    fn text(&self) -> String {
        match self.stage {
            Stage::Yaml { line: 0 } => format!("yaml: {}", self.message),
            Stage::Yaml { line } => format!("yaml: line {line}: {}", self.message),
            Stage::Json => self.message.clone(),
        }
    }
}

/// The 1-based line and 0-based byte column of byte `index` of `text`.
fn line_column(text: &[u8], index: usize) -> (usize, usize) {
    let before = &text[..index.min(text.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, before.len() - start)
}

/// Limits against hostile input (alias bombs, deep nesting).
const MAX_NODES: usize = 2_000_000;
pub(crate) const MAX_DEPTH: usize = 10_000;

/// go-yaml's short form of the standard tags (`!!int`); others as written.
fn tag_name(tag: Option<String>) -> Option<String> {
    tag.map(|t| match t.strip_prefix("tag:yaml.org,2002:") {
        Some(short) => format!("!!{short}"),
        None => t,
    })
}

/// go-yaml's message for a libyaml failure: the problem alone, with the problem's line
/// (1-based for scanner errors, 0-based for parser errors) or else the context's; a line of
/// 0 is left out. The position is where libyaml found the problem, in `text`.
fn parse_error(e: &libyaml::Error, text: &[u8]) -> ReadError {
    let line = if e.problem_mark.line != 0 {
        e.problem_mark.line + u64::from(e.kind == libyaml::ErrorKind::Scanner)
    } else {
        e.context_mark.line
    };
    // go-yaml's port carries a typo of its own.
    let problem = match e.problem.as_str() {
        "did not find expected hexadecimal number" => "did not find expected hexdecimal number",
        other => other,
    };
    let error = if line == 0 {
        ReadError::plain(problem)
    } else {
        ReadError::at(line as usize, problem)
    };
    let (line, column) = line_column(text, e.problem_mark.index as usize);
    error.placed(line, column)
}

struct Builder<'t> {
    text: &'t [u8],
    /// Whether `\\/` occurs at all (then double-quoted scalars are checked for it).
    slash_escapes: bool,
    /// Text go-yaml reads differently, found while building: the next try rewrites it.
    retry: Option<Retry>,
    /// Anchored nodes with their expanded size (`None` while the node is being built).
    anchors: HashMap<String, Option<(Rc<YNode>, usize)>>,
    nodes: usize,
}

/// go-yaml's reader refuses these code points anywhere in the stream.
fn is_go_yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The common case of [`is_go_yaml_printable`], byte by byte: printable ASCII, tabs and line
/// breaks (a fold without early exit, so the compiler checks many bytes at once).
fn is_printable_ascii(text: &str) -> bool {
    text.bytes().fold(true, |ok, b| {
        ok & (matches!(b, 0x20..=0x7e) | (b == b'\t') | (b == b'\n') | (b == b'\r'))
    })
}

/// `\\/` is an escape of newer libyaml that go-yaml refuses; checks the double-quoted scalar
/// starting at byte `start`.
fn check_go_yaml_escapes(text: &[u8], start: usize, line: u64) -> Result<(), ReadError> {
    let mut bytes = text.get(start..).unwrap_or_default().iter().skip(1);
    while let Some(&b) = bytes.next() {
        match b {
            b'"' => break,
            b'\\' if bytes.next() == Some(&b'/') => {
                let message = "found unknown escape character";
                let error = if line == 0 {
                    ReadError::plain(message)
                } else {
                    ReadError::at(line as usize + 1, message)
                };
                let (line, column) = line_column(text, start);
                return Err(error.placed(line, column));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Parses the first document of `text` into a node tree (`None` when it is empty), as
/// go-yaml's `Unmarshal` does: later documents are not read.
pub fn parse_first_document(text: &str) -> Result<Option<Rc<YNode>>, ReadError> {
    if !is_printable_ascii(text) && !text.chars().all(is_go_yaml_printable) {
        return Err(ReadError::plain("control characters are not allowed"));
    }
    // The encoding is given (so libyaml does not look for a BOM): drop one as it would.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Go strings may hold bytes that are not UTF-8: libyaml sees them and reports them.
    let mut bytes = rudder_gotmpl::gostr::to_bytes(text);
    // Each retry rewrites one tag or escape; a bound keeps hostile input from costing a
    // re-read per rewrite.
    for _ in 0..MAX_TAG_REWRITES {
        match parse_bytes(&bytes) {
            Err(Parse::Retry(Retry::Tag(at))) => match go_yaml_tag(&bytes, at) {
                Some(rewritten) => bytes = rewritten.into(),
                None => break,
            },
            Err(Parse::Retry(Retry::QuoteEscape(at))) => {
                bytes = quote_escapes_rewritten(&bytes, at).into();
            }
            Err(Parse::Failed(e)) => return Err(e),
            Ok(doc) => return Ok(doc),
        }
    }
    Err(ReadError::plain(
        "did not find expected whitespace or line break",
    ))
}

/// How many tags followed by `,[]` one document may have.
pub(crate) const MAX_TAG_REWRITES: usize = 64;

/// Text at a byte that go-yaml reads differently from libyaml, to rewrite before a new try.
enum Retry {
    /// A tag directly followed by `,`, `[` or `]`, which go-yaml reads as part of the tag.
    Tag(usize),
    /// A `\'` escape in a double-quoted scalar.
    QuoteEscape(usize),
}

enum Parse {
    Failed(ReadError),
    Retry(Retry),
}

fn parse_bytes(bytes: &[u8]) -> Result<Option<Rc<YNode>>, Parse> {
    let mut parser = libyaml::Parser::new(bytes);
    let mut b = Builder {
        text: bytes,
        slash_escapes: bytes.windows(2).any(|w| w == b"\\/"),
        anchors: HashMap::default(),
        nodes: 0,
        retry: None,
    };
    let result = b.first_document(&mut parser);
    match b.retry {
        Some(retry) => Err(Parse::Retry(retry)),
        None => result.map_err(Parse::Failed),
    }
}

/// Characters go-yaml takes into a tag's URI (libyaml ends shorthand tags before `,[]`).
fn is_go_yaml_tag_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-_;/?:@&=+$.!~*'()%,[]".contains(&c)
}

/// `bytes` with every `\'` of the double-quoted scalar that has one at `at`, from there to its
/// closing quote, written `\x27`: go-yaml reads `\'` as a quote, libyaml refuses it. One retry
/// per scalar, not per escape (CRD descriptions hold many).
fn quote_escapes_rewritten(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 8);
    out.extend_from_slice(&bytes[..at]);
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' if bytes.get(i + 1) == Some(&b'\'') => {
                out.extend_from_slice(b"\\x27");
                i += 2;
                continue;
            }
            // Any other escape is two bytes (a longer one's digits hold no quote or backslash).
            b'\\' => {
                out.extend_from_slice(&bytes[i..(i + 2).min(bytes.len())]);
                i += 2;
                continue;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[i.min(bytes.len())..]);
    out
}

/// Where libyaml's "found unknown escape character" is a `\'`, which go-yaml takes.
fn quote_escape_at(bytes: &[u8], e: &libyaml::Error) -> Option<usize> {
    let at = e.problem_mark.index as usize;
    (e.problem == "found unknown escape character" && bytes.get(at..at + 2) == Some(&b"\\'"[..]))
        .then_some(at)
}

/// Where libyaml's "did not find expected whitespace or line break" after a tag is a `,[]`
/// that go-yaml would have kept in the tag: the tag's start.
fn tag_error_at(bytes: &[u8], e: &libyaml::Error) -> Option<usize> {
    let after = *bytes.get(e.problem_mark.index as usize)?;
    let start = e.context_mark.index as usize;
    (e.problem == "did not find expected whitespace or line break"
        && b",[]".contains(&after)
        && bytes.get(start) == Some(&b'!'))
    .then_some(start)
}

/// `bytes` with the shorthand tag at `at` written in verbatim form (`!<tag:yaml.org,2002:str,>`)
/// so that libyaml reads the same tag as go-yaml; `None` for a named handle.
fn go_yaml_tag(bytes: &[u8], at: usize) -> Option<Vec<u8>> {
    let mut end = at + 1;
    while end < bytes.len() && is_go_yaml_tag_char(bytes[end]) {
        end += 1;
    }
    let tag = std::str::from_utf8(&bytes[at..end]).ok()?;
    let expanded = match tag.strip_prefix("!!") {
        Some(suffix) => format!("tag:yaml.org,2002:{suffix}"),
        None if tag[1..].contains('!') => return None,
        None => tag.to_string(),
    };
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(format!("!<{expanded}>").as_bytes());
    out.extend_from_slice(&bytes[end..]);
    Some(out)
}

impl Builder<'_> {
    fn first_document(
        &mut self,
        parser: &mut libyaml::Parser<'_>,
    ) -> Result<Option<Rc<YNode>>, ReadError> {
        loop {
            let ev = self.next(parser)?;
            match ev.data {
                EventData::StreamEnd => return Ok(None),
                EventData::DocumentStart => {
                    let ev = self.next(parser)?;
                    let (node, _) = self.node(parser, ev, 0)?;
                    // go-yaml reads on to the document's end (errors right after it count).
                    self.next(parser)?;
                    return Ok(Some(node));
                }
                _ => {}
            }
        }
    }

    /// The next event; a tag error go-yaml would not make is noted for a retry.
    fn next(&mut self, parser: &mut libyaml::Parser<'_>) -> Result<Event, ReadError> {
        parser.next().map_err(|e| {
            if let Some(at) = tag_error_at(self.text, &e) {
                self.retry = Some(Retry::Tag(at));
            } else if let Some(at) = quote_escape_at(self.text, &e) {
                self.retry = Some(Retry::QuoteEscape(at));
            }
            parse_error(&e, self.text)
        })
    }

    fn count(&mut self, n: usize, line: usize) -> Result<(), ReadError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(ReadError::at(line, "document contains excessive aliasing"));
        }
        Ok(())
    }

    fn start_anchor(&mut self, anchor: &Option<String>) {
        if let Some(a) = anchor {
            self.anchors.insert(a.clone(), None);
        }
    }

    /// Builds the node starting with `ev`; returns it and its expanded size.
    fn node(
        &mut self,
        parser: &mut libyaml::Parser<'_>,
        ev: Event,
        depth: usize,
    ) -> Result<(Rc<YNode>, usize), ReadError> {
        let line = ev.start_mark.line as usize + 1;
        if depth > MAX_DEPTH {
            return Err(ReadError::at(
                line,
                format!("exceeded max depth of {MAX_DEPTH}"),
            ));
        }
        self.count(1, line)?;
        let mut size = 1;
        let (node, anchor) = match ev.data {
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
            } => {
                // An empty scalar made of a tag directly followed by `,[]`: go-yaml's tag
                // goes on (`[!!str, x]` is one scalar "x" tagged `!!str,`).
                let tag_end = ev.end_mark.index as usize;
                if tag.is_some()
                    && value.is_empty()
                    && style == ScalarStyle::Plain
                    && self.text.get(tag_end).is_some_and(|c| b",[]".contains(c))
                {
                    let start = ev.start_mark.index as usize;
                    let bang = self.text[start..tag_end].iter().position(|&c| c == b'!');
                    if let Some(offset) = bang {
                        self.retry = Some(Retry::Tag(start + offset));
                        return Err(ReadError::plain("retag"));
                    }
                }
                if style == ScalarStyle::DoubleQuoted && self.slash_escapes {
                    check_go_yaml_escapes(
                        self.text,
                        ev.start_mark.index as usize,
                        ev.start_mark.line,
                    )?;
                }
                let node = YNode::Scalar {
                    value,
                    plain: style == ScalarStyle::Plain,
                    tag: tag_name(tag),
                };
                (Rc::new(node), anchor)
            }
            EventData::Alias { anchor } => {
                let (target, size) = match self.anchors.get(&anchor) {
                    Some(Some(found)) => found.clone(),
                    Some(None) => {
                        return Err(ReadError::plain(format!(
                            "anchor '{anchor}' value contains itself"
                        )))
                    }
                    None => {
                        return Err(ReadError::plain(format!(
                            "unknown anchor '{anchor}' referenced"
                        )))
                    }
                };
                self.count(size, line)?;
                return Ok((target, size));
            }
            EventData::SequenceStart { anchor, .. } => {
                self.start_anchor(&anchor);
                let mut items = Vec::new();
                loop {
                    let ev = self.next(parser)?;
                    if ev.data == EventData::SequenceEnd {
                        break;
                    }
                    let (item, n) = self.node(parser, ev, depth + 1)?;
                    size += n;
                    items.push(item);
                }
                (Rc::new(YNode::Seq(items)), anchor)
            }
            EventData::MappingStart { anchor, .. } => {
                self.start_anchor(&anchor);
                let mut pairs = Vec::new();
                loop {
                    let ev = self.next(parser)?;
                    if ev.data == EventData::MappingEnd {
                        break;
                    }
                    let (key, kn) = self.node(parser, ev, depth + 1)?;
                    let ev = self.next(parser)?;
                    let (value, vn) = self.node(parser, ev, depth + 1)?;
                    size += kn + vn;
                    pairs.push((key, value));
                }
                (Rc::new(YNode::Map(pairs)), anchor)
            }
            other => return Err(ReadError::at(line, format!("unexpected event {other:?}"))),
        };
        if let Some(a) = anchor {
            // go-yaml names a collection from its start, so the same anchor set again
            // inside it is the one that stays.
            let redefined_inside = !matches!(*node, YNode::Scalar { .. })
                && matches!(self.anchors.get(&a), Some(Some(_)));
            if !redefined_inside {
                self.anchors.insert(a, Some((node.clone(), size)));
            }
        }
        Ok((node, size))
    }
}

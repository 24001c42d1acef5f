//! yamllint's `syntax` finding: the first error PyYAML's parser raises on the text, which is
//! either a scanner error or a token out of place. This walks PyYAML's parser states over the
//! tokens without building events, to find that error and where it is.

use super::scanner::{Kind, SyntaxError, Token};

#[derive(Debug, Clone, Copy)]
enum State {
    ImplicitDocumentStart,
    DocumentStart,
    DocumentEnd,
    DocumentContent,
    BlockNode,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceEntry { first: bool },
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingKey { first: bool },
    FlowMappingValue,
    FlowMappingEmptyValue,
}

struct Parser<'t> {
    tokens: &'t [Token],
    /// How many tokens PyYAML's scanner hands out before `scan_error`.
    available: usize,
    scan_error: Option<&'t SyntaxError>,
    at: usize,
    states: Vec<State>,
    tag_handles: Vec<String>,
}

type Step = Result<(), SyntaxError>;

/// The first syntax error in the stream whose tokens (up to a scanner error) are `tokens`.
pub fn first_error(
    tokens: &[Token],
    available: usize,
    scan_error: Option<&SyntaxError>,
) -> Option<SyntaxError> {
    let mut parser = Parser {
        tokens,
        available,
        scan_error,
        at: 1, // StreamStart
        states: Vec::new(),
        tag_handles: Vec::new(),
    };
    let mut state = Some(State::ImplicitDocumentStart);
    while let Some(current) = state {
        match parser.step(current) {
            Ok(next) => state = next,
            Err(error) => return Some(error),
        }
    }
    None
}

fn found(problem: &str, token: &Token) -> SyntaxError {
    SyntaxError {
        problem: format!("{problem}, but found '{}'", token.kind.id()),
        mark: token.start,
    }
}

impl Parser<'_> {
    fn peek(&self) -> Result<&Token, SyntaxError> {
        if self.at < self.available.min(self.tokens.len()) {
            return Ok(&self.tokens[self.at]);
        }
        Err(self.scan_error.cloned().unwrap_or(SyntaxError {
            problem: "unexpected end of the token stream".into(),
            mark: self.tokens.last().map(|t| t.end).unwrap_or_default(),
        }))
    }

    fn check(&self, kinds: &[Kind]) -> Result<bool, SyntaxError> {
        Ok(self.peek()?.is(kinds))
    }

    fn take(&mut self) -> Result<Token, SyntaxError> {
        let token = self.peek()?.clone();
        self.at += 1;
        Ok(token)
    }

    /// Before a flow collection's next entry (not its first): a `,`, else PyYAML's error
    /// naming the collection's closing bracket.
    fn entry_separator(&mut self, first: bool, close: char) -> Result<(), SyntaxError> {
        if first {
            return Ok(());
        }
        if self.check(&[Kind::FlowEntry])? {
            self.take()?;
            return Ok(());
        }
        let token = self.peek()?;
        Err(SyntaxError {
            problem: format!("expected ',' or '{close}', but got '{}'", token.kind.id()),
            mark: token.start,
        })
    }

    fn pop(&mut self) -> Option<State> {
        self.states.pop()
    }

    /// Runs one parser state; returns the next one (`None`: the stream ended).
    fn step(&mut self, state: State) -> Result<Option<State>, SyntaxError> {
        use Kind::*;
        Ok(Some(match state {
            State::ImplicitDocumentStart => {
                if self.check(&[Directive, DocumentStart, StreamEnd])? {
                    return self.step(State::DocumentStart);
                }
                self.tag_handles = vec!["!".into(), "!!".into()];
                self.states.push(State::DocumentEnd);
                State::BlockNode
            }
            State::DocumentStart => {
                while self.check(&[DocumentEnd])? {
                    self.take()?;
                }
                if self.check(&[StreamEnd])? {
                    self.take()?;
                    return Ok(None);
                }
                self.process_directives()?;
                if !self.check(&[DocumentStart])? {
                    let token = self.peek()?;
                    return Err(SyntaxError {
                        problem: format!(
                            "expected '<document start>', but found '{}'",
                            token.kind.id()
                        ),
                        mark: token.start,
                    });
                }
                self.take()?;
                self.states.push(State::DocumentEnd);
                State::DocumentContent
            }
            State::DocumentEnd => {
                if self.check(&[DocumentEnd])? {
                    self.take()?;
                }
                State::DocumentStart
            }
            State::DocumentContent => {
                if self.check(&[Directive, DocumentStart, DocumentEnd, StreamEnd])? {
                    return Ok(self.pop());
                }
                return self.node(true, false);
            }
            State::BlockNode => return self.node(true, false),
            State::BlockSequenceEntry => {
                if self.check(&[BlockEntry])? {
                    self.take()?;
                    if !self.check(&[BlockEntry, BlockEnd])? {
                        self.states.push(State::BlockSequenceEntry);
                        return self.node(true, false);
                    }
                    return Ok(Some(State::BlockSequenceEntry));
                }
                if !self.check(&[BlockEnd])? {
                    return Err(found("expected <block end>", self.peek()?));
                }
                self.take()?;
                return Ok(self.pop());
            }
            State::IndentlessSequenceEntry => {
                if self.check(&[BlockEntry])? {
                    self.take()?;
                    if !self.check(&[BlockEntry, Key, Value, BlockEnd])? {
                        self.states.push(State::IndentlessSequenceEntry);
                        return self.node(true, false);
                    }
                    return Ok(Some(State::IndentlessSequenceEntry));
                }
                return Ok(self.pop());
            }
            State::BlockMappingKey => {
                if self.check(&[Key])? {
                    self.take()?;
                    if !self.check(&[Key, Value, BlockEnd])? {
                        self.states.push(State::BlockMappingValue);
                        return self.node(true, true);
                    }
                    return Ok(Some(State::BlockMappingValue));
                }
                if !self.check(&[BlockEnd])? {
                    return Err(found("expected <block end>", self.peek()?));
                }
                self.take()?;
                return Ok(self.pop());
            }
            State::BlockMappingValue => {
                if self.check(&[Value])? {
                    self.take()?;
                    if !self.check(&[Key, Value, BlockEnd])? {
                        self.states.push(State::BlockMappingKey);
                        return self.node(true, true);
                    }
                }
                State::BlockMappingKey
            }
            State::FlowSequenceEntry { first } => {
                if !self.check(&[FlowSequenceEnd])? {
                    self.entry_separator(first, ']')?;
                    if self.check(&[Key])? {
                        return Ok(Some(State::FlowSequenceEntryMappingKey));
                    }
                    if !self.check(&[FlowSequenceEnd])? {
                        self.states.push(State::FlowSequenceEntry { first: false });
                        return self.node(false, false);
                    }
                }
                self.take()?;
                return Ok(self.pop());
            }
            State::FlowSequenceEntryMappingKey => {
                self.take()?;
                if !self.check(&[Value, FlowEntry, FlowSequenceEnd])? {
                    self.states.push(State::FlowSequenceEntryMappingValue);
                    return self.node(false, false);
                }
                State::FlowSequenceEntryMappingValue
            }
            State::FlowSequenceEntryMappingValue => {
                if self.check(&[Value])? {
                    self.take()?;
                    if !self.check(&[FlowEntry, FlowSequenceEnd])? {
                        self.states.push(State::FlowSequenceEntryMappingEnd);
                        return self.node(false, false);
                    }
                }
                State::FlowSequenceEntryMappingEnd
            }
            State::FlowSequenceEntryMappingEnd => {
                self.peek()?;
                State::FlowSequenceEntry { first: false }
            }
            State::FlowMappingKey { first } => {
                if !self.check(&[FlowMappingEnd])? {
                    self.entry_separator(first, '}')?;
                    if self.check(&[Key])? {
                        self.take()?;
                        if !self.check(&[Value, FlowEntry, FlowMappingEnd])? {
                            self.states.push(State::FlowMappingValue);
                            return self.node(false, false);
                        }
                        return Ok(Some(State::FlowMappingValue));
                    }
                    if !self.check(&[FlowMappingEnd])? {
                        self.states.push(State::FlowMappingEmptyValue);
                        return self.node(false, false);
                    }
                }
                self.take()?;
                return Ok(self.pop());
            }
            State::FlowMappingValue => {
                if self.check(&[Value])? {
                    self.take()?;
                    if !self.check(&[FlowEntry, FlowMappingEnd])? {
                        self.states.push(State::FlowMappingKey { first: false });
                        return self.node(false, false);
                    }
                }
                State::FlowMappingKey { first: false }
            }
            State::FlowMappingEmptyValue => {
                self.peek()?;
                State::FlowMappingKey { first: false }
            }
        }))
    }

    fn process_directives(&mut self) -> Step {
        let mut version_seen = false;
        let mut handles: Vec<String> = Vec::new();
        while self.check(&[Kind::Directive])? {
            let token = self.take()?;
            match token.value.as_str() {
                "YAML" => {
                    let problem = if version_seen {
                        "found duplicate YAML directive"
                    } else if token.version.is_some_and(|(major, _)| major != 1) {
                        "found incompatible YAML document (version 1.* is required)"
                    } else {
                        version_seen = true;
                        continue;
                    };
                    return Err(SyntaxError {
                        problem: problem.into(),
                        mark: token.start,
                    });
                }
                "TAG" => {
                    let handle = token.handle.clone().unwrap_or_default();
                    if handles.contains(&handle) {
                        return Err(SyntaxError {
                            problem: format!("duplicate tag handle {}", py_str(&handle)),
                            mark: token.start,
                        });
                    }
                    handles.push(handle);
                }
                _ => {}
            }
        }
        for default in ["!", "!!"] {
            if !handles.iter().any(|h| h == default) {
                handles.push(default.into());
            }
        }
        self.tag_handles = handles;
        Ok(())
    }

    /// PyYAML's `parse_node`.
    fn node(&mut self, block: bool, indentless: bool) -> Result<Option<State>, SyntaxError> {
        use Kind::*;
        if self.check(&[Alias])? {
            self.take()?;
            return Ok(self.pop());
        }
        let mut properties = false;
        let mut tag: Option<Token> = None;
        if self.check(&[Anchor])? {
            self.take()?;
            properties = true;
            if self.check(&[Tag])? {
                tag = Some(self.take()?);
            }
        } else if self.check(&[Tag])? {
            tag = Some(self.take()?);
            properties = true;
            if self.check(&[Anchor])? {
                self.take()?;
            }
        }
        if let Some(handle) = tag.as_ref().and_then(|t| t.handle.as_ref()) {
            if !self.tag_handles.contains(handle) {
                return Err(SyntaxError {
                    problem: format!("found undefined tag handle {}", py_str(handle)),
                    mark: tag.as_ref().map(|t| t.start).unwrap_or_default(),
                });
            }
        }
        if indentless && self.check(&[BlockEntry])? {
            return Ok(Some(State::IndentlessSequenceEntry));
        }
        let token = self.peek()?;
        let next = match token.kind {
            Scalar => {
                self.take()?;
                return Ok(self.pop());
            }
            FlowSequenceStart => State::FlowSequenceEntry { first: true },
            FlowMappingStart => State::FlowMappingKey { first: true },
            BlockSequenceStart if block => State::BlockSequenceEntry,
            BlockMappingStart if block => State::BlockMappingKey,
            _ if properties => return Ok(self.pop()),
            _ => {
                return Err(SyntaxError {
                    problem: format!("expected the node content, but found '{}'", token.kind.id()),
                    mark: token.start,
                })
            }
        };
        self.take()?;
        Ok(Some(next))
    }
}

/// Python's `repr` of a string without quotes or backslashes in it.
fn py_str(text: &str) -> String {
    format!("'{text}'")
}

#[cfg(test)]
mod tests {
    use super::super::scanner::scan;
    use super::*;

    fn error(text: &str) -> Option<(String, usize, usize)> {
        let buffer: Vec<char> = text.chars().chain(['\0']).collect();
        let scanned = scan(&buffer);
        first_error(&scanned.tokens, scanned.available, scanned.error.as_ref())
            .map(|e| (e.problem, e.mark.line, e.mark.column))
    }

    #[test]
    fn pyyaml_parser_errors() {
        assert_eq!(
            error("a: 1\nb: [1, 2\n"),
            Some(("expected ',' or ']', but got '<stream end>'".into(), 2, 0))
        );
        assert_eq!(
            error("a:\n  b: 1\n c: 2\n"),
            Some((
                "expected <block end>, but found '<block mapping start>'".into(),
                2,
                1
            ))
        );
        assert_eq!(
            error("a: 1\n- b\n"),
            Some(("expected <block end>, but found '-'".into(), 1, 0))
        );
        assert_eq!(error("a: {x: 1}\nb: !!str c\n"), None);
        assert_eq!(
            error("a: !e!x 1\n"),
            Some(("found undefined tag handle '!e!'".into(), 0, 3))
        );
    }
}

//! `indentation`: block collections indented consistently (`spaces`: a number, or the first
//! indentation found), sequences in mappings indented or not (`indent-sequences`), and, with
//! `check-multi-line-strings`, the lines of multi-line scalars. A stack of the collections,
//! keys and values the tokens are in gives each token the column it should start at.

use super::super::config::{Opt, RuleConf};
use super::super::scanner::{Kind, Token};
use super::{At, Found};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Root,
    BlockMap,
    FlowMap,
    BlockSeq,
    FlowSeq,
    BlockEntry,
    Key,
    Val,
}

#[derive(Debug, Clone)]
struct Parent {
    kind: Type,
    indent: i64,
    line_indent: i64,
    explicit_key: bool,
    implicit_block_seq: bool,
}

impl Parent {
    fn new(kind: Type, indent: i64) -> Parent {
        Parent {
            kind,
            indent,
            line_indent: 0,
            explicit_key: false,
            implicit_block_seq: false,
        }
    }
}

/// `indent-sequences` as the run has settled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sequences {
    Yes,
    No,
    Whatever,
    Consistent,
}

pub struct State {
    stack: Vec<Parent>,
    cur_line: i64,
    cur_line_indent: i64,
    /// `None` until the first indentation sets it (`spaces: consistent`).
    spaces: Option<i64>,
    sequences: Sequences,
}

impl State {
    pub fn new(conf: &RuleConf) -> State {
        State {
            stack: vec![Parent::new(Type::Root, 0)],
            cur_line: -1,
            cur_line_indent: 0,
            spaces: match conf.opt("spaces") {
                Some(Opt::Int(n)) => Some(*n),
                _ => None,
            },
            sequences: match conf.opt("indent-sequences") {
                Some(Opt::Bool(true)) => Sequences::Yes,
                Some(Opt::Bool(false)) => Sequences::No,
                Some(Opt::Str(s)) if s == "consistent" => Sequences::Consistent,
                _ => Sequences::Whatever,
            },
        }
    }

    fn top(&self) -> &Parent {
        &self.stack[self.stack.len() - 1]
    }

    fn below_top(&self) -> Option<&Parent> {
        self.stack.len().checked_sub(2).map(|i| &self.stack[i])
    }

    /// The indentation one level in from `base`, fixing `spaces` the first time.
    fn detect_indent(&mut self, base: i64, found: i64) -> i64 {
        let spaces = *self.spaces.get_or_insert(found - base);
        base + spaces
    }
}

/// Where yamllint's `_check` would fail an assertion (it then reports the token).
struct Unexpected;

pub fn check(conf: &RuleConf, at: &At, state: &mut State) -> Vec<Found> {
    let mut found = Vec::new();
    if check_token(conf, at, state, &mut found).is_err() {
        let token = at.token;
        found.push(Found::new(
            token.start.line + 1,
            token.start.column + 1,
            "cannot infer indentation: unexpected token",
        ));
    }
    found
}

fn check_token(
    conf: &RuleConf,
    at: &At,
    state: &mut State,
    found: &mut Vec<Found>,
) -> Result<(), Unexpected> {
    use Kind::*;
    let token = at.token;
    let line = |t: &Token| t.start.line as i64;
    let column = |t: &Token| t.start.column as i64;
    let is_visible = !(token.is(&[StreamStart, StreamEnd, BlockEnd])
        || (token.kind == Scalar && token.value.is_empty()));
    let first_in_line = is_visible && line(token) + 1 > state.cur_line;
    let found_indentation = column(token);
    if first_in_line {
        let top = state.top().clone();
        let mut expected = top.indent;
        if token.is(&[FlowMappingEnd, FlowSequenceEnd]) {
            expected = top.line_indent;
        } else if top.kind == Type::Key && top.explicit_key && token.kind != Value {
            expected = state.detect_indent(expected, column(token));
        }
        if found_indentation != expected {
            let desc = if expected < 0 {
                format!(
                    "wrong indentation: expected at least {}",
                    found_indentation + 1
                )
            } else {
                format!("wrong indentation: expected {expected} but found {found_indentation}")
            };
            found.push(Found::new(
                token.start.line + 1,
                token.start.column + 1,
                &desc,
            ));
        }
    }
    if token.kind == Scalar && conf.bool("check-multi-line-strings") {
        scalar_lines(at, state, found)?;
    }
    if is_visible {
        state.cur_line = super::real_end_line(at.buffer, token) as i64;
        if first_in_line {
            state.cur_line_indent = found_indentation;
        }
    }
    let next = at.next;
    match token.kind {
        BlockMappingStart => {
            next.filter(|n| n.kind == Key && n.start.line == token.start.line)
                .ok_or(Unexpected)?;
            state.stack.push(Parent::new(Type::BlockMap, column(token)));
        }
        FlowMappingStart | FlowSequenceStart => {
            let next = next.ok_or(Unexpected)?;
            let indent = if next.start.line == token.start.line {
                column(next)
            } else {
                state.detect_indent(state.cur_line_indent, column(next))
            };
            let kind = if token.kind == FlowMappingStart {
                Type::FlowMap
            } else {
                Type::FlowSeq
            };
            let mut parent = Parent::new(kind, indent);
            parent.line_indent = state.cur_line_indent;
            state.stack.push(parent);
        }
        BlockSequenceStart => {
            next.filter(|n| n.kind == BlockEntry && n.start.line == token.start.line)
                .ok_or(Unexpected)?;
            state.stack.push(Parent::new(Type::BlockSeq, column(token)));
        }
        BlockEntry if next.is_some_and(|n| !n.is(&[BlockEntry, BlockEnd])) => {
            let next = next.ok_or(Unexpected)?;
            if state.top().kind != Type::BlockSeq {
                let mut parent = Parent::new(Type::BlockSeq, column(token));
                parent.implicit_block_seq = true;
                state.stack.push(parent);
            }
            let indent =
                if next.start.line == token.end.line || next.start.column == token.start.column {
                    column(next)
                } else {
                    state.detect_indent(column(token), column(next))
                };
            state.stack.push(Parent::new(Type::BlockEntry, indent));
        }
        Key => {
            let mut parent = Parent::new(Type::Key, state.top().indent);
            parent.explicit_key = super::is_explicit_key(at.buffer, token);
            state.stack.push(parent);
        }
        Value => value(at, state)?,
        _ => {}
    }
    pop_finished(at, state)
}

/// After a `:`: the indentation its value should have.
fn value(at: &At, state: &mut State) -> Result<(), Unexpected> {
    use Kind::*;
    if state.top().kind != Type::Key {
        return Err(Unexpected);
    }
    let prev = at.prev.ok_or(Unexpected)?;
    let mut next = at.next.ok_or(Unexpected)?;
    if next.is(&[Anchor, Tag]) {
        let nextnext = at.nextnext.ok_or(Unexpected)?;
        if next.start.line == prev.start.line && next.start.line < nextnext.start.line {
            next = nextnext;
        }
    }
    if next.is(&[BlockEnd, FlowMappingEnd, FlowSequenceEnd, Key]) {
        return Ok(());
    }
    let top = state.top().clone();
    let next_column = next.start.column as i64;
    let indent = if top.explicit_key {
        state.detect_indent(top.indent, next_column)
    } else if next.start.line == prev.start.line {
        next_column
    } else if next.is(&[BlockSequenceStart, BlockEntry]) {
        match state.sequences {
            Sequences::No => top.indent,
            Sequences::Yes => {
                if state.spaces.is_none() && next_column - top.indent == 0 {
                    -1
                } else {
                    state.detect_indent(top.indent, next_column)
                }
            }
            Sequences::Whatever | Sequences::Consistent => {
                if next_column == top.indent {
                    if state.sequences == Sequences::Consistent {
                        state.sequences = Sequences::No;
                    }
                    top.indent
                } else {
                    if state.sequences == Sequences::Consistent {
                        state.sequences = Sequences::Yes;
                    }
                    state.detect_indent(top.indent, next_column)
                }
            }
        }
    } else {
        state.detect_indent(top.indent, next_column)
    };
    state.stack.push(Parent::new(Type::Val, indent));
    Ok(())
}

/// Leaves the collections, entries, keys and values that `at.token` ends.
fn pop_finished(at: &At, state: &mut State) -> Result<(), Unexpected> {
    use Kind::*;
    let token = at.token;
    let next_is = |kinds: &[Kind]| at.next.is_some_and(|n| n.is(kinds));
    let mut consumed = false;
    loop {
        let top = state.top().clone();
        let below = state.below_top().cloned();
        let closes = (top.kind == Type::FlowSeq && token.kind == FlowSequenceEnd)
            || (top.kind == Type::FlowMap && token.kind == FlowMappingEnd)
            || (matches!(top.kind, Type::BlockMap | Type::BlockSeq)
                && token.kind == BlockEnd
                && !top.implicit_block_seq);
        if closes && !consumed {
            state.stack.pop();
            consumed = true;
        } else if top.kind == Type::BlockEntry
            && token.kind != BlockEntry
            && below.as_ref().is_some_and(|b| b.implicit_block_seq)
            && !token.is(&[Anchor, Tag])
            && !next_is(&[BlockEntry])
        {
            state.stack.pop();
            state.stack.pop();
        } else if top.kind == Type::BlockEntry && next_is(&[BlockEntry, BlockEnd]) {
            state.stack.pop();
        } else if top.kind == Type::Val && !token.is(&[Value, Anchor, Tag]) {
            if below.as_ref().map(|b| b.kind) != Some(Type::Key) {
                return Err(Unexpected);
            }
            state.stack.pop();
            state.stack.pop();
        } else if top.kind == Type::Key
            && next_is(&[BlockEnd, FlowMappingEnd, FlowSequenceEnd, Key])
        {
            state.stack.pop();
        } else {
            return Ok(());
        }
        if state.stack.is_empty() {
            return Err(Unexpected);
        }
    }
}

/// `check-multi-line-strings`: each line of a multi-line scalar at the scalar's indentation.
fn scalar_lines(at: &At, state: &mut State, found: &mut Vec<Found>) -> Result<(), Unexpected> {
    let token = at.token;
    if token.start.line == token.end.line {
        return Ok(());
    }
    let buffer = at.buffer;
    let mut expected: Option<i64> = None;
    let mut line_no = token.start.line + 1;
    let mut line_start = token.start.pointer;
    let search_end = token.end.pointer.saturating_sub(1);
    loop {
        let Some(newline) = (line_start..search_end).find(|&i| buffer[i] == '\n') else {
            return Ok(());
        };
        line_start = newline + 1;
        line_no += 1;
        let mut indent = 0;
        while buffer.get(line_start + indent) == Some(&' ') {
            indent += 1;
        }
        if buffer.get(line_start + indent) == Some(&'\n') {
            continue;
        }
        let indent = indent as i64;
        let want = match expected {
            Some(want) => want,
            None => {
                let want = expected_scalar_indent(at, state, indent)?;
                expected = Some(want);
                want
            }
        };
        if indent != want {
            let desc = format!("wrong indentation: expected {want} but found {indent}");
            found.push(Found::new(line_no, indent as usize + 1, &desc));
        }
    }
}

fn expected_scalar_indent(at: &At, state: &mut State, found: i64) -> Result<i64, Unexpected> {
    let token = at.token;
    let column = token.start.column as i64;
    Ok(match token.style {
        None => column,
        Some('"' | '\'') => column + 1,
        _ => {
            let top = state.top().clone();
            let base = match top.kind {
                Type::BlockEntry => column,
                Type::Key if top.explicit_key => column,
                Type::Key => return Err(Unexpected),
                Type::Val => {
                    let below = state.below_top().cloned().ok_or(Unexpected)?;
                    if token.start.line as i64 + 1 > state.cur_line {
                        top.indent
                    } else if below.explicit_key {
                        column
                    } else {
                        below.indent
                    }
                }
                _ => top.indent,
            };
            state.detect_indent(base, found)
        }
    })
}

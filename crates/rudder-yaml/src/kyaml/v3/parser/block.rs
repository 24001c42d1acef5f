//! The block collections' productions: sequences (indented or not) and mappings.

use std::mem::take;

use super::{empty_scalar, Parser, State};
use crate::kyaml::v3::event::{Event, EventKind};
use crate::kyaml::v3::token::{Step, TokenKind};

impl Parser<'_> {
    pub(super) fn parse_block_sequence_entry(&mut self, first: bool) -> Step<Event> {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip_token();
        }
        let token = self.peek()?;
        match token.kind {
            TokenKind::BlockEntry => {
                let prior_head_len = self.head_comment.len();
                let dash = token.start;
                self.skip_token();
                self.split_stem_comment(prior_head_len)?;
                let token = self.peek()?;
                if token.kind != TokenKind::BlockEntry && token.kind != TokenKind::BlockEnd {
                    self.states.push(State::BlockSequenceEntry);
                    self.parse_node(true, false)
                } else {
                    self.state = State::BlockSequenceEntry;
                    Ok(empty_scalar(dash))
                }
            }
            TokenKind::BlockEnd => {
                self.pop_state();
                self.marks.pop();
                self.skip_token();
                Ok(Event::new(EventKind::SequenceEnd))
            }
            _ => {
                let context_mark = self.marks.pop().unwrap_or_default();
                Err(self.fail_in(
                    "while parsing a block collection",
                    context_mark,
                    "did not find expected '-' indicator",
                    token.start,
                ))
            }
        }
    }

    pub(super) fn parse_indentless_sequence_entry(&mut self) -> Step<Event> {
        let token = self.peek()?;
        if token.kind == TokenKind::BlockEntry {
            let prior_head_len = self.head_comment.len();
            let dash = token.start;
            self.skip_token();
            self.split_stem_comment(prior_head_len)?;
            let token = self.peek()?;
            if !matches!(
                token.kind,
                TokenKind::BlockEntry | TokenKind::Key | TokenKind::Value | TokenKind::BlockEnd
            ) {
                self.states.push(State::IndentlessSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Ok(empty_scalar(dash));
        }
        self.pop_state();
        Ok(Event::new(EventKind::SequenceEnd))
    }

    /// When a sequence item holds a collection, the head comment read before its dash is
    /// the collection's (kept aside as the stem comment), not its first entry's.
    fn split_stem_comment(&mut self, stem_len: usize) -> Step {
        if stem_len == 0 {
            return Ok(());
        }
        let token = self.peek()?;
        if token.kind != TokenKind::BlockSequenceStart && token.kind != TokenKind::BlockMappingStart
        {
            return Ok(());
        }
        self.stem_comment = self
            .head_comment
            .get(..stem_len)
            .unwrap_or_default()
            .to_vec();
        self.head_comment = self
            .head_comment
            .get(stem_len + 1..)
            .unwrap_or_default()
            .to_vec();
        Ok(())
    }

    pub(super) fn parse_block_mapping_key(&mut self, first: bool) -> Step<Event> {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip_token();
        }
        let token = self.peek()?;
        if !self.tail_comment.is_empty() {
            // A tail comment left by the prior value goes with it, not with the next key.
            let mut event = Event::new(EventKind::TailComment);
            event.foot_comment = take(&mut self.tail_comment);
            return Ok(event);
        }
        match token.kind {
            TokenKind::Key => {
                let key = token.start;
                self.skip_token();
                let token = self.peek()?;
                if !matches!(
                    token.kind,
                    TokenKind::Key | TokenKind::Value | TokenKind::BlockEnd
                ) {
                    self.states.push(State::BlockMappingValue);
                    self.parse_node(true, true)
                } else {
                    self.state = State::BlockMappingValue;
                    Ok(empty_scalar(key))
                }
            }
            TokenKind::BlockEnd => {
                self.pop_state();
                self.marks.pop();
                let mut event = Event::new(EventKind::MappingEnd);
                self.set_event_comments(&mut event);
                self.skip_token();
                Ok(event)
            }
            _ => {
                let context_mark = self.marks.pop().unwrap_or_default();
                Err(self.fail_in(
                    "while parsing a block mapping",
                    context_mark,
                    "did not find expected key",
                    token.start,
                ))
            }
        }
    }

    pub(super) fn parse_block_mapping_value(&mut self) -> Step<Event> {
        let token = self.peek()?;
        if token.kind == TokenKind::Value {
            let colon = token.start;
            self.skip_token();
            let token = self.peek()?;
            if !matches!(
                token.kind,
                TokenKind::Key | TokenKind::Value | TokenKind::BlockEnd
            ) {
                self.states.push(State::BlockMappingKey);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(colon));
        }
        self.state = State::BlockMappingKey;
        Ok(empty_scalar(token.start))
    }
}

//! The flow collections' productions: `[...]` (with its single-pair mappings) and `{...}`.

use super::{empty_scalar, Parser, State};
use crate::kyaml::v3::event::{Event, EventKind};
use crate::kyaml::v3::token::{Step, TokenKind};

impl Parser<'_> {
    pub(super) fn parse_flow_sequence_entry(&mut self, first: bool) -> Step<Event> {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip_token();
        }
        let mut token = self.peek()?;
        if token.kind != TokenKind::FlowSequenceEnd {
            if !first {
                if token.kind != TokenKind::FlowEntry {
                    let context_mark = self.marks.pop().unwrap_or_default();
                    return Err(self.fail_in(
                        "while parsing a flow sequence",
                        context_mark,
                        "did not find expected ',' or ']'",
                        token.start,
                    ));
                }
                self.skip_token();
                token = self.peek()?;
            }
            if token.kind == TokenKind::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                let mut event = Event::new(EventKind::MappingStart);
                (event.implicit, event.flow) = (true, true);
                self.skip_token();
                return Ok(event);
            }
            if token.kind != TokenKind::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        let mut event = Event::new(EventKind::SequenceEnd);
        self.set_event_comments(&mut event);
        self.skip_token();
        Ok(event)
    }

    pub(super) fn parse_flow_sequence_entry_mapping_key(&mut self) -> Step<Event> {
        let token = self.peek()?;
        if !matches!(
            token.kind,
            TokenKind::Value | TokenKind::FlowEntry | TokenKind::FlowSequenceEnd
        ) {
            self.states.push(State::FlowSequenceEntryMappingValue);
            return self.parse_node(false, false);
        }
        self.skip_token();
        self.state = State::FlowSequenceEntryMappingValue;
        Ok(empty_scalar(token.start))
    }

    pub(super) fn parse_flow_sequence_entry_mapping_value(&mut self) -> Step<Event> {
        let mut token = self.peek()?;
        if token.kind == TokenKind::Value {
            self.skip_token();
            token = self.peek()?;
            if token.kind != TokenKind::FlowEntry && token.kind != TokenKind::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.parse_node(false, false);
            }
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok(empty_scalar(token.start))
    }

    pub(super) fn parse_flow_sequence_entry_mapping_end(&mut self) -> Step<Event> {
        self.peek()?;
        self.state = State::FlowSequenceEntry;
        Ok(Event::new(EventKind::MappingEnd))
    }

    pub(super) fn parse_flow_mapping_key(&mut self, first: bool) -> Step<Event> {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip_token();
        }
        let mut token = self.peek()?;
        if token.kind != TokenKind::FlowMappingEnd {
            if !first {
                if token.kind != TokenKind::FlowEntry {
                    let context_mark = self.marks.pop().unwrap_or_default();
                    return Err(self.fail_in(
                        "while parsing a flow mapping",
                        context_mark,
                        "did not find expected ',' or '}'",
                        token.start,
                    ));
                }
                self.skip_token();
                token = self.peek()?;
            }
            if token.kind == TokenKind::Key {
                self.skip_token();
                let token = self.peek()?;
                if !matches!(
                    token.kind,
                    TokenKind::Value | TokenKind::FlowEntry | TokenKind::FlowMappingEnd
                ) {
                    self.states.push(State::FlowMappingValue);
                    return self.parse_node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok(empty_scalar(token.start));
            }
            if token.kind != TokenKind::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        let mut event = Event::new(EventKind::MappingEnd);
        self.set_event_comments(&mut event);
        self.skip_token();
        Ok(event)
    }

    pub(super) fn parse_flow_mapping_value(&mut self, empty: bool) -> Step<Event> {
        let mut token = self.peek()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(token.start));
        }
        if token.kind == TokenKind::Value {
            self.skip_token();
            token = self.peek()?;
            if token.kind != TokenKind::FlowEntry && token.kind != TokenKind::FlowMappingEnd {
                self.states.push(State::FlowMappingKey);
                return self.parse_node(false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(token.start))
    }
}

//! The token fetchers: each produces one token (and the simple-key and indentation
//! bookkeeping around it).

use super::{Scanner, SimpleKey};
use crate::kyaml::v3::token::{Step, Token, TokenKind};

impl Scanner<'_> {
    pub(super) fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_keys_by_tok.clear();
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        let mark = self.r.mark;
        self.insert_token(-1, Token::new(TokenKind::StreamStart, mark));
    }

    pub(super) fn fetch_stream_end(&mut self) -> Step {
        // Force a new line.
        if self.r.mark.column != 0 {
            self.r.mark.column = 0;
            self.r.mark.line += 1;
        }
        self.unroll_indent(-1, self.r.mark)?;
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let mark = self.r.mark;
        self.insert_token(-1, Token::new(TokenKind::StreamEnd, mark));
        Ok(())
    }

    pub(super) fn fetch_directive(&mut self) -> Step {
        self.unroll_indent(-1, self.r.mark)?;
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.insert_token(-1, token);
        Ok(())
    }

    pub(super) fn fetch_document_indicator(&mut self, kind: TokenKind) -> Step {
        self.unroll_indent(-1, self.r.mark)?;
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.r.mark;
        for _ in 0..3 {
            self.r.skip();
        }
        self.insert_token(-1, Token::new(kind, start));
        Ok(())
    }

    /// Produces a one-character token at the cursor.
    fn take_indicator(&mut self, kind: TokenKind) {
        let start = self.r.mark;
        self.r.skip();
        self.insert_token(-1, Token::new(kind, start));
    }

    pub(super) fn fetch_flow_collection_start(&mut self, kind: TokenKind) -> Step {
        // `[` and `{` may start a simple key.
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        self.take_indicator(kind);
        Ok(())
    }

    pub(super) fn fetch_flow_collection_end(&mut self, kind: TokenKind) -> Step {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        self.take_indicator(kind);
        Ok(())
    }

    pub(super) fn fetch_flow_entry(&mut self) -> Step {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.take_indicator(TokenKind::FlowEntry);
        Ok(())
    }

    pub(super) fn fetch_block_entry(&mut self) -> Step {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                let mark = self.r.mark;
                return Err(self.fail(
                    "",
                    mark,
                    "block sequence entries are not allowed in this context",
                ));
            }
            let (column, mark) = (self.r.mark.column, self.r.mark);
            self.roll_indent(column, None, TokenKind::BlockSequenceStart, mark)?;
        }
        // In flow context `-` is an error the parser reports, where it knows the context.
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.take_indicator(TokenKind::BlockEntry);
        Ok(())
    }

    pub(super) fn fetch_key(&mut self) -> Step {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                let mark = self.r.mark;
                return Err(self.fail("", mark, "mapping keys are not allowed in this context"));
            }
            let (column, mark) = (self.r.mark.column, self.r.mark);
            self.roll_indent(column, None, TokenKind::BlockMappingStart, mark)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        self.take_indicator(TokenKind::Key);
        Ok(())
    }

    pub(super) fn fetch_value(&mut self) -> Step {
        let top = self.simple_keys.len().saturating_sub(1);
        if self.simple_key_is_valid(top)? {
            // The simple key was one: its KEY token (and the mapping's start) go before it.
            let key = self.simple_keys[top];
            let pos = key.token_number as isize - self.tokens_parsed as isize;
            self.insert_token(pos, Token::new(TokenKind::Key, key.mark));
            self.roll_indent(
                key.mark.column,
                Some(key.token_number),
                TokenKind::BlockMappingStart,
                key.mark,
            )?;
            self.simple_keys[top].possible = false;
            self.simple_keys_by_tok.remove(&key.token_number);
            self.simple_key_allowed = false;
        } else {
            // The value of a complex key.
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    let mark = self.r.mark;
                    return Err(self.fail(
                        "",
                        mark,
                        "mapping values are not allowed in this context",
                    ));
                }
                let (column, mark) = (self.r.mark.column, self.r.mark);
                self.roll_indent(column, None, TokenKind::BlockMappingStart, mark)?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        self.take_indicator(TokenKind::Value);
        Ok(())
    }

    pub(super) fn fetch_anchor(&mut self, kind: TokenKind) -> Step {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(kind)?;
        self.insert_token(-1, token);
        Ok(())
    }

    pub(super) fn fetch_tag(&mut self) -> Step {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.insert_token(-1, token);
        Ok(())
    }

    pub(super) fn fetch_block_scalar(&mut self, literal: bool) -> Step {
        self.remove_simple_key()?;
        // A simple key may follow a block scalar.
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.insert_token(-1, token);
        Ok(())
    }

    pub(super) fn fetch_flow_scalar(&mut self, single: bool) -> Step {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.insert_token(-1, token);
        Ok(())
    }

    pub(super) fn fetch_plain_scalar(&mut self) -> Step {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.insert_token(-1, token);
        Ok(())
    }
}

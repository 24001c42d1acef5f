//! Skipping blanks and comments between tokens, and keeping the comments: a comment on the
//! line of a token is its line comment; comment lines are split into the foot of what came
//! before and the head of what follows by blank lines and indentation.

use std::mem::take;

use super::{Comment, Scanner};
use crate::kyaml::v3::chars::{at, is_blank, is_break, is_breakz, is_z};
use crate::kyaml::v3::reader::Mark;
use crate::kyaml::v3::token::{Step, TokenKind};

/// How far yaml.v3 looks ahead for a comment.
const PEEK_LIMIT: usize = 512;

impl Scanner<'_> {
    pub(super) fn scan_to_next_token(&mut self) -> Step {
        let scan_mark = self.r.mark;
        loop {
            self.cache(1)?;
            // A BOM may start a line.
            if self.r.mark.column == 0 && self.r.buffer_starts_with_bom() {
                self.r.skip();
            }
            self.cache(1)?;
            // Tabs are allowed in flow context and after a token that allows no simple key.
            while self.byte(0) == b' '
                || ((self.flow_level > 0 || !self.simple_key_allowed) && self.byte(0) == b'\t')
            {
                self.r.skip();
                self.cache(1)?;
            }
            self.line_comment_after_dash_to_head();
            if self.byte(0) == b'#' {
                self.scan_comments(scan_mark)?;
            }
            if !is_break(self.input(), self.r.pos) {
                return Ok(());
            }
            self.cache(2)?;
            self.r.skip_line();
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }

    /// `- # comment` opening a sequence, with content on the lines below: the comment is
    /// the head of that content (or of the dash when it was on the line before).
    fn line_comment_after_dash_to_head(&mut self) {
        if self.comments.is_empty() || self.token_count() <= 1 {
            return;
        }
        let opened = self.last_token(1).map(|t| t.0) == Some(TokenKind::BlockSequenceStart)
            && self.last_token(0).map(|t| t.0) == Some(TokenKind::BlockEntry);
        let at_break = is_break(self.input(), self.r.pos);
        let mark = self.r.mark;
        let Some(comment) = self.comments.last_mut() else {
            return;
        };
        if opened && !comment.line.is_empty() && !at_break {
            comment.head = take(&mut comment.line);
            if comment.start_mark.line == mark.line - 1 {
                comment.token_mark = mark;
            }
        }
    }

    /// The comment after a token on its line, for the token at `token_mark`.
    pub(super) fn scan_line_comment(&mut self, token_mark: Mark) -> Step {
        if self.r.newlines > 0 {
            return Ok(());
        }
        let mut start_mark = Mark::default();
        let mut text = Vec::new();
        for peek in 0..PEEK_LIMIT {
            if !self.cache_or_stop_looking(peek + 1) {
                break;
            }
            if is_blank(self.input(), self.r.pos + peek) {
                continue;
            }
            if self.byte(peek) == b'#' {
                let seen = self.r.mark.index + peek as isize;
                loop {
                    self.cache(1)?;
                    if is_breakz(self.input(), self.r.pos) {
                        // yaml.v3 would spin at the end of the input (it cannot get there).
                        if self.r.mark.index >= seen || is_z(self.input(), self.r.pos) {
                            break;
                        }
                        self.cache(2)?;
                        self.r.skip_line();
                    } else if self.r.mark.index >= seen {
                        if text.is_empty() {
                            start_mark = self.r.mark;
                        }
                        self.r.read(&mut text);
                    } else {
                        self.r.skip();
                    }
                }
            }
            break;
        }
        if !text.is_empty() {
            self.comments.push(Comment {
                token_mark,
                start_mark,
                line: text,
                ..Comment::default()
            });
        }
        Ok(())
    }

    /// The comment lines starting at the cursor. Lines right after the previous token's
    /// line, up to a blank line, or at a lesser indentation, are the foot of what came
    /// before; the rest is the head of what follows.
    pub(super) fn scan_comments(&mut self, scan_mark: Mark) -> Step {
        let mut scan_mark = scan_mark;
        let (mut kind, mut start) = self
            .last_token(0)
            .unwrap_or((TokenKind::StreamStart, Mark::default()));
        if kind == TokenKind::FlowEntry && self.token_count() > 1 {
            if let Some(before) = self.last_token(1) {
                (kind, start) = before;
            }
        }
        let mut token_mark = start;
        let mut start_mark = Mark::default();
        let mut next_indent = self.indent.max(0);
        let mut recent_empty = false;
        let mut first_empty = self.r.newlines <= 1;
        let mut line = self.r.mark.line;
        let mut column = self.r.mark.column;
        let mut text: Vec<u8> = Vec::new();

        // Where a comment must start to still be a foot of the prior content: the line
        // below it.
        let mut foot_line = -1;
        if scan_mark.line > 0 {
            foot_line = self.r.mark.line - self.r.newlines + 1;
            if self.r.newlines == 0 && self.r.mark.column > 1 {
                foot_line += 1;
            }
        }

        // yaml.v3's `for ; peek < 512; peek++`: a `continue` steps on, and so does the end
        // of a comment line (from 0 to 1: the line break it stopped at is never seen).
        let mut peek = 0;
        while peek < PEEK_LIMIT {
            if !self.cache_or_stop_looking(peek + 1) {
                break;
            }
            column += 1;
            let input = self.input();
            let here = self.r.pos + peek;
            if is_blank(input, here) {
                peek += 1;
                continue;
            }
            let c = at(input, here);
            let close_flow = self.flow_level > 0 && (c == b']' || c == b'}');
            let end = Mark {
                index: self.r.mark.index + peek as isize,
                line,
                column,
            };
            if close_flow || is_breakz(input, here) {
                // A line break or the end.
                if close_flow || !recent_empty {
                    let foot = start_mark.line == foot_line && kind != TokenKind::Value
                        || start_mark.column - 1 < next_indent;
                    if close_flow || first_empty && foot {
                        // The first blank line, with no blank line before: the comment so
                        // far is a foot of the prior token (or the last comment inside a
                        // flow collection).
                        if !text.is_empty() {
                            if start_mark.column - 1 < next_indent {
                                // Dedented: unrelated to the prior token.
                                token_mark = start_mark;
                            }
                            self.comments.push(Comment {
                                scan_mark,
                                token_mark,
                                start_mark,
                                end_mark: end,
                                foot: take(&mut text),
                                ..Comment::default()
                            });
                            scan_mark = end;
                            token_mark = scan_mark;
                        }
                    } else if !text.is_empty() && c != 0 {
                        text.push(b'\n');
                    }
                }
                if !is_break(input, here) {
                    break;
                }
                first_empty = false;
                recent_empty = true;
                column = 0;
                line += 1;
                peek += 1;
                continue;
            }

            if !text.is_empty()
                && (close_flow || column - 1 < next_indent && column != start_mark.column)
            {
                // A comment at another indentation: the foot of the preceding data.
                self.comments.push(Comment {
                    scan_mark,
                    token_mark,
                    start_mark,
                    end_mark: end,
                    foot: take(&mut text),
                    ..Comment::default()
                });
                scan_mark = end;
                token_mark = scan_mark;
            }

            if c != b'#' {
                break;
            }
            if text.is_empty() {
                start_mark = end;
            } else {
                text.push(b'\n');
            }
            recent_empty = false;

            // Consume the comment line.
            let seen = self.r.mark.index + peek as isize;
            loop {
                self.cache(1)?;
                if is_breakz(self.input(), self.r.pos) {
                    if self.r.mark.index >= seen || is_z(self.input(), self.r.pos) {
                        break;
                    }
                    self.cache(2)?;
                    self.r.skip_line();
                } else if self.r.mark.index >= seen {
                    self.r.read(&mut text);
                } else {
                    self.r.skip();
                }
            }

            peek = 1;
            column = 0;
            line = self.r.mark.line;
            next_indent = self.indent.max(0);
        }

        if !text.is_empty() {
            self.comments.push(Comment {
                scan_mark,
                token_mark: start_mark,
                start_mark,
                end_mark: Mark {
                    index: self.r.mark.index + peek as isize - 1,
                    line,
                    column,
                },
                head: text,
                ..Comment::default()
            });
        }
        Ok(())
    }
}

//! Directives, anchors, aliases and tags.

use super::Scanner;
use crate::kyaml::v3::chars::{
    as_digit, as_hex, at, is_alpha, is_blank, is_blankz, is_break, is_breakz, is_digit, is_hex,
    width,
};
use crate::kyaml::v3::reader::Mark;
use crate::kyaml::v3::token::{Step, Token, TokenKind};

const DIRECTIVE: &str = "while scanning a directive";
const VERSION: &str = "while scanning a %YAML directive";

impl Scanner<'_> {
    fn skip_blanks(&mut self) -> Step {
        self.cache(1)?;
        while is_blank(self.input(), self.r.pos) {
            self.r.skip();
            self.cache(1)?;
        }
        Ok(())
    }

    /// `%YAML 1.1` or `%TAG !h! prefix`, with the rest of the line (a comment is dropped).
    pub(super) fn scan_directive(&mut self) -> Step<Token> {
        let start = self.r.mark;
        self.r.skip();
        let name = self.scan_directive_name(start)?;
        let token = match name.as_slice() {
            b"YAML" => {
                self.skip_blanks()?;
                let major = self.scan_version_number(start)?;
                if self.byte(0) != b'.' {
                    return Err(self.fail(
                        VERSION,
                        start,
                        "did not find expected digit or '.' character",
                    ));
                }
                self.r.skip();
                let minor = self.scan_version_number(start)?;
                let mut token = Token::new(TokenKind::VersionDirective, start);
                (token.major, token.minor) = (major, minor);
                token
            }
            b"TAG" => {
                let (handle, prefix) = self.scan_tag_directive_value(start)?;
                let mut token = Token::new(TokenKind::TagDirective, start);
                (token.value, token.prefix) = (handle, prefix);
                token
            }
            _ => return Err(self.fail(DIRECTIVE, start, "found unknown directive name")),
        };
        self.skip_blanks()?;
        if self.byte(0) == b'#' {
            while !is_breakz(self.input(), self.r.pos) {
                self.r.skip();
                self.cache(1)?;
            }
        }
        if !is_breakz(self.input(), self.r.pos) {
            return Err(self.fail(
                DIRECTIVE,
                start,
                "did not find expected comment or line break",
            ));
        }
        if is_break(self.input(), self.r.pos) {
            self.cache(2)?;
            self.r.skip_line();
        }
        Ok(token)
    }

    fn scan_directive_name(&mut self, start: Mark) -> Step<Vec<u8>> {
        self.cache(1)?;
        let mut name = Vec::new();
        while is_alpha(self.input(), self.r.pos) {
            self.r.read(&mut name);
            self.cache(1)?;
        }
        if name.is_empty() {
            return Err(self.fail(DIRECTIVE, start, "could not find expected directive name"));
        }
        if !is_blankz(self.input(), self.r.pos) {
            return Err(self.fail(
                DIRECTIVE,
                start,
                "found unexpected non-alphabetical character",
            ));
        }
        Ok(name)
    }

    fn scan_version_number(&mut self, start: Mark) -> Step<i8> {
        self.cache(1)?;
        let (mut value, mut length) = (0i8, 0);
        while is_digit(self.input(), self.r.pos) {
            length += 1;
            if length > 2 {
                return Err(self.fail(VERSION, start, "found extremely long version number"));
            }
            value = value * 10 + as_digit(self.input(), self.r.pos) as i8;
            self.r.skip();
            self.cache(1)?;
        }
        if length == 0 {
            return Err(self.fail(VERSION, start, "did not find expected version number"));
        }
        Ok(value)
    }

    fn scan_tag_directive_value(&mut self, start: Mark) -> Step<(Vec<u8>, Vec<u8>)> {
        const CONTEXT: &str = "while scanning a %TAG directive";
        self.skip_blanks()?;
        let handle = self.scan_tag_handle(true, start)?;
        self.cache(1)?;
        if !is_blank(self.input(), self.r.pos) {
            return Err(self.fail(CONTEXT, start, "did not find expected whitespace"));
        }
        self.skip_blanks()?;
        let prefix = self.scan_tag_uri(true, &[], start)?;
        self.cache(1)?;
        if !is_blankz(self.input(), self.r.pos) {
            return Err(self.fail(
                CONTEXT,
                start,
                "did not find expected whitespace or line break",
            ));
        }
        Ok((handle, prefix))
    }

    pub(super) fn scan_anchor(&mut self, kind: TokenKind) -> Step<Token> {
        let start = self.r.mark;
        self.r.skip();
        self.cache(1)?;
        let mut value = Vec::new();
        while is_alpha(self.input(), self.r.pos) {
            self.r.read(&mut value);
            self.cache(1)?;
        }
        let ends_well = is_blankz(self.input(), self.r.pos)
            || matches!(
                self.byte(0),
                b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'
            );
        if value.is_empty() || !ends_well {
            let context = match kind {
                TokenKind::Anchor => "while scanning an anchor",
                _ => "while scanning an alias",
            };
            return Err(self.fail(
                context,
                start,
                "did not find expected alphabetic or numeric character",
            ));
        }
        let mut token = Token::new(kind, start);
        token.value = value;
        Ok(token)
    }

    /// `!<uri>`, `!handle!suffix`, `!suffix` or `!`.
    pub(super) fn scan_tag(&mut self) -> Step<Token> {
        const CONTEXT: &str = "while scanning a tag";
        let start = self.r.mark;
        self.cache(2)?;
        let (handle, suffix);
        if self.byte(1) == b'<' {
            self.r.skip();
            self.r.skip();
            suffix = self.scan_tag_uri(false, &[], start)?;
            if self.byte(0) != b'>' {
                return Err(self.fail(CONTEXT, start, "did not find the expected '>'"));
            }
            self.r.skip();
            handle = Vec::new();
        } else {
            let first = self.scan_tag_handle(false, start)?;
            if first.len() > 1 && first[0] == b'!' && first[first.len() - 1] == b'!' {
                handle = first;
                suffix = self.scan_tag_uri(false, &[], start)?;
            } else {
                // No handle after all: it is part of the suffix.
                let rest = self.scan_tag_uri(false, &first, start)?;
                // `!` alone: no handle, suffix `!`.
                (handle, suffix) = match rest.is_empty() {
                    true => (Vec::new(), b"!".to_vec()),
                    false => (b"!".to_vec(), rest),
                };
            }
        }
        self.cache(1)?;
        if !is_blankz(self.input(), self.r.pos) {
            return Err(self.fail(
                CONTEXT,
                start,
                "did not find expected whitespace or line break",
            ));
        }
        let mut token = Token::new(TokenKind::Tag, start);
        (token.value, token.suffix) = (handle, suffix);
        Ok(token)
    }

    fn tag_context(directive: bool) -> &'static str {
        match directive {
            true => "while parsing a %TAG directive",
            false => "while parsing a tag",
        }
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Step<Vec<u8>> {
        self.cache(1)?;
        if self.byte(0) != b'!' {
            return Err(self.fail(
                Self::tag_context(directive),
                start,
                "did not find expected '!'",
            ));
        }
        let mut s = Vec::new();
        self.r.read(&mut s);
        self.cache(1)?;
        while is_alpha(self.input(), self.r.pos) {
            self.r.read(&mut s);
            self.cache(1)?;
        }
        if self.byte(0) == b'!' {
            self.r.read(&mut s);
        } else if directive && s != b"!" {
            // In a %TAG directive a handle must end with `!`; in a tag it is part of the URI.
            return Err(self.fail(
                Self::tag_context(directive),
                start,
                "did not find expected '!'",
            ));
        }
        Ok(s)
    }

    /// A tag's URI; `head` is a handle that turned out to be its start (its `!` dropped).
    fn scan_tag_uri(&mut self, directive: bool, head: &[u8], start: Mark) -> Step<Vec<u8>> {
        let mut s = head.get(1..).unwrap_or_default().to_vec();
        let mut has_tag = !head.is_empty();
        self.cache(1)?;
        while is_alpha(self.input(), self.r.pos) || is_uri_char(self.byte(0)) {
            if self.byte(0) == b'%' {
                self.scan_uri_escapes(directive, start, &mut s)?;
            } else {
                self.r.read(&mut s);
            }
            self.cache(1)?;
            has_tag = true;
        }
        if !has_tag {
            return Err(self.fail(
                Self::tag_context(directive),
                start,
                "did not find expected tag URI",
            ));
        }
        Ok(s)
    }

    /// `%XX` escapes making one UTF-8 character.
    fn scan_uri_escapes(&mut self, directive: bool, start: Mark, s: &mut Vec<u8>) -> Step {
        let context = Self::tag_context(directive);
        let mut w = 1024;
        while w > 0 {
            self.cache(3)?;
            let input = self.input();
            let pos = self.r.pos;
            if !(at(input, pos) == b'%' && is_hex(input, pos + 1) && is_hex(input, pos + 2)) {
                return Err(self.fail(context, start, "did not find URI escaped octet"));
            }
            let octet = ((as_hex(input, pos + 1) << 4) + as_hex(input, pos + 2)) as u8;
            if w == 1024 {
                w = width(octet);
                if w == 0 {
                    return Err(self.fail(
                        context,
                        start,
                        "found an incorrect leading UTF-8 octet",
                    ));
                }
            } else if octet & 0xC0 != 0x80 {
                return Err(self.fail(context, start, "found an incorrect trailing UTF-8 octet"));
            }
            s.push(octet);
            for _ in 0..3 {
                self.r.skip();
            }
            w -= 1;
        }
        Ok(())
    }
}

fn is_uri_char(c: u8) -> bool {
    matches!(
        c,
        b';' | b'/'
            | b'?'
            | b':'
            | b'@'
            | b'&'
            | b'='
            | b'+'
            | b'$'
            | b','
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')'
            | b'['
            | b']'
            | b'%'
    )
}

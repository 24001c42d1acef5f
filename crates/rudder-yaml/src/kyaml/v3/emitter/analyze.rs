//! What the emitter finds about an event before writing it: its anchor, tag and scalar,
//! and the style the scalar can take.

use super::{Emitted, Emitter, ScalarData};
use crate::kyaml::v3::chars::{
    is_alpha, is_blank, is_blankz, is_break, is_printable, is_space, width,
};
use crate::kyaml::v3::event::{Event, EventKind};
use crate::kyaml::v3::token::ScalarStyle;

impl Emitter {
    pub(super) fn analyze_event(&mut self, event: &Event) -> Emitted {
        self.anchor = None;
        self.tag_handle.clear();
        self.tag_suffix.clear();
        self.scalar.value.clear();
        // A comment stays until it is written or another event brings one.
        for (from, to) in [
            (&event.head_comment, &mut self.head_comment),
            (&event.line_comment, &mut self.line_comment),
            (&event.foot_comment, &mut self.foot_comment),
            (&event.tail_comment, &mut self.tail_comment),
        ] {
            if !from.is_empty() {
                to.clone_from(from);
            }
        }
        match event.kind {
            EventKind::Alias => self.analyze_anchor(&event.anchor, true)?,
            EventKind::Scalar => {
                if !event.anchor.is_empty() {
                    self.analyze_anchor(&event.anchor, false)?;
                }
                if !event.tag.is_empty() && !event.implicit && !event.quoted_implicit {
                    self.analyze_tag(&event.tag)?;
                }
                self.analyze_scalar(&event.value);
            }
            EventKind::SequenceStart | EventKind::MappingStart => {
                if !event.anchor.is_empty() {
                    self.analyze_anchor(&event.anchor, false)?;
                }
                if !event.tag.is_empty() && !event.implicit {
                    self.analyze_tag(&event.tag)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn analyze_anchor(&mut self, anchor: &[u8], alias: bool) -> Emitted {
        let what = if alias { "alias" } else { "anchor" };
        if anchor.is_empty() {
            return Err(format!("{what} value must not be empty"));
        }
        let mut i = 0;
        while i < anchor.len() {
            if !is_alpha(anchor, i) {
                return Err(format!(
                    "{what} value must contain alphanumerical characters only"
                ));
            }
            i += width(anchor[i]).max(1);
        }
        self.anchor = Some(anchor.to_vec());
        self.alias = alias;
        Ok(())
    }

    fn analyze_tag(&mut self, tag: &[u8]) -> Emitted {
        if tag.is_empty() {
            return Err("tag value must not be empty".into());
        }
        for (handle, prefix) in &self.tag_directives {
            if let Some(suffix) = tag.strip_prefix(prefix.as_slice()) {
                self.tag_handle = handle.clone();
                self.tag_suffix = suffix.to_vec();
                return Ok(());
            }
        }
        self.tag_suffix = tag.to_vec();
        Ok(())
    }

    /// Which styles can write `value`.
    fn analyze_scalar(&mut self, value: &[u8]) {
        self.scalar.value = value.to_vec();
        if value.is_empty() {
            self.scalar = ScalarData {
                value: Vec::new(),
                multiline: false,
                flow_plain_allowed: false,
                block_plain_allowed: true,
                single_quoted_allowed: true,
                block_allowed: false,
                style: self.scalar.style,
            };
            return;
        }
        let (mut block_indicators, mut flow_indicators) = (false, false);
        let (mut line_breaks, mut special_characters, mut tab_characters) = (false, false, false);
        let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
            (false, false, false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);

        if value.starts_with(b"---") || value.starts_with(b"...") {
            block_indicators = true;
            flow_indicators = true;
        }
        let mut preceded_by_whitespace = true;
        let mut i = 0;
        while i < value.len() {
            let w = width(value[i]).max(1);
            let followed_by_whitespace = i + w >= value.len() || is_blank(value, i + w);
            if i == 0 {
                match value[i] {
                    b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                    | b'\'' | b'"' | b'%' | b'@' | b'`' => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    b'?' | b':' => {
                        flow_indicators = true;
                        block_indicators |= followed_by_whitespace;
                    }
                    b'-' if followed_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            } else {
                match value[i] {
                    b',' | b'?' | b'[' | b']' | b'{' | b'}' => flow_indicators = true,
                    b':' => {
                        flow_indicators = true;
                        block_indicators |= followed_by_whitespace;
                    }
                    b'#' if preceded_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            }

            if value[i] == b'\t' {
                tab_characters = true;
            } else if !is_printable(value, i) {
                special_characters = true;
            }
            if is_space(value, i) {
                leading_space |= i == 0;
                trailing_space |= i + w == value.len();
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(value, i) {
                line_breaks = true;
                leading_break |= i == 0;
                trailing_break |= i + w == value.len();
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blankz(value, i);
            i += w;
        }

        let mut data = ScalarData {
            value: value.to_vec(),
            multiline: line_breaks,
            flow_plain_allowed: true,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: true,
            style: self.scalar.style,
        };
        if leading_space || leading_break || trailing_space || trailing_break {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
        }
        if trailing_space {
            data.block_allowed = false;
        }
        if break_space {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
            data.single_quoted_allowed = false;
        }
        if space_break || tab_characters || special_characters {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
            data.single_quoted_allowed = false;
        }
        if space_break || special_characters {
            data.block_allowed = false;
        }
        if line_breaks {
            data.flow_plain_allowed = false;
            data.block_plain_allowed = false;
        }
        if flow_indicators {
            data.flow_plain_allowed = false;
        }
        if block_indicators {
            data.block_plain_allowed = false;
        }
        self.scalar = data;
    }

    pub(super) fn check_empty_sequence(&self, event: &Event) -> bool {
        event.kind == EventKind::SequenceStart
            && self
                .events
                .front()
                .is_some_and(|next| next.kind == EventKind::SequenceEnd)
    }

    pub(super) fn check_empty_mapping(&self, event: &Event) -> bool {
        event.kind == EventKind::MappingStart
            && self
                .events
                .front()
                .is_some_and(|next| next.kind == EventKind::MappingEnd)
    }

    /// Whether the node starting at `event` can be written as a simple key: an alias, a
    /// single-line scalar or an empty collection, 128 bytes at most.
    pub(super) fn check_simple_key(&self, event: &Event) -> bool {
        let anchor = self.anchor.as_ref().map_or(0, Vec::len);
        let tag = self.tag_handle.len() + self.tag_suffix.len();
        let length = match event.kind {
            EventKind::Alias => anchor,
            EventKind::Scalar if self.scalar.multiline => return false,
            EventKind::Scalar => anchor + tag + self.scalar.value.len(),
            EventKind::SequenceStart if self.check_empty_sequence(event) => anchor + tag,
            EventKind::MappingStart if self.check_empty_mapping(event) => anchor + tag,
            _ => return false,
        };
        length <= 128
    }

    pub(super) fn select_scalar_style(&mut self, event: &Event) -> Emitted {
        let no_tag = self.tag_handle.is_empty() && self.tag_suffix.is_empty();
        if no_tag && !event.implicit && !event.quoted_implicit {
            return Err("neither tag nor implicit flags are specified".into());
        }
        let mut style = match event.style {
            ScalarStyle::Any => ScalarStyle::Plain,
            style => style,
        };
        if self.simple_key_context && self.scalar.multiline {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Plain {
            let flow = self.flow_level > 0;
            if (flow && !self.scalar.flow_plain_allowed)
                || (!flow && !self.scalar.block_plain_allowed)
            {
                style = ScalarStyle::SingleQuoted;
            }
            if self.scalar.value.is_empty() && (flow || self.simple_key_context) {
                style = ScalarStyle::SingleQuoted;
            }
            if no_tag && !event.implicit {
                style = ScalarStyle::SingleQuoted;
            }
        }
        if style == ScalarStyle::SingleQuoted && !self.scalar.single_quoted_allowed {
            style = ScalarStyle::DoubleQuoted;
        }
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
            && (!self.scalar.block_allowed || self.flow_level > 0 || self.simple_key_context)
        {
            style = ScalarStyle::DoubleQuoted;
        }
        if no_tag && !event.quoted_implicit && style != ScalarStyle::Plain {
            self.tag_handle = b"!".to_vec();
        }
        self.scalar.style = style;
        Ok(())
    }
}

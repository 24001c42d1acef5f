//! Spaces around flow and block indicators: `braces`, `brackets`, `colons`, `commas`,
//! `hyphens`. Each measures, on one line, the gap between an indicator and its neighbour token.

use super::super::config::RuleConf;
use super::super::scanner::{Kind, Token};
use super::{At, Found};

/// Limits on a gap (`-1`: none) and what to say when it is broken.
struct Gap<'d> {
    min: i64,
    max: i64,
    min_desc: &'d str,
    max_desc: &'d str,
}

impl<'d> Gap<'d> {
    fn at_most(max: i64, max_desc: &'d str) -> Self {
        Gap {
            min: -1,
            max,
            min_desc: "",
            max_desc,
        }
    }
}

/// yamllint's `spaces_after`: the gap between `token` and the next token on its line.
fn spaces_after(at: &At, token: &Token, gap: &Gap) -> Option<Found> {
    let next = at.next?;
    if token.end.line != next.start.line {
        return None;
    }
    let spaces = next.start.pointer as i64 - token.end.pointer as i64;
    if gap.max != -1 && spaces > gap.max {
        return Some(Found::new(
            token.start.line + 1,
            next.start.column,
            gap.max_desc,
        ));
    }
    if gap.min != -1 && spaces < gap.min {
        return Some(Found::new(
            token.start.line + 1,
            next.start.column + 1,
            gap.min_desc,
        ));
    }
    None
}

/// yamllint's `spaces_before`: the gap between the previous token on the line and `token`.
fn spaces_before(at: &At, token: &Token, gap: &Gap) -> Option<Found> {
    let prev = at.prev?;
    let ends_line = prev.end.pointer > 0 && at.buffer[prev.end.pointer - 1] == '\n';
    if prev.end.line != token.start.line || ends_line {
        return None;
    }
    let spaces = token.start.pointer as i64 - prev.end.pointer as i64;
    if gap.max != -1 && spaces > gap.max {
        return Some(Found::new(
            token.start.line + 1,
            token.start.column,
            gap.max_desc,
        ));
    }
    if gap.min != -1 && spaces < gap.min {
        return Some(Found::new(
            token.start.line + 1,
            token.start.column + 1,
            gap.min_desc,
        ));
    }
    None
}

/// `braces` (`{}`) and `brackets` (`[]`): the same rule for either kind of flow collection.
pub fn flow_collection(conf: &RuleConf, at: &At, braces: bool) -> Vec<Found> {
    let (open, close, name, empty, forbidden) = if braces {
        (
            Kind::FlowMappingStart,
            Kind::FlowMappingEnd,
            "braces",
            "empty braces",
            "forbidden flow mapping",
        )
    } else {
        (
            Kind::FlowSequenceStart,
            Kind::FlowSequenceEnd,
            "brackets",
            "empty brackets",
            "forbidden flow sequence",
        )
    };
    let token = at.token;
    let next_closes = at.next.is_some_and(|n| n.kind == close);
    let forbid_all = conf.bool("forbid");
    let forbid_non_empty = conf.word("forbid") == Some("non-empty");
    if token.kind == open && (forbid_all || (forbid_non_empty && !next_closes)) {
        return vec![Found::new(
            token.start.line + 1,
            token.end.column + 1,
            forbidden,
        )];
    }
    let inside = |min: i64, max: i64, what: &str| {
        let (min_desc, max_desc) = (
            format!("too few spaces inside {what}"),
            format!("too many spaces inside {what}"),
        );
        (min, max, min_desc, max_desc)
    };
    let (min, max, min_desc, max_desc) = if token.kind == open && next_closes {
        let pick = |empty_option: &str, option: &str| match conf.int(empty_option) {
            -1 => conf.int(option),
            n => n,
        };
        inside(
            pick("min-spaces-inside-empty", "min-spaces-inside"),
            pick("max-spaces-inside-empty", "max-spaces-inside"),
            empty,
        )
    } else {
        inside(
            conf.int("min-spaces-inside"),
            conf.int("max-spaces-inside"),
            name,
        )
    };
    let gap = Gap {
        min,
        max,
        min_desc: &min_desc,
        max_desc: &max_desc,
    };
    let found = if token.kind == open {
        spaces_after(at, token, &gap)
    } else if token.kind == close && at.prev.is_none_or(|p| p.kind != open) {
        spaces_before(at, token, &gap)
    } else {
        None
    };
    found.into_iter().collect()
}

pub fn colons(conf: &RuleConf, at: &At) -> Vec<Found> {
    let token = at.token;
    let mut found = Vec::new();
    let after_alias = at
        .prev
        .is_some_and(|p| p.kind == Kind::Alias && token.start.pointer - p.end.pointer == 1);
    if token.kind == Kind::Value && !after_alias {
        let before = Gap::at_most(
            conf.int("max-spaces-before"),
            "too many spaces before colon",
        );
        found.extend(spaces_before(at, token, &before));
        let after = Gap::at_most(conf.int("max-spaces-after"), "too many spaces after colon");
        found.extend(spaces_after(at, token, &after));
    }
    if token.kind == Kind::Key && super::is_explicit_key(at.buffer, token) {
        let after = Gap::at_most(
            conf.int("max-spaces-after"),
            "too many spaces after question mark",
        );
        found.extend(spaces_after(at, token, &after));
    }
    found
}

pub fn commas(conf: &RuleConf, at: &At) -> Vec<Found> {
    let token = at.token;
    if token.kind != Kind::FlowEntry {
        return Vec::new();
    }
    let mut found = Vec::new();
    let max_before = conf.int("max-spaces-before");
    match at.prev {
        Some(prev) if max_before != -1 && prev.end.line < token.start.line => {
            let column = token.start.column.max(1);
            found.push(Found::new(
                token.start.line + 1,
                column,
                "too many spaces before comma",
            ));
        }
        _ => found.extend(spaces_before(
            at,
            token,
            &Gap::at_most(max_before, "too many spaces before comma"),
        )),
    }
    let after = Gap {
        min: conf.int("min-spaces-after"),
        max: conf.int("max-spaces-after"),
        min_desc: "too few spaces after comma",
        max_desc: "too many spaces after comma",
    };
    found.extend(spaces_after(at, token, &after));
    found
}

pub fn hyphens(conf: &RuleConf, at: &At) -> Vec<Found> {
    if at.token.kind != Kind::BlockEntry {
        return Vec::new();
    }
    let gap = Gap::at_most(conf.int("max-spaces-after"), "too many spaces after hyphen");
    spaces_after(at, at.token, &gap).into_iter().collect()
}

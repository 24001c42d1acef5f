//! `document-start` and `document-end`: `---` and `...` required (`present: true`) or
//! forbidden (`present: false`).

use super::super::config::RuleConf;
use super::super::scanner::Kind;
use super::{At, Found};

pub fn start(conf: &RuleConf, at: &At) -> Vec<Found> {
    let token = at.token;
    let found = if conf.bool("present") {
        let after_document = at
            .prev
            .is_some_and(|p| p.is(&[Kind::StreamStart, Kind::DocumentEnd, Kind::Directive]));
        let opens = token.is(&[Kind::DocumentStart, Kind::Directive, Kind::StreamEnd]);
        (after_document && !opens)
            .then(|| Found::new(token.start.line + 1, 1, "missing document start \"---\""))
    } else {
        (token.kind == Kind::DocumentStart).then(|| {
            let desc = "found forbidden document start \"---\"";
            Found::new(token.start.line + 1, token.start.column + 1, desc)
        })
    };
    found.into_iter().collect()
}

pub fn end(conf: &RuleConf, at: &At) -> Vec<Found> {
    let token = at.token;
    let found = if conf.bool("present") {
        let prev_ends = at
            .prev
            .is_some_and(|p| p.is(&[Kind::DocumentEnd, Kind::StreamStart]));
        let prev_directive = at.prev.is_some_and(|p| p.kind == Kind::Directive);
        let missing = "missing document end \"...\"";
        match token.kind {
            // The stream's end is on the line after the last one: yamllint reports that line.
            Kind::StreamEnd if !prev_ends => Some(Found::new(token.start.line, 1, missing)),
            Kind::DocumentStart if !(prev_ends || prev_directive) => {
                Some(Found::new(token.start.line + 1, 1, missing))
            }
            _ => None,
        }
    } else {
        (token.kind == Kind::DocumentEnd).then(|| {
            let desc = "found forbidden document end \"...\"";
            Found::new(token.start.line + 1, token.start.column + 1, desc)
        })
    };
    found.into_iter().collect()
}

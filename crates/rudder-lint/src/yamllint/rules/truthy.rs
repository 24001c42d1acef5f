//! `truthy`: plain scalars YAML 1.1 reads as booleans (`yes`, `On`...) other than the allowed
//! spellings; with `%YAML 1.2`, only the spellings of true and false.

use super::super::config::RuleConf;
use super::super::scanner::Kind;
use super::{At, Found};

const TRUTHY_1_1: &[&str] = &[
    "YES", "Yes", "yes", "NO", "No", "no", "TRUE", "True", "true", "FALSE", "False", "false", "ON",
    "On", "on", "OFF", "Off", "off",
];
const TRUTHY_1_2: &[&str] = &["TRUE", "True", "true", "FALSE", "False", "false"];

/// The current document's `%YAML` version and the values it reports.
#[derive(Default)]
pub struct State {
    version: Option<(u32, u32)>,
    bad: Option<Vec<&'static str>>,
}

pub fn check(conf: &RuleConf, at: &At, state: &mut State) -> Vec<Found> {
    let token = at.token;
    if token.kind == Kind::Directive && token.value == "YAML" {
        state.version = token.version;
    } else if token.kind == Kind::DocumentEnd {
        *state = State::default();
    }
    if at.prev.is_some_and(|p| p.kind == Kind::Tag) {
        return Vec::new();
    }
    if !conf.bool("check-keys")
        && at.prev.is_some_and(|p| p.kind == Kind::Key)
        && token.kind == Kind::Scalar
    {
        return Vec::new();
    }
    if token.kind != Kind::Scalar || token.style.is_some() {
        return Vec::new();
    }
    let mut allowed = conf.list("allowed-values");
    let bad = state.bad.get_or_insert_with(|| {
        let all = if state.version == Some((1, 2)) {
            TRUTHY_1_2
        } else {
            TRUTHY_1_1
        };
        all.iter()
            .copied()
            .filter(|v| !allowed.iter().any(|a| a == v))
            .collect()
    });
    if !bad.contains(&token.value.as_str()) {
        return Vec::new();
    }
    allowed.sort();
    let desc = format!("truthy value should be one of [{}]", allowed.join(", "));
    vec![Found::new(
        token.start.line + 1,
        token.start.column + 1,
        &desc,
    )]
}

//! `key-duplicates`: a key written twice in one mapping (`<<` merge keys allowed unless
//! `forbid-duplicated-merge-keys`).

use super::super::config::RuleConf;
use super::super::scanner::Kind;
use super::{At, Found};

/// The collections the tokens are in; a mapping's keys so far (`None` for a sequence).
#[derive(Default)]
pub struct State {
    stack: Vec<Option<Vec<String>>>,
}

pub fn check(conf: &RuleConf, at: &At, state: &mut State) -> Vec<Found> {
    let token = at.token;
    match token.kind {
        Kind::BlockMappingStart | Kind::FlowMappingStart => state.stack.push(Some(Vec::new())),
        Kind::BlockSequenceStart | Kind::FlowSequenceStart => state.stack.push(None),
        Kind::BlockEnd | Kind::FlowMappingEnd | Kind::FlowSequenceEnd => {
            state.stack.pop();
        }
        Kind::Key => {
            let Some(next) = at.next.filter(|n| n.kind == Kind::Scalar) else {
                return Vec::new();
            };
            let Some(Some(keys)) = state.stack.last_mut() else {
                return Vec::new();
            };
            let merge_allowed = next.value == "<<" && !conf.bool("forbid-duplicated-merge-keys");
            if keys.contains(&next.value) && !merge_allowed {
                let desc = format!("duplication of key \"{}\" in mapping", next.value);
                return vec![Found::new(
                    next.start.line + 1,
                    next.start.column + 1,
                    &desc,
                )];
            }
            keys.push(next.value.clone());
        }
        _ => {}
    }
    Vec::new()
}

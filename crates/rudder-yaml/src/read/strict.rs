//! go-yaml v2's strict mode (`UnmarshalStrict`, as sigs.k8s.io/yaml's strict reading uses it):
//! a key repeated in one mapping is an error, reported for every repetition with its line.

use super::libyaml::{self, EventData, ScalarStyle};
use super::resolve::{resolve_plain, Scalar};

/// A mapping being read: the keys seen so far, or `None` for a sequence.
type Frame = Option<Vec<String>>;

/// go-yaml's `unmarshal errors` for repeated keys in the first document of `text` (`None`
/// when there are none, or when the text does not parse: that is reported elsewhere).
pub fn duplicate_keys(text: &str) -> Option<String> {
    let bytes = rudder_gotmpl::gostr::to_bytes(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut parser = libyaml::Parser::new(&bytes);
    let mut stack: Vec<Frame> = Vec::new();
    // In a mapping, whether the next node is a key.
    let mut expect_key: Vec<bool> = Vec::new();
    let mut errors = Vec::new();
    loop {
        let event = parser.next().ok()?;
        let line = event.start_mark.line as usize + 1;
        let is_key = expect_key.last().copied().unwrap_or(false);
        if let Some(flag) = expect_key.last_mut() {
            if !matches!(event.data, EventData::MappingEnd | EventData::SequenceEnd) {
                *flag = !*flag;
            }
        }
        match event.data {
            EventData::DocumentEnd | EventData::StreamEnd => break,
            EventData::MappingStart { .. } => {
                stack.push(Some(Vec::new()));
                expect_key.push(true);
            }
            EventData::SequenceStart { .. } => {
                stack.push(None);
                expect_key.push(false);
            }
            EventData::MappingEnd | EventData::SequenceEnd => {
                stack.pop();
                expect_key.pop();
            }
            EventData::Scalar {
                value, style, tag, ..
            } if is_key => {
                let Some(Some(keys)) = stack.last_mut() else {
                    continue;
                };
                let plain = style == ScalarStyle::Plain && tag.is_none();
                let Some(key) = key_text(&value, plain) else {
                    continue;
                };
                if keys.contains(&key) {
                    errors.push(format!("line {line}: key {key} already set in map"));
                } else {
                    keys.push(key);
                }
            }
            _ => {}
        }
        if stack.is_empty() && !errors.is_empty() {
            break;
        }
    }
    (!errors.is_empty()).then(|| format!("yaml: unmarshal errors:\n  {}", errors.join("\n  ")))
}

/// A key as Go's `%#v` prints its resolved value (`None` for the merge key `<<`).
fn key_text(value: &str, plain: bool) -> Option<String> {
    if !plain {
        return Some(rudder_gotmpl::fmt::quote(value));
    }
    Some(match resolve_plain(value) {
        Scalar::Merge => return None,
        Scalar::Null => "interface {}(nil)".into(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Uint(u) => format!("0x{u:x}"),
        Scalar::Float(f) => rudder_gotmpl::fmt::format_float(f, b'g', -1, 64),
        Scalar::Str(s) => rudder_gotmpl::fmt::quote(&s),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_with_their_lines() {
        assert_eq!(duplicate_keys("a: 1\nb: 2\n"), None);
        assert_eq!(
            duplicate_keys("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n").as_deref(),
            Some("yaml: unmarshal errors:\n  line 4: key \"c\" already set in map\n  line 5: key \"a\" already set in map")
        );
        assert_eq!(duplicate_keys("l:\n  - x: 1\n  - x: 2\n"), None);
    }
}

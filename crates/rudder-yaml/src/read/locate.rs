//! The line of a node in a YAML document, found by its path: findings on a parsed object
//! (a container without limits, a privileged pod) point at the line that holds the field.

use super::libyaml::{EventData, Parser};

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// The 1-based line of the deepest node of the first document of `text` that `path` reaches
/// (a mapping entry's key line; the document's first node for an empty path), or `None`
/// when the text does not parse far enough to say.
pub fn locate(text: &str, path: &[Step]) -> Option<usize> {
    let mut parser = Parser::new(text.as_bytes());
    loop {
        let event = parser.next().ok()?;
        match event.data {
            EventData::StreamStart | EventData::DocumentStart => {}
            EventData::StreamEnd | EventData::DocumentEnd => return None,
            _ => {
                let line = event.start_mark.line as usize + 1;
                return Some(descend(&mut parser, event.data, line, path));
            }
        }
    }
}

/// Follows `path` into the node that began with `data` on `line`; the deepest line reached.
fn descend(parser: &mut Parser, data: EventData, line: usize, path: &[Step]) -> usize {
    let Some((step, rest)) = path.split_first() else {
        return line;
    };
    match (data, step) {
        (EventData::MappingStart { .. }, Step::Key(wanted)) => {
            let mut entry = 0usize;
            loop {
                let Ok(key) = parser.next() else { return line };
                let key_line = key.start_mark.line as usize + 1;
                let matched = match &key.data {
                    EventData::MappingEnd => return line,
                    EventData::Scalar { value, .. } => value == wanted,
                    _ => false,
                };
                if !matched && skip(parser, key.data).is_none() {
                    return line;
                }
                let Ok(value) = parser.next() else {
                    return line;
                };
                if matched {
                    return descend(parser, value.data, key_line, rest);
                }
                if skip(parser, value.data).is_none() {
                    return line;
                }
                entry += 1;
                if entry > MAX_ENTRIES {
                    return line;
                }
            }
        }
        (EventData::SequenceStart { .. }, Step::Index(wanted)) => {
            for _ in 0..*wanted {
                let Ok(item) = parser.next() else { return line };
                if item.data == EventData::SequenceEnd || skip(parser, item.data).is_none() {
                    return line;
                }
            }
            match parser.next() {
                Ok(item) if item.data != EventData::SequenceEnd => {
                    let item_line = item.start_mark.line as usize + 1;
                    descend(parser, item.data, item_line, rest)
                }
                _ => line,
            }
        }
        _ => line,
    }
}

/// Guards against pathological documents: entries looked at in one mapping.
const MAX_ENTRIES: usize = 1 << 20;

/// Reads past the rest of the node that began with `data`; `None` on a parse error.
fn skip(parser: &mut Parser, data: EventData) -> Option<()> {
    let mut depth = match data {
        EventData::MappingStart { .. } | EventData::SequenceStart { .. } => 1usize,
        _ => return Some(()),
    };
    while depth > 0 {
        match parser.next().ok()?.data {
            EventData::MappingStart { .. } | EventData::SequenceStart { .. } => depth += 1,
            EventData::MappingEnd | EventData::SequenceEnd => depth -= 1,
            EventData::StreamEnd => return None,
            _ => {}
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::{Index, Key};

    const POD: &str = "\
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: x
    - name: b
      securityContext:
        privileged: true
  hostNetwork: true
";

    #[test]
    fn finds_keys_and_items() {
        assert_eq!(locate(POD, &[]), Some(1));
        assert_eq!(locate(POD, &[Key("spec"), Key("hostNetwork")]), Some(11));
        assert_eq!(
            locate(POD, &[Key("spec"), Key("containers"), Index(1)]),
            Some(8)
        );
        let privileged = [
            Key("spec"),
            Key("containers"),
            Index(1),
            Key("securityContext"),
            Key("privileged"),
        ];
        assert_eq!(locate(POD, &privileged), Some(10));
    }

    #[test]
    fn stops_at_the_deepest_node_that_exists() {
        let missing = [Key("spec"), Key("containers"), Index(0), Key("resources")];
        assert_eq!(locate(POD, &missing), Some(6));
        assert_eq!(
            locate(POD, &[Key("spec"), Key("containers"), Index(5)]),
            Some(5)
        );
        assert_eq!(locate(POD, &[Key("metadata"), Index(0)]), Some(2));
    }

    #[test]
    fn flow_collections_and_broken_text() {
        assert_eq!(
            locate("a: {b: [1, 2]}\n", &[Key("a"), Key("b"), Index(1)]),
            Some(1)
        );
        assert_eq!(locate("a: [\n", &[Key("a"), Index(0)]), Some(1));
        assert_eq!(locate("", &[Key("a")]), None);
    }
}

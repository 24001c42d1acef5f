//! yaml.v3's decoding of a document into Go values (`decode.go`'s `decoder`), for the one
//! target kyaml gives it: `map[string]interface{}`. A mapping whose keys are all strings
//! becomes a `map[string]interface{}`, any other a `map[interface{}]interface{}`; scalars
//! become what `resolve` reads (timestamps `time.Time`, `!!binary` its bytes). Merge keys,
//! aliases, duplicate keys and the alias-expansion guard work as there, and so do the
//! failures: the first `failf` ends the decoding, type errors are collected.

use std::collections::{BTreeMap, HashMap};

use super::node::{Kind, Node};
use super::resolve::{
    resolve_value, short_tag, Resolved, BINARY, BOOL, FLOAT, INT, MAP, MERGE, NULL, SEQ, STR,
    TIMESTAMP,
};
use super::timestamp::Timestamp;

/// A Go value yaml.v3 decodes into an `interface{}`.
#[derive(Debug, Clone, PartialEq)]
pub enum GoValue {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// A Go string, its bytes that are not UTF-8 carried as `rudder_gotmpl::gostr` does.
    Str(String),
    Time(Timestamp),
    List(Vec<GoValue>),
    StrMap(BTreeMap<String, GoValue>),
    /// A `map[interface{}]interface{}`, in the order its keys were first set.
    AnyMap(Vec<(GoValue, GoValue)>),
}

impl GoValue {
    /// The Go type of a map or slice (what Go's messages about unhashable keys name).
    fn unhashable_type(&self) -> Option<&'static str> {
        match self {
            GoValue::List(_) => Some("[]interface {}"),
            GoValue::StrMap(_) => Some("map[string]interface {}"),
            GoValue::AnyMap(_) => Some("map[interface {}]interface {}"),
            _ => None,
        }
    }

    /// Go's `==` of two interface values holding comparable values.
    fn same_key(&self, other: &GoValue) -> bool {
        self.unhashable_type().is_none() && self == other
    }
}

/// The decoded document as `yaml.Unmarshal(text, &map[string]interface{}{})` leaves it, or
/// its error; `key_syntax` renders a map or slice key as Go's `%#v` (for "invalid map key").
pub fn decode_string_map(
    document: &Node,
    key_syntax: &dyn Fn(&GoValue) -> String,
) -> Result<GoValue, String> {
    let mut decoder = Decoder {
        aliases: anchored(document),
        expanding: Vec::new(),
        type_errors: Vec::new(),
        decode_count: 0,
        alias_count: 0,
        alias_depth: 0,
        merged_fields: None,
        key_syntax,
    };
    let mut map = Map::Str(BTreeMap::new());
    let content = match document.kind {
        Kind::Document => document.content.first(),
        _ => Some(document),
    };
    decoder.count()?;
    if let Some(content) = content {
        decoder.decode_into_map(content, &mut map, 0)?;
    }
    if !decoder.type_errors.is_empty() {
        return Err(format!(
            "yaml: unmarshal errors:\n  {}",
            decoder.type_errors.join("\n  ")
        ));
    }
    Ok(map.into_value())
}

/// Each alias node's anchored node, as yaml.v3's parser links them: the last node of that
/// anchor started before the alias (a collection's anchor covers its own content).
fn anchored(document: &Node) -> HashMap<*const Node, &Node> {
    let mut anchors: HashMap<&str, &Node> = HashMap::new();
    let mut aliases = HashMap::new();
    let mut stack = vec![document];
    while let Some(node) = stack.pop() {
        if node.kind == Kind::Alias {
            if let Some(&target) = anchors.get(node.value.as_str()) {
                aliases.insert(node as *const Node, target);
            }
            continue;
        }
        if !node.anchor.is_empty() {
            anchors.insert(&node.anchor, node);
        }
        stack.extend(node.content.iter().rev());
    }
    aliases
}

/// A map being filled: `map[string]interface{}` or `map[interface{}]interface{}`.
enum Map {
    Str(BTreeMap<String, GoValue>),
    Any(Vec<(GoValue, GoValue)>),
}

impl Map {
    fn contains(&self, key: &GoValue) -> bool {
        match (self, key) {
            (Map::Str(m), GoValue::Str(k)) => m.contains_key(k),
            (Map::Any(m), key) => m.iter().any(|(k, _)| k.same_key(key)),
            _ => false,
        }
    }

    fn insert(&mut self, key: GoValue, value: GoValue) {
        match (self, key) {
            (Map::Str(m), GoValue::Str(k)) => {
                m.insert(k, value);
            }
            (Map::Any(m), key) => match m.iter_mut().find(|(k, _)| k.same_key(&key)) {
                Some(entry) => entry.1 = value,
                None => m.push((key, value)),
            },
            _ => {}
        }
    }

    fn into_value(self) -> GoValue {
        match self {
            Map::Str(m) => GoValue::StrMap(m),
            Map::Any(m) => GoValue::AnyMap(m),
        }
    }
}

/// What a node is decoded into.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    /// An `interface{}`.
    Any,
    /// A `string` (the keys of a `map[string]interface{}`).
    Str,
}

struct Decoder<'n, 'k> {
    aliases: HashMap<*const Node, &'n Node>,
    /// The aliases being expanded, for "value contains itself".
    expanding: Vec<*const Node>,
    type_errors: Vec<String>,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
    /// The keys already set while merging, as yaml.v3's `mergedFields`.
    merged_fields: Option<Vec<GoValue>>,
    key_syntax: &'k dyn Fn(&GoValue) -> String,
}

/// yaml.v3's `allowedAliasRatio`: the share of decoded nodes that may come from aliases.
fn allowed_alias_ratio(decode_count: usize) -> f64 {
    const LOW: usize = 400_000;
    const HIGH: usize = 4_000_000;
    match decode_count {
        n if n <= LOW => 0.99,
        n if n >= HIGH => 0.10,
        n => 0.99 - 0.89 * ((n - LOW) as f64 / (HIGH - LOW) as f64),
    }
}

/// The most levels of collections (aliases expanded) rudder decodes: yaml.v3 has no limit,
/// but its parser allows 10,000 levels, which only aliases can deepen.
const MAX_DEPTH: usize = 100_000;

fn fail(message: impl std::fmt::Display) -> String {
    format!("yaml: {message}")
}

/// yaml.v3's `Node.indicatedString`: a scalar that is a string whatever its text.
fn indicated_string(n: &Node) -> bool {
    n.kind == Kind::Scalar
        && (short_tag(&n.tag) == STR || (n.tag.is_empty() || n.tag == "!") && n.style.is_quoted())
}

impl<'n> Decoder<'n, '_> {
    /// The node an alias stands for.
    fn target(&self, n: &Node) -> Option<&'n Node> {
        self.aliases.get(&(n as *const Node)).copied()
    }

    /// yaml.v3's `Node.ShortTag`.
    fn short_tag(&self, n: &Node) -> String {
        if indicated_string(n) {
            return STR.to_string();
        }
        if !n.tag.is_empty() && n.tag != "!" {
            return short_tag(&n.tag);
        }
        match n.kind {
            Kind::Mapping => MAP.to_string(),
            Kind::Sequence => SEQ.to_string(),
            Kind::Scalar => resolve_value(&n.value, true).tag().to_string(),
            Kind::Alias => self.target(n).map_or(String::new(), |t| self.short_tag(t)),
            Kind::Document => String::new(),
        }
    }

    fn is_merge(n: &Node) -> bool {
        n.kind == Kind::Scalar
            && n.value == "<<"
            && (n.tag.is_empty() || n.tag == "!" || short_tag(&n.tag) == MERGE)
    }

    /// The start of yaml.v3's `unmarshal`: counts the node, and refuses documents that are
    /// mostly expanded aliases.
    fn count(&mut self) -> Result<(), String> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(fail("document contains excessive aliasing"));
        }
        Ok(())
    }

    /// yaml.v3's `terror`.
    fn type_error(&mut self, n: &Node, tag: &str, into: &str) {
        let tag = if n.tag.is_empty() { tag } else { &n.tag };
        let value = if tag == SEQ || tag == MAP {
            String::new()
        } else if n.value.len() > 10 {
            // Go cuts bytes, maybe inside a character.
            let head = rudder_gotmpl::gostr::from_bytes(&n.value.as_bytes()[..7]);
            format!(" `{head}...`")
        } else {
            format!(" `{}`", n.value)
        };
        self.type_errors.push(format!(
            "line {}: cannot unmarshal {}{value} into {into}",
            n.line,
            short_tag(tag)
        ));
    }

    /// An alias expanded into `decode`, with yaml.v3's check that it is not inside itself.
    fn alias<T>(
        &mut self,
        n: &'n Node,
        decode: impl FnOnce(&mut Self, &'n Node) -> Result<T, String>,
    ) -> Result<T, String> {
        let at = n as *const Node;
        if self.expanding.contains(&at) {
            return Err(fail(format!("anchor '{}' value contains itself", n.value)));
        }
        let Some(target) = self.target(n) else {
            return Err(fail(format!("unknown anchor '{}' referenced", n.value)));
        };
        if self.expanding.len() >= MAX_DEPTH {
            return Err(fail(format!("exceeded max depth of {MAX_DEPTH}")));
        }
        self.expanding.push(at);
        self.alias_depth += 1;
        let result = decode(self, target);
        self.alias_depth -= 1;
        self.expanding.pop();
        result
    }

    /// `unmarshal` into a new `interface{}` or `string`: the value, `None` when yaml.v3
    /// leaves it unset.
    fn decode(
        &mut self,
        n: &'n Node,
        target: Target,
        depth: usize,
    ) -> Result<Option<GoValue>, String> {
        self.count()?;
        if depth > MAX_DEPTH {
            return Err(fail(format!("exceeded max depth of {MAX_DEPTH}")));
        }
        match n.kind {
            Kind::Document => match n.content.as_slice() {
                [content] => self.decode(content, target, depth),
                _ => Ok(None),
            },
            Kind::Alias => self.alias(n, |d, t| d.decode(t, target, depth)),
            Kind::Scalar => self.scalar(n, target),
            Kind::Mapping => {
                if !self.unique_keys(n) {
                    return Ok(None);
                }
                if target == Target::Str {
                    self.type_error(n, MAP, "string");
                    return Ok(None);
                }
                let string_keys = n.content.iter().step_by(2).all(|k| {
                    let tag = self.short_tag(k);
                    tag == STR || tag == MERGE
                });
                let mut map = if string_keys {
                    Map::Str(BTreeMap::new())
                } else {
                    Map::Any(Vec::new())
                };
                self.fill(n, &mut map, depth)?;
                Ok(Some(map.into_value()))
            }
            Kind::Sequence => {
                if target == Target::Str {
                    self.type_error(n, SEQ, "string");
                    return Ok(None);
                }
                let mut items = Vec::with_capacity(n.content.len());
                for item in &n.content {
                    if let Some(v) = self.decode(item, Target::Any, depth + 1)? {
                        items.push(v);
                    }
                }
                Ok(Some(GoValue::List(items)))
            }
        }
    }

    /// `unmarshal` of a mapping into an existing map (the document's, or a merge's target).
    fn decode_into_map(&mut self, n: &'n Node, map: &mut Map, depth: usize) -> Result<(), String> {
        self.count()?;
        match n.kind {
            Kind::Alias => self.alias(n, |d, t| d.decode_into_map(t, map, depth)),
            Kind::Mapping => {
                if self.unique_keys(n) {
                    self.fill(n, map, depth)?;
                }
                Ok(())
            }
            _ => {
                let tag = self.short_tag(n);
                self.type_error(n, &tag, "map[string]interface {}");
                Ok(())
            }
        }
    }

    /// yaml.v3's check for keys written twice (same kind and text), a type error each.
    fn unique_keys(&mut self, n: &Node) -> bool {
        let before = self.type_errors.len();
        let keys: Vec<&Node> = n.content.iter().step_by(2).collect();
        for (i, ki) in keys.iter().enumerate() {
            for kj in &keys[i + 1..] {
                if ki.kind == kj.kind && ki.value == kj.value {
                    self.type_errors.push(format!(
                        "line {}: mapping key {} already defined at line {}",
                        kj.line,
                        rudder_gotmpl::fmt::quote(&kj.value),
                        ki.line
                    ));
                }
            }
        }
        self.type_errors.len() == before
    }

    /// The body of yaml.v3's `mapping` once the map exists: each key and value set, merges
    /// last, keys set by the mapping or an earlier merge kept.
    fn fill(&mut self, n: &'n Node, map: &mut Map, depth: usize) -> Result<(), String> {
        let key_target = match map {
            Map::Str(_) => Target::Str,
            Map::Any(_) => Target::Any,
        };
        let mut merged_fields = self.merged_fields.take();
        let mut merge = None;
        for pair in n.content.chunks_exact(2) {
            let (key, value) = (&pair[0], &pair[1]);
            if Self::is_merge(key) {
                merge = Some(value);
                continue;
            }
            let Some(k) = self.decode(key, key_target, depth + 1)? else {
                continue;
            };
            if let Some(fields) = &mut merged_fields {
                if let Some(ty) = k.unhashable_type() {
                    return Err(fail(format!("runtime error: hash of unhashable type {ty}")));
                }
                if fields.iter().any(|f| f.same_key(&k)) {
                    continue;
                }
                fields.push(k.clone());
            }
            if k.unhashable_type().is_some() {
                return Err(fail(format!("invalid map key: {}", (self.key_syntax)(&k))));
            }
            if let Some(v) = self.decode(value, Target::Any, depth + 1)? {
                map.insert(k, v);
            } else if self.short_tag(value) == NULL && !map.contains(&k) {
                map.insert(k, GoValue::Nil);
            }
        }
        self.merged_fields = merged_fields;
        if let Some(merge) = merge {
            self.merge(n, merge, map, depth)?;
        }
        Ok(())
    }

    /// yaml.v3's `merge`: the mapping (or each of a sequence of mappings) under `<<` set
    /// into `map` without replacing the keys `parent` sets.
    fn merge(
        &mut self,
        parent: &'n Node,
        merge: &'n Node,
        map: &mut Map,
        depth: usize,
    ) -> Result<(), String> {
        // An outer merge's keys are shared (a Go map), so what this one sets stays set.
        let fresh = self.merged_fields.is_none();
        if fresh {
            let mut fields = Vec::new();
            for key in parent.content.iter().step_by(2) {
                if let Some(k) = self.decode(key, Target::Any, depth + 1)? {
                    if let Some(ty) = k.unhashable_type() {
                        return Err(fail(format!("runtime error: hash of unhashable type {ty}")));
                    }
                    fields.push(k);
                }
            }
            self.merged_fields = Some(fields);
        }
        let want_map = || fail("map merge requires map or sequence of maps as the value");
        let is_map = |d: &Self, n: &Node| match n.kind {
            Kind::Mapping => true,
            Kind::Alias => d.target(n).is_none_or(|t| t.kind == Kind::Mapping),
            _ => false,
        };
        match merge.kind {
            Kind::Mapping | Kind::Alias => {
                if !is_map(self, merge) {
                    return Err(want_map());
                }
                self.decode_into_map(merge, map, depth + 1)?;
            }
            Kind::Sequence => {
                for item in &merge.content {
                    if !is_map(self, item) {
                        return Err(want_map());
                    }
                    self.decode_into_map(item, map, depth + 1)?;
                }
            }
            _ => return Err(want_map()),
        }
        if fresh {
            self.merged_fields = None;
        }
        Ok(())
    }

    /// yaml.v3's `scalar` into an `interface{}` or a `string`.
    fn scalar(&mut self, n: &Node, target: Target) -> Result<Option<GoValue>, String> {
        let text = || GoValue::Str(n.value.clone());
        if indicated_string(n) {
            return Ok(Some(text()));
        }
        let tag = short_tag(&n.tag);
        let value = match tag.as_str() {
            BINARY => {
                let bytes = crate::read::go_std_base64(&n.value)
                    .ok_or_else(|| fail("!!binary value contains invalid base64 data"))?;
                return Ok(Some(GoValue::Str(
                    rudder_gotmpl::gostr::from_bytes(&bytes).into_owned(),
                )));
            }
            "" | STR | BOOL | INT | FLOAT | NULL | TIMESTAMP => self.resolve(&tag, &n.value)?,
            _ => return Ok(Some(text())),
        };
        Ok(match (value, target) {
            (GoValue::Nil, Target::Str) => None,
            (_, Target::Str) => Some(text()),
            (value, Target::Any) => Some(value),
        })
    }

    /// yaml.v3's `resolve` for a tag it resolves by (or none): the value, or its failure when
    /// the text is not of the tag.
    fn resolve(&self, tag: &str, text: &str) -> Result<GoValue, String> {
        let resolved = if tag == STR {
            Resolved::Str
        } else {
            resolve_value(text, tag.is_empty() || tag == TIMESTAMP)
        };
        let value = match resolved {
            Resolved::Null => GoValue::Nil,
            Resolved::Bool(b) => GoValue::Bool(b),
            Resolved::Int(i) if tag == FLOAT => GoValue::Float(i as f64),
            Resolved::Int(i) => GoValue::Int(i),
            Resolved::Uint(u) => GoValue::Uint(u),
            Resolved::Float(f) => GoValue::Float(f),
            Resolved::Timestamp(t) => GoValue::Time(t),
            Resolved::Str => GoValue::Str(text.to_string()),
        };
        let resolved_tag = resolved.tag();
        let converted = tag == FLOAT && resolved_tag == INT && matches!(value, GoValue::Float(_));
        if tag.is_empty() || tag == resolved_tag || tag == STR || converted {
            return Ok(value);
        }
        Err(fail(format!(
            "cannot decode {resolved_tag} `{text}` as a {tag}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::super::compose::decode_first;
    use super::*;

    fn decode(text: &str) -> Result<GoValue, String> {
        let document = decode_first(text).unwrap().unwrap();
        decode_string_map(&document, &|v| format!("{v:?}"))
    }

    fn map(entries: &[(&str, GoValue)]) -> GoValue {
        GoValue::StrMap(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn scalars_resolve_as_yaml_v3_decodes_them() {
        let got =
            decode("a: [1, -0, 9223372036854775808, 1e3, .inf, ~, yes, true, '1', !!float 2]\n");
        let list = vec![
            GoValue::Int(1),
            GoValue::Int(0),
            GoValue::Uint(9223372036854775808),
            GoValue::Float(1000.0),
            GoValue::Float(f64::INFINITY),
            GoValue::Nil,
            GoValue::Str("yes".into()),
            GoValue::Bool(true),
            GoValue::Str("1".into()),
            GoValue::Float(2.0),
        ];
        assert_eq!(got, Ok(map(&[("a", GoValue::List(list))])));
        assert_eq!(
            decode("a: !!int x\n"),
            Err("yaml: cannot decode !!str `x` as a !!int".into())
        );
    }

    #[test]
    fn keys_top_level_strings_nested_by_their_tags() {
        assert_eq!(
            decode("1: a\n~: b\nm: {1: c}\n"),
            Ok(map(&[
                ("1", GoValue::Str("a".into())),
                (
                    "m",
                    GoValue::AnyMap(vec![(GoValue::Int(1), GoValue::Str("c".into()))])
                ),
            ]))
        );
    }

    #[test]
    fn merges_keep_the_keys_set_first() {
        let got = decode("b: &b {x: 1, y: 2}\nc: &c {y: 3, z: 4}\nm: {<<: [*b, *c], x: 5}\n");
        let Ok(GoValue::StrMap(top)) = got else {
            panic!("{got:?}")
        };
        assert_eq!(
            top["m"],
            map(&[
                ("x", GoValue::Int(5)),
                ("y", GoValue::Int(2)),
                ("z", GoValue::Int(4))
            ])
        );
        assert_eq!(
            decode("a: &s x\nb: {<<: *s}\n"),
            Err("yaml: map merge requires map or sequence of maps as the value".into())
        );
    }

    #[test]
    fn failures_and_type_errors() {
        assert_eq!(
            decode("a: &a [1, *a]\n"),
            Err("yaml: anchor 'a' value contains itself".into())
        );
        assert_eq!(
            decode("a: 1\nb: 2\na: 3\n"),
            Err(
                "yaml: unmarshal errors:\n  line 3: mapping key \"a\" already defined at line 1"
                    .into()
            )
        );
        assert_eq!(
            decode("? [a]\n: b\n"),
            Err("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into string".into())
        );
        assert_eq!(
            decode("ééééé é\n"),
            Err("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `ééé\u{10ffc3}...` into map[string]interface {}".into())
        );
        assert_eq!(
            decode("a: !!binary 'a b'\n"),
            Err("yaml: !!binary value contains invalid base64 data".into())
        );
    }

    #[test]
    fn excessive_aliasing_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert_eq!(
            decode(&text),
            Err("yaml: document contains excessive aliasing".into())
        );
    }
}

//! gojsonschema's documents and references: `$ref`s are made absolute against the `$id`s above
//! them before parsing, documents are pooled by URL, and a reference is read with gojsonpointer
//! from the pooled document or, when its URL is canonical, from the loader.

use std::collections::HashMap;

use super::schema::Draft;
use crate::compile::Loader;
use crate::json::Value;

/// The documents known by URL (the root document's URL is `""`), with the draft their root's
/// `$schema` names.
pub struct Pool<'l> {
    docs: HashMap<String, (Value, Option<Draft>)>,
    loader: &'l dyn Loader,
}

impl<'l> Pool<'l> {
    pub fn new(loader: &'l dyn Loader) -> Pool<'l> {
        Pool {
            docs: HashMap::new(),
            loader,
        }
    }

    /// `parseReferences`: pools `doc` under `url`, its `$ref`s made absolute and its
    /// `$id`-named parts pooled too. Returns the rewritten document.
    pub fn register(&mut self, doc: Value, url: &str) -> Result<Value, String> {
        let draft = detect_draft(&doc)?;
        let doc = self.rewrite(doc, url, draft);
        self.docs
            .entry(url.to_string())
            .or_insert_with(|| (doc.clone(), draft));
        Ok(doc)
    }

    fn rewrite(&mut self, doc: Value, base: &str, draft: Option<Draft>) -> Value {
        match doc {
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|v| self.rewrite(v, base, draft))
                    .collect(),
            ),
            Value::Object(mut map) => {
                let key = if map.contains_key("id") { "id" } else { "$id" };
                let mut local = base.to_string();
                let id = map.get(key).and_then(Value::as_str).map(str::to_string);
                if let Some(id) = id.filter(|id| crate::url::go_parse_error(id).is_none()) {
                    local = resolve(base, &id);
                }
                if let Some(Value::String(r)) = map.get_mut("$ref") {
                    if crate::url::go_parse_error(r).is_none() {
                        *r = resolve(&local, r);
                    }
                }
                for (k, v) in map.iter_mut() {
                    let child = std::mem::replace(v, Value::Null);
                    *v = match (k.as_str(), child) {
                        ("const" | "enum", child) => child,
                        ("properties" | "dependencies" | "patternProperties", Value::Object(m)) => {
                            Value::Object(
                                m.into_iter()
                                    .map(|(k, v)| (k, self.rewrite(v, &local, draft)))
                                    .collect(),
                            )
                        }
                        ("properties" | "dependencies" | "patternProperties", child) => child,
                        (_, child) => self.rewrite(child, &local, draft),
                    };
                }
                let doc = Value::Object(map);
                if local != base {
                    self.docs
                        .entry(local)
                        .or_insert_with(|| (doc.clone(), draft));
                }
                doc
            }
            other => other,
        }
    }

    /// `GetDocument`: the document `reference` (absolute, with its fragment) names.
    pub fn get(&mut self, reference: &str) -> Result<(Value, Option<Draft>), String> {
        if let Some(found) = self.docs.get(reference) {
            return Ok(found.clone());
        }
        let (url, fragment) = split(reference);
        if let Some((doc, draft)) = self.docs.get(url) {
            let found = (pointer(doc, &fragment)?.clone(), *draft);
            self.docs.insert(reference.to_string(), found.clone());
            return Ok(found);
        }
        if !is_canonical(reference) {
            return Err(format!("Reference {reference} must be canonical"));
        }
        let doc = match super::schema::Draft::meta_url(url) {
            Some(meta) => meta,
            None => self.loader.load(url)?,
        };
        let doc = self.register(doc.clone(), url).unwrap_or(doc);
        let draft = detect_draft(&doc).ok().flatten();
        Ok((pointer(&doc, &fragment)?.clone(), draft))
    }
}

/// `parseSchemaURL`: the draft a document's `$schema` names, if one of the three it knows.
pub fn detect_draft(doc: &Value) -> Result<Option<Draft>, String> {
    match doc {
        Value::Bool(_) => Ok(None),
        Value::Object(map) => match map.get("$schema") {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Draft::from_url(s.strip_suffix('#').unwrap_or(s))),
            Some(_) => Err("$schema must be of type string".into()),
        },
        _ => Err("schema is invalid".into()),
    }
}

/// The reference's URL part and its (decoded) fragment.
fn split(reference: &str) -> (&str, String) {
    match reference.split_once('#') {
        Some((url, frag)) => (url, percent_decode(frag)),
        None => (reference, String::new()),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|&c| hex(c)),
            b.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// gojsonpointer's `Get`; a fragment that is not a pointer names the whole document.
fn pointer<'v>(doc: &'v Value, fragment: &str) -> Result<&'v Value, String> {
    let Some(rest) = fragment.strip_prefix('/') else {
        return Ok(doc);
    };
    let mut node = doc;
    for token in rest.split('/') {
        node = match node {
            Value::Object(map) => {
                let key = token.replace("~1", "/").replace("~0", "~");
                map.get(&key)
                    .ok_or_else(|| format!("Object has no key '{key}'"))?
            }
            Value::Array(items) => {
                let index =
                    go_atoi(token).ok_or_else(|| format!("Invalid array index '{token}'"))?;
                usize::try_from(index)
                    .ok()
                    .and_then(|i| items.get(i))
                    .ok_or_else(|| {
                        format!("Out of bound array[0,{}] index '{index}'", items.len())
                    })?
            }
            _ => return Err(format!("Invalid token reference '{token}'")),
        };
    }
    Ok(node)
}

/// `strconv.Atoi`'s accepted forms.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `(scheme, host)` of a URL reference as Go's `url.Parse` splits it.
fn scheme_host(s: &str) -> (&str, &str) {
    let scheme = s
        .find(':')
        .map(|i| &s[..i])
        .filter(|sc| {
            sc.bytes().next().is_some_and(|c| c.is_ascii_alphabetic())
                && sc
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c))
        })
        .unwrap_or("");
    let rest = if scheme.is_empty() {
        s
    } else {
        &s[scheme.len() + 1..]
    };
    let host = rest
        .strip_prefix("//")
        .map(|r| &r[..r.find(['/', '?', '#']).unwrap_or(r.len())])
        .unwrap_or("");
    (scheme, host)
}

/// A reference gojsonschema loads: a `file:` URL or one with scheme and host.
fn is_canonical(reference: &str) -> bool {
    let (scheme, host) = scheme_host(reference);
    scheme == "file" || (!scheme.is_empty() && !host.is_empty())
}

/// `JsonReference.Inherits`: `reference` resolved against `base` (Go's `ResolveReference`),
/// an empty fragment dropped as Go's `url.URL.String` drops it.
pub fn resolve(base: &str, reference: &str) -> String {
    let (base_url, _) = base.split_once('#').unwrap_or((base, ""));
    let (ref_url, frag) = match reference.split_once('#') {
        Some((u, f)) => (u, f),
        None => (reference, ""),
    };
    let frag = if frag.is_empty() {
        String::new()
    } else {
        format!("#{frag}")
    };
    if ref_url.is_empty() {
        return format!("{base_url}{frag}");
    }
    if !scheme_host(ref_url).0.is_empty() {
        return format!("{ref_url}{frag}");
    }
    // Go's URL.String re-escapes the decoded path.
    let ref_url = &rudder_gocompat::url_parse::escape_path(
        &rudder_gocompat::url::unescape(ref_url).unwrap_or_else(|_| ref_url.to_string()),
    );
    let joined = if base_url.is_empty() {
        // Go's resolvePath always answers with a rooted path.
        crate::url::join("file:///", ref_url)
            .trim_start_matches("file://")
            .to_string()
    } else {
        crate::url::join(base_url, ref_url)
    };
    format!("{joined}{frag}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_as_go_does() {
        assert_eq!(resolve("", "#/definitions/a"), "#/definitions/a");
        assert_eq!(resolve("", "#"), "");
        assert_eq!(resolve("", "other.json"), "/other.json");
        assert_eq!(resolve("", "a b\\c"), "/a%20b%5Cc");
        assert_eq!(
            resolve("http://x.io/a/root.json", "b.json#/c"),
            "http://x.io/a/b.json#/c"
        );
        assert!(is_canonical("file:///a.json"));
        assert!(is_canonical("http://x.io/a.json"));
        assert!(!is_canonical("/other.json"));
    }

    #[test]
    fn pointers() {
        let doc = crate::json::parse(br#"{"a":[1,{"b~/":2}]}"#).unwrap();
        let two = crate::json::parse(b"2").unwrap();
        assert_eq!(pointer(&doc, "/a/1/b~0~1"), Ok(&two));
        assert_eq!(
            pointer(&doc, "/a/5"),
            Err("Out of bound array[0,2] index '5'".into())
        );
        assert_eq!(pointer(&doc, "/z"), Err("Object has no key 'z'".into()));
        assert_eq!(
            pointer(&doc, "/a/0/x"),
            Err("Invalid token reference 'x'".into())
        );
        assert_eq!(pointer(&doc, "x"), Ok(&doc));
    }
}

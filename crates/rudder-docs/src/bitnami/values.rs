//! The values as readme-generator lists them: every leaf path as `dot-object` flattens the
//! parsed YAML (`a.b`, `list[0].c`; empty maps and lists are leaves), looked up again with
//! lodash's `get`, and, where a key holds dots, with the tool's own path search (each key
//! read as a regular expression). Lists holding only strings are one value.

use std::collections::{HashMap, HashSet};

use regex::Regex;

use super::comments::Param;
use super::config::DOT;
use super::js::{Js, Object};

/// The values' parameters, in `Object.keys` order of the flattened paths.
pub fn list(root: &Js) -> Result<Vec<Param>, String> {
    let mut flat = Object::default();
    flatten(root, &mut flat, &[])?;
    let mut search = Search::default();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for path in flat.keys() {
        let mut name = path.clone();
        let (mut value, schema) = match lodash_get(root, path) {
            Some(v) => (Some(v.clone()), true),
            None => {
                let at = search.path(Some(root), path, None)?;
                (walk(root, &at).cloned(), false)
            }
        };
        let mut kind = Js::type_of(value.as_ref()).to_string();
        if path.contains('[') {
            let prefix = array_prefix(path);
            let at = search.path(Some(root), &prefix, None)?;
            match walk(root, &at) {
                Some(Js::Arr(items)) => {
                    if items.iter().all(|i| matches!(i, Js::Str(_))) {
                        value = Some(Js::Arr(items.clone()));
                        name = prefix;
                    }
                }
                _ => {
                    return Err(format!(
                        "{prefix} is no list the tool can find (readme-generator fails here: \
                         TypeError reading 'forEach')"
                    ))
                }
            }
        }
        if value == Some(Js::Null) {
            value = Some(Js::Str("nil".into()));
        }
        if let Some(Js::Arr(_)) = value {
            kind = "array".into();
        }
        if seen.insert(name.clone()) {
            let mut param = Param::new(&name);
            param.value = value;
            param.kind = kind;
            param.schema = schema;
            out.push(param);
        }
    }
    Ok(out)
}

/// `a.b[0].c[1]` → `a.b[0].c`: all before the last `[`.
pub fn array_prefix(path: &str) -> String {
    match path.rfind('[') {
        Some(i) => path[..i].to_string(),
        None => String::new(),
    }
}

/// `dot-object`'s `dot`: leaves by dotted path, list items as `[i]` after their list's key.
fn flatten(value: &Js, out: &mut Object, path: &[String]) -> Result<(), String> {
    let (children, is_array): (Vec<(String, &Js)>, bool) = match value {
        Js::Obj(o) => (o.entries().into_iter().map(|(k, v)| (k.clone(), v)).collect(), false),
        Js::Arr(items) => (
            items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
            true,
        ),
        Js::Null => return Err("the values are empty (readme-generator fails: Cannot convert undefined or null to object)".into()),
        _ => (Vec::new(), false),
    };
    for (key, child) in children {
        let nested = match child {
            Js::Obj(o) => !o.is_empty(),
            Js::Arr(items) => !items.is_empty(),
            _ => false,
        };
        let index = if is_array { format!("[{key}]") } else { key };
        let mut next = path.to_vec();
        if is_array {
            let previous = next.pop().unwrap_or_default();
            next.push(previous + &index);
        } else {
            next.push(index);
        }
        if nested {
            flatten(child, out, &next)?;
        } else {
            out.set(next.join("."), child.clone());
        }
    }
    Ok(())
}

/// Follows property names from `root`; `None` (undefined) past a missing one.
fn walk<'v>(root: &'v Js, path: &[String]) -> Option<&'v Js> {
    if path.is_empty() {
        return None;
    }
    path.iter().try_fold(root, |at, key| at.prop(key))
}

/// lodash's `get(object, "a.b[0]")`: a path naming a key of the object itself, or with no
/// dots or brackets, is one key; else it splits as lodash's `stringToPath` splits it.
fn lodash_get<'v>(root: &'v Js, path: &str) -> Option<&'v Js> {
    let plain = path.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let deep = path.contains('.') || has_bracket_group(path);
    if plain || !deep || root.prop(path).is_some() {
        return root.prop(path);
    }
    walk(root, &string_to_path(path))
}

/// `[...]` holding no bracket, or a quoted key.
fn has_bracket_group(path: &str) -> bool {
    let mut open = None;
    for (i, c) in path.char_indices() {
        match c {
            '[' => open = Some(i),
            ']' if open.is_some() => return true,
            _ => {}
        }
    }
    false
}

/// lodash's `stringToPath`: names between dots, `[...]` contents (quoted ones unescaped),
/// and an empty name for each empty segment.
fn string_to_path(path: &str) -> Vec<String> {
    let s: Vec<char> = path.chars().collect();
    let mut out = Vec::new();
    if s.first() == Some(&'.') {
        out.push(String::new());
    }
    let mut p = 0;
    while p <= s.len() {
        let run = s[p..]
            .iter()
            .take_while(|c| !matches!(c, '.' | '[' | ']'))
            .count();
        if run > 0 {
            out.push(s[p..p + run].iter().collect());
            p += run;
            continue;
        }
        if s.get(p) == Some(&'[') {
            if let Some((key, next)) = bracket(&s, p) {
                out.push(key);
                p = next;
                continue;
            }
        }
        let separator = |at: usize| match s.get(at) {
            Some('.') => Some(1),
            Some('[') if s.get(at + 1) == Some(&']') => Some(2),
            _ => None,
        };
        if let Some(len) = separator(p) {
            if p + len == s.len() || separator(p + len).is_some() {
                out.push(String::new());
            }
        }
        p += 1;
    }
    out
}

/// The `[...]` at `p`: its key and where it ends.
fn bracket(s: &[char], p: usize) -> Option<(String, usize)> {
    let first = *s.get(p + 1)?;
    if first == '"' || first == '\'' {
        let mut i = p + 2;
        let mut key = String::new();
        while i < s.len() {
            match s[i] {
                '\\' if i + 1 < s.len() => {
                    key.push(s[i + 1]);
                    i += 2;
                }
                c if c == first => {
                    return (s.get(i + 1) == Some(&']')).then_some((key, i + 2));
                }
                c => {
                    key.push(c);
                    i += 1;
                }
            }
        }
        return None;
    }
    let stop = (p + 1..s.len()).find(|&i| s[i] == '[').unwrap_or(s.len());
    let close = (p + 2..stop).rev().find(|&i| s[i] == ']')?;
    Some((s[p + 1..close].iter().collect(), close + 1))
}

/// The tool's `getArrayPath`: finds `path` under `object` trying each key as a regular
/// expression (`^key([n])*\.`), so keys holding dots are found; every key that matches
/// adds its branch.
#[derive(Default)]
struct Search {
    patterns: HashMap<String, Regex>,
}

impl Search {
    fn path(
        &mut self,
        object: Option<&Js>,
        path: &str,
        index: Option<&str>,
    ) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        let Some(object) = object else {
            return Ok(out);
        };
        if path.is_empty() {
            return Ok(out);
        }
        match object {
            Js::Arr(_) => {
                let index = index.unwrap_or("0");
                out.push(index.to_string());
                out.extend(self.path(object.prop(index), path, None)?);
            }
            Js::Obj(o) => {
                for (key, child) in o.entries() {
                    if path == key {
                        out.push(key.clone());
                        continue;
                    }
                    let pattern = self.pattern(key)?;
                    let Some(c) = pattern.captures(path) else {
                        continue;
                    };
                    if path.starts_with(key.as_str()) {
                        out.push(key.clone());
                        let rest = &path[c.get(0).map_or(0, |m| m.end())..];
                        let index = c.get(1).map(|m| m.as_str());
                        out.extend(self.path(Some(child), rest, index)?);
                    }
                }
            }
            Js::Null => {
                return Err(format!(
                    "cannot look up {path} under null (readme-generator fails: Cannot convert \
                     undefined or null to object)"
                ))
            }
            _ => {}
        }
        Ok(out)
    }

    fn pattern(&mut self, key: &str) -> Result<&Regex, String> {
        if !self.patterns.contains_key(key) {
            let literal: Vec<String> = key.split('.').map(regex::escape).collect();
            let text = format!(r"^{}(?:\[([0-9]+)\])*\.", literal.join(DOT));
            let re = Regex::new(&text).map_err(|e| e.to_string())?;
            self.patterns.insert(key.to_string(), re);
        }
        Ok(&self.patterns[key])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(yaml: &str) -> Vec<(String, String)> {
        let root = super::super::yaml::parse(yaml).unwrap();
        list(&root)
            .unwrap()
            .into_iter()
            .map(|p| (p.name, Js::display(p.value.as_ref())))
            .collect()
    }

    #[test]
    fn leaves_lists_and_dotted_keys() {
        let got =
            names("a:\n  b: 1\n  e: {}\nl: [x, y]\nn: [1, {c: 2}]\nann:\n  x.io/y: 'v'\nz: null\n");
        let want = [
            ("a.b", "1"),
            ("a.e", "[object Object]"),
            ("l", "x,y"),
            ("n[0]", "1"),
            ("n[1].c", "2"),
            ("ann.x.io/y", "v"),
            ("z", "nil"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn lodash_paths() {
        assert_eq!(string_to_path("a.b[0].c"), ["a", "b", "0", "c"]);
        assert_eq!(string_to_path("a..b"), ["a", "", "b"]);
        assert_eq!(string_to_path(".a"), ["", "a"]);
        assert_eq!(string_to_path("a['x.y']"), ["a", "x.y"]);
    }

    #[test]
    fn nested_lists_fail_as_the_tool_does() {
        let root = super::super::yaml::parse("a: [[1]]\n").unwrap();
        assert!(list(&root).is_err());
    }
}

//! `.Files`: the chart's non-template files, with helm's accessor methods.

use std::collections::BTreeMap;
use std::rc::Rc;

use base64::Engine;
use rudder_gotmpl::fmt::{go_syntax_bytes, quote, write_byte_list};
use rudder_gotmpl::{Map, Object, SliceType, Ty, Value};

use super::glob;

/// File path (relative to the chart) → content.
pub type FileMap = BTreeMap<String, Rc<[u8]>>;

/// `.Files` (Go type `engine.files`, a `map[string][]byte`).
#[derive(Debug, Clone, Default)]
pub struct Files(pub Rc<FileMap>);

impl Files {
    pub fn new(files: FileMap) -> Files {
        Files(Rc::new(files))
    }

    fn get_bytes(&self, name: &str) -> Rc<[u8]> {
        self.0
            .get(name)
            .cloned()
            .unwrap_or_else(|| Rc::from(&[][..]))
    }

    fn glob(&self, pattern: &str) -> Files {
        // helm falls back to `**` (everything) when the pattern does not compile.
        let subset = match glob::compile(pattern) {
            Some(re) => self
                .0
                .iter()
                .filter(|(name, _)| re.is_match(name))
                .map(|(n, c)| (n.clone(), c.clone()))
                .collect(),
            None => (*self.0).clone(),
        };
        Files::new(subset)
    }

    fn lines(&self, name: &str) -> Result<Value, String> {
        let Some(content) = self.0.get(name) else {
            return Ok(Value::typed_list(SliceType::String, Vec::new()));
        };
        let text = rudder_gotmpl::gostr::from_bytes(content);
        // helm indexes the last byte unchecked, so an empty file is Go's index panic.
        let text = match text.as_bytes().last() {
            None => return Err("runtime error: index out of range [-1]".into()),
            Some(b'\n') => &text[..text.len() - 1],
            Some(_) => &text[..],
        };
        Ok(Value::typed_list(
            SliceType::String,
            text.split('\n').map(Value::str).collect(),
        ))
    }

    /// {base name: content} (or base64 of it) as YAML, as `AsConfig`/`AsSecrets` build it.
    fn as_yaml(&self, encode: bool) -> Result<Value, String> {
        let mut m = Map::new();
        for (name, content) in self.0.iter() {
            let base = name.rsplit('/').next().unwrap_or(name);
            let text = if encode {
                base64::engine::general_purpose::STANDARD.encode(content)
            } else {
                rudder_gotmpl::gostr::from_bytes(content).into_owned()
            };
            m.insert(base.to_string(), Value::string(text));
        }
        let yaml = rudder_yaml::to_yaml(&Value::map(m))?;
        Ok(Value::string(
            yaml.strip_suffix('\n').unwrap_or(&yaml).to_string(),
        ))
    }
}

/// Methods taking one string argument.
const METHODS: &[&str] = &["Get", "GetBytes", "Glob", "Lines"];

impl Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }
    /// `type files map[string][]byte`.
    fn go_kind(&self) -> &'static str {
        "map"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "AsConfig" => self.as_yaml(false).ok(),
            "AsSecrets" => self.as_yaml(true).ok(),
            // `.Files` is a Go map: any other name is a missing key, an empty byte slice.
            _ => Some(Value::Bytes(self.get_bytes(name))),
        }
    }
    fn method_params(&self, name: &str) -> Option<&'static [Ty]> {
        METHODS.contains(&name).then_some(&[Ty::String][..])
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let p = args[0].as_str().unwrap_or_default();
        Some(match name {
            "Get" => Ok(Value::string(
                rudder_gotmpl::gostr::from_bytes(&self.get_bytes(p)).into_owned(),
            )),
            "GetBytes" => Ok(Value::Bytes(self.get_bytes(p))),
            "Glob" => Ok(Value::Object(Rc::new(self.glob(p)))),
            "Lines" => self.lines(p),
            _ => return None,
        })
    }
    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }
    /// A Go map: `eq` refuses it.
    fn comparable(&self) -> bool {
        false
    }
    fn format_v(&self) -> String {
        let mut out = String::new();
        self.write_arg(&mut out);
        out
    }
    /// Written where it is printed, never kept: charts that print `.Files` (a whole context
    /// used as a dict key) print megabytes of numbers, several times.
    fn write_arg(&self, out: &mut String) {
        out.push_str("map[");
        for (i, (name, content)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(name);
            out.push(':');
            write_byte_list(out, content);
        }
        out.push(']');
    }
    fn go_syntax(&self) -> String {
        let entries: Vec<String> = self
            .0
            .iter()
            .map(|(name, content)| {
                format!("{}:[]uint8{{{}}}", quote(name), go_syntax_bytes(content))
            })
            .collect();
        format!("engine.files{{{}}}", entries.join(", "))
    }
    fn to_plain(&self) -> Option<Value> {
        Some(Value::map(
            self.0
                .iter()
                .map(|(n, c)| (n.clone(), Value::Bytes(c.clone())))
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        Files::new(
            entries
                .iter()
                .map(|(n, c)| (n.to_string(), Rc::from(c.as_bytes())))
                .collect(),
        )
    }

    fn call(f: &Files, m: &str, args: &[Value]) -> Result<Value, String> {
        f.call_method(m, args).expect("method exists")
    }

    // Expectations from helm v4.1.4 (compat-notes C6).
    #[test]
    fn lines_drop_one_trailing_newline_and_fail_on_empty_files() {
        let f = files(&[("a.txt", "line1\n\nline3\n\n"), ("empty", "")]);
        let lines = call(&f, "Lines", &[Value::str("a.txt")]).unwrap();
        let items: Vec<&str> = lines
            .as_list()
            .unwrap()
            .items
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(items, vec!["line1", "", "line3", ""]);
        assert_eq!(
            call(&f, "Lines", &[Value::str("nope")])
                .unwrap()
                .as_list()
                .unwrap()
                .items
                .len(),
            0
        );
        assert_eq!(
            call(&f, "Lines", &[Value::str("empty")]).unwrap_err(),
            "runtime error: index out of range [-1]"
        );
    }

    #[test]
    fn get_and_glob() {
        let f = files(&[
            ("conf/a.properties", "x"),
            ("conf/sub/b.yaml", "y"),
            ("c.txt", "z"),
        ]);
        assert_eq!(
            call(&f, "Get", &[Value::str("c.txt")]).unwrap(),
            Value::str("z")
        );
        assert_eq!(
            call(&f, "Get", &[Value::str("missing")]).unwrap(),
            Value::str("")
        );
        let Value::Object(g) = call(&f, "Glob", &[Value::str("conf/*")]).unwrap() else {
            panic!()
        };
        assert_eq!(g.format_v(), "map[conf/a.properties:[120]]");
    }
}

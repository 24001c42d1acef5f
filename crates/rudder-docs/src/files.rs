//! `.Files` in a README template: every file under the chart folder, keyed by its path as
//! helm-docs walks it (the chart folder joined with the file's relative path), read lazily.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use base64::Engine;
use rudder_gotmpl::{Map, Object, SliceType, Ty, Value};

/// Path → content, read on first use (an unreadable file reads as empty).
type Entries = BTreeMap<String, Rc<RefCell<Option<Rc<[u8]>>>>>;

#[derive(Debug, Clone)]
pub struct Files {
    base: String,
    entries: Rc<Entries>,
}

impl Files {
    /// The files under `dir`, named by `dir` joined with their relative path.
    pub fn walk(dir: &Path) -> Files {
        let entries = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| (e.path().to_string_lossy().into_owned(), Default::default()))
            .collect();
        Files {
            base: dir.to_string_lossy().into_owned(),
            entries: Rc::new(entries),
        }
    }

    fn data(&self, path: &str) -> Option<Rc<[u8]>> {
        let cell = self.entries.get(path)?;
        let mut slot = cell.borrow_mut();
        let data = slot.get_or_insert_with(|| Rc::from(std::fs::read(path).unwrap_or_default()));
        Some(data.clone())
    }

    /// Go's `filepath.Join(base, name)` for the names templates pass.
    fn join(&self, name: &str) -> String {
        rudder_gocompat::path::clean(&format!("{}/{}", self.base, name))
    }

    fn get_bytes(&self, name: &str) -> Rc<[u8]> {
        self.data(&self.join(name))
            .unwrap_or_else(|| Rc::from(&[][..]))
    }

    /// The files whose path matches `base/pattern` (gobwas/glob, `/` separating); none when
    /// the pattern does not compile.
    fn glob(&self, pattern: &str) -> Files {
        let glob = rudder_render::objects::glob::compile(&self.join(pattern));
        let entries = self
            .entries
            .iter()
            .filter(|(path, _)| glob.as_ref().is_some_and(|g| g.is_match(path)))
            .map(|(p, c)| (p.clone(), c.clone()))
            .collect();
        Files {
            base: self.base.clone(),
            entries: Rc::new(entries),
        }
    }

    /// {base name: content, or its base64} as yaml.v3 writes it (indent 4).
    fn as_yaml(&self, encode: bool) -> Value {
        if self.entries.is_empty() {
            return Value::str("");
        }
        let mut m = Map::new();
        for path in self.entries.keys() {
            let data = self.data(path).unwrap_or_else(|| Rc::from(&[][..]));
            let base = path.rsplit('/').next().unwrap_or(path);
            let text = match encode {
                true => base64::engine::general_purpose::STANDARD.encode(&data),
                false => String::from_utf8_lossy(&data).into_owned(),
            };
            m.insert(base.to_string(), Value::string(text));
        }
        // yaml.v3 with indent 2 differs from its default of 4, for a flat map of strings, only
        // in how deep block scalars' lines sit.
        let yaml = rudder_yaml::to_yaml_pretty(&Value::map(m)).unwrap_or_default();
        let lines: Vec<String> = yaml
            .trim_end_matches('\n')
            .split('\n')
            .map(|l| match l.starts_with(' ') {
                true => format!("  {l}"),
                false => l.to_string(),
            })
            .collect();
        Value::string(lines.join("\n"))
    }

    fn lines(&self, path: &str) -> Value {
        let items = self
            .data(path)
            .map(|d| {
                String::from_utf8_lossy(&d)
                    .split('\n')
                    .map(Value::str)
                    .collect()
            })
            .unwrap_or_default();
        Value::typed_list(SliceType::String, items)
    }

    fn as_map(&self) -> Value {
        let m = self
            .entries
            .keys()
            .map(|p| {
                let entry: Map = [("Path".to_string(), Value::str(p))].into_iter().collect();
                (p.clone(), Value::map(entry))
            })
            .collect();
        Value::map(m)
    }
}

/// Methods taking one string argument.
const METHODS: &[&str] = &["Get", "GetBytes", "Glob", "Lines"];

impl Object for Files {
    fn type_name(&self) -> &str {
        "document.files"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "AsConfig" => Some(self.as_yaml(false)),
            "AsSecrets" => Some(self.as_yaml(true)),
            "AsMap" => Some(self.as_map()),
            _ => None,
        }
    }
    fn method_params(&self, name: &str) -> Option<&'static [Ty]> {
        METHODS.contains(&name).then_some(&[Ty::String][..])
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let arg = args.first().and_then(Value::as_str).unwrap_or_default();
        Some(Ok(match name {
            "Get" => Value::string(String::from_utf8_lossy(&self.get_bytes(arg)).into_owned()),
            "GetBytes" => Value::Bytes(self.get_bytes(arg)),
            "Glob" => Value::Object(Rc::new(self.glob(arg))),
            "Lines" => self.lines(arg),
            _ => return None,
        }))
    }
    fn format_v(&self) -> String {
        format!("{{{} map[...]}}", self.base)
    }
}

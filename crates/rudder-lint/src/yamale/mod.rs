//! yamale, as chart-testing runs it on Chart.yaml (`yamale --schema chart_schema.yaml`):
//! a schema of validator expressions (`str()`, `list(include('maintainer'), required=False)`),
//! includes in the schema file's later documents, strict mode (unknown keys are errors), and
//! yamale's messages (`maintainers.0.name: Required field missing`). The data is read as
//! PyYAML's safe loader reads it ([`data`]).

pub mod data;
mod expression;
mod validators;

use std::collections::HashMap;

use data::Py;
use validators::{Kind, Validator};

/// A schema's shape: validators at the leaves of mappings and lists.
#[derive(Debug, Clone)]
enum Node {
    Validator(Validator),
    Map(Vec<(Py, Node)>),
    List(Vec<Node>),
}

/// A yamale schema file: the first document, and the includes the others define.
#[derive(Debug, Clone)]
pub struct Schema {
    root: Node,
    includes: HashMap<String, Node>,
}

/// chart-testing's `etc/chart_schema.yaml`, its rules as rudder's data.
pub const CHART_TESTING: &str = "\
name: str()
home: str(required=False)
version: str()
apiVersion: str()
appVersion: any(str(), num(), required=False)
description: str(required=False)
keywords: list(str(), required=False)
sources: list(str(), required=False)
maintainers: list(include('maintainer'), required=False)
dependencies: list(include('dependency'), required=False)
icon: str(required=False)
engine: str(required=False)
condition: str(required=False)
tags: str(required=False)
deprecated: bool(required=False)
kubeVersion: str(required=False)
annotations: map(str(), str(), required=False)
type: str(required=False)
---
maintainer: {name: str(), email: str(required=False), url: str(required=False)}
---
dependency:
  name: str()
  version: str()
  repository: str(required=False)
  condition: str(required=False)
  tags: list(str(), required=False)
  enabled: bool(required=False)
  import-values: list(any(str(), include('import-value')), required=False)
  alias: str(required=False)
---
import-value: {child: str(), parent: str()}
";

/// A failure that stops validation (yamale's `FatalValidationError`).
struct Fatal(String);

type Errors = Result<Vec<String>, Fatal>;

fn path_text(path: &[String]) -> String {
    path.join(".")
}

impl Schema {
    /// chart-testing's default schema.
    pub fn chart_testing() -> Schema {
        Schema::parse(CHART_TESTING).unwrap_or(Schema {
            root: Node::Map(Vec::new()),
            includes: HashMap::new(),
        })
    }

    /// Reads a schema file's text; errors in yamale's words.
    pub fn parse(text: &str) -> Result<Schema, String> {
        let mut documents = data::load_all(text)?.into_iter();
        let first = documents.next().ok_or("the schema is an empty file!")?;
        let root = process(&first, &mut Vec::new())?;
        let mut includes = HashMap::new();
        for document in documents {
            let Py::Map(pairs) = document else {
                return Err("an include document must be a mapping of names to schemas".into());
            };
            for (name, schema) in pairs {
                let node = process(&schema, &mut Vec::new())?;
                includes.insert(name.str(), node);
            }
        }
        Ok(Schema { root, includes })
    }

    /// yamale's errors on `text` (each document of it), strict as chart-testing runs it; the
    /// error is a file PyYAML cannot load.
    pub fn validate_text(&self, text: &str) -> Result<Vec<String>, String> {
        let mut documents = data::load_all(text)?;
        if documents.is_empty() {
            documents.push(Py::Map(Vec::new()));
        }
        let mut errors = Vec::new();
        for document in &documents {
            match self.check(&self.root, document, &mut Vec::new(), true) {
                Ok(found) => errors.extend(found),
                Err(Fatal(error)) => errors.push(error),
            }
        }
        Ok(errors)
    }

    fn check(&self, node: &Node, data: &Py, path: &mut Vec<String>, strict: bool) -> Errors {
        let validator = match node {
            Node::Validator(v) => v,
            Node::Map(_) | Node::List(_) => return self.check_static(node, data, path, strict),
        };
        if *data == Py::None && validator.is_optional() && validator.can_be_none() {
            return Ok(Vec::new());
        }
        let at = path_text(path);
        let errors: Vec<String> = validator
            .validate(data)
            .into_iter()
            .map(|e| format!("{at}: {e}"))
            .collect();
        if !errors.is_empty() {
            return Ok(errors);
        }
        match &validator.kind {
            Kind::Include { name, strict: own } => {
                let schema = self
                    .includes
                    .get(name)
                    .ok_or_else(|| Fatal(format!("Include '{name}' has not been defined.")))?;
                self.check(schema, data, path, own.unwrap_or(strict))
            }
            Kind::Map(inner) | Kind::List(inner) => self.check_each_item(inner, data, path, strict),
            Kind::Any(inner) => {
                let mut failed = Vec::new();
                for v in inner {
                    let errors = self.check(&Node::Validator(v.clone()), data, path, strict)?;
                    if !errors.is_empty() {
                        failed.push(errors);
                    }
                }
                Ok(match failed.len() == inner.len() {
                    true => failed.concat(),
                    false => Vec::new(),
                })
            }
            Kind::Subset(inner) => self.check_subset(inner, data, path, strict),
            _ => Ok(Vec::new()),
        }
    }

    /// A mapping or list written out in the schema.
    fn check_static(&self, node: &Node, data: &Py, path: &mut Vec<String>, strict: bool) -> Errors {
        let at = path_text(path);
        match (node, data) {
            (Node::Map(_), Py::Map(_)) | (Node::List(_), Py::List(_)) => {}
            (Node::Map(_), _) => return Ok(vec![format!("{at} : '{}' is not a map", data.str())]),
            _ => return Ok(vec![format!("{at} : '{}' is not a list", data.str())]),
        }
        let mut errors = Vec::new();
        let entries: Vec<(Py, &Node)> = match node {
            Node::Map(pairs) => pairs.iter().map(|(k, n)| (k.clone(), n)).collect(),
            Node::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (Py::Int(i as i128), n))
                .collect(),
            Node::Validator(_) => Vec::new(),
        };
        if strict {
            for key in keys(data) {
                if !entries.iter().any(|(k, _)| validators::py_eq(k, &key)) {
                    path.push(key.str());
                    errors.push(format!("{}: Unexpected element", path_text(path)));
                    path.pop();
                }
            }
        }
        for (key, sub) in entries {
            errors.extend(self.check_item(sub, data, &key, path, strict)?);
        }
        Ok(errors)
    }

    /// `data[key]` checked with `node`; a missing key fails unless the validator is optional.
    fn check_item(
        &self,
        node: &Node,
        data: &Py,
        key: &Py,
        path: &mut Vec<String>,
        strict: bool,
    ) -> Errors {
        path.push(key.str());
        let item = match (data, key) {
            (Py::Map(pairs), _) => pairs
                .iter()
                .find(|(k, _)| validators::py_eq(k, key))
                .map(|(_, v)| v),
            (Py::List(items), Py::Int(i)) => usize::try_from(*i).ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let result = match item {
            Some(item) => self.check(node, item, path, strict),
            None => match node {
                Node::Validator(v) if v.is_optional() => Ok(Vec::new()),
                _ => Ok(vec![format!("{}: Required field missing", path_text(path))]),
            },
        };
        path.pop();
        result
    }

    /// `map(...)` and `list(...)`: each item must pass one of the validators; when none
    /// passes, every validator's errors are reported.
    fn check_each_item(
        &self,
        inner: &[Validator],
        data: &Py,
        path: &mut Vec<String>,
        strict: bool,
    ) -> Errors {
        if inner.is_empty() {
            return Ok(Vec::new());
        }
        let mut errors = Vec::new();
        for key in keys(data) {
            let mut failed = Vec::new();
            for v in inner {
                let found =
                    self.check_item(&Node::Validator(v.clone()), data, &key, path, strict)?;
                if !found.is_empty() {
                    failed.push(found);
                }
            }
            if failed.len() == inner.len() {
                errors.extend(failed.concat());
            }
        }
        Ok(errors)
    }

    fn check_subset(
        &self,
        inner: &[Validator],
        data: &Py,
        path: &mut Vec<String>,
        strict: bool,
    ) -> Errors {
        let one = |item: &Py, path: &mut Vec<String>| -> Errors {
            let mut errors = Vec::new();
            for v in inner {
                let found = self.check(&Node::Validator(v.clone()), item, path, strict)?;
                if found.is_empty() {
                    return Ok(Vec::new());
                }
                errors.extend(found);
            }
            Ok(errors)
        };
        let mut errors = Vec::new();
        match data {
            Py::Map(pairs) => {
                for pair in pairs {
                    errors.extend(one(&Py::Map(vec![pair.clone()]), path)?);
                }
            }
            Py::List(items) => {
                for item in items {
                    errors.extend(one(item, path)?);
                }
            }
            other => errors.extend(one(other, path)?),
        }
        Ok(errors)
    }
}

/// The keys of a mapping, or the indexes of a list.
fn keys(data: &Py) -> Vec<Py> {
    match data {
        Py::Map(pairs) => pairs.iter().map(|(k, _)| k.clone()).collect(),
        Py::List(items) => (0..items.len()).map(|i| Py::Int(i as i128)).collect(),
        _ => Vec::new(),
    }
}

/// yamale's `_process_schema`: validators parsed at the leaves.
fn process(schema: &Py, path: &mut Vec<String>) -> Result<Node, String> {
    match schema {
        Py::Map(pairs) => {
            let mut out = Vec::new();
            for (key, value) in pairs {
                path.push(key.str());
                out.push((key.clone(), process(value, path)?));
                path.pop();
            }
            Ok(Node::Map(out))
        }
        Py::List(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                out.push(process(item, path)?);
                path.pop();
            }
            Ok(Node::List(out))
        }
        leaf => {
            let text = leaf.str();
            let parsed = match leaf {
                Py::Str(_) => expression::parse(&text).and_then(|call| Validator::build(&call)),
                _ => Err("an expression must be a string".into()),
            };
            parsed.map(Node::Validator).map_err(|e| {
                format!(
                    "Invalid schema expression: '{text}'. {e} at node '{}'",
                    path_text(path)
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_testings_schema_in_yamales_words() {
        let schema = Schema::chart_testing();
        let errors = |text: &str| schema.validate_text(text).unwrap();
        assert!(errors("name: x\nversion: 1.0.0\napiVersion: v2\n").is_empty());
        // yamale 6.1.0's output for the same file, in its order.
        assert_eq!(
            errors("name: 1\nversion: 1.0\napiVersion: v2\nmaintainers:\n- email: x\n  nick: y\nkeywords: [a, 2]\ndeprecated: \"no\"\nannotations: {a: 1}\nextra: z\ndependencies:\n- name: d\n  version: \"1\"\n  import-values: [a, {child: c}]\n"),
            [
                "extra: Unexpected element",
                "name: '1' is not a str.",
                "version: '1.0' is not a str.",
                "keywords.1: '2' is not a str.",
                "maintainers.0.nick: Unexpected element",
                "maintainers.0.name: Required field missing",
                "dependencies.0.import-values.1: '{'child': 'c'}' is not a str.",
                "dependencies.0.import-values.1.parent: Required field missing",
                "deprecated: 'no' is not a bool.",
                "annotations.a: '1' is not a str.",
                "annotations.a: '1' is not a str.",
            ]
        );
    }
}

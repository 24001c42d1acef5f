//! The type-specific keywords: objects, arrays, strings, numbers.

use std::collections::BTreeMap;

use crate::draft::Draft;
use crate::json::Value;
use crate::number::Number;
use crate::output::Kind;
use crate::validate::{validate_root, Frame};

impl<'i> Frame<'_, '_, 'i> {
    fn missing(&self, obj: &BTreeMap<String, Value>, names: &[&str]) -> Vec<String> {
        names
            .iter()
            .filter(|n| !obj.contains_key(**n))
            .map(|n| n.to_string())
            .collect()
    }

    pub fn object(&mut self, obj: &'i BTreeMap<String, Value>) {
        let node = self.node.clone();
        if let Some(min) = node.count("minProperties") {
            if obj.len() < min {
                self.add(Kind::MinProperties(obj.len(), min));
            }
        }
        if let Some(max) = node.count("maxProperties") {
            if obj.len() > max {
                self.add(Kind::MaxProperties(obj.len(), max));
            }
        }
        if let Some(req) = node.strings("required") {
            let missing = self.missing(obj, &req);
            if !missing.is_empty() {
                self.add(Kind::Required(missing));
            }
        }
        if self.bool_result && !self.errors.is_empty() {
            return;
        }
        if let Some(Value::Object(deps)) = node.kw("dependencies") {
            for (name, dep) in deps {
                if !obj.contains_key(name) {
                    continue;
                }
                if let Value::Array(a) = dep {
                    let names: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                    let missing = self.missing(obj, &names);
                    if !missing.is_empty() {
                        self.add(Kind::Dependency(name.clone(), missing));
                    }
                } else {
                    let sub = node.child(dep, &["dependencies", name]);
                    let r = self.apply(sub, "", false);
                    self.add_result(r);
                }
            }
        }
        let props = node.kw("properties").and_then(Value::as_object);
        let patterns = node.kw("patternProperties").and_then(Value::as_object);
        let additional = node.kw("additionalProperties");
        let mut extra = Vec::new();
        for (name, pv) in obj {
            if self.bool_result && !self.errors.is_empty() {
                return;
            }
            let mut evaluated = false;
            if let Some(s) = props.and_then(|p| p.get(name)) {
                evaluated = true;
                let r = self.apply_to(node.child(s, &["properties", name]), pv, name.clone());
                self.add_result(r);
            }
            for (pattern, s) in patterns.into_iter().flatten() {
                if self.reg.regex(pattern).is_ok_and(|re| re.is_match(name)) {
                    evaluated = true;
                    let sub = node.child(s, &["patternProperties", pattern]);
                    let r = self.apply_to(sub, pv, name.clone());
                    self.add_result(r);
                }
            }
            if !evaluated {
                match additional {
                    Some(Value::Bool(false)) => {
                        evaluated = true;
                        extra.push(name.clone());
                    }
                    Some(Value::Bool(true)) => evaluated = true,
                    Some(s) => {
                        evaluated = true;
                        let sub = node.child(s, &["additionalProperties"]);
                        let r = self.apply_to(sub, pv, name.clone());
                        self.add_result(r);
                    }
                    None => {}
                }
            }
            if evaluated {
                self.evaluated_prop(name);
            }
        }
        if !extra.is_empty() {
            self.add(Kind::AdditionalProperties(extra));
        }
        if node.draft() == Draft::D4 {
            return;
        }
        if let Some(names) = node.sub("propertyNames") {
            for name in obj.keys() {
                // Each name is validated on its own, as a new instance at location ''.
                if let Err(mut e) =
                    validate_root(self.reg, names.clone(), &Value::String(name.clone()))
                {
                    *e.kind = Kind::PropertyNames(name.clone());
                    self.errors.push(e);
                }
            }
        }
        if node.draft() < Draft::D2019 {
            return;
        }
        if let Some(Value::Object(deps)) = node.kw("dependentSchemas") {
            for (name, s) in deps {
                if obj.contains_key(name) {
                    let r = self.apply(node.child(s, &["dependentSchemas", name]), "", false);
                    self.add_result(r);
                }
            }
        }
        if let Some(Value::Object(deps)) = node.kw("dependentRequired") {
            for (name, req) in deps {
                let Value::Array(a) = req else { continue };
                if obj.contains_key(name) {
                    let names: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                    let missing = self.missing(obj, &names);
                    if !missing.is_empty() {
                        self.add(Kind::Dependency(name.clone(), missing));
                    }
                }
            }
        }
    }

    pub fn array(&mut self, arr: &'i [Value]) {
        let node = self.node.clone();
        if let Some(min) = node.count("minItems") {
            if arr.len() < min {
                self.add(Kind::MinItems(arr.len(), min));
            }
        }
        if let Some(max) = node.count("maxItems") {
            if arr.len() > max {
                self.add(Kind::MaxItems(arr.len(), max));
            }
        }
        if node.flag("uniqueItems") && arr.len() > 1 {
            if let Some((j, i)) = duplicate(arr) {
                self.add(Kind::UniqueItems(j, i));
            }
        }
        // Items after the evaluated prefix are reported from index 0 on, as santhosh-tekuri does.
        let rest = |frame: &mut Self, s: crate::node::Node<'_>, from: usize| {
            for (i, item) in arr[from..].iter().enumerate() {
                let r = frame.apply_to(s.clone(), item, i.to_string());
                frame.add_result(r);
            }
        };
        if node.draft() < Draft::D2020 {
            match node.kw("items") {
                Some(Value::Array(list)) => {
                    let evaluated = list.len().min(arr.len());
                    for (i, item) in arr[..evaluated].iter().enumerate() {
                        let sub = node.child(&list[i], &["items", &i.to_string()]);
                        let r = self.apply_to(sub, item, i.to_string());
                        self.add_result(r);
                    }
                    match node.kw("additionalItems") {
                        Some(Value::Bool(false)) if evaluated != arr.len() => {
                            self.add(Kind::AdditionalItems(arr.len() - evaluated));
                        }
                        Some(Value::Bool(_)) | None => {}
                        Some(s) => {
                            let sub = node.child(s, &["additionalItems"]);
                            rest(self, sub, evaluated);
                        }
                    }
                }
                Some(s) => {
                    let sub = node.child(s, &["items"]);
                    rest(self, sub, 0);
                }
                None => {}
            }
        } else {
            let prefix = node.list("prefixItems");
            let evaluated = prefix.len().min(arr.len());
            for (i, (s, item)) in prefix.into_iter().zip(arr).enumerate() {
                let r = self.apply_to(s, item, i.to_string());
                self.add_result(r);
            }
            if let Some(s) = node.sub("items") {
                rest(self, s, evaluated);
            }
        }
        let Some(contains) = node.sub("contains").filter(|_| node.draft() >= Draft::D6) else {
            return;
        };
        let mut errs = Vec::new();
        let mut matched = Vec::new();
        for (i, item) in arr.iter().enumerate() {
            match self.apply_to(contains.clone(), item, i.to_string()) {
                Err(e) => errs.push(e),
                Ok(()) => {
                    matched.push(i);
                    if node.draft() >= Draft::D2020 {
                        self.evaluated_item(i);
                    }
                }
            }
        }
        let bounds = node.draft() >= Draft::D2019;
        match node.count("minContains").filter(|_| bounds) {
            Some(min) if matched.len() < min => {
                self.add_with(errs, Kind::MinContains(matched.clone(), min));
            }
            Some(_) => {}
            None if matched.is_empty() => self.add_with(errs, Kind::Contains),
            None => {}
        }
        if let Some(max) = node.count("maxContains").filter(|_| bounds) {
            if matched.len() > max {
                self.add(Kind::MaxContains(matched, max));
            }
        }
    }

    pub fn string(&mut self, s: &str) {
        let node = self.node.clone();
        let len = || s.chars().count();
        if let Some(min) = node.count("minLength") {
            if len() < min {
                self.add(Kind::MinLength(len(), min));
            }
        }
        if let Some(max) = node.count("maxLength") {
            if len() > max {
                self.add(Kind::MaxLength(len(), max));
            }
        }
        if let Some(pattern) = node.kw("pattern").and_then(Value::as_str) {
            if self.reg.regex(pattern).is_ok_and(|re| !re.is_match(s)) {
                self.add(Kind::Pattern(s.to_string(), pattern.to_string()));
            }
        }
    }

    pub fn number(&mut self, n: &Number) {
        let node = self.node.clone();
        let got = || n.clone();
        let mut maximum = node.num("maximum");
        let mut minimum = node.num("minimum");
        // Draft 4 spells exclusive bounds as booleans next to maximum/minimum.
        let ex_max = if node.flag("exclusiveMaximum") {
            maximum.take()
        } else {
            node.num("exclusiveMaximum")
        };
        let ex_min = if node.flag("exclusiveMinimum") {
            minimum.take()
        } else {
            node.num("exclusiveMinimum")
        };
        if let Some(m) = minimum.filter(|m| n < *m) {
            self.add(Kind::Minimum(got(), m.clone()));
        }
        if let Some(m) = maximum.filter(|m| n > *m) {
            self.add(Kind::Maximum(got(), m.clone()));
        }
        if let Some(m) = ex_min.filter(|m| n <= *m) {
            self.add(Kind::ExclusiveMinimum(got(), m.clone()));
        }
        if let Some(m) = ex_max.filter(|m| n >= *m) {
            self.add(Kind::ExclusiveMaximum(got(), m.clone()));
        }
        if let Some(m) = node.num("multipleOf") {
            if !n.is_multiple_of(m) {
                self.add(Kind::MultipleOf(got(), m.clone()));
            }
        }
    }
}

/// The first pair of equal items `(j, i)`, `j < i`, by increasing `i` then `j`.
fn duplicate(arr: &[Value]) -> Option<(usize, usize)> {
    for i in 1..arr.len() {
        for j in 0..i {
            if arr[i].equals(&arr[j]) {
                return Some((j, i));
            }
        }
    }
    None
}

//! `Chart.yaml`: the metadata, helm's validation, and `.Chart` as helm 4 exposes it.

use rudder_gotmpl::value::STRING_MAP;
use rudder_gotmpl::{fmt, Map, Value};

use crate::{ChartError, Helm};

/// A dependency declared in Chart.yaml (or requirements.yaml).
#[derive(Debug, Clone, Default)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    pub import_values: Vec<Value>,
    pub alias: String,
}

/// Chart metadata; `raw` keeps every field for `.Chart`.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub api_version: String,
    pub name: String,
    pub version: String,
    pub kube_version: String,
    pub chart_type: String,
    pub dependencies: Vec<Dependency>,
    raw: Map,
}

/// A Chart.yaml scalar as a Go string field: strings as is, numbers as Go prints them.
pub(crate) fn str_field(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Nil) => String::new(),
        Some(Value::String(s)) => s.to_string(),
        Some(other) => fmt::format_v(other),
    }
}

fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_list)
        .map(|l| l.items.iter().map(|x| str_field(Some(x))).collect())
        .unwrap_or_default()
}

impl Metadata {
    /// Chart.yaml's fields as read.
    pub(crate) fn raw(&self) -> &Map {
        &self.raw
    }

    /// `deprecated: true` in Chart.yaml.
    pub fn is_deprecated(&self) -> bool {
        matches!(self.raw.get("deprecated"), Some(Value::Bool(true)))
    }

    /// The maintainers' names in order (`""` for an entry without one).
    pub fn maintainer_names(&self) -> Vec<String> {
        let Some(list) = self.raw.get("maintainers").and_then(Value::as_list) else {
            return Vec::new();
        };
        list.items
            .iter()
            .map(|m| {
                let name = m.as_map().and_then(|m| m.borrow().get("name").cloned());
                str_field(name.as_ref())
            })
            .collect()
    }

    /// Parses Chart.yaml text, failures worded as helm 4's.
    pub fn parse(text: &str) -> Result<Metadata, ChartError> {
        Metadata::parse_for(text, Helm::V4)
    }

    /// Parses Chart.yaml text, failures worded as `helm`'s (its Go type's name differs).
    pub fn parse_for(text: &str, helm: Helm) -> Result<Metadata, ChartError> {
        let failed = |source| ChartError::Metadata {
            file: "Chart.yaml",
            source,
        };
        let v = rudder_yaml::parse_document(text).map_err(failed)?;
        let raw = match v {
            Value::Map(m) => m.borrow().clone(),
            Value::Nil => Map::new(),
            other => {
                let into = format!("Go value of type {}.Metadata", helm.chart_package());
                return Err(failed(rudder_yaml::decode_error(&other, &into)));
            }
        };
        Ok(Metadata::from_map(raw))
    }

    /// Metadata from its fields (a Chart.yaml document, or an index.yaml entry).
    pub fn from_map(raw: Map) -> Metadata {
        let mut md = Metadata {
            api_version: str_field(raw.get("apiVersion")),
            name: str_field(raw.get("name")),
            version: str_field(raw.get("version")),
            kube_version: str_field(raw.get("kubeVersion")),
            chart_type: str_field(raw.get("type")),
            dependencies: Vec::new(),
            raw,
        };
        if md.api_version.is_empty() {
            md.api_version = "v1".into();
        }
        md.dependencies = parse_dependencies(md.raw.get("dependencies"));
        md
    }

    /// Dependencies from requirements.yaml (apiVersion v1 charts).
    pub fn add_requirements(&mut self, text: &str) -> Result<(), ChartError> {
        let v = rudder_yaml::parse_document(text).map_err(|source| ChartError::Metadata {
            file: "requirements.yaml",
            source,
        })?;
        if let Some(m) = v.as_map() {
            if let Some(d) = m.borrow().get("dependencies") {
                self.dependencies = parse_dependencies(Some(d));
                self.raw.insert("dependencies".into(), d.clone());
            }
        }
        Ok(())
    }

    /// helm's `Metadata.Validate`.
    pub fn validate(&self) -> Result<(), ChartError> {
        let err = |m: String| Err(ChartError::Validation(m));
        if self.name.is_empty() {
            return err("chart.metadata.name is required".into());
        }
        if self.name == "." || self.name == ".." {
            return err(format!(
                "chart.metadata.name {} is not allowed",
                fmt::quote(&self.name)
            ));
        }
        if self.name.contains('/') {
            return err(format!(
                "chart.metadata.name {} is invalid",
                fmt::quote(&self.name)
            ));
        }
        if self.version.is_empty() {
            return err("chart.metadata.version is required".into());
        }
        if rudder_gocompat::semver::Version::parse(&self.version).is_none() {
            return err(format!(
                "chart.metadata.version {} is invalid",
                fmt::quote(&self.version)
            ));
        }
        if !matches!(self.chart_type.as_str(), "" | "application" | "library") {
            return err("chart.metadata.type must be application or library".into());
        }
        let has_null = |field: &str| {
            self.raw
                .get(field)
                .and_then(Value::as_list)
                .is_some_and(|l| l.items.iter().any(|v| matches!(v, Value::Nil)))
        };
        if has_null("maintainers") {
            return err("maintainers must not contain empty or null nodes".into());
        }
        if has_null("dependencies") {
            return err("dependencies must not contain empty or null nodes".into());
        }
        let mut seen = std::collections::HashSet::new();
        for d in &self.dependencies {
            let alias_ok = d
                .alias
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !alias_ok {
                return err(format!(
                    "dependency {} has disallowed characters in the alias",
                    fmt::quote(&d.name)
                ));
            }
            let key = if d.alias.is_empty() {
                &d.name
            } else {
                &d.alias
            };
            if !seen.insert(key.clone()) {
                return err(format!(
                    "more than one dependency with name or alias {}",
                    fmt::quote(key)
                ));
            }
        }
        Ok(())
    }

    pub fn is_library(&self) -> bool {
        self.chart_type == "library"
    }

    /// `.Chart` as helm 4 builds it: every Go field name present, plus `IsRoot`; lists are
    /// `[]interface {}`, empty rather than nil when Chart.yaml has none.
    pub fn to_value(&self, is_root: bool, dependencies: &[Dependency]) -> Value {
        let r = &self.raw;
        let s = |k: &str| Value::string(str_field(r.get(k)));
        let list =
            |k: &str| Value::list(str_list(r.get(k)).into_iter().map(Value::string).collect());
        // Built at once (a bulk build, no search per key): one of these is made per chart of
        // the tree, and building it key by key cost 1.6% more instructions on an umbrella of
        // 100 charts (callgrind).
        let m = Map::from([
            ("APIVersion".into(), Value::string(self.api_version.clone())),
            (
                "Annotations".into(),
                annotations_value(r.get("annotations")),
            ),
            ("AppVersion".into(), s("appVersion")),
            ("Condition".into(), s("condition")),
            (
                "Dependencies".into(),
                Value::list(dependencies.iter().map(dependency_value).collect()),
            ),
            ("Deprecated".into(), Value::Bool(self.is_deprecated())),
            ("Description".into(), s("description")),
            ("Home".into(), s("home")),
            ("Icon".into(), s("icon")),
            ("IsRoot".into(), Value::Bool(is_root)),
            ("Keywords".into(), list("keywords")),
            ("KubeVersion".into(), s("kubeVersion")),
            ("Maintainers".into(), maintainers(r.get("maintainers"))),
            ("Name".into(), Value::string(self.name.clone())),
            ("Sources".into(), list("sources")),
            ("Tags".into(), s("tags")),
            ("Type".into(), s("type")),
            ("Version".into(), Value::string(self.version.clone())),
        ]);
        Value::map(m)
    }

    /// Overrides the version (`helm package --version`).
    pub fn set_version(&mut self, version: &str) {
        self.version = version.to_string();
        self.raw.insert("version".into(), Value::str(version));
    }

    /// Overrides the app version (`helm package --app-version`).
    pub fn set_app_version(&mut self, app_version: &str) {
        self.raw
            .insert("appVersion".into(), Value::str(app_version));
    }

    /// Chart.yaml as helm writes it back (`helm package`): the fields of Go's `Metadata`
    /// struct as JSON sees them (unknown fields dropped, empty ones omitted, text fields
    /// sanitised as helm's validation does). Serialise it with `rudder_yaml::to_yaml`.
    pub fn to_go_struct(&self) -> Map {
        let r = &self.raw;
        let mut m = Map::new();
        let text = put_text;
        for key in [
            "name",
            "home",
            "description",
            "icon",
            "condition",
            "tags",
            "appVersion",
            "kubeVersion",
        ] {
            text(&mut m, key, sanitize(&str_field(r.get(key))));
        }
        text(&mut m, "version", self.version.clone());
        text(&mut m, "apiVersion", self.api_version.clone());
        text(&mut m, "type", str_field(r.get("type")));
        for key in ["sources", "keywords"] {
            insert_list(
                &mut m,
                key,
                str_list(r.get(key)).iter().map(|s| sanitize(s)),
            );
        }
        if self.is_deprecated() {
            m.insert("deprecated".into(), Value::Bool(true));
        }
        if let Some(Value::Map(a)) = r.get("annotations") {
            let a = a.borrow();
            if !a.is_empty() {
                let strings = a
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::string(str_field(Some(v)))))
                    .collect();
                m.insert("annotations".into(), Value::map(strings));
            }
        }
        if let Some(Value::List(l)) = r.get("maintainers") {
            let people = l.items.iter().map(|p| {
                let mut out = Map::new();
                for key in ["name", "email", "url"] {
                    text(&mut out, key, sanitize(&str_field(field(p, key).as_ref())));
                }
                Value::map(out)
            });
            insert_values(&mut m, "maintainers", people.collect());
        }
        if let Some(Value::List(l)) = r.get("dependencies") {
            let deps = l.items.iter().map(dependency_go_struct);
            insert_values(&mut m, "dependencies", deps.collect());
        }
        m
    }

    /// Renames the chart (a dependency alias).
    pub fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
        self.raw.insert("name".into(), Value::str(name));
    }
}

/// helm's `sanitizeString`: white space becomes a space, characters that do not print go.
pub(crate) fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else {
                fmt::is_print(c).then_some(c)
            }
        })
        .collect()
}

pub(crate) fn field(v: &Value, key: &str) -> Option<Value> {
    v.as_map().and_then(|m| m.borrow().get(key).cloned())
}

fn insert_list(m: &mut Map, key: &str, items: impl Iterator<Item = String>) {
    insert_values(m, key, items.map(Value::string).collect());
}

fn insert_values(m: &mut Map, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        m.insert(key.into(), Value::list(items));
    }
}

/// An `omitempty` text field.
fn put_text(m: &mut Map, key: &str, value: String) {
    if !value.is_empty() {
        m.insert(key.into(), Value::string(value));
    }
}

/// A dependency (of Chart.yaml or Chart.lock) as Go's `Dependency` struct marshals it (`name`
/// and `repository` always present).
pub fn dependency_go_struct(d: &Value) -> Value {
    let text = put_text;
    let get = |key: &str| str_field(field(d, key).as_ref());
    let mut out = Map::new();
    out.insert("name".into(), Value::string(sanitize(&get("name"))));
    out.insert(
        "repository".into(),
        Value::string(sanitize(&get("repository"))),
    );
    text(&mut out, "version", sanitize(&get("version")));
    text(&mut out, "condition", sanitize(&get("condition")));
    text(&mut out, "alias", get("alias"));
    let tags = str_list(field(d, "tags").as_ref());
    insert_list(&mut out, "tags", tags.iter().map(|t| sanitize(t)));
    if matches!(field(d, "enabled"), Some(Value::Bool(true))) {
        out.insert("enabled".into(), Value::Bool(true));
    }
    if let Some(Value::List(l)) = field(d, "import-values") {
        insert_values(&mut out, "import-values", l.items.clone());
    }
    Value::map(out)
}

fn maintainers(v: Option<&Value>) -> Value {
    let Some(Value::List(l)) = v else {
        return Value::list(Vec::new());
    };
    Value::list(
        l.items
            .iter()
            .map(|m| {
                let get = |k: &str| {
                    Value::string(str_field(
                        m.as_map()
                            .and_then(|mm| mm.borrow().get(k).cloned())
                            .as_ref(),
                    ))
                };
                let mut out = Map::new();
                out.insert("Email".into(), get("email"));
                out.insert("Name".into(), get("name"));
                out.insert("URL".into(), get("url"));
                Value::map(out)
            })
            .collect(),
    )
}

/// Chart.yaml's annotations as Go's `map[string]string`, nil when the chart has none.
pub(crate) fn annotations_value(annotations: Option<&Value>) -> Value {
    match annotations {
        Some(Value::Map(a)) => Value::named_map(
            a.borrow()
                .iter()
                .map(|(k, v)| (k.clone(), Value::string(str_field(Some(v)))))
                .collect(),
            &STRING_MAP,
        ),
        _ => Value::nil_map(Some(&STRING_MAP)),
    }
}

fn dependency_value(d: &Dependency) -> Value {
    Value::map(Map::from([
        ("Alias".into(), Value::string(d.alias.clone())),
        ("Condition".into(), Value::string(d.condition.clone())),
        ("Enabled".into(), Value::Bool(d.enabled)),
        // Lists are empty, never nil, when the dependency has none (helm 4.1.4).
        ("ImportValues".into(), Value::list(d.import_values.clone())),
        ("Name".into(), Value::string(d.name.clone())),
        ("Repository".into(), Value::string(d.repository.clone())),
        (
            "Tags".into(),
            Value::list(d.tags.iter().map(|t| Value::string(t.clone())).collect()),
        ),
        ("Version".into(), Value::string(d.version.clone())),
    ]))
}

fn parse_dependencies(v: Option<&Value>) -> Vec<Dependency> {
    let Some(Value::List(l)) = v else {
        return Vec::new();
    };
    l.items
        .iter()
        .filter_map(|d| {
            let m = d.as_map()?.borrow();
            Some(Dependency {
                name: str_field(m.get("name")),
                version: str_field(m.get("version")),
                repository: str_field(m.get("repository")),
                condition: str_field(m.get("condition")),
                tags: str_list(m.get("tags")),
                enabled: true,
                import_values: m
                    .get("import-values")
                    .and_then(Value::as_list)
                    .map(|l| l.items.clone())
                    .unwrap_or_default(),
                alias: str_field(m.get("alias")),
            })
        })
        .collect()
}

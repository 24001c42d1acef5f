//! The rendered objects the policy rules read: each document of the chart's output with its
//! kind, name and effective namespace, and accessors for the parts rules look at (the pod
//! spec of every workload kind, its containers, annotations).

use rudder_gotmpl::Value;
use rudder_yaml::Step;

use super::Field;

/// The annotation that silences rules on one object: `lint.rudder.dev/ignore: "id, id"`
/// on the object or on its pod template.
pub const IGNORE_ANNOTATION: &str = "lint.rudder.dev/ignore";

/// The kinds whose pod template the container rules read (checkov's list, so that both tools
/// look at the same objects).
const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "PodTemplate",
    "CronJob",
    "Deployment",
    "DeploymentConfig",
    "DaemonSet",
    "Job",
    "ReplicaSet",
    "ReplicationController",
    "StatefulSet",
];

/// One rendered document that is a Kubernetes object.
#[derive(Debug, Clone)]
pub struct Object {
    /// The template that rendered it, as helm lint names files (`templates/x.yaml`, or
    /// `charts/sub/templates/x.yaml` for a subchart's).
    pub file: String,
    /// The line of the rendered file the document starts at.
    pub line: usize,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// `metadata.namespace`, or the release's namespace when it has none.
    pub namespace: String,
    /// The document's text (for the lines of its fields) and its parsed value.
    pub document: String,
    pub doc: Value,
}

/// A container of a pod spec, with the list it is in (`containers` or `initContainers`).
pub struct Container<'o> {
    pub list: &'static str,
    /// Its position in the list.
    pub index: usize,
    pub name: String,
    pub spec: Value,
    pub object: &'o Object,
}

impl Object {
    /// Reads a parsed document; `None` unless it has a kind (Kubernetes objects always do).
    pub fn new(
        file: &str,
        line: usize,
        document: String,
        doc: Value,
        release_namespace: &str,
    ) -> Option<Object> {
        let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(str::to_string));
        let kind = text(get(&doc, "kind")).filter(|k| !k.is_empty())?;
        let namespace = text(at(&doc, &["metadata", "namespace"]))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| release_namespace.to_string());
        Some(Object {
            file: file.to_string(),
            line,
            api_version: text(get(&doc, "apiVersion")).unwrap_or_default(),
            name: text(at(&doc, &["metadata", "name"])).unwrap_or_default(),
            kind,
            namespace,
            document,
            doc,
        })
    }

    /// The line of the rendered file that holds `field` (or the deepest part of it the
    /// object has), for the container at `container` (list, index) when the field is one of
    /// a container's.
    pub fn line_of(&self, field: &Field, container: Option<(&'static str, usize)>) -> usize {
        let mut path: Vec<Step> = Vec::new();
        let pod = |path: &mut Vec<Step>| {
            if let Some(spec) = self.pod_template_path() {
                path.extend(spec.iter().map(|k| Step::Key(k)));
            }
        };
        let rest = match field {
            Field::Root(rest) => rest,
            Field::Pod(rest) => {
                pod(&mut path);
                rest
            }
            Field::Container(rest) => {
                pod(&mut path);
                if let Some((list, index)) = container {
                    path.extend([Step::Key(list), Step::Index(index)]);
                }
                rest
            }
        };
        path.extend(rest.iter().map(|k| Step::Key(k)));
        let within = rudder_yaml::locate(&self.document, &path).unwrap_or(1);
        self.line + within - 1
    }

    /// The API group of `apiVersion` (empty for the core group).
    pub fn group(&self) -> &str {
        self.api_version
            .rsplit_once('/')
            .map_or("", |(group, _)| group)
    }

    /// How findings name the object: `Deployment web`.
    pub fn title(&self) -> String {
        format!("{} {}", self.kind, self.name)
    }

    /// The pod spec of a workload kind, wherever its kind keeps it.
    pub fn pod_spec(&self) -> Option<Value> {
        self.pod_template_path()
            .and_then(|path| at(&self.doc, path))
            .filter(|spec| spec.as_map().is_some())
    }

    /// The labels of the pods a workload makes (its pod template's, a Pod's own).
    pub fn pod_labels(&self) -> Option<Value> {
        let spec_path = self.pod_template_path()?;
        let template = &spec_path[..spec_path.len() - 1];
        at(&self.doc, &[template, &["metadata", "labels"]].concat())
    }

    fn pod_template_path(&self) -> Option<&'static [&'static str]> {
        if !WORKLOAD_KINDS.contains(&self.kind.as_str()) {
            return None;
        }
        Some(match self.kind.as_str() {
            "Pod" => &["spec"],
            "PodTemplate" => &["template", "spec"],
            "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
            _ => &["spec", "template", "spec"],
        })
    }

    /// Every container and init container of a workload, in that order.
    pub fn containers(&self) -> Vec<Container<'_>> {
        let Some(spec) = self.pod_spec() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for list in ["containers", "initContainers"] {
            for (index, container) in items(get(&spec, list)).into_iter().enumerate() {
                let name = get(&container, "name")
                    .and_then(|n| n.as_str().map(str::to_string))
                    .unwrap_or_default();
                out.push(Container {
                    list,
                    index,
                    name,
                    spec: container,
                    object: self,
                });
            }
        }
        out
    }

    /// Whether the object (or its pod template) silences `rule` by annotation.
    pub fn ignores(&self, rule: &str) -> bool {
        let mut places = vec![at(&self.doc, &["metadata", "annotations"])];
        if let Some(path) = self.pod_template_path() {
            let template = &path[..path.len() - 1];
            places.push(at(
                &self.doc,
                &[template, &["metadata", "annotations"]].concat(),
            ));
        }
        places.into_iter().flatten().any(|annotations| {
            get(&annotations, IGNORE_ANNOTATION)
                .and_then(|v| v.as_str().map(str::to_string))
                .is_some_and(|ids| ids.split([',', ' ']).any(|id| id == rule))
        })
    }
}

impl Container<'_> {
    /// How findings name the container: `container "web"` or `init container "setup"`.
    pub fn title(&self) -> String {
        let what = match self.list {
            "initContainers" => "init container",
            _ => "container",
        };
        format!("{what} {:?}", self.name)
    }

    /// Whether `resources.<section>.<name>` is set; `None` when `resources` is set but not a
    /// map, which leaves the question open.
    pub fn has_resource(&self, section: &str, name: &str) -> Option<bool> {
        let resources = get(&self.spec, "resources");
        if !is_set(&resources) {
            return Some(false);
        }
        let resources = resources?;
        resources.as_map()?;
        Some(is_set(&at(&resources, &[section, name])))
    }

    /// A field under the container's `securityContext`.
    pub fn security(&self, field: &str) -> Option<Value> {
        at(&self.spec, &["securityContext", field])
    }
}

/// A map's entry.
pub fn get(value: &Value, key: &str) -> Option<Value> {
    value.as_map().and_then(|m| m.borrow().get(key).cloned())
}

/// The value at a path of map keys.
pub fn at(value: &Value, path: &[&str]) -> Option<Value> {
    path.iter()
        .try_fold(value.clone(), |current, key| get(&current, key))
}

/// A list's items (none when the value is not a list).
pub fn items(value: Option<Value>) -> Vec<Value> {
    value
        .and_then(|v| v.as_list().map(|l| l.items.clone()))
        .unwrap_or_default()
}

/// The strings of a list (its other items left out).
pub fn strings(value: Option<Value>) -> Vec<String> {
    items(value)
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Whether a value is set to something (a non-empty map, list or string, true, non-zero).
pub fn is_set(value: &Option<Value>) -> bool {
    value.as_ref().is_some_and(Value::truthy)
}

/// A number, whatever numeric type the reader gave it.
pub fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(i) | Value::Int64(i) => Some(*i as f64),
        Value::Uint64(u) => Some(*u as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

//! Validating resources against their schemas, with kubeconform's statuses and messages.
//!
//! A [`Validator`] holds the options and the schemas of CRDs read in the run, and is shared by
//! the workers; each worker validates through its own [`Session`], which compiles each
//! (kind, apiVersion)'s schema once (compiled schemas are not shareable between threads).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rudder_jsonschema::{compile, parse, Loader, Schema, ValidationError, Value};

use crate::bundle;
use crate::crd::{self, CrdSchemas, DRAFT4};
use crate::download::{Downloads, Loaded};
use crate::json::{self, definition_refs};
use crate::location::{Fields, Location, Sources};
use crate::resource::{Body, Resource, Signature};
use crate::version::KubeVersion;

/// Where the bundled definitions are found: the `$id` the per-kind schemas resolve
/// `/api/_definitions.json` against.
const DEFINITIONS_URL: &str = "https://kubernetes.io/api/_definitions.json";

#[derive(Clone, Debug)]
pub struct Options {
    pub kubernetes_version: KubeVersion,
    pub strict: bool,
    pub ignore_missing_schemas: bool,
    /// Where schemas are searched, in order.
    pub sources: Sources,
    /// Kinds or `apiVersion/kind`s skipped or refused.
    pub skip: HashSet<String>,
    pub reject: HashSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Valid,
    Invalid,
    /// The resource could not be validated (unreadable, refused, no schema).
    Error,
    Skipped,
    Empty,
}

/// One failure under the resource's root, as kubeconform lists them.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// JSON pointer of the failing value (`/spec/replicas`).
    pub path: String,
    pub msg: String,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub status: Status,
    /// kubeconform's message for invalid and failed resources.
    pub message: Option<String>,
    pub errors: Vec<FieldError>,
    /// Every failure at the end of a chain of causes (the deepest field paths).
    pub leaves: Vec<FieldError>,
}

impl Outcome {
    fn of(status: Status) -> Outcome {
        Outcome {
            status,
            message: None,
            errors: Vec::new(),
            leaves: Vec::new(),
        }
    }

    fn error(msg: String) -> Outcome {
        Outcome {
            message: Some(msg),
            ..Outcome::of(Status::Error)
        }
    }
}

pub struct Validator {
    opts: Options,
    /// The bundled minor version, when the bundled schemas are searched.
    minor: Option<u32>,
    crds: CrdSchemas,
}

impl Validator {
    /// Checks the options (the version must have bundled schemas if they are searched, URLs
    /// need downloads).
    pub fn new(mut opts: Options) -> Result<Validator, String> {
        let sources = &mut opts.sources;
        if sources.locations.is_empty() {
            sources.locations.push(Location::Bundled);
        }
        if sources.downloads.is_none() {
            if let Some(Location::Http(url)) = sources
                .locations
                .iter()
                .find(|l| matches!(l, Location::Http(_)))
            {
                return Err(format!(
                    "failed initialising schema location registry: {url}: schemas are not downloaded here"
                ));
            }
        }
        let minor = if sources.locations.contains(&Location::Bundled) {
            Some(opts.kubernetes_version.bundled_minor()?)
        } else {
            None
        };
        Ok(Validator {
            opts,
            minor,
            crds: CrdSchemas::default(),
        })
    }

    /// Makes the CustomResourceDefinitions among `resources` validate their custom resources.
    pub fn add_crds<'r>(&mut self, resources: impl IntoIterator<Item = &'r Resource>) {
        for r in resources {
            if let Body::Object(v) = &r.body {
                self.crds.add(v, &r.path);
            }
        }
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    pub fn session(&self) -> Session<'_> {
        Session {
            v: self,
            cache: HashMap::new(),
        }
    }
}

/// A worker's view of the validator, with its compiled schemas.
pub struct Session<'v> {
    v: &'v Validator,
    cache: HashMap<(String, String), Option<Rc<Schema>>>,
}

/// The schema search found nothing, or failed in a way that is reported for the resource.
enum Lookup {
    Found(Rc<Schema>),
    Missing,
    Failed(String),
}

impl Session<'_> {
    pub fn validate(&mut self, r: &Resource) -> Outcome {
        let value = match &r.body {
            Body::Empty => return Outcome::of(Status::Empty),
            Body::Unreadable(msg, _) => return Outcome::error(msg.clone()),
            Body::Object(v) => v,
        };
        let kind = match value.get("kind") {
            Some(Value::String(k)) => k,
            _ => return Outcome::error("error while parsing: missing 'kind' key".into()),
        };
        let api_version = match value.get("apiVersion") {
            Some(Value::String(v)) => v,
            _ => return Outcome::error("error while parsing: missing 'apiVersion' key".into()),
        };
        let sig = Signature::of(value);
        let opts = &self.v.opts;
        let listed = |set: &HashSet<String>| {
            set.contains(&sig.group_version_kind()) || set.contains(&sig.kind)
        };
        if listed(&opts.skip) {
            return Outcome::of(Status::Skipped);
        }
        if listed(&opts.reject) {
            return Outcome::error(format!("prohibited resource kind {}", sig.kind));
        }
        let schema = match self.schema(kind, api_version) {
            Lookup::Found(s) => s,
            Lookup::Missing if opts.ignore_missing_schemas => return Outcome::of(Status::Skipped),
            Lookup::Missing => return Outcome::error(format!("could not find schema for {kind}")),
            Lookup::Failed(msg) => return Outcome::error(msg),
        };
        match schema.validate(value) {
            Ok(()) => Outcome::of(Status::Valid),
            Err(e) => {
                let field = |(path, msg): (String, String)| FieldError { path, msg };
                Outcome {
                    status: Status::Invalid,
                    message: Some(format!(
                        "problem validating schema. Check JSON formatting: {}",
                        e.to_string().replace('\n', " ")
                    )),
                    errors: e
                        .causes
                        .iter()
                        .map(through_refs)
                        .map(|c| FieldError {
                            path: c
                                .instance_location
                                .iter()
                                .map(|t| format!("/{t}"))
                                .collect(),
                            msg: c.kind.to_string(),
                        })
                        .collect(),
                    leaves: e.leaves().into_iter().map(field).collect(),
                }
            }
        }
    }

    fn schema(&mut self, kind: &str, api_version: &str) -> Lookup {
        let key = (kind.to_string(), api_version.to_string());
        if let Some(cached) = self.cache.get(&key) {
            return cached.clone().map_or(Lookup::Missing, Lookup::Found);
        }
        let found = self.search(kind, api_version);
        match &found {
            Lookup::Found(s) => {
                self.cache.insert(key, Some(s.clone()));
            }
            Lookup::Missing => {
                self.cache.insert(key, None);
            }
            Lookup::Failed(_) => {}
        }
        found
    }

    /// CRDs of the run first (they describe what is being deployed), then each location.
    fn search(&self, kind: &str, api_version: &str) -> Lookup {
        let opts = &self.v.opts;
        if let Some((url, doc)) = self.v.crds.get(kind, api_version) {
            let mut doc = doc.clone();
            if opts.strict {
                crd::strict(&mut doc);
            }
            if let Ok(s) = compile(url, doc, &Files) {
                return Lookup::Found(Rc::new(s));
            }
        }
        let refs = Refs(opts.sources.downloads.as_deref());
        let fields = Fields::new(
            kind,
            api_version,
            &opts.kubernetes_version.normalized(),
            opts.strict,
        );
        for location in &opts.sources.locations {
            match location {
                Location::Bundled => {
                    let Some(minor) = self.v.minor else { continue };
                    if let Some(s) = bundled(minor, &fields.bundled_stem(), opts.strict) {
                        return Lookup::Found(Rc::new(s));
                    }
                }
                Location::Files(template) => {
                    let Ok(path) = fields.render(template) else {
                        continue;
                    };
                    let text = match std::fs::read(&path) {
                        Ok(t) => t,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        Err(e) => return Lookup::Failed(format!("open {path}: {e}")),
                    };
                    let doc = match parse(&text) {
                        Ok(d) => with_default_draft(d),
                        Err(e) => return Lookup::Failed(format!("{path}: {e}")),
                    };
                    if let Ok(s) = compile(&file_url(&path), doc, &refs) {
                        return Lookup::Found(Rc::new(s));
                    }
                }
                Location::Http(template) => {
                    // http.go returns the template's error, which ends the search.
                    let url = match fields.render(template) {
                        Ok(url) => url,
                        Err(e) => return Lookup::Failed(e),
                    };
                    let Some(downloads) = refs.0 else { continue };
                    let doc = match downloads.schema(&url) {
                        Loaded::Doc(doc) => with_default_draft((*doc).clone()),
                        Loaded::NotFound => continue,
                        Loaded::Failed(msg) => return Lookup::Failed(msg),
                    };
                    // A schema that does not compile: the next location (validator.go).
                    if let Ok(s) = compile(&url, doc, &refs) {
                        return Lookup::Found(Rc::new(s));
                    }
                }
            }
        }
        Lookup::Missing
    }
}

/// The failure a `$ref` wrapper with one cause stands for: the bundled schemas reach every
/// field through `$ref`s where kubeconform's (standalone) schemas have them inline, and its
/// list of errors names the failing fields, not the references.
fn through_refs(mut e: &ValidationError) -> &ValidationError {
    while e.kind.to_string() == "validation failed" && e.causes.len() == 1 {
        e = &e.causes[0];
    }
    e
}

/// A bundled per-kind schema with the definitions it reaches, compiled.
fn bundled(minor: u32, stem: &str, strict: bool) -> Option<Schema> {
    let mut doc = parse(bundle::kind_schema(minor, stem)?.as_bytes()).ok()?;
    let mut defs = std::collections::BTreeMap::new();
    let mut todo = Vec::new();
    definition_refs(&doc, &mut todo);
    while let Some(name) = todo.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let def = parse(bundle::definition(minor, &name)?.as_bytes()).ok()?;
        definition_refs(&def, &mut todo);
        defs.insert(name, def);
    }
    let mut definitions = json::object([
        (
            "$schema",
            Value::String("https://json-schema.org/draft/2020-12/schema".into()),
        ),
        ("$id", Value::String(DEFINITIONS_URL.into())),
        ("$defs", Value::Object(defs)),
    ]);
    if strict {
        json::strict(&mut doc, true);
        json::strict(&mut definitions, false);
    }
    let url = format!(
        "https://kubernetes.io/kubernetes-validate/v1.{minor}.0-local{}/{stem}.json",
        if strict { "-strict" } else { "" }
    );
    compile(&url, doc, &Definitions(definitions)).ok()
}

/// Serves the bundled definitions document.
struct Definitions(Value);

impl Loader for Definitions {
    fn load(&self, url: &str) -> Result<Value, String> {
        if url == DEFINITIONS_URL {
            Ok(self.0.clone())
        } else {
            Files.load(url)
        }
    }
}

/// What the schemas of locations refer to: local files, and documents downloaded as the
/// schemas of URL locations are, when downloads are given.
struct Refs<'d>(Option<&'d Downloads>);

impl Loader for Refs<'_> {
    fn load(&self, url: &str) -> Result<Value, String> {
        let remote = url.starts_with("http://") || url.starts_with("https://");
        match self.0 {
            Some(downloads) if remote => match downloads.reference(url) {
                Loaded::Doc(doc) => Ok(with_default_draft((*doc).clone())),
                Loaded::NotFound => Err(format!("could not find schema at {url}")),
                Loaded::Failed(msg) => Err(msg),
            },
            _ => Files.load(url),
        }
    }
}

/// Local schema files that schemas refer to; nothing is downloaded.
struct Files;

impl Loader for Files {
    fn load(&self, url: &str) -> Result<Value, String> {
        let Some(path) = url.strip_prefix("file://") else {
            return Err(format!("{url} is not downloaded: rudder validates offline"));
        };
        let text = std::fs::read(path).map_err(|e| format!("open {path}: {e}"))?;
        parse(&text)
            .map(with_default_draft)
            .map_err(|e| e.to_string())
    }
}

/// kubeconform compiles schemas that name no draft as draft 4.
fn with_default_draft(mut doc: Value) -> Value {
    if let Value::Object(o) = &mut doc {
        o.entry("$schema".to_string())
            .or_insert_with(|| Value::String(DRAFT4.into()));
    }
    doc
}

/// The `file://` URL of a path, made absolute as Go's jsonschema compiler does.
fn file_url(path: &str) -> String {
    let p = std::path::Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    format!("file://{}", abs.display())
}

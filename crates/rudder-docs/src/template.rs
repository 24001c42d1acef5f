//! The README template: the named templates helm-docs offers (written for rudder), then the
//! chart's template files (or the default template), parsed in that order into one set, with
//! Sprig's functions; and the data it runs on.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rudder_gotmpl::{ExecOptions, Map, Templates, Value};

use crate::chart::{ChartInfo, Dependency, Meta};
use crate::files::Files;
use crate::model::Table;
use crate::rows::Row;
use crate::{Error, Options};

/// The named templates helm-docs offers (rudder's own text, same output); `%s` is the badge
/// style.
const NAMED: &str = include_str!("templates/named.gotmpl");

const DEFAULT_TEMPLATE: &str = include_str!("templates/default.gotmpl");

/// The version helm-docs' footer names.
pub const HELM_DOCS_VERSION: &str = "1.14.2";

/// The chart's template files joined, and the default template after them when one is
/// missing. A `./`-relative file is relative to the search root, a bare name to the chart.
fn template_text(dir: &Path, opts: &Options) -> Result<String, Error> {
    let mut text = String::new();
    let mut missing = false;
    for file in &opts.template_files {
        let base = Path::new(file)
            .file_name()
            .is_some_and(|b| b == file.as_str());
        let path = if file.starts_with('.') && !base {
            opts.chart_search_root.join(file)
        } else if base {
            dir.join(file)
        } else {
            PathBuf::from(file)
        };
        if !path.exists() {
            missing = true;
            continue;
        }
        text.push_str(&std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?);
    }
    if missing {
        text.push_str(DEFAULT_TEMPLATE);
    }
    Ok(text)
}

/// The name of the set: helm-docs names it after the chart folder, which only shows in
/// error messages; one name lets a thread parse helm-docs' templates once for all charts.
const SET_NAME: &str = "README";

thread_local! {
    /// helm-docs' named templates parsed, with the badge style they were parsed for.
    static NAMED_SET: RefCell<Option<(String, Templates)>> = const { RefCell::new(None) };
}

/// helm-docs' named templates for `badge_style`, parsed once per thread (a clone shares the
/// parsed trees).
fn named_set(badge_style: &str) -> Result<Templates, Error> {
    NAMED_SET.with(|cache| {
        if let Some((style, set)) = cache.borrow().as_ref() {
            if style == badge_style {
                return Ok(set.clone());
            }
        }
        let mut funcs = rudder_funcs::helm_funcs();
        crate::funcs::register(&mut funcs);
        let mut set = Templates::new(SET_NAME, Rc::new(funcs));
        set.parse(SET_NAME, NAMED.replace("%s", badge_style))
            .map_err(failed)?;
        *cache.borrow_mut() = Some((badge_style.to_string(), set.clone()));
        Ok(set)
    })
}

fn failed(e: rudder_gotmpl::Error) -> Error {
    Error::Template {
        message: e.to_string(),
    }
}

/// The template set for the chart in `dir`: helm-docs' named templates, then its own.
pub fn parse(dir: &Path, opts: &Options) -> Result<Templates, Error> {
    let mut set = named_set(&opts.badge_style)?;
    set.parse(SET_NAME, template_text(dir, opts)?)
        .map_err(failed)?;
    Ok(set)
}

/// Runs the set: the README text and, when the template failed midway, the error (helm-docs
/// still writes what came out before it).
pub fn execute(set: &Templates, data: &Value) -> (String, Option<String>) {
    let (out, result) = set.execute_partial(set.name(), data, &ExecOptions::default());
    (out, result.err().map(|e| e.to_string()))
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn map<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::map(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn meta_fields(m: &Meta) -> Map {
    let maintainers = m
        .maintainers
        .iter()
        .map(|x| {
            map([
                ("Email", s(&x.email)),
                ("Name", s(&x.name)),
                ("Url", s(&x.url)),
            ])
        })
        .collect();
    let sources = m.sources.iter().map(|x| s(x)).collect();
    [
        ("ApiVersion", s(&m.api_version)),
        ("AppVersion", s(&m.app_version)),
        ("KubeVersion", s(&m.kube_version)),
        ("Name", s(&m.name)),
        ("Deprecated", Value::Bool(m.deprecated)),
        ("Description", s(&m.description)),
        ("Version", s(&m.version)),
        ("Home", s(&m.home)),
        ("Type", s(&m.kind)),
        ("Sources", Value::list(sources)),
        ("Engine", s(&m.engine)),
        ("Maintainers", Value::list(maintainers)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn dependency(d: &Dependency) -> Value {
    map([
        ("Name", s(&d.name)),
        ("Version", s(&d.version)),
        ("Repository", s(&d.repository)),
        ("Alias", s(&d.alias)),
    ])
}

fn row(r: &Row) -> Value {
    map([
        ("Key", s(&r.key)),
        ("Type", s(&r.value_type)),
        ("NotationType", s(&r.notation_type)),
        ("AutoDefault", s(&r.auto_default)),
        ("Default", s(&r.default)),
        ("AutoDescription", s(&r.auto_description)),
        ("Description", s(&r.description)),
        ("Section", s(&r.section)),
        ("Column", Value::Int(r.column as i64)),
        ("LineNumber", Value::Int(r.line as i64)),
        ("Dependency", s(&r.dependency)),
        ("IsGlobal", Value::Bool(r.is_global)),
    ])
}

fn rows(rows: &[Row]) -> Value {
    Value::list(rows.iter().map(row).collect())
}

/// helm-docs' `chartTemplateData`: the chart's fields (promoted from its embedded structs,
/// and under their struct names), the rows, the sections and `.Files`.
pub fn data(info: &ChartInfo, name: &str, table: &Table, opts: &Options) -> Value {
    let meta = meta_fields(&info.meta);
    let deps = Value::list(info.dependencies.iter().map(dependency).collect());
    let descriptions: Map = info
        .descriptions
        .iter()
        .map(|(k, d)| {
            let v = map([
                ("Description", s(&d.description)),
                ("Default", s(&d.default)),
                ("Section", s(&d.section)),
                ("ValueType", s(&d.value_type)),
                ("NotationType", s(&d.notation_type)),
            ]);
            (k.clone(), v)
        })
        .collect();
    let sections = table
        .sections
        .iter()
        .map(|(n, r)| map([("SectionName", s(n)), ("SectionItems", rows(r))]))
        .collect();
    let mut m = meta.clone();
    m.insert("ChartMeta".into(), Value::map(meta));
    m.insert("Dependencies".into(), deps.clone());
    m.insert("ChartRequirements".into(), map([("Dependencies", deps)]));
    m.insert("ChartDirectory".into(), s(name));
    m.insert("ChartValuesDescriptions".into(), Value::map(descriptions));
    m.insert("HelmDocsVersion".into(), s(HELM_DOCS_VERSION));
    m.insert("Values".into(), rows(&table.rows));
    m.insert(
        "Sections".into(),
        map([
            (
                "DefaultSection",
                map([
                    ("SectionName", s("Other Values")),
                    ("SectionItems", rows(&table.unsectioned)),
                ]),
            ),
            ("Sections", Value::list(sections)),
        ]),
    );
    m.insert(
        "Files".into(),
        Value::Object(Rc::new(Files::walk(&info.dir))),
    );
    m.insert(
        "SkipVersionFooter".into(),
        Value::Bool(opts.skip_version_footer),
    );
    Value::map(m)
}

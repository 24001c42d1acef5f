//! Rendering every template of a chart tree in one template set, exactly as helm's engine:
//! parse all files (deepest paths first, reverse byte order), execute the non-partials in the
//! same order, and drop every `<no value>` from the output.

use std::rc::Rc;

use foldhash::{HashSet, HashSetExt};

use rudder_gotmpl::exec::trace::line_origins;
use rudder_gotmpl::{parse, workers, ExecOptions, Map, Templates, Value};

use crate::context::RenderContext;
use crate::error::RenderError;
use crate::helm_funcs::helm_template_funcs;
use crate::objects::files::Files;
use crate::objects::values::COMMON_VALUES;
use crate::tree::ChartNode;

/// Template text, in bytes, from which lexing runs on another core: below it, starting a
/// thread costs more than it saves.
const LEX_AHEAD_FROM: usize = 64 * 1024;

/// A template to render and the data it is executed with.
struct Renderable {
    name: String,
    text: Rc<str>,
    /// The chart's shared context map (`$`).
    context: Value,
    base_path: String,
}

/// Renders the tree; returns (full template path, output) for every non-partial template, in
/// execution order.
pub fn render_tree(
    root: &ChartNode,
    values: &Value,
    ctx: &RenderContext,
) -> Result<Vec<(String, String)>, RenderError> {
    let mut renderables = Vec::new();
    // `.Values` is a `common.Values` (a shallow copy: nested maps stay shared).
    let entries = values
        .as_map()
        .map(|m| m.borrow().clone())
        .unwrap_or_default();
    let values = Value::named_map(entries, &COMMON_VALUES);
    collect(root, None, &values, ctx, &mut renderables);
    // helm: more `/` first; equal depth in reverse byte order.
    renderables.sort_by(|a, b| {
        let depth = |s: &str| s.bytes().filter(|&c| c == b'/').count();
        depth(&b.name)
            .cmp(&depth(&a.name))
            .then_with(|| b.name.as_bytes().cmp(a.name.as_bytes()))
    });

    let funcs = Rc::new(helm_template_funcs(
        ctx.helm,
        ctx.enable_dns,
        ctx.lint_log.clone(),
    ));
    let mut templates = Templates::new("gotpl", funcs);
    // The texts are lexed on another core while this thread parses; a text seen before (a
    // library chart in several subcharts) is left to the parse cache.
    let texts: Vec<&str> = renderables.iter().map(|r| &*r.text).collect();
    let mut seen = HashSet::new();
    workers::ahead_on_core(
        &texts,
        |text| text.len(),
        LEX_AHEAD_FROM,
        |&text| seen.insert(text).then(|| parse::lex(text)),
        |i, lexed| {
            let r = &renderables[i];
            (templates.parse_lexed(&r.name, r.text.clone(), lexed)).map_err(|source| {
                RenderError::Parse {
                    file: r.name.clone(),
                    source,
                }
            })
        },
    )?;

    let opts = ExecOptions::default();
    let mut rendered = Vec::new();
    for r in &renderables {
        if base_name(&r.name).starts_with('_') {
            continue;
        }
        if let Value::Map(m) = &r.context {
            let mut template = Map::new();
            template.insert("Name".into(), Value::str(&r.name));
            template.insert("BasePath".into(), Value::str(&r.base_path));
            m.borrow_mut().insert(
                "Template".into(),
                Value::named_map(template, &COMMON_VALUES),
            );
        }
        let exec_error = |source| RenderError::Exec {
            file: r.name.clone(),
            source,
            helm: ctx.helm,
        };
        let out = match &ctx.origins {
            Some(origins) => {
                let (out, traced) = templates
                    .execute_traced(&r.name, &r.context, &opts)
                    .map_err(exec_error)?;
                // Dropping `<no value>` below keeps every line where it is.
                let lines = line_origins(&out, &traced);
                origins.borrow_mut().push((r.name.clone(), lines));
                out
            }
            None => templates
                .execute(&r.name, &r.context, &opts)
                .map_err(exec_error)?,
        };
        rendered.push((r.name.clone(), crate::no_value::strip(out)));
    }
    if ctx.exiting {
        std::mem::forget((templates, renderables));
    }
    Ok(rendered)
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Builds a chart's context map and registers its templates; returns the context (which the
/// parent exposes as `.Subcharts.<name>`).
fn collect(
    chart: &ChartNode,
    parent: Option<(&str, &Value)>,
    root_values: &Value,
    ctx: &RenderContext,
    out: &mut Vec<Renderable>,
) -> Value {
    let full_path = match parent {
        Some((parent_path, _)) => format!("{parent_path}/charts/{}", chart.name),
        None => chart.name.clone(),
    };
    // A subchart sees its section of the parent's values, if that is a map (the same map,
    // converted to `common.Values` as helm's `Values.Table` does: a change made through either
    // is seen through both); else an empty map of its own.
    let values = match parent {
        None => root_values.clone(),
        Some((_, parent_values)) => {
            let section = parent_values
                .as_map()
                .and_then(|m| m.borrow().get(&chart.name).cloned());
            match section {
                Some(Value::Map(m)) => Value::named_view(&m, &COMMON_VALUES),
                _ => Value::named_map(Map::new(), &COMMON_VALUES),
            }
        }
    };
    let subcharts = Value::empty_map();
    let mut context = Map::new();
    context.insert("Chart".into(), chart.chart.clone());
    context.insert(
        "Files".into(),
        Value::Object(Rc::new(Files::new(chart.files.clone()))),
    );
    context.insert("Release".into(), ctx.release.clone());
    context.insert("Capabilities".into(), ctx.capabilities.clone());
    context.insert("Values".into(), values.clone());
    context.insert("Subcharts".into(), subcharts.clone());
    let context = Value::named_map(context, &COMMON_VALUES);

    for sub in &chart.subcharts {
        let sub_context = collect(sub, Some((&full_path, &values)), root_values, ctx, out);
        if let Value::Map(m) = &subcharts {
            m.borrow_mut().insert(sub.name.clone(), sub_context);
        }
    }
    for (rel, text) in &chart.templates {
        if chart.is_library && !base_name(rel).starts_with('_') {
            continue;
        }
        out.push(Renderable {
            name: format!("{full_path}/{rel}"),
            text: text.clone(),
            context: context.clone(),
            base_path: format!("{full_path}/templates"),
        });
    }
    context
}

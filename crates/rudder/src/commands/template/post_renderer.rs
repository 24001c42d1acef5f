//! `--post-renderer NAME` and `--post-renderer-args ARG`: in helm 4 the named
//! `postrenderer/v1` plugin, found in the plugins directories when the flags are read; in
//! helm 3 an executable, found when the flags are read too.

use anyhow::{bail, Result};
use rudder_chart::Helm;
use rudder_plugin::{find_plugin, ExecPostRenderer, PostRendererPlugin};
use rudder_render::output::PostRenderer;
use rudder_report::Reporter;

use super::args::TemplateArgs;
use crate::settings::Settings;

/// The plugin type `--post-renderer` names.
const POST_RENDERER_TYPE: &str = "postrenderer/v1";

/// A post-renderer plugin as the renderer's post-rendering step, logging to the reporter.
pub struct PluginPostRenderer<'r>(PostRendererPlugin, &'r dyn Reporter);

impl PostRenderer for PluginPostRenderer<'_> {
    fn run(&self, manifests: &str) -> Result<String, String> {
        self.0.run(manifests, self.1)
    }
}

/// helm 3's executable post-renderer.
pub struct ExecRenderer(ExecPostRenderer);

impl PostRenderer for ExecRenderer {
    fn run(&self, manifests: &str) -> Result<String, String> {
        self.0.run(manifests)
    }
}

fn invalid(value: &str, reason: String) -> String {
    format!("invalid argument {value:?} for \"--post-renderer\" flag: {reason}")
}

/// The post-renderer the flags ask for: none when `--post-renderer` is absent or empty
/// (`--post-renderer-args` alone is then ignored).
pub fn from_flags<'r>(
    args: &TemplateArgs,
    settings: &Settings,
    reporter: &'r dyn Reporter,
) -> Result<Option<Box<dyn PostRenderer + 'r>>> {
    match settings.helm {
        Helm::V3 => Ok(exec_from_flags(args)?.map(|r| Box::new(r) as Box<dyn PostRenderer + 'r>)),
        Helm::V4 => Ok(plugin_from_flags(args, settings, reporter)?
            .map(|r| Box::new(r) as Box<dyn PostRenderer + 'r>)),
    }
}

/// helm 3: every non-empty `--post-renderer` must name an executable when it is read; the
/// last one is used, with every `--post-renderer-args`.
fn exec_from_flags(args: &TemplateArgs) -> Result<Option<ExecRenderer>> {
    let mut chosen = None;
    for name in args.post_renderer.iter().filter(|n| !n.is_empty()) {
        let renderer = ExecPostRenderer::new(name, args.post_renderer_args.clone())
            .map_err(|e| anyhow::anyhow!(invalid(name, e)))?;
        chosen = Some(ExecRenderer(renderer));
    }
    Ok(chosen)
}

/// helm 4: one plugin of the post-renderer type, named once.
fn plugin_from_flags<'r>(
    args: &TemplateArgs,
    settings: &Settings,
    reporter: &'r dyn Reporter,
) -> Result<Option<PluginPostRenderer<'r>>> {
    let mut names = args.post_renderer.iter().filter(|n| !n.is_empty());
    let Some(name) = names.next() else {
        return Ok(None);
    };
    if let Some(second) = names.next() {
        bail!(invalid(
            second,
            "cannot specify --post-renderer flag more than once".into()
        ));
    }
    let dirs = settings.plugins_directory.to_string_lossy();
    let plugin = find_plugin(&dirs, name, POST_RENDERER_TYPE, reporter)
        .map_err(|e| anyhow::anyhow!(invalid(name, e.to_string())))?;
    Ok(Some(PluginPostRenderer(
        PostRendererPlugin {
            plugin,
            args: args.post_renderer_args.clone(),
        },
        reporter,
    )))
}

//! `--post-renderer NAME` and `--post-renderer-args ARG`: the named `postrenderer/v1` plugin,
//! found in the plugins directories when the flags are read, as helm does.

use anyhow::{bail, Result};
use rudder_plugin::{find_plugin, PostRendererPlugin};
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

/// The post-renderer the flags ask for: none when `--post-renderer` is absent or empty
/// (`--post-renderer-args` alone is then ignored).
pub fn from_flags<'r>(
    args: &TemplateArgs,
    settings: &Settings,
    reporter: &'r dyn Reporter,
) -> Result<Option<PluginPostRenderer<'r>>> {
    let mut names = args.post_renderer.iter().filter(|n| !n.is_empty());
    let Some(name) = names.next() else {
        return Ok(None);
    };
    let invalid = |value: &str, reason: String| {
        format!("invalid argument {value:?} for \"--post-renderer\" flag: {reason}")
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

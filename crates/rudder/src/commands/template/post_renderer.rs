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

/// A post-renderer plugin as the renderer's post-rendering step.
pub struct PluginPostRenderer(PostRendererPlugin);

impl PostRenderer for PluginPostRenderer {
    fn run(&self, manifests: &str) -> Result<String, String> {
        self.0.run(manifests)
    }
}

/// The post-renderer the flags ask for: none when `--post-renderer` is absent or empty
/// (`--post-renderer-args` alone is then ignored).
pub fn from_flags(
    args: &TemplateArgs,
    settings: &Settings,
    reporter: &dyn Reporter,
) -> Result<Option<PluginPostRenderer>> {
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
    Ok(Some(PluginPostRenderer(PostRendererPlugin {
        plugin,
        args: args.post_renderer_args.clone(),
    })))
}

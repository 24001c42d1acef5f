//! helm 4 plugins as rudder uses them: each is a folder with a `plugin.yaml` under one of the
//! plugins directories (`HELM_PLUGINS`); [`find_plugin`] loads them and picks one by name and
//! type; [`PostRendererPlugin`] runs a `postrenderer/v1` plugin of the subprocess runtime.
//! helm 3's post-renderer, a plain executable, is [`ExecPostRenderer`].

mod command;
mod discovery;
mod exec_post_renderer;
mod metadata;
mod post_renderer;
mod process;

pub use command::{PlatformCommand, PrepareError};
pub use discovery::{find_plugin, FindError};
pub use exec_post_renderer::ExecPostRenderer;
pub use metadata::{LoadError, Metadata, Plugin};
pub use post_renderer::PostRendererPlugin;

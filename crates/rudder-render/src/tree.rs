//! What the renderer needs of a chart and its enabled subcharts, after values are final.

use std::rc::Rc;

use rudder_gotmpl::Value;

use crate::objects::files::FileMap;

/// One chart of the tree to render.
#[derive(Clone, Debug)]
pub struct ChartNode {
    /// The chart's name (its alias for an aliased dependency): the key of `.Subcharts` and of the
    /// parent's values section.
    pub name: String,
    /// Whether the chart is a library chart (only its `_` partials are loaded).
    pub is_library: bool,
    /// Templates as (path relative to the chart, e.g. `templates/cm.yaml`, text).
    pub templates: Vec<(String, Rc<str>)>,
    /// `.Files`.
    pub files: FileMap,
    /// `.Chart`: helm 4's metadata map (with `IsRoot`).
    pub chart: Value,
    /// Enabled subcharts, in dependency order.
    pub subcharts: Vec<ChartNode>,
}

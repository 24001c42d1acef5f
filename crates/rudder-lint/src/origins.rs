//! Where each line of a chart's rendered files came from, with files named as helm lint names
//! them (`templates/x.yaml`, `charts/sub/templates/x.yaml`): findings on rendered objects
//! point at the template line that wrote the offending field.

use std::collections::HashMap;

use rudder_gotmpl::exec::trace::TemplateLine;
use rudder_report::Location;

/// By rendered file, the template file and line of each of its lines.
#[derive(Debug, Default)]
pub struct RenderedOrigins(HashMap<String, Vec<Option<(String, usize)>>>);

impl RenderedOrigins {
    /// From the renderer's record, whose names start with the top chart's name.
    pub fn new(traced: Vec<(String, Vec<Option<TemplateLine>>)>) -> RenderedOrigins {
        let in_chart = |name: &str| file_in_chart(name).map(str::to_string);
        let files = traced
            .into_iter()
            .filter_map(|(file, lines)| {
                let lines = lines
                    .into_iter()
                    .map(|line| line.and_then(|(t, l)| Some((in_chart(&t)?, l))))
                    .collect();
                Some((in_chart(&file)?, lines))
            })
            .collect();
        RenderedOrigins(files)
    }

    /// The template line that wrote `line` (1-based) of rendered `file`.
    pub fn template_line(&self, file: &str, line: usize) -> Option<Location> {
        let (template, at) = self.0.get(file)?.get(line.checked_sub(1)?)?.as_ref()?;
        Some(Location::new(template.clone(), *at, None))
    }
}

/// A template's name as helm lint names the file (`chart/templates/x.yaml` ->
/// `templates/x.yaml`): template names start with the top chart's name.
pub(crate) fn file_in_chart(template: &str) -> Option<&str> {
    template.split_once('/').map(|(_, rest)| rest)
}

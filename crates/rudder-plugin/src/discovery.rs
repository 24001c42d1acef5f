//! Finding a plugin by name and type in the plugins directories, as helm's `FindPlugin`:
//! every `<dir>/*/plugin.yaml` is loaded (a folder that fails to load is reported and
//! skipped), and the first plugin whose name and type match wins.

use std::path::{Path, PathBuf};

use rudder_report::{Level, Reporter};

use crate::metadata::Plugin;

/// Why no plugin could be chosen.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FindError {
    #[error("plugin: {{Name:{name} Type:{kind}}} not found")]
    NotFound { name: String, kind: String },
    #[error("two plugins claim the name {name:?} at {first:?} and {second:?}")]
    Duplicate {
        name: String,
        first: String,
        second: String,
    },
}

/// The plugin named `name` of type `kind` in `dirs` (`HELM_PLUGINS`, a `:`-separated list).
pub fn find_plugin(
    dirs: &str,
    name: &str,
    kind: &str,
    reporter: &dyn Reporter,
) -> Result<Plugin, FindError> {
    for dir in std::env::split_paths(dirs) {
        let plugins = load_all(&dir, reporter)?;
        if let Some(found) = plugins
            .into_iter()
            .find(|p| p.metadata.name == name && p.metadata.kind == kind)
        {
            return Ok(found);
        }
    }
    Err(FindError::NotFound {
        name: name.into(),
        kind: kind.into(),
    })
}

/// helm's `LoadAllDir`: the plugins of `<dir>/*/plugin.yaml` in path order; two with one name
/// fail the whole directory.
fn load_all(dir: &Path, reporter: &dyn Reporter) -> Result<Vec<Plugin>, FindError> {
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.join("plugin.yaml").exists())
            .collect(),
        Err(_) => Vec::new(),
    };
    folders.sort();
    let mut plugins: Vec<Plugin> = Vec::new();
    for folder in folders {
        match Plugin::load(&folder) {
            Ok(plugin) => {
                if let Some(first) = plugins
                    .iter()
                    .find(|p| p.metadata.name == plugin.metadata.name)
                {
                    return Err(FindError::Duplicate {
                        name: plugin.metadata.name.clone(),
                        first: first.dir.display().to_string(),
                        second: plugin.dir.display().to_string(),
                    });
                }
                plugins.push(plugin);
            }
            Err(e) => {
                let file = folder.join("plugin.yaml").display().to_string();
                reporter.log(
                    Level::Warn,
                    "failed to load plugin (ignoring)",
                    &[("plugin_yaml", &file), ("error", &e.to_string())],
                );
            }
        }
    }
    Ok(plugins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plugin(root: &Path, folder: &str, yaml: &str) {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(root.join(folder).join("plugin.yaml"), yaml).unwrap();
    }

    fn v1(name: &str, kind: &str) -> String {
        format!("apiVersion: v1\nname: {name}\ntype: {kind}\nruntime: subprocess\nversion: 0.1.0\n")
    }

    #[test]
    fn finds_by_name_and_type_not_by_folder() {
        let root = tempfile::tempdir().unwrap();
        plugin(root.path(), "folder", &v1("pr", "postrenderer/v1"));
        plugin(root.path(), "cli", &v1("cli", "cli/v1"));
        let dirs = root.path().to_str().unwrap();
        let silent = &rudder_report::Silent;
        let found = find_plugin(dirs, "pr", "postrenderer/v1", silent).unwrap();
        assert_eq!(found.dir, root.path().join("folder"));
        assert_eq!(
            find_plugin(dirs, "cli", "postrenderer/v1", silent)
                .unwrap_err()
                .to_string(),
            "plugin: {Name:cli Type:postrenderer/v1} not found"
        );
    }

    #[test]
    fn two_plugins_of_one_name_fail() {
        let root = tempfile::tempdir().unwrap();
        plugin(root.path(), "a", &v1("pr", "postrenderer/v1"));
        plugin(root.path(), "b", &v1("pr", "cli/v1"));
        let err = find_plugin(
            root.path().to_str().unwrap(),
            "pr",
            "postrenderer/v1",
            &rudder_report::Silent,
        );
        assert!(matches!(err, Err(FindError::Duplicate { .. })));
    }
}

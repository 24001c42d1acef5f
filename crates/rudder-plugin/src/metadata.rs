//! `plugin.yaml`: helm 4's `apiVersion: v1` form, and the legacy form (no apiVersion), which
//! helm reads as a `cli/v1` plugin.

use std::path::{Path, PathBuf};

use rudder_gotmpl::{Map, Value};

use crate::command::PlatformCommand;

/// A loaded plugin: where it lives and what its `plugin.yaml` says.
#[derive(Debug, Clone, PartialEq)]
pub struct Plugin {
    pub dir: PathBuf,
    pub metadata: Metadata,
}

/// The fields of `plugin.yaml` rudder uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub name: String,
    /// `cli/v1`, `getter/v1`, `postrenderer/v1`.
    pub kind: String,
    /// `subprocess` or `extism/v1`.
    pub runtime: String,
    /// The subprocess runtime's `runtimeConfig.platformCommand`.
    pub platform_command: Vec<PlatformCommand>,
}

/// Why a plugin folder could not be loaded (helm then ignores it with a warning).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("failed to read plugin at {path:?}: {reason}")]
    Read { path: String, reason: String },
    #[error("failed to load plugin {dir:?}: {reason}")]
    Invalid { dir: String, reason: String },
}

impl Plugin {
    /// Loads `<dir>/plugin.yaml`.
    pub fn load(dir: &Path) -> Result<Plugin, LoadError> {
        let file = dir.join("plugin.yaml");
        let text = std::fs::read_to_string(&file).map_err(|e| LoadError::Read {
            path: file.display().to_string(),
            reason: e.to_string(),
        })?;
        let metadata = Metadata::parse(&text).map_err(|reason| LoadError::Invalid {
            dir: dir.display().to_string(),
            reason,
        })?;
        Ok(Plugin {
            dir: dir.to_path_buf(),
            metadata,
        })
    }
}

impl Metadata {
    /// Reads and validates `plugin.yaml`'s text (helm's checks; messages are rudder's where
    /// helm's come from its YAML decoder).
    pub fn parse(text: &str) -> Result<Metadata, String> {
        let doc = rudder_yaml::parse_document(text).map_err(|e| e.to_string())?;
        let fields: Map = match &doc {
            Value::Map(m) => m.borrow().clone(),
            Value::Nil => Map::new(),
            _ => return Err("plugin.yaml is not a mapping".into()),
        };
        let text_field = |key: &str| match fields.get(key) {
            None | Some(Value::Nil) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.to_string()),
            Some(_) => Err(format!("`{key}` is not a string")),
        };
        let name = text_field("name")?;
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(format!(
                "invalid plugin name {name:?}: must contain only a-z, A-Z, 0-9, _ and -"
            ));
        }
        match text_field("apiVersion")?.as_str() {
            // Legacy plugins are command-line plugins: never post-renderers.
            "" => Ok(Metadata {
                name,
                kind: "cli/v1".into(),
                runtime: "subprocess".into(),
                platform_command: Vec::new(),
            }),
            "v1" => {
                if text_field("version")?.is_empty() {
                    return Err("plugin `version` is required".into());
                }
                let kind = text_field("type")?;
                if kind.is_empty() {
                    return Err("`type` missing".into());
                }
                let runtime = text_field("runtime")?;
                if runtime.is_empty() {
                    return Err("`runtime` missing".into());
                }
                if runtime != "subprocess" && runtime != "extism/v1" {
                    return Err(format!("unsupported plugin runtime type: {runtime:?}"));
                }
                let platform_command = match fields.get("runtimeConfig") {
                    Some(Value::Map(config)) => match config.borrow().get("platformCommand") {
                        None | Some(Value::Nil) => Vec::new(),
                        Some(list) => PlatformCommand::parse_list(list)?,
                    },
                    _ => Vec::new(),
                };
                Ok(Metadata {
                    name,
                    kind,
                    runtime,
                    platform_command,
                })
            }
            other => Err(format!("invalid plugin apiVersion: {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_v1_post_renderer() {
        let m = Metadata::parse(
            "apiVersion: v1\nname: pr\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\n\
             runtimeConfig:\n  platformCommand:\n  - command: ${HELM_PLUGIN_DIR}/run.sh\n    args: [a]\n",
        )
        .unwrap();
        assert_eq!(m.kind, "postrenderer/v1");
        assert_eq!(m.platform_command.len(), 1);
        assert_eq!(m.platform_command[0].args, ["a"]);
    }

    #[test]
    fn legacy_plugins_are_command_line_plugins() {
        let m = Metadata::parse("name: old\ncommand: x\n").unwrap();
        assert_eq!(m.kind, "cli/v1");
    }

    #[test]
    fn refuses_what_helm_refuses() {
        let err = |t: &str| Metadata::parse(t).unwrap_err();
        assert!(err("apiVersion: v1\nname: a b\n").starts_with("invalid plugin name"));
        assert_eq!(
            err("apiVersion: v1\nname: a\ntype: x\nruntime: y\n"),
            "plugin `version` is required"
        );
        assert_eq!(
            err("apiVersion: v2\nname: a\n"),
            "invalid plugin apiVersion: \"v2\""
        );
    }
}

//! Registry credentials in helm's registry config (`registry/config.json`, docker's
//! `config.json` format) as oras' file store keeps them: `auths.<host>.auth` is
//! base64(`user:password`), the file rewritten whole (other top-level keys kept) with tab
//! indentation. Reads fall back to docker's own config, as helm's store does. Credential
//! helpers (`credsStore`, `credHelpers`) are not run.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::{Map, Value};

use super::OciError;

/// A user name and password (or identity token, with an empty user name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credential {
    pub username: String,
    pub password: String,
}

impl Credential {
    pub fn is_empty(&self) -> bool {
        self.username.is_empty() && self.password.is_empty()
    }
}

/// The key oras files a registry under (`docker.io` is docker's legacy address).
pub fn server_address(registry: &str) -> &str {
    match registry {
        "docker.io" | "registry-1.docker.io" => "https://index.docker.io/v1/",
        other => other,
    }
}

/// oras' `ToHostname`: the host of a key written as a URL.
fn to_hostname(key: &str) -> &str {
    let key = key.strip_prefix("http://").unwrap_or(key);
    let key = key.strip_prefix("https://").unwrap_or(key);
    key.split('/').next().unwrap_or(key)
}

/// One config file, as read.
pub struct ConfigFile {
    path: PathBuf,
    content: Map<String, Value>,
}

fn invalid(path: &Path, why: impl std::fmt::Display) -> OciError {
    OciError::Message(format!(
        "failed to decode config file at {}: invalid config format: {why}",
        path.display()
    ))
}

impl ConfigFile {
    /// oras' `config.Load`: a missing file is an empty one.
    pub fn load(path: &Path) -> Result<ConfigFile, OciError> {
        let content = match std::fs::read(path) {
            Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(map)) => map,
                Ok(_) => return Err(invalid(path, "not a JSON object")),
                Err(e) => return Err(invalid(path, e)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Map::new(),
            Err(e) => {
                return Err(OciError::Message(format!(
                    "failed to open config file at {}: open {}: {}",
                    path.display(),
                    path.display(),
                    rudder_chart::load::io_text(&e)
                )))
            }
        };
        if content
            .get("auths")
            .is_some_and(|a| !a.is_object() && !a.is_null())
        {
            return Err(OciError::Message(format!(
                "failed to unmarshal auths field: invalid config format: {}",
                path.display()
            )));
        }
        Ok(ConfigFile {
            path: path.to_path_buf(),
            content,
        })
    }

    fn auths(&self) -> Option<&Map<String, Value>> {
        self.content.get("auths").and_then(Value::as_object)
    }

    /// The credential kept for `key` (or for a key whose host is `key`).
    pub fn get(&self, key: &str) -> Result<Credential, OciError> {
        let Some(auths) = self.auths() else {
            return Ok(Credential::default());
        };
        let entry = auths.get(key).or_else(|| {
            auths
                .iter()
                .find(|(k, _)| to_hostname(k) == key)
                .map(|(_, v)| v)
        });
        let Some(entry) = entry.and_then(Value::as_object) else {
            return Ok(Credential::default());
        };
        let text = |name: &str| {
            entry
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let mut cred = Credential {
            username: text("username"),
            password: text("password"),
        };
        let token = text("identitytoken");
        if !token.is_empty() {
            cred = Credential {
                username: String::new(),
                password: token,
            };
        }
        let encoded = text("auth");
        if !encoded.is_empty() {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded.as_bytes())
                .map_err(|e| {
                    OciError::Message(format!(
                        "failed to decode auth field: invalid config format: {e}"
                    ))
                })?;
            let decoded = String::from_utf8_lossy(&decoded).into_owned();
            let Some((user, password)) = decoded.split_once(':') else {
                return Err(OciError::Message(format!(
                    "failed to decode auth field: invalid config format: auth '{decoded}' does not conform the base64(username:password) format"
                )));
            };
            cred.username = user.to_string();
            cred.password = password.to_string();
        }
        Ok(cred)
    }

    /// Files `cred` under `key` and writes the file.
    pub fn put(&mut self, key: &str, cred: &Credential) -> Result<(), OciError> {
        let mut entry = Map::new();
        if !cred.is_empty() {
            let pair = format!("{}:{}", cred.username, cred.password);
            entry.insert(
                "auth".into(),
                Value::String(base64::engine::general_purpose::STANDARD.encode(pair)),
            );
        }
        let auths = self
            .content
            .entry("auths")
            .or_insert_with(|| Value::Object(Map::new()));
        if !auths.is_object() {
            *auths = Value::Object(Map::new());
        }
        if let Value::Object(map) = auths {
            map.insert(key.to_string(), Value::Object(entry));
        }
        self.save()
    }

    /// Removes `key`'s credential; the file is rewritten only when it had one.
    pub fn delete(&mut self, key: &str) -> Result<(), OciError> {
        let removed = match self.content.get_mut("auths") {
            Some(Value::Object(map)) => map.remove(key).is_some(),
            _ => false,
        };
        if removed {
            self.save()?;
        }
        Ok(())
    }

    /// Go's `json.MarshalIndent(content, "", "\t")`, through a file beside the config.
    fn save(&self) -> Result<(), OciError> {
        if !self.content.contains_key("auths") {
            return Ok(());
        }
        let text = go_indent(&Value::Object(self.content.clone()), 0);
        let dir = self.path.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = dir.unwrap_or(Path::new("."));
        let fail = |e: std::io::Error| {
            OciError::Message(format!(
                "failed to save config file: {}",
                rudder_chart::load::io_text(&e)
            ))
        };
        std::fs::create_dir_all(dir).map_err(|e| {
            OciError::Message(format!("failed to make directory {}: {e}", dir.display()))
        })?;
        let tmp = dir.join(format!(".config.json.{}", std::process::id()));
        std::fs::write(&tmp, text).map_err(fail)?;
        std::fs::rename(&tmp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(e)
        })
    }
}

/// `value` as Go's `MarshalIndent` with a tab writes it: keys sorted (serde_json's map is
/// ordered), strings HTML-escaped.
fn go_indent(value: &Value, depth: usize) -> String {
    let pad = |d: usize| "\t".repeat(d);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}{}: {}",
                        pad(depth + 1),
                        go_string(k),
                        go_indent(v, depth + 1)
                    )
                })
                .collect();
            format!("{{\n{}\n{}}}", items.join(",\n"), pad(depth))
        }
        Value::Array(list) if !list.is_empty() => {
            let items: Vec<String> = list
                .iter()
                .map(|v| format!("{}{}", pad(depth + 1), go_indent(v, depth + 1)))
                .collect();
            format!("[\n{}\n{}]", items.join(",\n"), pad(depth))
        }
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::String(s) => go_string(s),
        other => other.to_string(),
    }
}

/// A JSON string as Go's encoder writes it.
fn go_string(s: &str) -> String {
    rudder_yaml::to_json(&rudder_gotmpl::Value::str(s)).unwrap_or_else(|_| format!("{s:?}"))
}

/// Where docker keeps its credentials: `$DOCKER_CONFIG/config.json`, else
/// `~/.docker/config.json`.
fn docker_config() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DOCKER_CONFIG").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("config.json"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".docker/config.json"))
}

/// The credential for `registry`: helm's registry config, then docker's.
pub fn lookup(registry_config: &Path, registry: &str) -> Result<Credential, OciError> {
    let key = server_address(registry);
    let cred = ConfigFile::load(registry_config)?.get(key)?;
    if !cred.is_empty() {
        return Ok(cred);
    }
    match docker_config().map(|p| ConfigFile::load(&p)) {
        Some(Ok(docker)) => docker.get(key),
        _ => Ok(Credential::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_as_oras_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("registry/config.json");
        let mut file = ConfigFile::load(&path).unwrap();
        let cred = Credential {
            username: "user".into(),
            password: "pa:ss".into(),
        };
        file.put("localhost:5000", &cred).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\n\t\"auths\": {\n\t\t\"localhost:5000\": {\n\t\t\t\"auth\": \"dXNlcjpwYTpzcw==\"\n\t\t}\n\t}\n}"
        );
        let file = ConfigFile::load(&path).unwrap();
        assert_eq!(file.get("localhost:5000").unwrap(), cred);
        assert!(file.get("other").unwrap().is_empty());
    }

    #[test]
    fn keys_written_as_urls_match_their_host() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(
            &path,
            r#"{"auths":{"https://h:1/v1/":{"username":"u","password":"p"}},"other":1}"#,
        )
        .unwrap();
        let mut file = ConfigFile::load(&path).unwrap();
        assert_eq!(file.get("h:1").unwrap().username, "u");
        file.delete("https://h:1/v1/").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\n\t\"auths\": {},\n\t\"other\": 1\n}"
        );
    }

    #[test]
    fn broken_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, "{").unwrap();
        assert!(ConfigFile::load(&path).is_err());
        std::fs::write(&path, r#"{"auths":{"h":{"auth":"!!"}}}"#).unwrap();
        assert!(ConfigFile::load(&path).unwrap().get("h").is_err());
    }
}

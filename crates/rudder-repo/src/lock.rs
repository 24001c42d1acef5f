//! Chart.lock as helm reads it into its `Lock` struct and writes it back into an archive:
//! `generated` (RFC 3339, re-printed as Go prints times), `digest`, `dependencies`.

use rudder_gotmpl::{Map, Value};

use crate::gotime::GoTime;
use crate::RepoError;

#[derive(Debug, Clone)]
pub struct Lock {
    generated: Option<GoTime>,
    digest: String,
    dependencies: Option<Vec<Value>>,
}

impl Lock {
    /// A new lock as helm's resolver makes it: generated now, in the local zone.
    pub fn new(digest: String, dependencies: Vec<Value>) -> Lock {
        Lock {
            generated: Some(GoTime::now_local()),
            digest,
            dependencies: Some(dependencies),
        }
    }

    /// The `digest` field (`sha256:...`).
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The locked dependencies as Go's struct marshals them (`name`, `repository`, `version`).
    pub fn dependencies(&self) -> &[Value] {
        self.dependencies.as_deref().unwrap_or_default()
    }

    /// Parses Chart.lock (or requirements.lock) text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Lock, RepoError> {
        let doc = rudder_yaml::parse_document(text)
            .map_err(|e| RepoError::Message(format!("cannot load {file}: {e}")))?;
        let get = |k: &str| doc.as_map().and_then(|m| m.borrow().get(k).cloned());
        let generated = match get("generated") {
            Some(Value::String(s)) => Some(GoTime::parse_rfc3339(&s).ok_or_else(|| {
                RepoError::Message(format!(
                    "cannot load {file}: error unmarshaling JSON: while decoding JSON: parsing time {s:?} as RFC 3339"
                ))
            })?),
            _ => None,
        };
        let digest = match get("digest") {
            Some(Value::String(s)) => s.to_string(),
            _ => String::new(),
        };
        let dependencies = match get("dependencies") {
            Some(Value::List(l)) => Some(
                l.items
                    .iter()
                    .map(rudder_chart::metadata::dependency_go_struct)
                    .collect(),
            ),
            _ => None,
        };
        Ok(Lock {
            generated,
            digest,
            dependencies,
        })
    }

    /// The archive entry's modification time: the lock's `generated` time.
    pub fn generated_seconds(&self) -> Option<i64> {
        self.generated.as_ref().map(GoTime::tar_seconds)
    }

    pub fn to_yaml(&self) -> Result<String, RepoError> {
        let mut m = Map::new();
        let generated = self.generated.as_ref().map_or_else(
            || "0001-01-01T00:00:00Z".to_string(),
            GoTime::to_rfc3339_nano,
        );
        m.insert("generated".into(), Value::string(generated));
        m.insert("digest".into(), Value::string(self.digest.clone()));
        m.insert(
            "dependencies".into(),
            self.dependencies
                .as_ref()
                .map_or(Value::Nil, |d| Value::list(d.clone())),
        );
        rudder_yaml::to_yaml(&Value::map(m)).map_err(RepoError::Message)
    }
}

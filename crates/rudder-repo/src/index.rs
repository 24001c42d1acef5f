//! `helm repo index`: an `index.yaml` listing every chart archive in a folder and its direct
//! subfolders (helm's `**/*.tgz` glob matches one level), newest version first, optionally
//! merged into an existing index.

use std::collections::BTreeMap;
use std::path::Path;

use rudder_chart::load::io_text;
use rudder_chart::strict_fields::unknown_metadata_field;
use rudder_chart::Metadata;
use rudder_gocompat::semver::Version;
use rudder_gotmpl::{Map, Value};
use rudder_report::{Level, Reporter};
use sha2::{Digest, Sha256};

use crate::gotime::GoTime;
use crate::RepoError;

/// One version of a chart: its fields as Go's `ChartVersion` marshals them.
#[derive(Debug, Clone)]
pub struct ChartVersion {
    pub name: String,
    pub version: String,
    fields: Map,
}

impl ChartVersion {
    /// The download URLs (`urls`), as written in the index.
    pub fn urls(&self) -> Vec<String> {
        self.fields
            .get("urls")
            .and_then(Value::as_list)
            .map(|l| {
                l.items
                    .iter()
                    .filter_map(|u| u.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The archive's digest (`digest`, a sha256 in hex), empty when the index has none.
    pub fn digest(&self) -> &str {
        match self.fields.get("digest") {
            Some(Value::String(s)) => s,
            _ => "",
        }
    }
}

/// An index: `apiVersion`, `generated`, `entries` and the optional server info and
/// annotations.
#[derive(Debug, Clone)]
pub struct IndexFile {
    api_version: String,
    generated: String,
    entries: BTreeMap<String, Vec<ChartVersion>>,
    server_info: Option<Value>,
    annotations: Option<Value>,
}

impl Default for IndexFile {
    fn default() -> Self {
        IndexFile::new()
    }
}

/// Go's `filepath.Glob` for `*.tgz` in one folder: names in byte order, hidden ones included.
fn archives_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| dir.join(n))
        .filter(|p| p.extension().is_some_and(|e| e == "tgz"))
        .collect()
}

/// `url.Parse(base)`, its path joined with `parts` as `path.Join` joins, and printed back; an
/// empty base gives the joined parts.
fn url_join(base: &str, parts: &[&str]) -> Result<String, RepoError> {
    let mut url =
        rudder_gocompat::url_parse::parse(base).map_err(|e| RepoError::Message(e.to_string()))?;
    let joined: Vec<&str> = std::iter::once(url.path.as_str())
        .chain(parts.iter().copied())
        .filter(|p| !p.is_empty())
        .collect();
    url.path = if joined.is_empty() {
        String::new()
    } else {
        rudder_gocompat::path::clean(&joined.join("/"))
    };
    Ok(url.to_go_string())
}

/// The URL `repo index` lists for `file` in the subfolder `parent` ("" for the top) of a
/// repository served at `base` ("" for URLs relative to the index).
pub fn archive_url(base: &str, parent: &str, file: &str) -> String {
    let parent_url = join_or_path_join(base, parent);
    if parent_url.is_empty() {
        file.to_string()
    } else {
        join_or_path_join(&parent_url, file)
    }
}

/// helm's use of `URLJoin`: a base that is no URL is joined as a path instead.
fn join_or_path_join(base: &str, part: &str) -> String {
    url_join(base, &[part]).unwrap_or_else(|_| {
        let joined: Vec<&str> = [base, part].into_iter().filter(|p| !p.is_empty()).collect();
        rudder_gocompat::path::clean(&joined.join("/"))
    })
}

/// The sha256 of a file, as helm's `provenance.DigestFile`.
/// An archive's digest as the index lists it: its SHA-256 in lower-case hex.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl IndexFile {
    pub fn new() -> IndexFile {
        IndexFile {
            api_version: "v1".into(),
            generated: GoTime::now().to_rfc3339_nano(),
            entries: BTreeMap::new(),
            server_info: None,
            annotations: None,
        }
    }

    /// helm's `IndexDirectory`: archives helm cannot load are left out.
    pub fn from_directory(dir: &Path, base_url: &str) -> Result<IndexFile, RepoError> {
        let mut index = IndexFile::new();
        let mut archives: Vec<(String, std::path::PathBuf)> = archives_in(dir)
            .into_iter()
            .map(|p| (String::new(), p))
            .collect();
        // Like Go's glob, an unreadable folder is no error: it holds no matches.
        let mut subdirs: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name())
            .collect();
        subdirs.sort();
        for sub in subdirs {
            let parent = sub.to_string_lossy().into_owned();
            for p in archives_in(&dir.join(&sub)) {
                archives.push((parent.clone(), p));
            }
        }
        for (parent, archive) in archives {
            let Ok(bytes) = std::fs::read(&archive) else {
                continue;
            };
            let Ok(chart) = rudder_chart::load::load_archive(&bytes, crate::LOAD_AS) else {
                continue;
            };
            let file = archive
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let url = archive_url(base_url, &parent, &file);
            index.add(&chart.metadata, url, digest(&bytes), &file)?;
        }
        Ok(index)
    }

    /// Adds the chart archive `bytes`, named `file`, downloadable from `url` (as `repo index`
    /// adds each archive it finds).
    pub fn add_archive(&mut self, bytes: &[u8], url: String, file: &str) -> Result<(), RepoError> {
        let chart = rudder_chart::load::load_archive(bytes, crate::LOAD_AS)?;
        self.add(&chart.metadata, url, digest(bytes), file)
    }

    /// Writes the index to `path` (YAML, or JSON with `json`) through a temporary file.
    pub fn write(&self, path: &Path, json: bool) -> Result<(), RepoError> {
        write_atomically(path, self.to_text(json)?.as_bytes())
    }

    /// helm's `MustAdd` with the URL already made.
    fn add(
        &mut self,
        md: &Metadata,
        url: String,
        digest: String,
        file: &str,
    ) -> Result<(), RepoError> {
        md.validate().map_err(|e| {
            RepoError::Message(format!(
                "failed adding to {file} to index: validate failed for {file}: {e}"
            ))
        })?;
        let mut fields = md.to_go_struct();
        fields.insert("urls".into(), Value::list(vec![Value::string(url)]));
        fields.insert(
            "created".into(),
            Value::string(GoTime::now().to_rfc3339_nano()),
        );
        fields.insert("digest".into(), Value::string(digest));
        self.push(md, fields);
        Ok(())
    }

    fn push(&mut self, md: &Metadata, fields: Map) {
        self.entries
            .entry(md.name.clone())
            .or_default()
            .push(ChartVersion {
                name: md.name.clone(),
                version: md.version.clone(),
                fields,
            });
    }

    /// helm's `LoadIndexFile` (entries helm's validation rejects are dropped with its
    /// warning).
    pub fn load(path: &Path, reporter: &dyn Reporter) -> Result<IndexFile, RepoError> {
        let source = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            // Go opens a folder without complaint and fails reading it.
            let op = if path.is_dir() { "read" } else { "open" };
            RepoError::Message(format!("{op} {source}: {}", io_text(&e)))
        })?;
        IndexFile::parse(&bytes, &source, reporter)
            .map_err(|m| RepoError::Message(format!("error loading {source}: {m}")))
    }

    /// helm's `loadIndex`: an index from the bytes a repository served (`source` names it in
    /// warnings); the error is helm's text without the file name.
    pub fn parse(bytes: &[u8], source: &str, reporter: &dyn Reporter) -> Result<IndexFile, String> {
        let loading = |m: String| m;
        if bytes.is_empty() {
            return Err(loading("empty index.yaml file".into()));
        }
        let doc = rudder_yaml::parse_document(&String::from_utf8_lossy(bytes))
            .map_err(|e| loading(e.to_string()))?;
        if let Some(field) = unknown_field(&doc) {
            return Err(loading(format!(
                "error unmarshaling JSON: while decoding JSON: json: unknown field {field:?}"
            )));
        }
        let get = |k: &str| doc.as_map().and_then(|m| m.borrow().get(k).cloned());
        let mut index = IndexFile {
            api_version: match get("apiVersion") {
                Some(Value::String(s)) => s.to_string(),
                _ => String::new(),
            },
            generated: String::new(),
            entries: BTreeMap::new(),
            server_info: get("serverInfo").filter(non_empty_map),
            annotations: get("annotations").filter(non_empty_map),
        };
        if let Some(Value::Map(entries)) = get("entries") {
            for (name, versions) in entries.borrow().iter() {
                let Some(list) = versions.as_list() else {
                    continue;
                };
                for entry in list.items.iter().rev() {
                    index.load_entry(name, entry, source, reporter);
                }
                if let Some(v) = index.entries.get_mut(name) {
                    v.reverse();
                }
            }
        }
        index.sort_entries();
        if index.api_version.is_empty() {
            return Err(loading("no API version specified".into()));
        }
        Ok(index)
    }

    fn load_entry(&mut self, name: &str, entry: &Value, source: &str, reporter: &dyn Reporter) {
        let Some(map) = entry.as_map() else {
            reporter.log(
                Level::Warn,
                &format!(
                    "skipping loading invalid entry for chart {name:?} from {source}: empty entry"
                ),
                &[],
            );
            return;
        };
        let raw = map.borrow().clone();
        let md = Metadata::from_map(raw.clone());
        if let Err(e) = md.validate() {
            if !e
                .to_string()
                .starts_with("validation: more than one dependency with name or alias")
            {
                reporter.log(
                    Level::Warn,
                    &format!(
                        "skipping loading invalid entry for chart {name:?} {:?} from {source}: {e}",
                        md.version
                    ),
                    &[],
                );
                return;
            }
        }
        let mut fields = md.to_go_struct();
        let urls = raw
            .get("urls")
            .and_then(Value::as_list)
            .map(|l| l.items.clone())
            .map_or(Value::Nil, Value::list);
        fields.insert("urls".into(), urls);
        let created = match raw.get("created") {
            Some(Value::String(s)) => GoTime::parse_rfc3339(s).map(|t| t.to_rfc3339_nano()),
            _ => None,
        };
        fields.insert(
            "created".into(),
            Value::string(created.unwrap_or_else(|| "0001-01-01T00:00:00Z".into())),
        );
        if matches!(raw.get("removed"), Some(Value::Bool(true))) {
            fields.insert("removed".into(), Value::Bool(true));
        }
        for key in ["digest", "checksum", "engine", "tillerVersion", "url"] {
            if let Some(Value::String(s)) = raw.get(key) {
                if !s.is_empty() {
                    fields.insert(key.into(), Value::String(s.clone()));
                }
            }
        }
        self.entries
            .entry(name.to_string())
            .or_default()
            .push(ChartVersion {
                name: md.name.clone(),
                version: md.version.clone(),
                fields,
            });
    }

    /// The versions of chart `name`, newest first.
    pub fn versions(&self, name: &str) -> Option<&[ChartVersion]> {
        self.entries.get(name).map(Vec::as_slice)
    }

    /// The chart names, in byte order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Whether a version of `name` matches `version` (helm's `Has`: the same text, or a version
    /// equal to it).
    fn has(&self, name: &str, version: &str) -> bool {
        self.get(name, version).is_some()
    }

    /// The entry of `name` at `version` (the same string, or a version semver holds equal).
    pub fn get(&self, name: &str, version: &str) -> Option<&ChartVersion> {
        let wanted = Version::parse(version);
        self.entries.get(name)?.iter().find(|v| {
            v.version == version
                || matches!((&wanted, Version::parse(&v.version)), (Some(w), Some(h)) if w.compare(&h).is_eq())
        })
    }

    /// helm's `Merge`: versions of `other` this index lacks are added.
    pub fn merge(&mut self, other: &IndexFile) {
        for versions in other.entries.values() {
            for cv in versions {
                if !self.has(&cv.name, &cv.version) {
                    self.entries
                        .entry(cv.name.clone())
                        .or_default()
                        .push(cv.clone());
                }
            }
        }
    }

    /// Newest version first (helm's `SortEntries`).
    pub fn sort_entries(&mut self) {
        for versions in self.entries.values_mut() {
            versions.sort_by(|a, b| {
                match (Version::parse(&a.version), Version::parse(&b.version)) {
                    (Some(x), Some(y)) => y.compare(&x),
                    (None, _) => std::cmp::Ordering::Greater,
                    (_, None) => std::cmp::Ordering::Less,
                }
            });
        }
    }

    /// The file's text, as helm's `WriteFile` marshals it.
    pub fn to_yaml(&self) -> Result<String, RepoError> {
        let mut m = Map::new();
        m.insert("apiVersion".into(), Value::string(self.api_version.clone()));
        m.insert("generated".into(), Value::string(self.generated.clone()));
        let entries = self
            .entries
            .iter()
            .map(|(name, versions)| {
                let list = versions
                    .iter()
                    .map(|v| Value::map(v.fields.clone()))
                    .collect();
                (name.clone(), Value::list(list))
            })
            .collect();
        m.insert("entries".into(), Value::map(entries));
        if let Some(s) = &self.server_info {
            m.insert("serverInfo".into(), s.clone());
        }
        if let Some(a) = &self.annotations {
            m.insert("annotations".into(), a.clone());
        }
        rudder_yaml::to_yaml(&Value::map(m)).map_err(RepoError::Message)
    }

    /// The file's text, as helm's `WriteJSONFile` marshals it (`--json`).
    pub fn to_json(&self) -> Result<String, RepoError> {
        let entries = self
            .entries
            .iter()
            .map(|(name, versions)| {
                let objects = versions
                    .iter()
                    .map(|v| crate::index_json::version_object(&v.fields))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((name.clone(), objects))
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(RepoError::Message)?;
        crate::index_json::index_json(
            &self.api_version,
            &self.generated,
            &entries,
            self.server_info.as_ref(),
            self.annotations.as_ref(),
        )
        .map_err(RepoError::Message)
    }

    /// The file's text in YAML, or in JSON with `json`.
    pub fn to_text(&self, json: bool) -> Result<String, RepoError> {
        if json {
            self.to_json()
        } else {
            self.to_yaml()
        }
    }
}

/// The fields of Go's `IndexFile`, `ChartVersion` (with its `Metadata`), `Maintainer` and
/// `Dependency`: helm reads an index strictly, refusing any other.
const INDEX_FIELDS: &[&str] = &[
    "serverInfo",
    "apiVersion",
    "generated",
    "entries",
    "publicKeys",
    "annotations",
];
/// The fields of `ChartVersion` besides its `Metadata`'s, in the struct's order.
pub(crate) const VERSION_EXTRA_FIELDS: &[&str] = &[
    "urls",
    "created",
    "removed",
    "digest",
    "checksum",
    "engine",
    "tillerVersion",
    "url",
];

/// The first field Go's strict decoding meets that its structs lack (keys in sorted order, as
/// the YAML-to-JSON conversion leaves them).
fn unknown_field(doc: &Value) -> Option<String> {
    fn check(
        v: &Value,
        allowed: &[&str],
        inner: &dyn Fn(&str, &Value) -> Option<String>,
    ) -> Option<String> {
        let m = v.as_map()?;
        let m = m.borrow();
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort();
        keys.into_iter().find_map(|k| {
            if allowed.contains(&k.as_str()) {
                inner(k, &m[k])
            } else {
                Some(k.clone())
            }
        })
    }
    check(doc, INDEX_FIELDS, &|k, v| {
        if k != "entries" {
            return None;
        }
        let m = v.as_map()?;
        let m = m.borrow();
        let mut names: Vec<&String> = m.keys().collect();
        names.sort();
        names.into_iter().find_map(|n| {
            m[n].as_list()?
                .items
                .iter()
                .filter_map(Value::as_map)
                .find_map(|cv| unknown_metadata_field(&cv.borrow(), VERSION_EXTRA_FIELDS))
        })
    })
}

fn non_empty_map(v: &Value) -> bool {
    v.as_map().is_some_and(|m| !m.borrow().is_empty())
}

/// `helm repo index DIR [--url URL] [--merge FILE] [--json]`: writes `DIR/index.yaml` (in JSON
/// with `json`, under the same name, as helm does). A missing
/// merge file is created holding an empty index first, as helm does.
pub fn index_directory(
    dir: &Path,
    url: &str,
    merge: Option<&Path>,
    json: bool,
    reporter: &dyn Reporter,
) -> Result<(), RepoError> {
    let mut index = IndexFile::from_directory(dir, url)?;
    if let Some(merge) = merge {
        let other = if merge.exists() {
            IndexFile::load(merge, reporter)
                .map_err(|e| RepoError::Message(format!("merge failed: {e}")))?
        } else {
            let empty = IndexFile::new();
            // helm ignores a failure to write this one.
            let _ = empty.to_text(json).map(|text| std::fs::write(merge, text));
            empty
        };
        index.merge(&other);
    }
    index.sort_entries();
    index.write(&dir.join("index.yaml"), json)
}

/// Writes a file through a temporary one beside it, renamed into place (helm's
/// `AtomicWriteFile`: readers never see half a file).
fn write_atomically(path: &Path, data: &[u8]) -> Result<(), RepoError> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!("{}{nanos}", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let failed = |p: &Path, e: std::io::Error| {
        RepoError::Message(format!("open {}: {}", p.display(), io_text(&e)))
    };
    std::fs::write(&tmp, data).map_err(|e| failed(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_joined_as_helm_joins_them() {
        let join = |base: &str, part: &str| join_or_path_join(base, part);
        assert_eq!(join("", ""), "");
        assert_eq!(join("", "sub"), "sub");
        assert_eq!(join("sub", "a.tgz"), "sub/a.tgz");
        assert_eq!(
            join("https://ex.com/charts/", "a.tgz"),
            "https://ex.com/charts/a.tgz"
        );
        assert_eq!(join("https://ex.com", "a.tgz"), "https://ex.com/a.tgz");
        assert_eq!(
            join("https://ex.com/x?y=1", "a.tgz"),
            "https://ex.com/x/a.tgz?y=1"
        );
        assert_eq!(join(":bad", "a.tgz"), ":bad/a.tgz");
    }
}

//! `rudder.yaml` at the repository root: the settings `rudder changed` and `rudder publish`
//! share, so that a CI job runs them without flags. Flags given on the command line win over
//! the file. Keys are checked: a misspelt key is an error, not a setting silently ignored.
//!
//! ```yaml
//! chartDirs: [charts]
//! excludedCharts: [experimental]
//! targetBranch: main
//! remote: origin
//! publish:
//!   pagesDir: gh-pages
//!   pagesUrl: https://example.github.io/charts
//!   oci: oci://ghcr.io/example/charts
//!   skipExisting: true
//!   sign: {key: "Release Bot", keyring: ~/.gnupg/secring.gpg, passphraseFile: /run/secrets/pgp}
//! lint: {policy: true, rules: {policy-latest-tag: off}, validateYaml: true}
//! docs: {schema: true}
//! ```
//!
//! `lint:` takes what a `.rudder-lint.yaml` takes (rules, `policy`, and chart-testing's checks:
//! `validateChartSchema`, `chartYamlSchema`, `validateYaml`, `lintConf`, `validateMaintainers`);
//! rudder-lint reads it. `docs.schema` makes `rudder docs` (run where the file is) write values
//! schemas as `--schema` does.

use std::path::Path;

use rudder_gotmpl::Value;

use crate::error::Error;

pub const FILE: &str = "rudder.yaml";

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    pub chart_dirs: Vec<String>,
    pub excluded_charts: Vec<String>,
    pub target_branch: Option<String>,
    pub remote: Option<String>,
    pub publish: Publish,
    /// `docs.schema`: `rudder docs` writes each chart's values.schema.json as with `--schema`.
    pub docs_schema: bool,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Publish {
    pub pages_dir: Option<String>,
    pub pages_url: Option<String>,
    /// `oci://host/path`: where charts are pushed.
    pub oci: Option<String>,
    pub skip_existing: Option<bool>,
    pub sign: Option<Sign>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Sign {
    pub key: String,
    pub keyring: Option<String>,
    pub passphrase_file: Option<String>,
}

impl Config {
    /// The file in the folder `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> crate::Result<Config> {
        let path = root.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text).map_err(|message| Error::Edit { path, message }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(crate::error::io(path)(e)),
        }
    }

    /// Reads the file's text; the error names the key that is wrong.
    pub fn parse(text: &str) -> Result<Config, String> {
        let doc = rudder_yaml::parse_document(text).map_err(|e| e.to_string())?;
        let mut config = Config::default();
        if matches!(doc, Value::Nil) {
            return Ok(config);
        }
        for (key, value) in entries(&doc, "the file")? {
            match key.as_str() {
                "chartDirs" => config.chart_dirs = strings(&value, &key)?,
                "excludedCharts" => config.excluded_charts = strings(&value, &key)?,
                "targetBranch" => config.target_branch = Some(string(&value, &key)?),
                "remote" => config.remote = Some(string(&value, &key)?),
                "publish" => config.publish = publish(&value)?,
                "docs" => config.docs_schema = docs_schema(&value)?,
                // rudder-lint reads its own section.
                "lint" => {}
                other => return Err(unknown(other, "")),
            }
        }
        Ok(config)
    }
}

fn publish(value: &Value) -> Result<Publish, String> {
    let mut publish = Publish::default();
    for (key, value) in entries(value, "publish")? {
        match key.as_str() {
            "pagesDir" => publish.pages_dir = Some(string(&value, &key)?),
            "pagesUrl" => publish.pages_url = Some(string(&value, &key)?),
            "oci" => publish.oci = Some(string(&value, &key)?),
            "skipExisting" => match value {
                Value::Bool(on) => publish.skip_existing = Some(on),
                _ => return Err("publish.skipExisting must be true or false".into()),
            },
            "sign" => publish.sign = Some(sign(&value)?),
            other => return Err(unknown(other, "publish.")),
        }
    }
    Ok(publish)
}

fn docs_schema(value: &Value) -> Result<bool, String> {
    let mut schema = false;
    for (key, value) in entries(value, "docs")? {
        match (key.as_str(), value) {
            ("schema", Value::Bool(on)) => schema = on,
            ("schema", _) => return Err("docs.schema must be true or false".into()),
            (other, _) => return Err(unknown(other, "docs.")),
        }
    }
    Ok(schema)
}

fn sign(value: &Value) -> Result<Sign, String> {
    let mut sign = Sign::default();
    for (key, value) in entries(value, "publish.sign")? {
        match key.as_str() {
            "key" => sign.key = string(&value, &key)?,
            "keyring" => sign.keyring = Some(string(&value, &key)?),
            "passphraseFile" => sign.passphrase_file = Some(string(&value, &key)?),
            other => return Err(unknown(other, "publish.sign.")),
        }
    }
    if sign.key.is_empty() {
        return Err("publish.sign.key must name the signing key".into());
    }
    Ok(sign)
}

fn unknown(key: &str, section: &str) -> String {
    format!("unknown key {section}{key}")
}

fn entries(value: &Value, what: &str) -> Result<Vec<(String, Value)>, String> {
    let map = value
        .as_map()
        .ok_or_else(|| format!("{what} must be a mapping"))?;
    let entries = map
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(entries)
}

fn string(value: &Value, key: &str) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{key} must be a string"))
}

fn strings(value: &Value, key: &str) -> Result<Vec<String>, String> {
    let list = value
        .as_list()
        .ok_or_else(|| format!("{key} must be a list of strings"))?;
    list.items.iter().map(|item| string(item, key)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let config = Config::parse(
            "chartDirs: [charts, addons]\nexcludedCharts: [x]\ntargetBranch: release\nremote: up\n\
             publish:\n  pagesDir: site\n  pagesUrl: https://e.x/c\n  oci: oci://r.x/c\n  skipExisting: true\n  \
             sign: {key: bot, keyring: k.gpg, passphraseFile: p}\nlint: {policy: true}\n\
             docs: {schema: true}\n",
        )
        .unwrap();
        assert_eq!(config.chart_dirs, ["charts", "addons"]);
        assert_eq!(config.excluded_charts, ["x"]);
        assert_eq!(config.target_branch.as_deref(), Some("release"));
        assert_eq!(config.remote.as_deref(), Some("up"));
        assert_eq!(config.publish.pages_dir.as_deref(), Some("site"));
        assert_eq!(config.publish.pages_url.as_deref(), Some("https://e.x/c"));
        assert_eq!(config.publish.oci.as_deref(), Some("oci://r.x/c"));
        assert_eq!(config.publish.skip_existing, Some(true));
        assert!(config.docs_schema);
        let sign = config.publish.sign.unwrap();
        assert_eq!(
            (
                sign.key.as_str(),
                sign.keyring.as_deref(),
                sign.passphrase_file.as_deref()
            ),
            ("bot", Some("k.gpg"), Some("p"))
        );
    }

    #[test]
    fn refuses_misspelt_and_mistyped_keys() {
        assert_eq!(
            Config::parse("chartdirs: [a]").unwrap_err(),
            "unknown key chartdirs"
        );
        assert_eq!(
            Config::parse("publish: {pagesdir: a}").unwrap_err(),
            "unknown key publish.pagesdir"
        );
        assert_eq!(
            Config::parse("chartDirs: charts").unwrap_err(),
            "chartDirs must be a list of strings"
        );
        assert_eq!(
            Config::parse("publish: {sign: {keyring: k}}").unwrap_err(),
            "publish.sign.key must name the signing key"
        );
    }

    #[test]
    fn empty_file_is_the_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        assert_eq!(Config::parse("# nothing\n").unwrap(), Config::default());
    }
}

//! `values.schema.json` validation as helm does it (helm 4: pkg/chart/common/util/jsonschema.go
//! with santhosh-tekuri/jsonschema; helm 3: pkg/chartutil/jsonschema.go with gojsonschema):
//! every chart's schema checks that chart's values, subcharts their own section.

use std::collections::HashSet;
use std::sync::Mutex;

use rudder_gotmpl::Value;
use rudder_jsonschema::{self as js, Loader, Number};

use crate::{Chart, ChartError, Helm, Level, Reporter, SchemaError, SchemaFailure, SchemaProblem};

/// The URL helm registers every schema under.
const SCHEMA_URL: &str = "file:///values.schema.json";

/// A template value as JSON.
pub fn to_json(v: &Value) -> js::Value {
    match v {
        // Values come from YAML and flags, which have no complex numbers.
        Value::Nil | Value::Complex(..) => js::Value::Null,
        Value::Bool(b) => js::Value::Bool(*b),
        Value::Int(i) | Value::Int64(i) => js::Value::Number(Number::from_i64(*i)),
        Value::Uint64(u) => js::Value::Number(Number::from_u64(*u)),
        Value::Float(f) => Number::from_f64(*f)
            .map(js::Value::Number)
            .unwrap_or(js::Value::Null),
        Value::String(s) => js::Value::String(s.to_string()),
        Value::Bytes(b) => js::Value::String(String::from_utf8_lossy(b).into_owned()),
        Value::List(l) => js::Value::Array(l.items.iter().map(to_json).collect()),
        Value::Map(m) => js::Value::Object(
            m.borrow()
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
        Value::Object(o) => o.to_plain().map(|p| to_json(&p)).unwrap_or(js::Value::Null),
    }
}

/// Go's `%T` of a values entry.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Int64(_) => "int64",
        Value::Uint64(_) => "uint64",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Bytes(_) => "[]uint8",
        _ => "<nil>",
    }
}

/// Why fetching a remote schema failed: the transport's text as Go words it (what follows
/// `Get "URL": `), or the reply's status code and the reason phrase the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    Transport(String),
    Status(u16, String),
}

/// Fetches the `http://` and `https://` documents schemas refer to, as `helm`'s loader does
/// (its client, timeouts, TLS trust and error texts). The network is not this crate's: the
/// CLI passes rudder-repo's HTTP client.
pub trait SchemaFetcher: Sync {
    /// The body of a 200 reply to `GET url`.
    fn fetch(&self, url: &str, helm: Helm) -> Result<Vec<u8>, FetchError>;
}

/// A fetcher for programs that must not use the network (fuzzers, tests of other layers):
/// every remote reference fails to load.
pub struct Offline;

impl SchemaFetcher for Offline {
    fn fetch(&self, _url: &str, _helm: Helm) -> Result<Vec<u8>, FetchError> {
        Err(FetchError::Transport(
            "remote schema references are not fetched here".into(),
        ))
    }
}

/// helm's loaders: `file://` reads the file, `http://` and `https://` are fetched, `urn:` is
/// a permissive schema (with a warning), other schemes are not registered.
struct HelmLoader<'w> {
    log: &'w dyn Reporter,
    fetcher: &'w dyn SchemaFetcher,
}

impl Loader for HelmLoader<'_> {
    fn load(&self, url: &str) -> Result<js::Value, String> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
        match scheme {
            "file" => {
                let path = url.trim_start_matches("file://");
                let path = path.split(['?', '#']).next().unwrap_or("");
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("open {path}: {}", io_reason(&e, path)))?;
                js::parse(&bytes).map_err(|e| e.to_string())
            }
            "http" | "https" => {
                let body = self
                    .fetcher
                    .fetch(url, Helm::V4)
                    .map_err(|e| helm4_fetch_error(e, url))?;
                js::parse(&body).map_err(|e| e.to_string())
            }
            "urn" => {
                warn_urn(url, self.log);
                Ok(js::Value::Bool(true))
            }
            _ => Err(format!(
                "no URLLoader registered for {}",
                rudder_gotmpl::fmt::quote(&go_url_string(url))
            )),
        }
    }
}

/// helm 4's wording of a failed fetch (`HTTPURLLoader.Load`).
fn helm4_fetch_error(e: FetchError, url: &str) -> String {
    match e {
        FetchError::Transport(e) => format!(
            "HTTP request failed for {url}: Get {}: {e}",
            rudder_gotmpl::fmt::quote(url)
        ),
        FetchError::Status(status, _) => format!(
            "HTTP request to {url} returned status {status} ({})",
            rudder_gocompat::http_status::status_text(status)
        ),
    }
}

/// gojsonschema's reference loader (helm 3): `file://` reads the file, any other canonical URL
/// is fetched with `http.Get`, the draft meta-schemas aside (served from memory).
struct Helm3Loader<'w> {
    fetcher: &'w dyn SchemaFetcher,
}

impl Loader for Helm3Loader<'_> {
    fn load(&self, url: &str) -> Result<js::Value, String> {
        if let Some(path) = url.strip_prefix("file://") {
            // url.QueryUnescape: `+` is a space.
            let path = rudder_gocompat::url::unescape(&path.replace('+', " "))?;
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("open {path}: {}", io_reason(&e, &path)))?;
            return js::parse_first(&bytes).map_err(|e| e.to_string());
        }
        let scheme = url.split_once(':').map_or("", |(s, _)| s);
        let fetched = match scheme {
            "http" | "https" => self.fetcher.fetch(url, Helm::V3),
            _ => Err(FetchError::Transport(format!(
                "unsupported protocol scheme {}",
                rudder_gotmpl::fmt::quote(scheme)
            ))),
        };
        match fetched {
            Ok(body) => js::parse_first(&body).map_err(|e| e.to_string()),
            Err(FetchError::Transport(e)) => {
                Err(format!("Get {}: {e}", rudder_gotmpl::fmt::quote(url)))
            }
            // Go's `resp.Status`: the code and the server's reason phrase.
            Err(FetchError::Status(code, reason)) => Err(format!(
                "Could not read schema from HTTP, response status is {code} {reason}"
            )),
        }
    }
}

/// Go's text of a file read failure.
fn io_reason(e: &std::io::Error, path: &str) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if std::path::Path::new(path).is_dir() => "is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// A URL as Go's `url.URL.String` re-encodes it (spaces and other unsafe bytes escaped).
fn go_url_string(url: &str) -> String {
    rudder_gocompat::url::percent_encode(url, |b| b"-._~$&+,/:;=@?#%!*'()[]".contains(&b))
}

/// helm logs each unresolved URN once per process, as it meets it.
fn warn_urn(urn: &str, log: &dyn Reporter) {
    static WARNED: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if warned
        .get_or_insert_with(HashSet::new)
        .insert(urn.to_string())
    {
        log.log(
            Level::Warn,
            "unresolved URN reference ignored; using permissive schema",
            &[("urn", urn)],
        );
    }
}

/// helm's `ValidateAgainstSingleSchema`: `values` against one schema document.
pub fn validate_single(
    values: &Value,
    schema: &[u8],
    helm: Helm,
    log: &dyn Reporter,
    fetcher: &dyn SchemaFetcher,
) -> Result<(), SchemaProblem> {
    if helm.is_v3() {
        // helm 3 reads null values (an empty chart's) as an empty object.
        let values = match to_json(values) {
            js::Value::Null => js::Value::Object(Default::default()),
            v => v,
        };
        return js::gojs::validate(schema, &values, &Helm3Loader { fetcher })
            .map_err(SchemaProblem::Helm3);
    }
    let doc = js::parse(schema).map_err(|e| SchemaProblem::Compile(js::CompileError::Json(e)))?;
    if log.enabled(Level::Debug) {
        let text = String::from_utf8_lossy(schema);
        log.log(
            Level::Debug,
            "unmarshalled JSON schema",
            &[("schema", &text)],
        );
    }
    let compiled = js::compile(SCHEMA_URL, doc, &HelmLoader { log, fetcher })
        .map_err(SchemaProblem::Compile)?;
    compiled
        .validate(&to_json(values))
        .map_err(SchemaProblem::Invalid)
}

/// Validates the chart tree's coalesced `values`; the error is helm's report. `log` receives
/// helm's warning lines (unresolved `urn:` references) and, at DEBUG, its walk of the charts:
/// each chart with a schema, each chart's subchart count. `fetcher` loads `http(s)://`
/// references.
pub fn validate(
    chart: &Chart,
    values: &Value,
    helm: Helm,
    log: &dyn Reporter,
    fetcher: &dyn SchemaFetcher,
) -> Result<(), ChartError> {
    let mut failures = Vec::new();
    check(chart, "", values, helm, &mut failures, (log, fetcher));
    if failures.is_empty() {
        return Ok(());
    }
    Err(SchemaError { failures }.into())
}

/// Checks `chart` (at `path` below the root chart) and its subcharts' sections.
fn check(
    chart: &Chart,
    path: &str,
    values: &Value,
    helm: Helm,
    failures: &mut Vec<SchemaFailure>,
    (log, fetcher): (&dyn Reporter, &dyn SchemaFetcher),
) {
    let failure = |chart: &Chart, path: String, problem| SchemaFailure {
        name: chart.name().to_string(),
        path,
        problem,
    };
    if let Some(schema) = &chart.schema {
        log.log(Level::Debug, "chart name", &[("chart-name", chart.name())]);
        if let Err(problem) = validate_single(values, schema, helm, log, fetcher) {
            failures.push(failure(chart, path.to_string(), problem));
        }
    }
    if log.enabled(Level::Debug) {
        let count = chart.dependencies.len().to_string();
        log.log(
            Level::Debug,
            "number of dependencies in the chart",
            &[("chart", chart.name()), ("dependencies", &count)],
        );
    }
    for sub in &chart.dependencies {
        let sub_path = match path {
            "" => format!("charts/{}", sub.name()),
            _ => format!("{path}/charts/{}", sub.name()),
        };
        let raw = values
            .as_map()
            .and_then(|m| m.borrow().get(sub.name()).cloned());
        match raw {
            None | Some(Value::Nil) => {}
            Some(v @ Value::Map(_)) => check(sub, &sub_path, &v, helm, failures, (log, fetcher)),
            Some(other) => failures.push(failure(
                sub,
                sub_path,
                SchemaProblem::NotATable(go_type(&other)),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers every fetch with one outcome, and remembers the helm asked for.
    struct Canned(Result<&'static str, FetchError>, Mutex<Vec<Helm>>);

    impl SchemaFetcher for Canned {
        fn fetch(&self, _url: &str, helm: Helm) -> Result<Vec<u8>, FetchError> {
            self.1.lock().unwrap().push(helm);
            self.0.clone().map(|body| body.as_bytes().to_vec())
        }
    }

    fn canned(outcome: Result<&'static str, FetchError>) -> Canned {
        Canned(outcome, Mutex::new(Vec::new()))
    }

    const URL: &str = "https://schemas.test/s.json";

    fn schema_with_ref() -> Vec<u8> {
        format!(r#"{{"properties":{{"a":{{"$ref":"{URL}"}}}}}}"#).into_bytes()
    }

    fn values(a: Value) -> Value {
        let v = Value::empty_map();
        v.as_map().unwrap().borrow_mut().insert("a".into(), a);
        v
    }

    fn run(helm: Helm, a: Value, fetcher: &Canned) -> Result<(), String> {
        validate_single(
            &values(a),
            &schema_with_ref(),
            helm,
            &rudder_report::Silent,
            fetcher,
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn fetched_schemas_validate_in_both_helms() {
        let string = canned(Ok(r#"{"type":"string"}"#));
        assert_eq!(
            run(Helm::V4, Value::Int64(1), &string).unwrap_err(),
            "- at '/a': got number, want string\n"
        );
        assert!(run(Helm::V4, Value::string("x".into()), &string).is_ok());
        assert!(run(Helm::V3, Value::Int64(1), &string)
            .unwrap_err()
            .contains("Invalid type. Expected: string, given: integer"));
        assert_eq!(
            *string.1.lock().unwrap(),
            vec![Helm::V4, Helm::V4, Helm::V3]
        );
    }

    #[test]
    fn failed_fetches_are_worded_as_each_helm_words_them() {
        let refused = canned(Err(FetchError::Transport("dial tcp: refused".into())));
        assert_eq!(
            run(Helm::V4, Value::Int64(1), &refused).unwrap_err(),
            format!("failing loading \"{URL}\": HTTP request failed for {URL}: Get \"{URL}\": dial tcp: refused")
        );
        assert!(run(Helm::V3, Value::Int64(1), &refused)
            .unwrap_err()
            .contains(&format!("Get \"{URL}\": dial tcp: refused")));
        let missing = canned(Err(FetchError::Status(404, "Nope".into())));
        assert_eq!(
            run(Helm::V4, Value::Int64(1), &missing).unwrap_err(),
            format!(
                "failing loading \"{URL}\": HTTP request to {URL} returned status 404 (Not Found)"
            )
        );
        // Every status Go names has its text (418 had none before).
        let teapot = canned(Err(FetchError::Status(418, "Teapot".into())));
        assert!(run(Helm::V4, Value::Int64(1), &teapot)
            .unwrap_err()
            .ends_with("returned status 418 (I'm a teapot)"));
        assert!(run(Helm::V3, Value::Int64(1), &missing)
            .unwrap_err()
            .contains("Could not read schema from HTTP, response status is 404 Nope"));
    }
}

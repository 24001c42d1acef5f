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

/// helm's loaders: `file://` reads the file, `http://` fetches it, `urn:` is a permissive
/// schema (with a warning), other schemes are not registered.
struct HelmLoader<'w> {
    log: &'w dyn Reporter,
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
            "http" => {
                let body = http_get(url).map_err(|e| e.helm4(url))?;
                js::parse(&body).map_err(|e| e.to_string())
            }
            "https" => Err(https_unsupported(url)
                .err()
                .map_or_else(String::new, |e| e.helm4(url))),
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

/// gojsonschema's reference loader (helm 3): `file://` reads the file, any other canonical URL
/// is fetched with `http.Get`, the draft meta-schemas aside (served from memory).
struct Helm3Loader;

impl Loader for Helm3Loader {
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
            "http" => http_get(url),
            "https" => https_unsupported(url),
            _ => Err(HttpError::Transport(format!(
                "unsupported protocol scheme {}",
                rudder_gotmpl::fmt::quote(scheme)
            ))),
        };
        match fetched {
            Ok(body) => js::parse_first(&body).map_err(|e| e.to_string()),
            Err(HttpError::Transport(e)) => {
                Err(format!("Get {}: {e}", rudder_gotmpl::fmt::quote(url)))
            }
            Err(HttpError::Status(code)) => Err(format!(
                "Could not read schema from HTTP, response status is {code} {}",
                status_text(code)
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

/// Why an HTTP fetch failed: the transport's text (after `Get "URL": `), or the status.
enum HttpError {
    Transport(String),
    Status(u16),
}

impl HttpError {
    /// helm 4's wording.
    fn helm4(self, url: &str) -> String {
        match self {
            HttpError::Transport(e) => format!(
                "HTTP request failed for {url}: Get {}: {e}",
                rudder_gotmpl::fmt::quote(url)
            ),
            HttpError::Status(status) => format!(
                "HTTP request to {url} returned status {status} ({})",
                status_text(status)
            ),
        }
    }
}

/// Without a TLS client, an https reference fails as Go's does when its host does not
/// resolve; a host that resolves is reported as not fetched.
fn https_unsupported(url: &str) -> Result<Vec<u8>, HttpError> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    resolve(host, 443).map_err(HttpError::Transport)?;
    Err(HttpError::Transport(
        "rudder does not fetch https:// schema references".into(),
    ))
}

/// helm's HTTP loader for a plain `http://` URL (15 s timeout), with its error texts.
/// `https://` needs TLS, which rudder does not carry: such references are not loaded.
fn http_get(url: &str) -> Result<Vec<u8>, HttpError> {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;

    let failed = HttpError::Transport;
    let rest = url.trim_start_matches("http://");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let path = path.split('#').next().unwrap_or(path);
    let addr = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let timeout = Duration::from_secs(15);
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    let port = addr
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(80);
    let target = resolve(host, port).map_err(failed)?;
    let mut stream = TcpStream::connect_timeout(&target, timeout).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            std::io::ErrorKind::TimedOut => "i/o timeout".to_string(),
            _ => e.to_string(),
        };
        failed(format!("dial tcp {target}: connect: {reason}"))
    })?;
    let _ = stream.set_read_timeout(Some(timeout));
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: Helm/4.1.4\r\nConnection: close\r\n\r\n"
    );
    let mut response = Vec::new();
    stream
        .write_all(request.as_bytes())
        .and_then(|_| stream.read_to_end(&mut response))
        .map_err(|e| failed(e.to_string()))?;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| failed("malformed HTTP response".into()))?;
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let body = &response[split + 4..];
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| failed("malformed HTTP response".into()))?;
    if status != 200 {
        return Err(HttpError::Status(status));
    }
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    Ok(if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    })
}

/// The address of `host` as Go's resolver finds it, or Go's dial error when it does not
/// resolve (`dial tcp: lookup HOST on NAMESERVER:53: no such host`).
fn resolve(host: &str, port: u16) -> Result<std::net::SocketAddr, String> {
    use rudder_gocompat::resolver;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let ips = resolver::lookup_host_here(host).map_err(|e| format!("dial tcp: {e}"))?;
    ips.first()
        .map(|ip| (*ip, port).into())
        .ok_or_else(|| format!("dial tcp: lookup {host}: no such host"))
}

/// The body of a `Transfer-Encoding: chunked` response.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&body[..eol]);
        let size =
            usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        let start = eol + 2;
        if size == 0 || start + size > body.len() {
            break;
        }
        out.extend_from_slice(&body[start..start + size]);
        body = &body[(start + size + 2).min(body.len())..];
    }
    out
}

/// Go's `http.StatusText` for the statuses a schema server answers with.
fn status_text(code: u16) -> &'static str {
    match code {
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
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
) -> Result<(), SchemaProblem> {
    if helm.is_v3() {
        // helm 3 reads null values (an empty chart's) as an empty object.
        let values = match to_json(values) {
            js::Value::Null => js::Value::Object(Default::default()),
            v => v,
        };
        return js::gojs::validate(schema, &values, &Helm3Loader).map_err(SchemaProblem::Helm3);
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
    let compiled =
        js::compile(SCHEMA_URL, doc, &HelmLoader { log }).map_err(SchemaProblem::Compile)?;
    compiled
        .validate(&to_json(values))
        .map_err(SchemaProblem::Invalid)
}

/// Validates the chart tree's coalesced `values`; the error is helm's report. `log` receives
/// helm's warning lines (unresolved `urn:` references) and, at DEBUG, its walk of the charts:
/// each chart with a schema, each chart's subchart count.
pub fn validate(
    chart: &Chart,
    values: &Value,
    helm: Helm,
    log: &dyn Reporter,
) -> Result<(), ChartError> {
    let mut failures = Vec::new();
    check(chart, "", values, helm, &mut failures, log);
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
    log: &dyn Reporter,
) {
    let failure = |chart: &Chart, path: String, problem| SchemaFailure {
        name: chart.name().to_string(),
        path,
        problem,
    };
    if let Some(schema) = &chart.schema {
        log.log(Level::Debug, "chart name", &[("chart-name", chart.name())]);
        if let Err(problem) = validate_single(values, schema, helm, log) {
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
            Some(v @ Value::Map(_)) => check(sub, &sub_path, &v, helm, failures, log),
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
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// Serves each response once, in order, on a loopback port.
    fn serve(responses: Vec<String>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for r in responses {
                let (mut conn, _) = listener.accept().unwrap();
                let mut buf = [0; 1024];
                let _ = conn.read(&mut buf);
                conn.write_all(r.as_bytes()).unwrap();
            }
        });
        format!("http://{addr}")
    }

    fn schema_with_ref(url: &str) -> Vec<u8> {
        format!(r#"{{"properties":{{"a":{{"$ref":"{url}"}}}}}}"#).into_bytes()
    }

    fn values(a: Value) -> Value {
        let v = Value::empty_map();
        v.as_map().unwrap().borrow_mut().insert("a".into(), a);
        v
    }

    #[test]
    fn http_references() {
        let base = serve(vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{\"type\":\"string\"}".into(),
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n{\"type\":\r\n9\r\n\"string\"}\r\n0\r\n\r\n".into(),
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".into(),
        ]);
        let url = format!("{base}/s.json");
        let err = validate_single(
            &values(Value::Int64(1)),
            &schema_with_ref(&url),
            Helm::V4,
            &rudder_report::Silent,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "- at '/a': got number, want string\n");
        let SchemaProblem::Invalid(invalid) = err else {
            panic!("not a validation failure: {err}")
        };
        assert_eq!(
            invalid.leaves(),
            vec![("/a".to_string(), "got number, want string".to_string())]
        );
        let ok = validate_single(
            &values(Value::string("x".into())),
            &schema_with_ref(&url),
            Helm::V4,
            &rudder_report::Silent,
        );
        assert!(ok.is_ok());
        let missing = format!("{base}/nope.json");
        let err = validate_single(
            &values(Value::Int64(1)),
            &schema_with_ref(&missing),
            Helm::V4,
            &rudder_report::Silent,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("failing loading \"{missing}\": HTTP request to {missing} returned status 404 (Not Found)")
        );
    }

    #[test]
    fn http_connection_refused() {
        let url = "http://127.0.0.1:1/s.json";
        let err = validate_single(
            &values(Value::Int64(1)),
            &schema_with_ref(url),
            Helm::V4,
            &rudder_report::Silent,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "failing loading \"{url}\": HTTP request failed for {url}: Get \"{url}\": dial tcp 127.0.0.1:1: connect: connection refused"
            )
        );
    }
}

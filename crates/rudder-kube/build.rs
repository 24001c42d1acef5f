//! Turns the Kubernetes JSON schemas shipped in the PyPI package `kubernetes-validate` 1.37.0
//! (Apache-2.0) into the compact form `src/bundle.rs` reads, embedded in the binary.
//!
//! The wheel comes from `$RUDDER_KUBE_SCHEMAS_WHEEL` (offline builds), else the repository's
//! `.cache/kubernetes-validate/`, else PyPI (with curl, else pip); its sha256 is checked in
//! every case.
//! Only the lax folders (`v1.NN.0-local`) are read: the strict ones differ only by
//! `additionalProperties: false`, which the validator adds at run time. Descriptions and
//! `x-kubernetes-*` annotations are dropped (no validation reads them), every definition and
//! per-kind schema is stored once however many versions share it, and the texts are deflated
//! in chunks of about 32 KiB so a run inflates only the chunks holding what it uses.
//!
//! Output, `$OUT_DIR/kube-schemas.bin`: `RKS1`, the index's deflated length (u32 LE), the
//! deflated index, then the deflated chunks. The index is text, one record a line:
//! `c <offset> <length>` per chunk (offsets after the index), `b <chunk> <offset> <length>` per
//! text, `v <minor>` starting a version, then what changed since the version before:
//! `d <definition> <text>` and `k <file stem> <text>` (added or changed), `- d|k <name>` (removed).

// A build script talks to cargo on stdout and explains failures on stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

const WHEEL: &str = "kubernetes_validate-1.37.0-py3-none-any.whl";
const WHEEL_SHA256: &str = "85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9";
const WHEEL_URL: &str = "https://files.pythonhosted.org/packages/b0/50/104f3b5a41aba6737c5f2ffe76270398f3a7320dc4a4f3f88dfd5bc9af63/kubernetes_validate-1.37.0-py3-none-any.whl";
const ENV_WHEEL: &str = "RUDDER_KUBE_SCHEMAS_WHEEL";
const FIRST_MINOR: u32 = 25;
const LAST_MINOR: u32 = 37;
const CHUNK: usize = 32 * 1024;

fn main() {
    if let Err(e) = run() {
        eprintln!("rudder-kube build: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed={ENV_WHEEL}");
    let wheel = wheel_path()?;
    println!("cargo:rerun-if-changed={}", wheel.display());
    let bytes = std::fs::read(&wheel).map_err(|e| format!("reading {}: {e}", wheel.display()))?;
    let got = hex(&Sha256::digest(&bytes));
    if got != WHEEL_SHA256 {
        return Err(format!(
            "{} has sha256 {got}, expected {WHEEL_SHA256} (kubernetes-validate 1.37.0)",
            wheel.display()
        ));
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let data = bundle(&bytes)?;
    std::fs::write(out.join("kube-schemas.bin"), data).map_err(|e| e.to_string())
}

/// The wheel to read: the variable's, the cached one, or a fresh download into the cache.
fn wheel_path() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(ENV_WHEEL) {
        return Ok(PathBuf::from(p));
    }
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let cache = manifest.join("../../.cache/kubernetes-validate");
    let path = cache.join(WHEEL);
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(&cache).map_err(|e| format!("creating {}: {e}", cache.display()))?;
    let partial = cache.join(format!("{WHEEL}.part"));
    let curl = Command::new("curl")
        .args(["-fsSL", "--retry", "3", "-o"])
        .arg(&partial)
        .arg(WHEEL_URL)
        .status();
    if curl.is_ok_and(|s| s.success()) {
        std::fs::rename(&partial, &path).map_err(|e| e.to_string())?;
        return Ok(path);
    }
    // No curl, or it failed: pip knows its way to PyPI too.
    let pip = Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", "--quiet", "-d"])
        .arg(&cache)
        .arg("kubernetes-validate==1.37.0")
        .status();
    if pip.is_ok_and(|s| s.success()) && path.exists() {
        return Ok(path);
    }
    Err(format!(
        "downloading {WHEEL} from PyPI failed (with curl and with pip); set {ENV_WHEEL} to a local copy"
    ))
}

/// The stored texts (deduplicated) and, per version, which text each name uses.
#[derive(Default)]
struct Store {
    texts: BTreeMap<String, (String, usize)>,
    versions: BTreeMap<u32, Vec<(char, String, String)>>,
}

impl Store {
    fn add(&mut self, minor: u32, tag: char, name: &str, schema: &Value) {
        let text = serde_json::to_string(&strip(schema)).expect("JSON values serialise");
        let n = self.texts.len();
        self.texts
            .entry(text.clone())
            .or_insert((name.to_string(), n));
        self.versions
            .entry(minor)
            .or_default()
            .push((tag, name.to_string(), text));
    }
}

fn bundle(wheel: &[u8]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(wheel)).map_err(|e| e.to_string())?;
    let mut store = Store::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().to_string();
        let Some((minor, file)) = schema_file(&name) else {
            continue;
        };
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|e| format!("{name}: {e}"))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        if file == "_definitions.json" {
            let defs = json
                .get("$defs")
                .and_then(Value::as_object)
                .ok_or_else(|| format!("{name}: no $defs"))?;
            for (def, schema) in defs {
                store.add(minor, 'd', def, schema);
            }
        } else if file != "all.json" {
            let stem = file.trim_end_matches(".json");
            store.add(minor, 'k', stem, &json);
        }
    }
    if store.versions.len() != (LAST_MINOR - FIRST_MINOR + 1) as usize {
        return Err(format!(
            "expected schemas for 1.{FIRST_MINOR} to 1.{LAST_MINOR}, found {:?}",
            store.versions.keys().collect::<Vec<_>>()
        ));
    }
    Ok(encode(&store))
}

/// `(minor, file)` for `kubernetes_validate/kubernetes-json-schema/v1.NN.0-local/FILE`.
fn schema_file(path: &str) -> Option<(u32, &str)> {
    let rest = path.strip_prefix("kubernetes_validate/kubernetes-json-schema/v1.")?;
    let (folder, file) = rest.split_once('/')?;
    let minor: u32 = folder.strip_suffix(".0-local")?.parse().ok()?;
    ((FIRST_MINOR..=LAST_MINOR).contains(&minor) && file.ends_with(".json"))
        .then_some((minor, file))
}

fn encode(store: &Store) -> Vec<u8> {
    // Texts in name order, so one API group's definitions share chunks.
    let mut order: Vec<(&String, &String)> = store.texts.iter().map(|(t, (n, _))| (n, t)).collect();
    order.sort();
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut index = String::new();
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut current = String::new();
    let mut blobs = String::new();
    for (id, (_, text)) in order.iter().enumerate() {
        ids.insert(text.as_str(), id);
        blobs.push_str(&format!(
            "b {} {} {}\n",
            chunks.len(),
            current.len(),
            text.len()
        ));
        current.push_str(text);
        if current.len() >= CHUNK {
            chunks.push(deflate(current.as_bytes()));
            current.clear();
        }
    }
    if !current.is_empty() {
        chunks.push(deflate(current.as_bytes()));
    }
    let mut offset = 0;
    for c in &chunks {
        index.push_str(&format!("c {offset} {}\n", c.len()));
        offset += c.len();
    }
    index.push_str(&blobs);
    // Each version as the changes from the one before: most names keep their text.
    let mut previous: BTreeMap<(char, &str), usize> = BTreeMap::new();
    for (minor, entries) in &store.versions {
        index.push_str(&format!("v {minor}\n"));
        let current: BTreeMap<(char, &str), usize> = entries
            .iter()
            .map(|(tag, name, text)| ((*tag, name.as_str()), ids[text.as_str()]))
            .collect();
        for ((tag, name), id) in &current {
            if previous.get(&(*tag, *name)) != Some(id) {
                index.push_str(&format!("{tag} {name} {id}\n"));
            }
        }
        for (tag, name) in previous.keys() {
            if !current.contains_key(&(*tag, *name)) {
                index.push_str(&format!("- {tag} {name}\n"));
            }
        }
        previous = current;
    }
    let index = deflate(index.as_bytes());
    let mut out = b"RKS1".to_vec();
    out.extend_from_slice(&(index.len() as u32).to_le_bytes());
    out.extend_from_slice(&index);
    for c in chunks {
        out.extend_from_slice(&c);
    }
    out
}

/// Subschema keywords whose values are maps of schemas, single schemas, or lists of schemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];
const SCHEMA_ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
];
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// The schema without the keywords no validator reads (walking only schema positions, so a
/// property named `description` stays).
fn strip(schema: &Value) -> Value {
    let Value::Object(obj) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (k, v) in obj {
        if k == "description" || k.starts_with("x-kubernetes-") {
            continue;
        }
        let v = match v {
            Value::Object(m) if SCHEMA_MAPS.contains(&k.as_str()) => {
                Value::Object(m.iter().map(|(n, s)| (n.clone(), strip(s))).collect())
            }
            Value::Object(_) if SCHEMA_ONE.contains(&k.as_str()) => strip(v),
            Value::Array(l) if SCHEMA_LISTS.contains(&k.as_str()) => {
                Value::Array(l.iter().map(strip).collect())
            }
            other => other.clone(),
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

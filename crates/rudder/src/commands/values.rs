//! The values flags every rendering command shares (`-f` and the `--set` family), assembled in
//! helm's fixed order.

use std::io::Read;

use anyhow::{anyhow, Result};
use rudder_chart::coalesce::merge_maps;
use rudder_chart::strvals::{parse_into, parse_literal_into, Mode};
use rudder_chart::Helm;
use rudder_gotmpl::{Map, Value};

/// helm's values options (`values.Options`), named and shaped as its flags.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct ValuesArgs {
    /// Specify values in a YAML file (can specify multiple; `-` reads standard input)
    #[arg(short = 'f', long = "values", value_delimiter = ',')]
    pub values: Vec<String>,
    /// Set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)
    #[arg(long = "set")]
    pub set: Vec<String>,
    /// Set STRING values on the command line
    #[arg(long = "set-string")]
    pub set_string: Vec<String>,
    /// Set values from respective files specified via the command line (key1=path1,key2=path2)
    #[arg(long = "set-file")]
    pub set_file: Vec<String>,
    /// Set JSON values on the command line (key1=jsonval1,key2=jsonval2 or a JSON object)
    #[arg(long = "set-json")]
    pub set_json: Vec<String>,
    /// Set a literal STRING value on the command line
    #[arg(long = "set-literal")]
    pub set_literal: Vec<String>,
}

fn read_file(path: &str) -> Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read(path)
        .map(|b| rudder_gotmpl::gostr::from_bytes(&b).into_owned())
        .map_err(|e| anyhow!("open {path}: {}", rudder_chart::load::io_text(&e)))
}

/// `-f` files, then `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`.
pub fn user_values(args: &ValuesArgs, helm: Helm) -> Result<Value> {
    let mut base = Map::new();
    // helm 3 reads one document of a values file, helm 4 merges every document.
    let read = match helm {
        Helm::V3 => rudder_yaml::parse_values_document,
        Helm::V4 => rudder_yaml::parse_values,
    };
    for f in &args.values {
        let text = read_file(f)?;
        let v = read(&text).map_err(|e| anyhow!("failed to parse {f}: {e}"))?;
        if let Some(m) = v.as_map() {
            base = merge_maps(&base, &m.borrow());
        }
    }
    let dest = Value::map(base);
    let m = dest.as_map().expect("a map").clone();
    let no_file = |_: &str| -> Result<String, String> { Ok(String::new()) };
    for s in &args.set_json {
        // A whole JSON object is helm 4's; helm 3 reads it as `key=value` pairs (and fails).
        if helm == Helm::V4 && s.trim_start().starts_with('{') {
            let v = rudder_yaml::parse_json(s)
                .map_err(|e| anyhow!("failed parsing --set-json data JSON: {e}"))?;
            if let Some(obj) = v.as_map() {
                let merged = merge_maps(&m.borrow(), &obj.borrow());
                *m.borrow_mut() = merged;
            }
            continue;
        }
        parse_into(s, &m, Mode::Json, &no_file)
            .map_err(|_| anyhow!("failed parsing --set-json data {s}"))?;
    }
    for s in &args.set {
        parse_into(s, &m, Mode::Typed, &no_file)
            .map_err(|e| anyhow!("failed parsing --set data: {e}"))?;
    }
    for s in &args.set_string {
        parse_into(s, &m, Mode::String, &no_file)
            .map_err(|e| anyhow!("failed parsing --set-string data: {e}"))?;
    }
    let file_reader =
        |p: &str| -> Result<String, String> { read_file(p).map_err(|e| e.to_string()) };
    for s in &args.set_file {
        parse_into(s, &m, Mode::File, &file_reader)
            .map_err(|e| anyhow!("failed parsing --set-file data: {e}"))?;
    }
    for s in &args.set_literal {
        parse_literal_into(s, &m).map_err(|e| anyhow!("failed parsing --set-literal data: {e}"))?;
    }
    Ok(dest)
}

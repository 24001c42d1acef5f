//! `rudder repo list`: the configured repositories as a table, JSON or YAML.

use anyhow::{bail, Result};
use clap::Args;

use rudder_repo::deps::table;
use rudder_repo::repo_file::RepoFile;

use super::super::Context;

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Refused with helm's message: the command takes none.
    #[arg(value_name = "ARGS", hide = true)]
    pub positional: Vec<String>,
    /// suppress headers in the output
    #[arg(long = "no-headers")]
    pub no_headers: bool,
    /// prints the output in the specified format. Allowed values: table, json, yaml
    #[arg(short = 'o', long, default_value = "table")]
    pub output: String,
}

pub fn run(args: &ListArgs, cx: &Context) -> Result<()> {
    let command = super::super::positional::Command {
        path: "helm repo list",
        usage: "",
    };
    command.none(&args.positional)?;
    let format = args.output.as_str();
    if !matches!(format, "table" | "json" | "yaml") {
        bail!(
            "invalid argument {:?} for \"-o, --output\" flag: invalid format type",
            args.output
        );
    }
    let repos = RepoFile::load(&cx.settings.repository_config)
        .map(|f| f.repositories)
        .unwrap_or_default();
    if repos.is_empty() && format == "table" {
        cx.printer.notice("no repositories to show");
        return Ok(());
    }
    let pairs = || repos.iter().map(|r| (r.name.as_str(), r.url.as_str()));
    match format {
        "json" => {
            let items: Vec<String> = pairs()
                .map(|(n, u)| format!("{{\"name\":{},\"url\":{}}}", json(n), json(u)))
                .collect();
            println!("[{}]", items.join(","));
        }
        "yaml" => {
            let items = pairs()
                .map(|(n, u)| {
                    let mut m = rudder_gotmpl::Map::new();
                    m.insert("name".into(), rudder_gotmpl::Value::str(n));
                    m.insert("url".into(), rudder_gotmpl::Value::str(u));
                    rudder_gotmpl::Value::map(m)
                })
                .collect();
            let text = rudder_yaml::to_yaml(&rudder_gotmpl::Value::list(items))
                .map_err(anyhow::Error::msg)?;
            print!("{text}");
        }
        _ => {
            let mut rows = Vec::new();
            if !args.no_headers {
                rows.push(vec!["NAME".to_string(), "URL".to_string()]);
            }
            rows.extend(pairs().map(|(n, u)| vec![n.to_string(), u.to_string()]));
            println!("{}", table(&rows, 0));
        }
    }
    Ok(())
}

fn json(s: &str) -> String {
    rudder_yaml::to_json(&rudder_gotmpl::Value::str(s)).unwrap_or_default()
}

//! `rudder registry login HOST`: checks credentials against the registry and keeps them in
//! helm's registry config, as `helm registry login` does.

use std::io::{BufRead, Read};

use anyhow::{bail, Result};
use clap::Args;
use rudder_report::{Level, Reporter};

use rudder_repo::oci::credentials::Credential;
use rudder_repo::oci::{login, Options};

use super::super::repo::password::prompt_hidden;
use super::super::{positional, Context};

#[derive(Args, Debug)]
pub struct LoginArgs {
    /// The registry host.
    #[arg(value_name = "host")]
    pub positional: Vec<String>,
    /// registry username
    #[arg(short = 'u', long, default_value = "")]
    pub username: String,
    /// registry password or identity token
    #[arg(short = 'p', long, default_value = "")]
    pub password: String,
    /// read password or identity token from stdin
    #[arg(long = "password-stdin")]
    pub password_stdin: bool,
    /// allow connections to TLS registry without certs
    #[arg(long)]
    pub insecure: bool,
    /// identify registry client using this SSL certificate file
    #[arg(long = "cert-file", default_value = "")]
    pub cert_file: String,
    /// identify registry client using this SSL key file
    #[arg(long = "key-file", default_value = "")]
    pub key_file: String,
    /// verify certificates of HTTPS-enabled servers using this CA bundle
    #[arg(long = "ca-file", default_value = "")]
    pub ca_file: String,
    /// use insecure HTTP connections for the chart upload
    #[arg(long = "plain-http")]
    pub plain_http: bool,
}

/// A line typed after `label` (shown as typed).
fn read_line(label: &str) -> Result<String> {
    print!("{label}");
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        bail!("EOF");
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// helm's `getUsernamePassword`.
fn credential(args: &LoginArgs, cx: &Context) -> Result<Credential> {
    let mut username = args.username.clone();
    let mut password = args.password.clone();
    if args.password_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        let text = text.strip_suffix('\n').unwrap_or(&text);
        password = text.strip_suffix('\r').unwrap_or(text).to_string();
    } else if password.is_empty() {
        if username.is_empty() {
            username = read_line("Username: ")?.trim().to_string();
        }
        let (label, missing) = if username.is_empty() {
            ("Token: ", "token required")
        } else {
            ("Password: ", "password required")
        };
        password = prompt_hidden(label)?;
        if password.is_empty() {
            bail!("{missing}");
        }
    } else {
        cx.printer.log(
            Level::Warn,
            "using --password via the CLI is insecure. Use --password-stdin",
            &[],
        );
    }
    Ok(Credential { username, password })
}

pub fn run(args: &LoginArgs, cx: &Context) -> Result<()> {
    positional::Command {
        path: "helm registry login",
        usage: "[host]",
    }
    .at_least(1, &args.positional)?;
    let host = &args.positional[0];
    let credential = credential(args, cx)?;
    let opts = Options {
        registry_config: cx.settings.registry_config.clone(),
        plain_http: args.plain_http,
        insecure_skip_tls_verify: args.insecure,
        cert_file: args.cert_file.clone(),
        key_file: args.key_file.clone(),
        ca_file: args.ca_file.clone(),
        ..Options::default()
    };
    super::check_tls_files(&opts).map_err(anyhow::Error::msg)?;
    if let Some((registry, _)) = host.split_once('/') {
        cx.printer.log(
            Level::Warn,
            "registry login currently only supports registry hostname, not a repository path",
            &[("host", host), ("suggested", registry)],
        );
    }
    login::login(host, &credential, &opts)?;
    eprintln!("Login Succeeded");
    Ok(())
}

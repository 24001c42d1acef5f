//! `rudder push CHART.tgz oci://REGISTRY/PATH`: uploads a chart archive (and its `.prov`) to
//! an OCI registry as `helm push` does.

use std::path::Path;

use anyhow::{bail, Result};
use clap::Args;

use rudder_repo::oci::{self, Options};

use super::{positional, Context};

#[derive(Args, Debug)]
pub struct PushArgs {
    /// The chart archive and the remote (helm's messages when there are not two).
    #[arg(value_name = "chart remote")]
    pub positional: Vec<String>,
    /// identify registry client using this SSL certificate file
    #[arg(long = "cert-file", default_value = "")]
    pub cert_file: String,
    /// identify registry client using this SSL key file
    #[arg(long = "key-file", default_value = "")]
    pub key_file: String,
    /// verify certificates of HTTPS-enabled servers using this CA bundle
    #[arg(long = "ca-file", default_value = "")]
    pub ca_file: String,
    /// skip tls certificate checks for the chart upload
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    /// use insecure HTTP connections for the chart upload
    #[arg(long = "plain-http")]
    pub plain_http: bool,
    /// chart repository username where to locate the requested chart
    #[arg(long, default_value = "")]
    pub username: String,
    /// chart repository password where to locate the requested chart
    #[arg(long, default_value = "")]
    pub password: String,
}

pub fn run(args: &PushArgs, cx: &Context) -> Result<()> {
    let command = positional::Command {
        path: "helm push",
        usage: "[chart] [remote]",
    };
    command.at_least(2, &args.positional)?;
    let (chart, remote) = (&args.positional[0], &args.positional[1]);
    let opts = Options {
        registry_config: cx.settings.registry_config.clone(),
        username: args.username.clone(),
        password: args.password.clone(),
        plain_http: args.plain_http,
        insecure_skip_tls_verify: args.insecure_skip_tls_verify,
        cert_file: args.cert_file.clone(),
        key_file: args.key_file.clone(),
        ca_file: args.ca_file.clone(),
        timeout: None,
    };
    super::registry::check_tls_files(&opts)
        .map_err(|e| anyhow::anyhow!("missing registry client: {e}"))?;
    match rudder_gocompat::url_parse::parse(remote) {
        Err(_) => bail!("invalid chart URL format: {remote}"),
        Ok(u) if u.scheme.is_empty() => {
            bail!("scheme prefix missing from remote (e.g. \"oci://\")")
        }
        Ok(u) if u.scheme != "oci" => bail!("scheme {:?} not supported", u.scheme),
        Ok(_) => {}
    }
    let path = Path::new(chart);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!("{chart}: no such file"),
        Err(e) => bail!("stat {chart}: {}", rudder_chart::load::io_text(&e)),
    };
    if meta.is_dir() {
        bail!("cannot push directory, must provide chart archive (.tgz)");
    }
    rudder_chart::load::load(path, cx.settings.helm, &cx.printer)?;
    let archive = std::fs::read(path)?;
    let prov_path = format!("{chart}.prov");
    let prov = match std::fs::metadata(&prov_path) {
        Ok(_) => Some(std::fs::read(&prov_path)?),
        Err(_) => None,
    };
    let created = rudder_repo::gotime::GoTime::local_rfc3339(meta.modified()?);
    let pushed = oci::push(&archive, prov.as_deref(), remote, &created, &opts)?;
    eprint!("{}", pushed.notice());
    Ok(())
}

//! `rudder dependency list|update|build`: a chart's dependencies, resolved into Chart.lock and
//! `charts/` as `helm dependency` does.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};

use rudder_repo::deps::{self, Options};

use super::{positional, Context};

#[derive(Args, Debug)]
pub struct DependencyArgs {
    #[command(subcommand)]
    pub command: DependencyCommand,
}

#[derive(Subcommand, Debug)]
pub enum DependencyCommand {
    /// Rebuild the charts/ directory based on the Chart.lock file
    Build(FetchArgs),
    /// List the dependencies for the given chart
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Update charts/ based on the contents of Chart.yaml
    #[command(visible_alias = "up")]
    Update(FetchArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[arg(value_name = "CHART")]
    pub chart: Vec<String>,
    /// maximum column width for output table
    #[arg(long = "max-col-width", default_value_t = 80)]
    pub max_col_width: usize,
}

#[derive(Args, Debug)]
pub struct FetchArgs {
    #[arg(value_name = "CHART")]
    pub chart: Vec<String>,
    /// do not refresh the local repository cache
    #[arg(long = "skip-refresh")]
    pub skip_refresh: bool,
    /// verify the packages against signatures
    #[arg(long)]
    pub verify: bool,
    /// keyring containing public keys
    #[arg(long, default_value = "")]
    pub keyring: String,
    /// chart repository username where to locate the requested chart
    #[arg(long, default_value = "")]
    pub username: String,
    /// chart repository password where to locate the requested chart
    #[arg(long, default_value = "")]
    pub password: String,
    /// identify HTTPS client using this SSL certificate file
    #[arg(long = "cert-file", default_value = "")]
    pub cert_file: String,
    /// identify HTTPS client using this SSL key file
    #[arg(long = "key-file", default_value = "")]
    pub key_file: String,
    /// verify certificates of HTTPS-enabled servers using this CA bundle
    #[arg(long = "ca-file", default_value = "")]
    pub ca_file: String,
    /// skip tls certificate checks for the chart download
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    /// use insecure HTTP connections for the chart download
    #[arg(long = "plain-http")]
    pub plain_http: bool,
}

pub fn run(args: &DependencyArgs, cx: &Context) -> Result<()> {
    match &args.command {
        DependencyCommand::List(a) => {
            command("helm dependency list").at_most(1, &a.chart)?;
            print!("{}", deps::list(&chart_path(&a.chart), a.max_col_width)?);
            Ok(())
        }
        DependencyCommand::Update(a) => {
            command("helm dependency update").at_most(1, &a.chart)?;
            fetch(a, cx, false)
        }
        DependencyCommand::Build(a) => {
            command("helm dependency build").at_most(1, &a.chart)?;
            fetch(a, cx, true)
        }
    }
}

fn command(path: &'static str) -> positional::Command {
    positional::Command {
        path,
        usage: "CHART",
    }
}

/// The chart argument as helm takes it: `.` when absent, else cleaned (`filepath.Clean`).
fn chart_path(args: &[String]) -> PathBuf {
    args.first()
        .map_or_else(|| ".".into(), |a| rudder_gocompat::path::clean(a).into())
}

fn options(
    chart_path: PathBuf,
    skip_refresh: bool,
    oci: rudder_repo::oci::Options,
    cx: &Context,
) -> Options {
    Options {
        chart_path,
        repository_config: cx.settings.repository_config.clone(),
        repository_cache: cx.settings.repository_cache.clone(),
        content_cache: cx.settings.content_cache.clone(),
        skip_refresh,
        debug: cx.settings.debug,
        timeout: rudder_repo::http::DEFAULT_TIMEOUT,
        oci,
    }
}

/// Prints helm's lines on stdout as they come.
fn print_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// `helm dependency update` of `chart` as other commands run it first (`template
/// --dependency-update`: its lines on stdout; `package -u`: silent).
pub fn update_for(chart: &std::path::Path, cx: &Context, quiet: bool) -> Result<()> {
    let oci = rudder_repo::oci::Options {
        registry_config: cx.settings.registry_config.clone(),
        ..Default::default()
    };
    let opts = options(chart.to_path_buf(), false, oci, cx);
    let out: &(dyn Fn(&str) + Sync) = if quiet { &|_: &str| {} } else { &print_out };
    deps::update(&opts, out, &cx.printer)?;
    Ok(())
}

fn fetch(args: &FetchArgs, cx: &Context, build: bool) -> Result<()> {
    if args.verify {
        // Provenance checks need helm's OpenPGP keyring support, which rudder does not have:
        // refusing is safer than skipping a verification the user asked for.
        bail!("--verify: rudder cannot check chart signatures; run helm dependency with --verify");
    }
    let oci = rudder_repo::oci::Options {
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
    let opts = options(chart_path(&args.chart), args.skip_refresh, oci, cx);
    let out = print_out;
    if build {
        deps::build(&opts, &out, &cx.printer)?;
    } else {
        deps::update(&opts, &out, &cx.printer)?;
    }
    Ok(())
}

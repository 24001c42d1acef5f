//! `rudder publish`: packages the changed charts (or the given ones), signs them when asked,
//! and publishes them to a pages folder (archives beside an `index.yaml` merged with the one
//! already there, which is what chart-releaser keeps on a `gh-pages` branch), to an OCI
//! registry (as `helm push`), or both. Every target is
//! checked before anything is written; `--dry-run` prints the plan and writes nothing.

use std::path::Path;

use anyhow::{bail, Result};
use clap::Args;
use rudder_release::changed::all_charts;
use rudder_release::config::{Config, Sign};
use rudder_release::paths::from_cwd;
use rudder_release::publish::{plan, Action, Existing, Pages, Registry, Release, Target};
use rudder_release::Repo;
use rudder_repo::oci::Options;
use rudder_repo::package::{package_bytes, PackageOptions};

use super::changed::{list, Selection};
use super::signing::SignArgs;
use super::Context;

#[derive(Args, Debug)]
pub struct PublishArgs {
    /// The chart folders to publish (default: the charts changed against the target branch,
    /// as `rudder changed` lists them)
    #[arg(value_name = "CHART")]
    pub charts: Vec<String>,
    /// Publish every chart of the chart folders, changed or not
    #[arg(long, conflicts_with = "charts")]
    pub all: bool,
    #[command(flatten)]
    pub selection: Selection,
    /// The folder served as the chart repository (archives and index.yaml), e.g. a checkout of
    /// the gh-pages branch
    #[arg(long)]
    pub pages_dir: Option<String>,
    /// The URL the pages folder is served at (without it, index.yaml lists archives relative
    /// to itself)
    #[arg(long)]
    pub pages_url: Option<String>,
    /// An OCI registry to push the charts to (`oci://host/path`; each chart goes to
    /// `path/NAME:VERSION`, as `helm push` puts it)
    #[arg(long, value_name = "REMOTE")]
    pub oci: Option<String>,
    /// Talk plain HTTP to the registry
    #[arg(long = "plain-http")]
    pub plain_http: bool,
    /// Skip the registry's TLS certificate checks
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    /// Verify the registry's certificate with this CA bundle
    #[arg(long = "ca-file", default_value = "")]
    pub ca_file: String,
    /// Skip versions a target already has with other files, instead of refusing them
    #[arg(long)]
    pub skip_existing: bool,
    /// Print what would be published; write nothing (but `--dependency-update`'s charts/)
    #[arg(long)]
    pub dry_run: bool,
    /// Update each chart's dependencies into its charts/ folder before packaging it (as
    /// `package -u`, or chart-releaser's `helm dependency build` step)
    #[arg(short = 'u', long = "dependency-update")]
    pub dependency_update: bool,
    #[command(flatten)]
    pub signing: SignArgs,
}

pub fn run(args: &PublishArgs, cx: &Context) -> Result<()> {
    let repo = Repo::discover(Path::new("."))?;
    let config = Config::load(repo.root())?;
    let signing = signing_of(&args.signing, config.publish.sign.as_ref());
    signing.check()?;
    let mut targets = targets(args, &config, cx)?;
    let skip_existing = args.skip_existing || config.publish.skip_existing.unwrap_or(false);
    let charts = charts(args, &repo, &config, cx)?;
    if charts.is_empty() {
        println!("No chart to publish.");
        return Ok(());
    }
    if args.dependency_update {
        for dir in &charts {
            super::dependency::update_for(Path::new(dir), cx, true)?;
        }
    }
    let releases = package_all(&charts, &signing, cx)?;
    let plan = plan(&releases, &targets, skip_existing)?;
    for row in &plan.rows {
        let release = &releases[row.release];
        let what = match &row.action {
            Action::Publish if args.dry_run => "would publish",
            Action::Publish => "publishing",
            Action::SkipSame => "already published with the same files, skipped",
            Action::SkipExisting(Existing::Listed) => "already listed, skipped (--skip-existing)",
            Action::SkipExisting(_) => {
                "already published with other files, skipped (--skip-existing)"
            }
        };
        println!(
            "{} {} ({}) -> {}: {what}",
            release.name,
            release.version,
            release.chart_dir,
            targets[row.target].name()
        );
    }
    if !args.dry_run {
        plan.apply(&releases, &mut targets)?;
    }
    Ok(())
}

/// The pages folder and the registry asked for, by flags or by the config file.
fn targets(args: &PublishArgs, config: &Config, cx: &Context) -> Result<Vec<Box<dyn Target>>> {
    let mut targets: Vec<Box<dyn Target>> = Vec::new();
    if let Some(dir) = args
        .pages_dir
        .as_ref()
        .or(config.publish.pages_dir.as_ref())
    {
        let url = args
            .pages_url
            .as_ref()
            .or(config.publish.pages_url.as_ref());
        let url = url.map_or("", String::as_str);
        targets.push(Box::new(Pages::open(Path::new(dir), url, &cx.printer)?));
    }
    if let Some(remote) = args.oci.as_ref().or(config.publish.oci.as_ref()) {
        if !remote.starts_with("oci://") {
            bail!("--oci {remote}: the registry must be given as oci://host/path");
        }
        let opts = Options {
            registry_config: cx.settings.registry_config.clone(),
            plain_http: args.plain_http,
            insecure_skip_tls_verify: args.insecure_skip_tls_verify,
            ca_file: args.ca_file.clone(),
            ..Options::default()
        };
        targets.push(Box::new(Registry::new(remote, opts)));
    }
    if targets.is_empty() {
        bail!(
            "nowhere to publish: give --pages-dir or --oci, or publish.pagesDir or publish.oci in {}",
            rudder_release::config::FILE
        );
    }
    Ok(targets)
}

/// The signing flags, completed from `publish.sign` of the config file when not given.
fn signing_of(flags: &SignArgs, config: Option<&Sign>) -> SignArgs {
    match config {
        Some(sign) if !flags.sign => SignArgs {
            sign: true,
            key: sign.key.clone(),
            keyring: sign
                .keyring
                .clone()
                .unwrap_or_else(|| flags.keyring.clone()),
            passphrase_file: sign.passphrase_file.clone(),
        },
        _ => flags.clone(),
    }
}

/// The chart folders to publish: the given ones, all, or the changed ones.
fn charts(args: &PublishArgs, repo: &Repo, config: &Config, cx: &Context) -> Result<Vec<String>> {
    if !args.charts.is_empty() {
        return Ok(args.charts.clone());
    }
    let opts = args.selection.options(config);
    if args.all {
        let chart_dirs = if opts.chart_dirs.is_empty() {
            vec!["charts".to_string()]
        } else {
            opts.chart_dirs.clone()
        };
        let found = all_charts(repo.root(), &chart_dirs, &opts.excluded_charts);
        let cwd = std::path::absolute(".")?;
        let cwd = rudder_release::paths::repo_relative(repo.root(), &cwd, ".")?;
        return Ok(found.iter().map(|c| from_cwd(c, &cwd)).collect());
    }
    Ok(list(repo, &opts, cx)?
        .charts
        .into_iter()
        .map(|c| c.path)
        .collect())
}

/// Each chart packaged as `helm package` packages it, with its `.prov` when signing.
fn package_all(charts: &[String], signing: &SignArgs, cx: &Context) -> Result<Vec<Release>> {
    let mut passphrase = None;
    let mut releases = Vec::new();
    for dir in charts {
        let packaged = package_bytes(Path::new(dir), &PackageOptions::default(), &cx.printer)?;
        let prov = if signing.sign {
            let archive = Path::new(&packaged.file_name);
            Some(signing.sign_archive(&packaged.bytes, archive, &mut passphrase)?)
        } else {
            None
        };
        releases.push(Release {
            chart_dir: dir.clone(),
            name: packaged.metadata.name.clone(),
            version: packaged.metadata.version.clone(),
            file_name: packaged.file_name,
            bytes: packaged.bytes,
            prov,
        });
    }
    Ok(releases)
}

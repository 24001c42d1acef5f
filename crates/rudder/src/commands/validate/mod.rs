//! `rudder validate`: Kubernetes manifests checked against the schemas of a Kubernetes
//! version (bundled, in folders, or downloaded from schema locations' URLs), with kubeconform's
//! flags (Go's single-dash form too), output formats and exit status, so a CI script switches
//! by changing the command's name.

mod input;
mod output;

use std::collections::HashSet;
use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::{bail, Result};
use clap::Args;
use rudder_kube::{
    Downloads, KubeVersion, Location, Options, Outcome, Resource, Sources, Status, Validator,
};
use rudder_repo::kube_download::KubeSchemaDownloader;

use crate::commands::{Context, ExitQuietly};
use output::Format;

/// Stack of the threads that read and validate: reading recurses with a document's nesting
/// (up to the YAML reader's 10,000 levels), as rudder's render thread allows.
pub(super) const STACK: usize = 256 << 20;

/// kubeconform's flags; Go's `-flag` spelling is accepted for each (see [`go_flags`]).
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Files or folders to validate (`.yaml`, `.yml` and `.json` files under them); none or
    /// `-` reads standard input
    pub files: Vec<String>,
    /// Version of Kubernetes to validate against, e.g. 1.30.0 (`master`: the newest bundled)
    #[arg(long = "kubernetes-version", default_value = "master")]
    pub kubernetes_version: String,
    /// Schema location: `default` (the bundled schemas), a folder or URL laid out as
    /// kubernetes-json-schema, or a file path or URL template (repeatable, searched in order)
    #[arg(long = "schema-location")]
    pub schema_location: Vec<String>,
    /// Comma-separated list of kinds or GVKs to ignore
    #[arg(long, default_value = "")]
    pub skip: String,
    /// Comma-separated list of kinds or GVKs to reject
    #[arg(long, default_value = "")]
    pub reject: String,
    /// Disallow additional properties not in schema or duplicated keys
    #[arg(long)]
    pub strict: bool,
    /// Skip files with missing schemas instead of failing
    #[arg(long = "ignore-missing-schemas")]
    pub ignore_missing_schemas: bool,
    /// Regular expression specifying paths to ignore (repeatable)
    #[arg(long = "ignore-filename-pattern")]
    pub ignore_filename_pattern: Vec<String>,
    /// Print a summary at the end (ignored for junit output)
    #[arg(long)]
    pub summary: bool,
    /// Print results for all resources (ignored for tap and junit output)
    #[arg(long)]
    pub verbose: bool,
    /// Output format: json, junit, pretty, tap, text
    #[arg(long, default_value = "text")]
    pub output: String,
    /// Number of workers validating in parallel
    #[arg(long = "n", default_value_t = 4)]
    pub workers: usize,
    /// Stop at the first invalid resource or error
    #[arg(long = "exit-on-error")]
    pub exit_on_error: bool,
    /// Cache schemas downloaded via HTTP to this folder
    #[arg(long)]
    pub cache: Option<String>,
    /// Disable verification of the server's SSL certificate. This will make your HTTPS
    /// connections insecure
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
}

/// The flags Go's `flag` package lets kubeconform users write with one dash.
const GO_FLAGS: &[&str] = &[
    "kubernetes-version",
    "schema-location",
    "skip",
    "reject",
    "strict",
    "ignore-missing-schemas",
    "ignore-filename-pattern",
    "summary",
    "verbose",
    "output",
    "n",
    "exit-on-error",
    "cache",
    "insecure-skip-tls-verify",
    "debug",
];

/// The arguments with `validate`'s Go-style `-flag` rewritten as `--flag` (`-h` as `--help`).
pub fn go_flags(args: Vec<String>) -> Vec<String> {
    let Some(at) = args.iter().position(|a| a == "validate") else {
        return args;
    };
    if args[1..at].iter().any(|a| !a.starts_with('-')) {
        return args; // `validate` is an argument of another command
    }
    args.into_iter()
        .enumerate()
        .map(|(i, a)| {
            if i <= at || a.starts_with("--") || !a.starts_with('-') {
                return a;
            }
            let name = a[1..].split('=').next().unwrap_or("");
            if a == "-h" {
                "--help".into()
            } else if GO_FLAGS.contains(&name) {
                format!("-{a}")
            } else {
                a
            }
        })
        .collect()
}

fn csv(s: &str) -> HashSet<String> {
    s.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn run(args: &ValidateArgs, _cx: &Context) -> Result<()> {
    let started = std::time::Instant::now();
    let version = KubeVersion::parse(&args.kubernetes_version).map_err(|e| {
        anyhow::anyhow!(
            "failed parsing command line: invalid value \"{}\" for flag -kubernetes-version: {e}",
            args.kubernetes_version
        )
    })?;
    let Some(format) = Format::parse(&args.output) else {
        bail!("'outputFormat' must be 'json', 'junit', 'pretty', 'tap' or 'text'");
    };
    let (locations, cache) = Location::parse_all(&args.schema_location, args.cache.as_deref())
        .map_err(anyhow::Error::msg)?;
    let ignore = args
        .ignore_filename_pattern
        .iter()
        .map(|p| regex::Regex::new(p))
        .collect::<Result<Vec<_>, _>>()?;
    let from_stdin = args.files.is_empty() || args.files == ["-"];
    if from_stdin && std::io::stdin().is_terminal() {
        bail!("failing to read data from stdin");
    }
    let opts = Options {
        kubernetes_version: version,
        strict: args.strict,
        ignore_missing_schemas: args.ignore_missing_schemas,
        sources: Sources {
            locations,
            downloads: Some(Arc::new(Downloads::new(
                Box::new(KubeSchemaDownloader::new()),
                cache,
                args.insecure_skip_tls_verify,
            ))),
        },
        skip: csv(&args.skip),
        reject: csv(&args.reject),
    };
    let mut validator = Validator::new(opts).map_err(anyhow::Error::msg)?;
    let workers = args.workers.max(1);
    let inputs = if from_stdin {
        input::stdin(args.strict, STACK)?
    } else {
        input::files(&args.files, &ignore, args.strict, workers)
    };
    let resources: Vec<&Resource> = inputs.iter().map(|i| &i.resource).collect();
    validator.add_crds(resources);
    let mut results = validate_all(&validator, &inputs, workers);
    if args.exit_on_error {
        if let Some(first) = results
            .iter()
            .position(|(_, o)| matches!(o.status, Status::Error | Status::Invalid))
        {
            results.truncate(first + 1);
        }
    }
    let text = output::render(
        format,
        &results,
        args.summary,
        from_stdin,
        args.verbose,
        started,
    );
    print!("{text}");
    let failed = results
        .iter()
        .any(|(_, o)| matches!(o.status, Status::Error | Status::Invalid));
    if failed {
        return Err(ExitQuietly.into());
    }
    Ok(())
}

/// Each input's outcome, in input order, validated by `workers` threads.
fn validate_all<'a>(
    validator: &Validator,
    inputs: &'a [input::Input],
    workers: usize,
) -> Vec<(&'a input::Input, Outcome)> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut outcomes: Vec<Option<Outcome>> = vec![None; inputs.len()];
    let chunks: Vec<Vec<(usize, Outcome)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.min(inputs.len().max(1)))
            .filter_map(|_| {
                let thread = std::thread::Builder::new().stack_size(STACK);
                thread
                    .spawn_scoped(s, || {
                        let mut session = validator.session();
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(input) = inputs.get(i) else { break };
                            let outcome = match &input.error {
                                Some(e) => Outcome {
                                    status: Status::Error,
                                    message: Some(e.clone()),
                                    errors: Vec::new(),
                                    leaves: Vec::new(),
                                },
                                None => session.validate(&input.resource),
                            };
                            done.push((i, outcome));
                        }
                        done
                    })
                    .ok()
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, o) in chunks.into_iter().flatten() {
        outcomes[i] = Some(o);
    }
    // A thread that could not start leaves its share undone: reported, not dropped.
    inputs
        .iter()
        .zip(outcomes)
        .map(|(i, o)| {
            let o = o.unwrap_or_else(|| Outcome {
                status: Status::Error,
                message: Some("not validated: no worker thread could be started".into()),
                errors: Vec::new(),
                leaves: Vec::new(),
            });
            (i, o)
        })
        .collect()
}

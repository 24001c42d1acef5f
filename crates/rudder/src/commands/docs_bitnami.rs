//! Bitnami-style charts in `rudder docs`: `rudder docs bitnami` takes readme-generator's own
//! flags (`-v`, `-r`, `-s`, `-c`) for a one-word switch from `readme-generator`, and the
//! repository mode documents each chart whose values use `## @param` comments this way.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use clap::Args;
use rudder_docs::bitnami::{self, Config, Outcome};

/// readme-generator's flags, with rudder's `--check` and `--dry-run`.
#[derive(Args, Debug)]
pub struct BitnamiArgs {
    /// Path to the values.yaml file
    #[arg(short = 'v', long)]
    pub values: Option<PathBuf>,
    /// Path to the README.md file
    #[arg(short = 'r', long)]
    pub readme: Option<PathBuf>,
    /// Path to the config file
    #[arg(short = 'c', long)]
    pub config: Option<PathBuf>,
    /// Path for the OpenAPI Schema output file
    #[arg(short = 's', long)]
    pub schema: Option<PathBuf>,
    /// Write nothing; print a diff for each file that would change
    #[arg(short = 'd', long)]
    pub dry_run: bool,
    /// Write nothing; print a diff for each file that is not up to date, and fail if any
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
}

/// Reads readme-generator's config file, or gives its default one.
pub fn config(path: Option<&Path>) -> Result<Config> {
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Config::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// A file as it is (empty when missing), and as the run would leave it.
pub struct Change {
    pub path: PathBuf,
    pub before: String,
    pub after: String,
}

impl Change {
    pub fn new(path: &Path, after: String) -> Result<Change> {
        let before = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(anyhow!("{}: {e}", path.display())),
        };
        Ok(Change {
            path: path.to_path_buf(),
            before,
            after,
        })
    }

    pub fn changed(&self) -> bool {
        self.before != self.after
    }

    pub fn diff(&self) -> String {
        let name = self.path.display().to_string();
        similar::TextDiff::from_lines(&self.before, &self.after)
            .unified_diff()
            .header(&name, &name)
            .to_string()
    }

    pub fn write(&self) -> Result<()> {
        std::fs::write(&self.path, &self.after).with_context(|| self.path.display().to_string())
    }
}

/// The files one chart's run would change, or why it failed: the check's lines (as the tool
/// prints them) and its error.
pub fn chart(
    values: &Path,
    readme: Option<&Path>,
    schema: Option<&Path>,
    config: &Config,
) -> Result<Vec<Change>, String> {
    let text = std::fs::read_to_string(values).map_err(|e| format!("{}: {e}", values.display()))?;
    let current = match readme {
        Some(path) => {
            Some(std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let outcome: Outcome = bitnami::generate(&text, current.as_deref(), schema.is_some(), config);
    let mut changes = Vec::new();
    if let (Some(path), Some(text)) = (readme, outcome.readme) {
        changes.push(Change::new(path, text).map_err(|e| e.to_string())?);
    }
    if let (Some(path), Some(text)) = (schema, outcome.schema) {
        changes.push(Change::new(path, text).map_err(|e| e.to_string())?);
    }
    match outcome.error {
        None => Ok(changes),
        Some(error) => {
            let mut lines: Vec<String> = outcome.check.map(|c| c.errors).unwrap_or_default();
            lines.push(error);
            Err(lines.join("\n"))
        }
    }
}

/// `rudder docs bitnami`: readme-generator's run, its messages and exit status.
pub fn run(args: &BitnamiArgs) -> Result<()> {
    if args.readme.is_none() && args.schema.is_none() {
        bail!("Nothing to do. Please provide the --readme or --schema options.");
    }
    let Some(values) = &args.values else {
        bail!("Nothing to do. You must provide the --values option");
    };
    let config = config(args.config.as_deref())?;
    let text = std::fs::read_to_string(values).with_context(|| values.display().to_string())?;
    let current = match &args.readme {
        Some(path) => {
            Some(std::fs::read_to_string(path).with_context(|| path.display().to_string())?)
        }
        None => None,
    };
    let outcome = bitnami::generate(&text, current.as_deref(), args.schema.is_some(), &config);
    let mut out = std::io::stdout().lock();
    if let Some(check) = &outcome.check {
        out.write_all(check.report().as_bytes())?;
    }
    let writing = !args.check && !args.dry_run;
    let mut stale = 0;
    let files = [
        (&args.readme, &outcome.readme),
        (&args.schema, &outcome.schema),
    ];
    for (path, text) in files {
        let (Some(path), Some(text)) = (path, text) else {
            continue;
        };
        let change = Change::new(path, text.clone())?;
        if !change.changed() {
            continue;
        }
        stale += 1;
        match writing {
            true => change.write()?,
            false => out.write_all(change.diff().as_bytes())?,
        }
    }
    out.flush()?;
    if let Some(error) = outcome.error {
        bail!(error);
    }
    if args.check && stale > 0 {
        bail!("{stale} file(s) out of date: run `rudder docs bitnami` to regenerate");
    }
    Ok(())
}

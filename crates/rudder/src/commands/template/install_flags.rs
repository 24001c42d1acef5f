//! The install-only flags `helm template` accepts: they change nothing in the output, but helm
//! still checks their values and warns about deprecated forms, with these messages.

use anyhow::{bail, Result};
use rudder_report::{Level, Reporter};

use super::args::IgnoredInstallFlags;
use crate::printer::Printer;
use crate::settings::parse_go_bool;

/// The wait strategies `--wait` names.
const WAIT_STRATEGIES: [&str; 3] = ["watcher", "hookOnly", "legacy"];

/// pflag's message for a value its flag type refuses.
fn invalid_argument(value: &str, flag: &str, reason: &str) -> String {
    format!("invalid argument {value:?} for {flag:?} flag: {reason}")
}

/// What pflag checks while it parses: the values' syntax. (pflag stops at the first bad flag
/// in argument order; here the order is that of the flag list below.)
pub fn check_values(flags: &IgnoredInstallFlags, printer: &Printer) -> Result<()> {
    for value in &flags.atomic {
        parse_go_bool(value)
            .map_err(|e| anyhow::anyhow!(invalid_argument(value, "--atomic", &e)))?;
        printer.notice("Flag --atomic has been deprecated, use --rollback-on-failure instead");
    }
    if let Some(timeout) = &flags.timeout {
        rudder_gocompat::duration::parse_duration(timeout)
            .map_err(|e| anyhow::anyhow!(invalid_argument(timeout, "--timeout", &e)))?;
    }
    if let Some(wait) = &flags.wait {
        if !WAIT_STRATEGIES.contains(&wait.as_str()) {
            let reason = format!(
                "invalid wait input {wait:?}. Valid inputs are watcher, hookOnly, and legacy"
            );
            bail!(invalid_argument(wait, "--wait", &reason));
        }
    }
    for labels in &flags.labels {
        check_labels(labels)
            .map_err(|e| anyhow::anyhow!(invalid_argument(labels, "-l, --labels", &e)))?;
    }
    Ok(())
}

/// pflag's `stringToString`: one `key=value` (the value may hold commas), or several
/// comma-separated pairs.
fn check_labels(value: &str) -> Result<(), String> {
    let pairs: Vec<&str> = match value.matches('=').count() {
        0 => return Err(format!("{value} must be formatted as key=value")),
        1 => vec![value],
        _ => value.split(',').collect(),
    };
    match pairs.iter().find(|pair| !pair.contains('=')) {
        Some(bad) => Err(format!("{bad} must be formatted as key=value")),
        None => Ok(()),
    }
}

/// helm's `--dry-run` handling in template mode: client-side is what template does; the
/// boolean forms are deprecated and the rest refused.
pub fn check_dry_run(flags: &IgnoredInstallFlags, printer: &Printer) -> Result<()> {
    match flags.dry_run.as_deref() {
        None | Some("client") => Ok(()),
        Some("unset") => {
            printer.log(
                Level::Warn,
                "--dry-run is deprecated and should be replaced with '--dry-run=client'",
                &[],
            );
            Ok(())
        }
        Some("true") => {
            printer.log(
                Level::Warn,
                "boolean '--dry-run=true' flag is deprecated and must be replaced with '--dry-run=client'",
                &[],
            );
            Ok(())
        }
        Some("server") => bail!(
            "--dry-run=server needs a Kubernetes cluster, and rudder does not connect to clusters"
        ),
        Some("") => bail!(r#"invalid dry-run value (""). Must be "none", "server", or "client""#),
        Some(other) => bail!(r#"invalid dry-run value ({other:?}). Must be "server" or "client""#),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // helm v4.1.4's verdicts.
    #[test]
    fn labels_are_key_value_pairs() {
        assert!(check_labels("a=b").is_ok());
        assert!(check_labels("a=b,c").is_ok());
        assert!(check_labels("a=b,c=d").is_ok());
        assert_eq!(
            check_labels("a").unwrap_err(),
            "a must be formatted as key=value"
        );
        assert_eq!(
            check_labels("a=b,c,d=e").unwrap_err(),
            "c must be formatted as key=value"
        );
    }
}

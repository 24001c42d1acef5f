//! `rudder registry login|logout`: credentials for OCI registries, kept in helm's registry
//! config.

pub mod login;
pub mod logout;

use anyhow::Result;
use clap::{Args, Subcommand};

use super::Context;

#[derive(Args, Debug)]
pub struct RegistryArgs {
    #[command(subcommand)]
    pub command: RegistryCommand,
}

#[derive(Subcommand, Debug)]
pub enum RegistryCommand {
    /// login to a registry
    Login(login::LoginArgs),
    /// logout from a registry
    Logout(logout::LogoutArgs),
}

pub fn run(args: &RegistryArgs, cx: &Context) -> Result<()> {
    match &args.command {
        RegistryCommand::Login(a) => login::run(a, cx),
        RegistryCommand::Logout(a) => logout::run(a, cx),
    }
}

/// helm's `tlsutil.NewTLSConfig` checks, made before anything is sent: the files named must
/// be readable (worded as helm's `can't create TLS config for client: ...`).
pub fn check_tls_files(opts: &rudder_repo::oci::Options) -> Result<(), String> {
    let tls = (!opts.cert_file.is_empty() && !opts.key_file.is_empty())
        || !opts.ca_file.is_empty()
        || opts.insecure_skip_tls_verify;
    if !tls {
        return Ok(());
    }
    let read = |what: &str, path: &str| {
        std::fs::read(path).map(|_| ()).map_err(|e| {
            format!(
                "{what}: {path:?}: open {path}: {}",
                rudder_chart::load::io_text(&e)
            )
        })
    };
    let mut errors = Vec::new();
    if !opts.cert_file.is_empty() || !opts.key_file.is_empty() {
        errors.extend(read("unable to read cert file", &opts.cert_file).err());
        errors.extend(read("unable to read key file", &opts.key_file).err());
    }
    if !opts.ca_file.is_empty() {
        errors.extend(read("can't read CA file", &opts.ca_file).err());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "can't create TLS config for client: {}",
            errors.join("\n")
        ))
    }
}

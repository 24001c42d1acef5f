//! helm's `ChartPathOptions` flags (`--repo`, `--version`, `--verify`, credentials, TLS),
//! shared by the commands that take a chart from a repository, and the fetch options they make.

use clap::Args;
use rudder_repo::remote::{Credentials, Options, Provenance};

use super::{signing, Context};

#[derive(Args, Debug, Default, Clone)]
pub struct ChartPathArgs {
    /// verify certificates of HTTPS-enabled servers using this CA bundle
    #[arg(long = "ca-file", default_value = "")]
    pub ca_file: String,
    /// identify HTTPS client using this SSL certificate file
    #[arg(long = "cert-file", default_value = "")]
    pub cert_file: String,
    /// identify HTTPS client using this SSL key file
    #[arg(long = "key-file", default_value = "")]
    pub key_file: String,
    /// skip tls certificate checks for the chart download
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    /// use insecure HTTP connections for the chart download
    #[arg(long = "plain-http")]
    pub plain_http: bool,
    /// location of public keys used for verification
    #[arg(long, default_value_t = signing::default_keyring())]
    pub keyring: String,
    /// chart repository password where to locate the requested chart
    #[arg(long, default_value = "")]
    pub password: String,
    /// pass credentials to all domains
    #[arg(long = "pass-credentials")]
    pub pass_credentials: bool,
    /// chart repository url where to locate the requested chart
    #[arg(long, default_value = "")]
    pub repo: String,
    /// chart repository username where to locate the requested chart
    #[arg(long, default_value = "")]
    pub username: String,
    /// verify the package before using it
    #[arg(long)]
    pub verify: bool,
    /// specify a version constraint for the chart version to use. This constraint can be a
    /// specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is
    /// not specified, the latest version is used
    #[arg(long, default_value = "")]
    pub version: String,
    /// use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set,
    /// this is ignored
    #[arg(long)]
    pub devel: bool,
}

impl ChartPathArgs {
    /// The version constraint: `--version`, else `>0.0.0-0` with `--devel` (logged as helm
    /// logs it), trimmed as helm's `LocateChart` trims it.
    pub fn constraint(&self, cx: &Context) -> String {
        if self.version.is_empty() && self.devel {
            use rudder_report::Reporter;
            cx.printer.log(
                rudder_report::Level::Debug,
                "setting version to >0.0.0-0",
                &[],
            );
            return ">0.0.0-0".into();
        }
        self.version.trim().to_string()
    }

    pub fn credentials(&self) -> Credentials {
        Credentials {
            username: self.username.clone(),
            password: self.password.clone(),
            pass_credentials_all: self.pass_credentials,
            cert_file: self.cert_file.clone(),
            key_file: self.key_file.clone(),
            ca_file: self.ca_file.clone(),
            insecure_skip_tls_verify: self.insecure_skip_tls_verify,
            plain_http: self.plain_http,
        }
    }

    /// The fetch options for `version` with helm's settings.
    pub fn options(&self, version: String, provenance: Provenance, cx: &Context) -> Options {
        let s = &cx.settings;
        Options {
            version,
            credentials: self.credentials(),
            provenance,
            repository_config: s.repository_config.clone(),
            repository_cache: s.repository_cache.clone(),
            content_cache: s.content_cache.clone(),
            registry_config: s.registry_config.clone(),
            timeout: rudder_repo::http::DEFAULT_TIMEOUT,
            credentials_stay_with_repo: false,
        }
    }
}

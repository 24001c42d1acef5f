//! `helm registry login` and `logout`: the credentials checked against the registry's `/v2/`
//! and kept in (or removed from) helm's registry config.

use reqwest::Method;

use super::client::{Access, Client, Request};
use super::credentials::{server_address, ConfigFile, Credential};
use super::errors::error_response;
use super::{OciError, Options};

/// Checks `credential` on `host` (`GET /v2/`, answering its challenge) and files it under
/// the host in `opts.registry_config`.
pub fn login(host: &str, credential: &Credential, opts: &Options) -> Result<(), OciError> {
    let client = Client::with_credential(host, opts, credential.clone());
    let req = Request::new(Method::GET, client.url(""));
    let resp = client
        .send(&req, "", Access::Pull)
        .map_err(|e| OciError::Message(format!("authenticating to {host:?}: {e}")))?;
    let e = match resp.status().as_u16() {
        200 => None,
        404 => Some("not found".to_string()),
        _ => Some(error_response("GET", resp).to_string()),
    };
    if let Some(e) = e {
        return Err(OciError::Message(format!(
            "authenticating to {host:?}: {e}"
        )));
    }
    let mut file = ConfigFile::load(&opts.registry_config)?;
    file.put(server_address(host), credential)
}

/// Removes `host`'s credentials from `opts.registry_config` (nothing to remove is no error).
pub fn logout(host: &str, opts: &Options) -> Result<(), OciError> {
    let mut file = ConfigFile::load(&opts.registry_config)?;
    file.delete(server_address(host))
}

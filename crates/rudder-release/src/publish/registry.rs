//! An OCI registry as a publish target: each chart goes to `REMOTE/NAME:VERSION`, as
//! `helm push CHART.tgz REMOTE` puts it. A version the registry has is pulled and compared
//! file by file.

use std::time::SystemTime;

use rudder_repo::gotime::GoTime;
use rudder_repo::oci::{self, Options};

use super::content::same_files;
use super::{Existing, Release, Target};
use crate::error::Error;

pub struct Registry {
    /// `oci://host/path`.
    remote: String,
    opts: Options,
}

impl Registry {
    pub fn new(remote: &str, opts: Options) -> Registry {
        Registry {
            remote: remote.trim_end_matches('/').to_string(),
            opts,
        }
    }
}

fn failed(e: oci::OciError) -> Error {
    Error::Publish(e.to_string())
}

impl Target for Registry {
    fn name(&self) -> String {
        self.remote.clone()
    }

    fn existing(&self, release: &Release) -> crate::Result<Existing> {
        let reference = format!("{}/{}", self.remote, release.name);
        match oci::pull(&reference, &release.version, &self.opts) {
            Ok(pulled) if same_files(&pulled.chart, &release.bytes) => Ok(Existing::Same),
            Ok(_) => Ok(Existing::Different),
            // No such tag, or no such repository yet.
            Err(e) if e.status() == Some(404) => Ok(Existing::Absent),
            Err(e) => Err(failed(e)),
        }
    }

    fn publish(&mut self, releases: &[&Release]) -> crate::Result<()> {
        let created = GoTime::local_rfc3339(SystemTime::now());
        for release in releases {
            let prov = release.prov.as_deref();
            oci::push(&release.bytes, prov, &self.remote, &created, &self.opts).map_err(failed)?;
        }
        Ok(())
    }
}

//! A pages folder (what chart-releaser keeps on a `gh-pages` branch): chart archives beside an
//! `index.yaml` that helm reads as a chart repository. New archives are added to the existing
//! index; the entries already there are kept as they are.

use std::path::{Path, PathBuf};

use rudder_repo::index::{archive_url, digest, IndexFile};
use rudder_report::Reporter;

use super::content::same_files;
use super::{Existing, Release, Target};
use crate::error::{io, Error};

pub struct Pages {
    dir: PathBuf,
    /// The URL the folder is served at; archives are listed relative to the index without one.
    url: String,
    index: IndexFile,
}

impl Pages {
    /// Opens the folder `dir` (which need not exist yet) and its index.
    pub fn open(dir: &Path, url: &str, reporter: &dyn Reporter) -> crate::Result<Pages> {
        let path = dir.join("index.yaml");
        let index = if path.exists() {
            IndexFile::load(&path, reporter).map_err(|e| Error::Publish(e.to_string()))?
        } else {
            IndexFile::new()
        };
        Ok(Pages {
            dir: dir.to_path_buf(),
            url: url.to_string(),
            index,
        })
    }

    fn archive(&self, release: &Release) -> PathBuf {
        self.dir.join(&release.file_name)
    }
}

impl Target for Pages {
    fn name(&self) -> String {
        format!("pages folder {}", self.dir.display())
    }

    fn existing(&self, release: &Release) -> crate::Result<Existing> {
        let path = self.archive(release);
        match std::fs::read(&path) {
            Ok(bytes) if same_files(&bytes, &release.bytes) => return Ok(Existing::Same),
            Ok(_) => return Ok(Existing::Different),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(path)(e)),
        }
        Ok(match self.index.get(&release.name, &release.version) {
            None => Existing::Absent,
            Some(entry) if entry.digest() == digest(&release.bytes) => Existing::Same,
            Some(_) => Existing::Listed,
        })
    }

    fn publish(&mut self, releases: &[&Release]) -> crate::Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        for release in releases {
            let path = self.archive(release);
            std::fs::write(&path, &release.bytes).map_err(io(&path))?;
            if let Some(prov) = &release.prov {
                let mut prov_path = path.clone().into_os_string();
                prov_path.push(".prov");
                std::fs::write(&prov_path, prov).map_err(io(PathBuf::from(&prov_path)))?;
            }
            let url = archive_url(&self.url, "", &release.file_name);
            self.index
                .add_archive(&release.bytes, url, &release.file_name)
                .map_err(|e| Error::Publish(e.to_string()))?;
        }
        self.index.sort_entries();
        self.index
            .write(&self.dir.join("index.yaml"), false)
            .map_err(|e| Error::Publish(e.to_string()))
    }
}

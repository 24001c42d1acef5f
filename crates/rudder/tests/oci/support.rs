//! What the OCI tests share: a registry and a helm home per tool, charts packaged by helm,
//! and the manifests the registry stored, read from its storage folder.

use std::fs;
use std::path::{Path, PathBuf};

pub use rudder_testkit::oci_registry::{Options, Registry};

/// Exit code, stdout and stderr.
pub type Outcome = (i32, String, String);

pub fn rudder() -> PathBuf {
    rudder_testkit::rudder_binary(env!("CARGO_BIN_EXE_rudder"))
}

/// helm and the registry, or `None` (with a notice) when either is missing.
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub helm: PathBuf,
    pub registry: Registry,
}

impl Setup {
    pub fn new(options: impl FnOnce(&Path) -> Options) -> Option<Setup> {
        let helm = rudder_testkit::reference_helm()?;
        let dir = tempfile::tempdir().unwrap();
        let options = options(dir.path());
        let registry = Registry::start(&dir.path().join("registry"), &options)?;
        Some(Setup {
            dir,
            helm,
            registry,
        })
    }

    pub fn plain() -> Option<Setup> {
        Setup::new(|_| Options::default())
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `bin ARGS` run in the work folder with the helm home `home` (its own config, cache and
    /// data folders); the work folder shows as `W` and the registry as `REGISTRY`.
    pub fn run(&self, bin: &Path, home: &str, args: &[&str]) -> Outcome {
        self.run_with_stdin(bin, home, args, "")
    }

    pub fn run_with_stdin(&self, bin: &Path, home: &str, args: &[&str], stdin: &str) -> Outcome {
        use std::io::Write;
        let at = |sub: &str| self.path().join(home).join(sub);
        let mut child = std::process::Command::new(bin)
            .args(args)
            .current_dir(self.path())
            .env_clear()
            .env("HOME", self.path().join(home))
            .env("PATH", "/usr/bin:/bin")
            .env("HELM_CONFIG_HOME", at("config"))
            .env("HELM_CACHE_HOME", at("cache"))
            .env("HELM_DATA_HOME", at("data"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        let out = child.wait_with_output().unwrap();
        let hide = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .replace(&self.path().display().to_string(), "W")
                .replace(&self.registry.host(), "REGISTRY")
        };
        (
            out.status.code().unwrap_or(-1),
            hide(&out.stdout),
            hide(&out.stderr),
        )
    }

    /// The registry config a tool's home holds.
    pub fn registry_config(&self, home: &str) -> PathBuf {
        self.path().join(home).join("config/registry/config.json")
    }

    /// A chart folder `name` at `version`, packaged by helm into the work folder; the archive.
    pub fn package(&self, name: &str, version: &str, extra: &str) -> PathBuf {
        let src = self.path().join("src").join(format!("{name}-{version}"));
        let root = rudder_testkit::write_chart(&src, name, version, extra);
        let out = self.run(
            &self.helm,
            "helm",
            &[
                "package",
                root.to_str().unwrap(),
                "-d",
                self.path().to_str().unwrap(),
            ],
        );
        assert_eq!(out.0, 0, "packaging {name}: {}", out.2);
        self.path().join(format!("{name}-{version}.tgz"))
    }

    /// `oci://HOST/path`.
    pub fn remote(&self, path: &str) -> String {
        format!("oci://{}/{path}", self.registry.host())
    }

    /// The manifest the registry keeps for `repository:tag`, as it stored the bytes.
    pub fn stored_manifest(&self, repository: &str, tag: &str) -> Vec<u8> {
        let v2 = self.registry.dir().join("storage/docker/registry/v2");
        let link = v2.join(format!(
            "repositories/{repository}/_manifests/tags/{tag}/current/link"
        ));
        let digest =
            fs::read_to_string(&link).unwrap_or_else(|e| panic!("{}: {e}", link.display()));
        let hex = digest.trim().trim_start_matches("sha256:").to_string();
        fs::read(v2.join(format!("blobs/sha256/{}/{hex}/data", &hex[..2]))).unwrap()
    }
}

/// The library's options for the plain registry, with `home`'s registry config.
pub fn plain_options(setup: &Setup, home: &str) -> rudder_repo::oci::Options {
    rudder_repo::oci::Options {
        registry_config: setup.registry_config(home),
        plain_http: true,
        ..Default::default()
    }
}

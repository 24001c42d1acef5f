//! Debian's `docker-registry` (the CNCF distribution registry) on a loopback port, for the
//! OCI tests: storage in a folder of its own, optional htpasswd authentication (the bcrypt
//! entry written here), optional TLS with a [`TestCa`] certificate. It stops when dropped.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::test_ca::TestCa;

/// Where Debian installs the registry.
const BINARY: &str = "/usr/bin/docker-registry";

/// How the registry is set up.
#[derive(Default)]
pub struct Options {
    /// Require these credentials (basic authentication).
    pub basic_auth: Option<(String, String)>,
    /// Serve HTTPS with this authority's server certificate.
    pub tls: Option<TestCa>,
}

/// A running registry.
pub struct Registry {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
}

/// The registry binary, or `None` with a notice when it is not installed. With
/// `RUDDER_REQUIRE_REFERENCES` set (as in CI) a missing binary fails the test.
pub fn binary() -> Option<PathBuf> {
    crate::installed_reference(
        PathBuf::from(BINARY),
        "docker-registry (apt-get install docker-registry)",
    )
}

fn free_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("bound address")
}

impl Registry {
    /// Starts a registry keeping its files under `dir`; `None` when it is not installed.
    pub fn start(dir: &Path, options: &Options) -> Option<Registry> {
        let binary = binary()?;
        std::fs::create_dir_all(dir).expect("registry folder");
        let addr = free_port();
        let mut config = format!(
            "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: {addr}\n",
            dir.join("storage").display()
        );
        if let Some(ca) = &options.tls {
            config.push_str(&format!(
                "  tls:\n    certificate: {}\n    key: {}\n",
                ca.server.cert.display(),
                ca.server.key.display()
            ));
        }
        if let Some((user, password)) = &options.basic_auth {
            let hash = bcrypt::hash(password, 4).expect("bcrypt");
            let file = dir.join("htpasswd");
            std::fs::write(&file, format!("{user}:{hash}\n")).expect("htpasswd");
            config.push_str(&format!(
                "auth:\n  htpasswd:\n    realm: test-realm\n    path: {}\n",
                file.display()
            ));
        }
        let config_file = dir.join("config.yml");
        std::fs::write(&config_file, config).expect("registry config");
        let child = Command::new(binary)
            .arg("serve")
            .arg(&config_file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("registry.log")).expect("log file"))
            .spawn()
            .expect("start docker-registry");
        let registry = Registry {
            child,
            addr,
            dir: dir.to_path_buf(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(addr).is_err() {
            assert!(
                Instant::now() < deadline,
                "docker-registry did not start: {}",
                std::fs::read_to_string(dir.join("registry.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(registry)
    }

    /// `127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The folder it keeps its files in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

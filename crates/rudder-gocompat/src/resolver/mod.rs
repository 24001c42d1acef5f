//! Host name lookups as Go's own resolver does them (helm is built without cgo): `/etc/hosts`
//! first, then DNS queries to resolv.conf's name servers, with its search list, `ndots`,
//! `timeout` and `attempts`.
//!
//! On Linux rudder does not call the C library's `getaddrinfo`: the shipped binary links glibc
//! statically, and glibc's lookups then load NSS modules of the running system, which fail
//! where that system's glibc differs from the one linked in. Going through the files and DNS
//! directly behaves the same on every Linux, as helm does. Elsewhere Go, and rudder, ask the
//! operating system.

mod dns;
mod hosts;

use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

/// Where a lookup finds its answers: the hosts file's text and resolv.conf's settings.
#[derive(Debug, Clone)]
pub struct Config {
    hosts: String,
    servers: Vec<std::net::SocketAddr>,
    search: Vec<String>,
    ndots: usize,
    timeout: Duration,
    attempts: usize,
}

impl Config {
    /// The system's configuration, read from `/etc/hosts` and `/etc/resolv.conf`.
    pub fn system() -> Config {
        let read = |p: &str| std::fs::read_to_string(Path::new(p)).unwrap_or_default();
        Config::from_files(read("/etc/hosts"), &read("/etc/resolv.conf"))
    }

    /// A configuration from a hosts file's and a resolv.conf's text; Go's defaults fill what
    /// resolv.conf leaves out (name servers on loopback, `ndots:1`, `timeout:5`, `attempts:2`).
    pub fn from_files(hosts: String, resolv_conf: &str) -> Config {
        let (conf, _) = resolv_conf::Config::parse_with_errors(resolv_conf.as_bytes());
        let mut servers: Vec<std::net::SocketAddr> = conf
            .nameservers
            .iter()
            .map(|ip| (IpAddr::from(ip.clone()), 53).into())
            .collect();
        if servers.is_empty() {
            servers = vec![
                (IpAddr::from([127, 0, 0, 1]), 53).into(),
                (IpAddr::from(std::net::Ipv6Addr::LOCALHOST), 53).into(),
            ];
        }
        let search = conf
            .get_search()
            .cloned()
            .or_else(|| conf.get_domain().map(|d| vec![d.clone()]))
            .unwrap_or_default();
        Config {
            hosts,
            servers,
            search,
            ndots: conf.ndots as usize,
            timeout: Duration::from_secs(u64::from(conf.timeout.max(1))),
            attempts: conf.attempts.max(1) as usize,
        }
    }

    /// The same configuration asking `servers` instead (tests point it at their own server).
    pub fn with_servers(mut self, servers: Vec<std::net::SocketAddr>) -> Config {
        self.servers = servers;
        self
    }

    /// The server Go's messages name: the last one a failed lookup asked.
    pub(super) fn last_server(&self) -> std::net::SocketAddr {
        *self
            .servers
            .last()
            .expect("never empty: Go's defaults fill it")
    }
}

/// A failed lookup, worded as Go's `*net.DNSError`: the server is the one that answered
/// last, none for a name rejected before any query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupError {
    pub host: String,
    pub server: Option<std::net::SocketAddr>,
    pub reason: String,
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "lookup {}", self.host)?;
        if let Some(server) = self.server {
            write!(f, " on {server}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for LookupError {}

/// The addresses of `host` on this system, as helm's `net.LookupHost` finds them there.
pub fn lookup_host_here(host: &str) -> Result<Vec<IpAddr>, LookupError> {
    if cfg!(target_os = "linux") {
        // Read once per process, as Go's resolver does at its first lookup.
        static SYSTEM: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
        lookup_host(host, SYSTEM.get_or_init(Config::system))
    } else {
        use std::net::ToSocketAddrs;
        let not_found = || LookupError {
            host: host.to_string(),
            server: None,
            reason: "no such host".into(),
        };
        let addrs: Vec<IpAddr> = (host, 0)
            .to_socket_addrs()
            .map_err(|_| not_found())?
            .map(|a| a.ip())
            .collect();
        if addrs.is_empty() {
            Err(not_found())
        } else {
            Ok(addrs)
        }
    }
}

/// The addresses of `host` by Go's own resolver's rules under `config`.
pub fn lookup_host(host: &str, config: &Config) -> Result<Vec<IpAddr>, LookupError> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    let found = hosts::lookup(&config.hosts, host);
    if !found.is_empty() {
        return Ok(found);
    }
    let failure = |reason: String, server| LookupError {
        host: host.to_string(),
        server,
        reason,
    };
    if !dns::is_domain_name(host) {
        return Err(failure("no such host".into(), None));
    }
    dns::lookup(host, config).map_err(|(reason, server)| failure(reason, Some(server)))
}

#[cfg(test)]
mod tests;

//! Host names for reqwest's clients found as Go's resolver finds them (hosts file, then the
//! name servers of resolv.conf), never through the C library: the shipped binary is linked
//! statically, where getaddrinfo does not work, and failures read as Go's.

use std::net::SocketAddr;

/// The resolver given to a client with `dns_resolver`. A lookup blocks the client's runtime
/// thread, and so the client's other requests, while it lasts.
pub(crate) struct GoResolver;

impl reqwest::dns::Resolve for GoResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let found = rudder_gocompat::resolver::lookup_host_here(name.as_str());
        Box::pin(async move {
            let ips = found.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?;
            let addrs: reqwest::dns::Addrs =
                Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

//! The hosts file, read as Go reads it: `#` starts a comment, the first field is an address
//! (lines whose first field is not one are skipped), the others are names matched without
//! regard to case or a trailing dot.

use std::net::IpAddr;

/// The addresses `name` has in the hosts file `text`, in file order.
pub(super) fn lookup(text: &str, name: &str) -> Vec<IpAddr> {
    let wanted = name.strip_suffix('.').unwrap_or(name);
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        let mut fields = line.split_ascii_whitespace();
        let Some(addr) = fields.next().and_then(parse_addr) else {
            continue;
        };
        let matches = fields.any(|f| {
            f.strip_suffix('.')
                .unwrap_or(f)
                .eq_ignore_ascii_case(wanted)
        });
        if matches && !found.contains(&addr) {
            found.push(addr);
        }
    }
    found
}

/// An address as the hosts file writes it; an IPv6 zone (`fe80::1%eth0`) is dropped.
fn parse_addr(field: &str) -> Option<IpAddr> {
    field.split('%').next().unwrap_or_default().parse().ok()
}

//! DNS queries as Go's resolver makes them: each candidate name from the search list, A and
//! AAAA records, each server in turn for each attempt, over UDP with a retry over TCP when
//! the answer was truncated.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, UdpSocket};

use hickory_proto::op::{Message, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};

use super::Config;

/// Whether `name` is a syntactically valid domain name (Go's `isDomainName`): labels of
/// letters, digits, `-` and `_`, none over 63 bytes, not starting or ending with `-`.
pub(super) fn is_domain_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    name.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The fully qualified names to try, in Go's order: a name with at least `ndots` dots is
/// tried as it is before the search list, a shorter one after it.
pub(super) fn candidates(name: &str, config: &Config) -> Vec<String> {
    if name.ends_with('.') {
        return vec![name.to_string()];
    }
    let absolute = format!("{name}.");
    let searched = config
        .search
        .iter()
        .map(|domain| format!("{name}.{}.", domain.trim_end_matches('.')));
    if name.matches('.').count() >= config.ndots {
        std::iter::once(absolute).chain(searched).collect()
    } else {
        searched.chain(std::iter::once(absolute)).collect()
    }
}

/// Why a query found nothing, and the server that said so (Go's `*net.DNSError` fields).
pub(super) type Failure = (String, SocketAddr);

/// The addresses of `name`; a failure is the original name's own where it has one, as Go
/// prefers it to a search-list candidate's.
pub(super) fn lookup(name: &str, config: &Config) -> Result<Vec<IpAddr>, Failure> {
    let absolute = format!("{}.", name.trim_end_matches('.'));
    let mut failure: Option<Failure> = None;
    for fqdn in candidates(name, config) {
        let mut found = Vec::new();
        for kind in [RecordType::A, RecordType::AAAA] {
            match query(&fqdn, kind, config) {
                Ok(addrs) => found.extend(addrs),
                Err(f) if failure.is_none() || fqdn == absolute => failure = Some(f),
                Err(_) => {}
            }
        }
        if !found.is_empty() {
            return Ok(found);
        }
    }
    Err(failure.unwrap_or_else(|| ("no such host".into(), config.last_server())))
}

/// One name and record type, asked of each server in turn, for each attempt, until one
/// answers; an answer without records of the type is "no such host", as in Go.
fn query(fqdn: &str, kind: RecordType, config: &Config) -> Result<Vec<IpAddr>, Failure> {
    let not_found = |server| ("no such host".to_string(), server);
    let name = Name::from_ascii(fqdn).map_err(|_| not_found(config.last_server()))?;
    let mut request = Message::query();
    request.add_query(Query::query(name, kind));
    request.metadata.recursion_desired = true;
    let bytes = request
        .to_vec()
        .map_err(|e| (e.to_string(), config.last_server()))?;
    let mut failure = not_found(config.last_server());
    for _ in 0..config.attempts {
        for &server in &config.servers {
            let answer = match exchange(&bytes, server, config) {
                Ok(answer) if answer.metadata.id == request.metadata.id => answer,
                Ok(_) => {
                    failure = ("server misbehaving".into(), server);
                    continue;
                }
                Err(why) => {
                    failure = (why, server);
                    continue;
                }
            };
            match answer.metadata.response_code {
                ResponseCode::NoError | ResponseCode::NXDomain => {
                    let addrs = addresses(&answer);
                    return if addrs.is_empty() {
                        Err(not_found(server))
                    } else {
                        Ok(addrs)
                    };
                }
                // Go moves on to the next server, as for no answer.
                _ => failure = ("server misbehaving".into(), server),
            }
        }
    }
    Err(failure)
}

/// The A and AAAA records of an answer.
fn addresses(answer: &Message) -> Vec<IpAddr> {
    answer
        .answers
        .iter()
        .filter_map(|record| match &record.data {
            RData::A(a) => Some(IpAddr::V4(a.0)),
            RData::AAAA(a) => Some(IpAddr::V6(a.0)),
            _ => None,
        })
        .collect()
}

/// Sends a query over UDP, and over TCP again when the answer came back truncated.
fn exchange(bytes: &[u8], server: SocketAddr, config: &Config) -> Result<Message, String> {
    let io = |e: std::io::Error| io_reason(&e);
    let local: SocketAddr = if server.is_ipv4() {
        ([0, 0, 0, 0], 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = UdpSocket::bind(local).map_err(io)?;
    socket.set_read_timeout(Some(config.timeout)).map_err(io)?;
    socket.connect(server).map_err(io)?;
    socket.send(bytes).map_err(io)?;
    let mut buf = vec![0u8; 1232];
    let n = socket.recv(&mut buf).map_err(io)?;
    let answer = Message::from_vec(&buf[..n]).map_err(|_| "server misbehaving".to_string())?;
    if !answer.metadata.truncation {
        return Ok(answer);
    }
    let mut stream = TcpStream::connect_timeout(&server, config.timeout).map_err(io)?;
    stream.set_read_timeout(Some(config.timeout)).map_err(io)?;
    let len = u16::try_from(bytes.len()).map_err(|_| "query too long".to_string())?;
    stream.write_all(&len.to_be_bytes()).map_err(io)?;
    stream.write_all(bytes).map_err(io)?;
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).map_err(io)?;
    let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut buf).map_err(io)?;
    Message::from_vec(&buf).map_err(|_| "server misbehaving".to_string())
}

/// Go's wording for a failed exchange.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => "i/o timeout".into(),
        _ => e.to_string(),
    }
}

use std::net::{IpAddr, SocketAddr, TcpListener, UdpSocket};
use std::thread;

use hickory_proto::op::{Message, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA};
use hickory_proto::rr::{RData, Record, RecordType};

use super::*;

const HOSTS: &str = "127.0.0.1 localhost\n::1 localhost ip6-localhost # loopback\n\
                     10.1.2.3 Build.Example.  build # the CI box\nnot-an-ip ignored\n";

fn config() -> Config {
    Config::from_files(HOSTS.into(), "nameserver 192.0.2.53\nsearch corp.example\n")
}

#[test]
fn literal_addresses_are_their_own_answer() {
    assert_eq!(
        lookup_host("::1", &config()).unwrap(),
        vec![IpAddr::from(std::net::Ipv6Addr::LOCALHOST)]
    );
}

#[test]
fn hosts_file_names_match_without_case_or_trailing_dot() {
    let ips = |name| lookup_host(name, &config()).unwrap();
    assert_eq!(ips("localhost").len(), 2);
    assert_eq!(
        ips("BUILD.example.").to_vec(),
        vec![IpAddr::from([10, 1, 2, 3])]
    );
    assert_eq!(ips("build"), ips("build.example"));
}

#[test]
fn invalid_names_fail_before_any_query() {
    let err = lookup_host("bad..name", &config()).unwrap_err();
    assert_eq!(err.to_string(), "lookup bad..name: no such host");
}

#[test]
fn search_list_before_short_names_and_after_dotted_ones() {
    let c = config();
    assert_eq!(dns::candidates("db", &c), ["db.corp.example.", "db."]);
    assert_eq!(dns::candidates("a.b", &c), ["a.b.", "a.b.corp.example."]);
    assert_eq!(dns::candidates("a.b.", &c), ["a.b."]);
}

#[test]
fn go_defaults_fill_an_empty_resolv_conf() {
    let c = Config::from_files(String::new(), "");
    assert_eq!(c.servers.len(), 2);
    assert_eq!((c.ndots, c.attempts, c.timeout.as_secs()), (1, 2, 5));
}

type Answer = fn(&Message) -> Message;

/// A name server on loopback answering `udp(query)` over UDP, and `tcp(query)` over TCP on the
/// same port when given; returns its address.
fn serve(udp_answer: Answer, tcp_answer: Option<Answer>) -> SocketAddr {
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = udp.local_addr().unwrap();
    if let Some(answer) = tcp_answer {
        let tcp = TcpListener::bind(addr).unwrap();
        thread::spawn(move || {
            use std::io::{Read, Write};
            for mut stream in tcp.incoming().flatten() {
                let mut len = [0u8; 2];
                stream.read_exact(&mut len).unwrap();
                let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
                stream.read_exact(&mut buf).unwrap();
                let reply = answer(&Message::from_vec(&buf).unwrap());
                let bytes = reply.to_vec().unwrap();
                stream
                    .write_all(&(bytes.len() as u16).to_be_bytes())
                    .unwrap();
                stream.write_all(&bytes).unwrap();
            }
        });
    }
    thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok((n, from)) = udp.recv_from(&mut buf) {
            let reply = udp_answer(&Message::from_vec(&buf[..n]).unwrap());
            udp.send_to(&reply.to_vec().unwrap(), from).unwrap();
        }
    });
    addr
}

/// Answers `app.corp.example.` with one A and one AAAA record, anything else with NXDOMAIN.
fn zone(query: &Message) -> Message {
    let mut reply = Message::response(query.metadata.id, query.metadata.op_code);
    reply.add_queries(query.queries.iter().cloned());
    let q = &query.queries[0];
    if q.name().to_ascii() != "app.corp.example." {
        reply.metadata.response_code = ResponseCode::NXDomain;
        return reply;
    }
    let data = match q.query_type() {
        RecordType::A => RData::A(A::new(10, 0, 0, 7)),
        _ => RData::AAAA(AAAA::new(0xfd00, 0, 0, 0, 0, 0, 0, 7)),
    };
    reply.add_answer(Record::from_rdata(q.name().clone(), 60, data));
    reply
}

fn truncated(query: &Message) -> Message {
    let mut reply = zone(query);
    reply.answers.clear();
    reply.metadata.truncation = true;
    reply
}

#[test]
fn dns_answers_through_the_search_list() {
    let server = serve(zone, None);
    let c = config().with_servers(vec![server]);
    let ips = lookup_host("app", &c).unwrap();
    assert_eq!(ips[0], IpAddr::from([10, 0, 0, 7]));
    assert_eq!(ips[1].to_string(), "fd00::7");
    let err = lookup_host("missing.example", &c).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("lookup missing.example on {server}: no such host")
    );
}

#[test]
fn truncated_answers_are_asked_again_over_tcp() {
    let server = serve(truncated, Some(zone));
    let c = config().with_servers(vec![server]);
    assert_eq!(lookup_host("app.corp.example", &c).unwrap().len(), 2);
}

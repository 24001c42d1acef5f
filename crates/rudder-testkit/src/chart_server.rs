//! A chart repository served on loopback for the tests of `repo` and `dependency`: the files
//! of a folder over HTTP/1.1 (or HTTPS with a [`crate::test_ca::TestCa`] certificate, client
//! certificates optional), with basic auth when asked, and replies a hostile server would give
//! (redirect loops, truncated or endless bodies, error statuses) on chosen paths. It records
//! every request and the most requests it had in flight at once.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;

use crate::test_ca::PemPair;

/// How the server is set up.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Requests must carry these credentials (`Authorization: Basic`), else get a 401.
    pub basic_auth: Option<(String, String)>,
    /// Serve HTTPS with this certificate.
    pub tls: Option<PemPair>,
    /// With `tls`, require client certificates this authority signed.
    pub client_ca: Option<PathBuf>,
    /// Wait this long before answering each request for a chart archive (`.tgz`), so that
    /// downloads made at once overlap.
    pub archive_delay: Duration,
}

/// A reply given on one path instead of the file there.
#[derive(Debug, Clone)]
pub enum Reply {
    /// `302 Found` to this location (a path or a URL).
    Redirect(String),
    /// `Content-Length: declared`, then only `body`, then the connection closes.
    Truncated { declared: u64, body: Vec<u8> },
    /// `len` zero bytes, with their length announced.
    Zeros(u64),
    /// Zero bytes without a length, until the client hangs up.
    Endless,
    /// This status and an empty body.
    Status(u16),
    /// These bytes.
    Body(Vec<u8>),
    /// These bytes with this `Content-Type`.
    Typed(String, Vec<u8>),
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub authorization: Option<String>,
    pub accept: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Request>>,
    replies: Mutex<HashMap<String, Reply>>,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    stop: AtomicBool,
}

/// A running server; it stops when dropped.
pub struct ChartServer {
    addr: SocketAddr,
    tls: bool,
    shared: Arc<Shared>,
}

type Stream = Box<dyn ReadWrite>;

trait ReadWrite: Read + Write + Send {
    /// Ends the connection cleanly (TLS's close_notify).
    fn finish(&mut self) {}
}

impl ReadWrite for TcpStream {}

impl ReadWrite for rustls::StreamOwned<rustls::ServerConnection, TcpStream> {
    fn finish(&mut self) {
        self.conn.send_close_notify();
        let _ = self.flush();
    }
}

fn tls_config(options: &Options) -> Option<Arc<rustls::ServerConfig>> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let pair = options.tls.as_ref()?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&pair.cert)
        .expect("server certificate")
        .collect::<Result<_, _>>()
        .expect("server certificate");
    let key = PrivateKeyDer::from_pem_file(&pair.key).expect("server key");
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("TLS versions");
    let builder = match &options.client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            for cert in CertificateDer::pem_file_iter(ca).expect("client CA") {
                roots.add(cert.expect("client CA")).expect("client CA");
            }
            let verifier =
                rustls::server::WebPkiClientVerifier::builder_with_provider(roots.into(), provider)
                    .build()
                    .expect("client verifier");
            builder.with_client_cert_verifier(verifier)
        }
    };
    Some(Arc::new(
        builder
            .with_single_cert(certs, key)
            .expect("server identity"),
    ))
}

impl ChartServer {
    /// Serves the files under `root` on a free loopback port.
    pub fn start(root: &Path, options: Options) -> ChartServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("bound address");
        let shared = Arc::new(Shared::default());
        let tls = tls_config(&options);
        let server = ChartServer {
            addr,
            tls: tls.is_some(),
            shared: shared.clone(),
        };
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let _ = conn.set_nodelay(true);
                let (shared, root, options, tls) =
                    (shared.clone(), root.clone(), options.clone(), tls.clone());
                std::thread::spawn(move || {
                    let stream: Stream = match tls {
                        Some(config) => match rustls::ServerConnection::new(config) {
                            Ok(c) => Box::new(rustls::StreamOwned::new(c, conn)),
                            Err(_) => return,
                        },
                        None => Box::new(conn),
                    };
                    serve(stream, &shared, &root, &options);
                });
            }
        });
        server
    }

    /// `http://127.0.0.1:PORT` (or `https://`), without a trailing slash.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Answers `path` (with its leading `/`) with `reply` from now on.
    pub fn reply(&self, path: &str, reply: Reply) {
        self.shared
            .replies
            .lock()
            .expect("replies")
            .insert(path.to_string(), reply);
    }

    /// The requests so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.requests.lock().expect("requests").clone()
    }

    /// The most requests that were being answered at the same time.
    pub fn peak_concurrency(&self) -> usize {
        self.shared.peak.load(Ordering::SeqCst)
    }
}

impl Drop for ChartServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// The request head: method line and headers (lower-cased names).
fn read_head(stream: &mut Stream) -> Option<(String, HashMap<String, String>)> {
    // Requests here have no body: whatever follows the head is not read.
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(at) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut chunk).ok()?;
        if head.len() > 64 * 1024 || n == 0 {
            return None;
        }
        head.extend_from_slice(&chunk[..n]);
    };
    let text = String::from_utf8_lossy(&head[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some((path, headers))
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        302 => "Found",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

fn respond(stream: &mut Stream, code: u16, extra: &str, body: &[u8]) {
    let mut reply = format!(
        "HTTP/1.1 {code} {}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        reason(code),
        body.len()
    )
    .into_bytes();
    // One write: a head and body written apart wait on the client's delayed ACK (Nagle).
    reply.extend_from_slice(body);
    let _ = stream.write_all(&reply);
    stream.finish();
}

fn serve(mut stream: Stream, shared: &Shared, root: &Path, options: &Options) {
    let Some((target, headers)) = read_head(&mut stream) else {
        return;
    };
    let path = target.split('?').next().unwrap_or_default().to_string();
    shared.requests.lock().expect("requests").push(Request {
        path: path.clone(),
        authorization: headers.get("authorization").cloned(),
        accept: headers.get("accept").cloned(),
        user_agent: headers.get("user-agent").cloned(),
    });
    let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.peak.fetch_max(now, Ordering::SeqCst);
    answer(&mut stream, &path, &headers, shared, root, options);
    shared.in_flight.fetch_sub(1, Ordering::SeqCst);
}

fn answer(
    stream: &mut Stream,
    path: &str,
    headers: &HashMap<String, String>,
    shared: &Shared,
    root: &Path,
    options: &Options,
) {
    if let Some((user, password)) = &options.basic_auth {
        let want = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        );
        if headers.get("authorization") != Some(&want) {
            let challenge = "WWW-Authenticate: Basic realm=\"charts\"\r\n";
            return respond(stream, 401, challenge, b"");
        }
    }
    if path.ends_with(".tgz") && !options.archive_delay.is_zero() {
        std::thread::sleep(options.archive_delay);
    }
    let special = shared.replies.lock().expect("replies").get(path).cloned();
    match special {
        Some(Reply::Redirect(to)) => respond(stream, 302, &format!("Location: {to}\r\n"), b""),
        Some(Reply::Status(code)) => respond(stream, code, "", b""),
        Some(Reply::Body(bytes)) => respond(stream, 200, "", &bytes),
        Some(Reply::Typed(kind, bytes)) => {
            respond(stream, 200, &format!("Content-Type: {kind}\r\n"), &bytes)
        }
        Some(Reply::Truncated { declared, body }) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {declared}\r\n\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
            let _ = stream.flush();
        }
        Some(Reply::Zeros(len)) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\n\r\n");
            let _ = stream.write_all(head.as_bytes());
            stream_zeros(stream, Some(len));
        }
        Some(Reply::Endless) => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
            stream_zeros(stream, None);
        }
        None => {
            let relative = path.trim_start_matches('/');
            if relative.split('/').any(|part| part == "..") {
                return respond(stream, 404, "", b"");
            }
            match std::fs::read(root.join(relative)) {
                Ok(bytes) => respond(stream, 200, "", &bytes),
                Err(_) => respond(stream, 404, "", b"404 page not found\n"),
            }
        }
    }
}

/// Zeros, `len` of them or until the client stops reading.
fn stream_zeros(stream: &mut Stream, len: Option<u64>) {
    let chunk = [0u8; 64 * 1024];
    let mut left = len.unwrap_or(u64::MAX);
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        if stream.write_all(&chunk[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
    stream.finish();
}
